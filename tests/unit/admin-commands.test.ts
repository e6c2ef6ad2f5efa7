// The operators' commands answer --help without a database: a newcomer reads what they do before
// knowing where the database is, and a missing DATABASE_URL says how to find it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function run(script: string, args: string[]) {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return spawnSync(tsx, [path.join(root, 'scripts', script), ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
}

test.each([
  ['api-keys.ts', 'npm run keys', 'revoke <key-id>'],
  ['users.ts', 'npm run users', 'password --email <email>'],
  ['links.ts', 'npm run links', 'revoke --role <role> [--unit <id>]'],
])('%s --help prints its commands and where the database comes from, exit 0, with no DATABASE_URL', (script, name, line) => {
  const r = run(script, ['--help']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`${name} -- <command>`);
  expect(r.stdout).toContain(line);
  expect(r.stdout).toContain('DATABASE_URL=postgresql://');
});

test('a command without DATABASE_URL fails in one message that says how to get it', () => {
  const r = run('users.ts', ['list']);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^DATABASE_URL is not set\.\n/);
  expect(r.stderr).toContain('banner');
});
