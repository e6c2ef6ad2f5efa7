// What the production image runs, and the packages it needs: from each entry point in dist/ (the API,
// the worker, the admin commands, the search-attribute registration, the seed), every file it requires,
// relative requires followed, and the packages named on the way. The runtime stage of the Dockerfile
// installs `dependencies` only (npm ci --omit=dev): tests/unit/runtime-dependencies.test.ts fails when
// one of these packages is a devDependency or missing. `npx tsx scripts/runtime-dependencies.ts` lists them.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const DIST = path.join(ROOT, 'dist');
/** What the image's commands run (Dockerfile, docker-compose.yml, docs/deployment.md). */
export const RUNTIME_ENTRIES = [
  'api/main.js',
  'worker/main.js',
  'scripts/api-keys.js',
  'scripts/users.js',
  'scripts/links.js',
  'scripts/register-search-attributes.js',
  'scripts/healthcheck.js',
  'prisma/seed.js',
];

const REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g;
const builtins = new Set(builtinModules);

const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

function resolveFile(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.js`, path.join(base, 'index.js')].find((f) => existsSync(f) && f.endsWith('.js'));
}

/** Each package the entries require (directly or through dist's files), with the first file that does. */
export function runtimePackages(dist = DIST, entries = RUNTIME_ENTRIES): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = entries.map((e) => path.join(dist, e));
  for (const f of queue) if (!existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run npm run build first`);
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(REQUIRE)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) {
        const next = resolveFile(file, spec);
        if (next) queue.push(next);
        else throw new Error(`${path.relative(ROOT, file)} requires ${spec}, which is not in dist/`);
      } else if (!spec.startsWith('node:') && !builtins.has(spec) && !builtins.has(spec.split('/')[0])) {
        const name = packageOf(spec);
        if (!packages.has(name)) packages.set(name, path.relative(ROOT, file));
      }
    }
  }
  return packages;
}

if (require.main === module) {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  let bad = 0;
  for (const [name, file] of [...runtimePackages()].sort()) {
    const ok = name in pkg.dependencies;
    if (!ok) bad++;
    console.log(`${ok ? '  ' : '✗ '}${name}  (first required by ${file})`);
  }
  if (bad) {
    console.error(`${bad} package(s) the runtime requires are not in dependencies`);
    process.exitCode = 1;
  }
}
