// Runs Prisma's own migrate commands offline.
//
//   tsx prisma/migrate/migrate.ts deploy            apply prisma/migrations to DATABASE_URL
//   tsx prisma/migrate/migrate.ts new <name>        write a migration: the diff of the migrations'
//                                                   schema (prisma/migrate/migrations.schema.prisma,
//                                                   the one snapshot) and prisma/schema.prisma; the
//                                                   snapshot then becomes prisma/schema.prisma
//
// The tool is Prisma 6.19's CLI (npm alias `prisma-migrate`) with its JavaScript schema
// engine over the pg driver adapter (prisma/migrate/prisma.config.ts). Prisma 6 wants a
// `url` in the datasource block, which Prisma 7 (the client generator) refuses, so the
// tool reads a copy of prisma/schema.prisma with the url added (prisma/migrate/.schema.prisma).
// Prisma 7's own `migrate` needs its Rust schema engine, downloaded from binaries.prisma.sh, which
// cannot be reached here (checked 2026-12-06: getaddrinfo ENOTFOUND); this tool needs no binary.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The project root: two folders up from the sources, three from the compiled copy in dist/.
const root = [path.resolve(__dirname, '..', '..'), path.resolve(__dirname, '..', '..', '..')].find((d) => existsSync(path.join(d, 'package.json')))!;
const here = path.join(root, 'prisma', 'migrate');
const schemaPath = path.join(root, 'prisma', 'schema.prisma');
const migrationsDir = path.join(root, 'prisma', 'migrations');
const toolSchemaPath = path.join(here, '.schema.prisma');
const toolConfigPath = path.join(here, 'prisma.config.ts');
/** The schema the committed migrations produce: tests/unit/migration-snapshot.test.ts checks it is prisma/schema.prisma. */
export const MIGRATIONS_SCHEMA = path.join(here, 'migrations.schema.prisma');
const cli = require.resolve('prisma-migrate/build/index.js', { paths: [root] });

/** prisma/schema.prisma as Prisma 6 reads it: the same models, with the url it requires. */
export function toolSchema(source: string): string {
  return source.replace(/datasource\s+db\s*\{([^}]*)\}/, (_m, body: string) => `datasource db {${body.replace(/\s*$/, '')}\n  url      = env("DATABASE_URL")\n}`);
}

const toolEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  // The JS engine needs no binary; these stop the CLI from fetching the Rust ones.
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? '/bin/false',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
});

function runTool(args: string[], capture = false, quiet = false): string {
  writeFileSync(toolSchemaPath, toolSchema(readFileSync(schemaPath, 'utf8')));
  const result = spawnSync(process.execPath, [cli, ...args, '--config', toolConfigPath], {
    cwd: root,
    encoding: 'utf8',
    env: toolEnv(),
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : quiet ? 'pipe' : 'inherit',
  });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`prisma ${args.join(' ')} failed with exit code ${result.status}`);
  }
  return result.stdout ?? '';
}

/** migrateDeploy, quiet, without blocking the event loop (npm start prints progress meanwhile). */
export function migrateDeployAsync(databaseUrl: string): Promise<void> {
  writeFileSync(toolSchemaPath, toolSchema(readFileSync(schemaPath, 'utf8')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'migrate', 'deploy', '--config', toolConfigPath], {
      cwd: root,
      env: { ...toolEnv(), DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve();
      process.stderr.write(output);
      reject(new Error(`prisma migrate deploy failed with exit code ${code}`));
    });
  });
}

/** Applies every committed migration not yet in `_prisma_migrations`. */
export function migrateDeploy(databaseUrl: string, opts: { quiet?: boolean } = {}): void {
  process.env.DATABASE_URL = databaseUrl;
  runTool(['migrate', 'deploy'], false, opts.quiet);
}

function newMigration(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('migration name: lowercase letters, digits and _ only');
  const previous = existsSync(MIGRATIONS_SCHEMA);
  const previousToolSchema = path.join(here, '.previous.schema.prisma');
  if (previous) writeFileSync(previousToolSchema, toolSchema(readFileSync(MIGRATIONS_SCHEMA, 'utf8')));
  const from = previous ? ['--from-schema-datamodel', previousToolSchema] : ['--from-empty'];
  const sql = runTool(['migrate', 'diff', ...from, '--to-schema-datamodel', toolSchemaPath, '--script'], true);
  if (!/CREATE|ALTER|DROP/.test(sql)) {
    // Comments, the generator block: nothing to migrate, the snapshot follows the text.
    copyFileSync(schemaPath, MIGRATIONS_SCHEMA);
    console.log(`No schema change: no migration written (${path.relative(root, MIGRATIONS_SCHEMA)} updated).`);
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql.replace(/\r\n/g, '\n'));
  // The schema the migrations now produce: the starting point of the next diff.
  copyFileSync(schemaPath, MIGRATIONS_SCHEMA);
  console.log(`Wrote ${path.relative(root, dir)}/migration.sql`);
}

if (require.main === module) {
  const [command, arg] = process.argv.slice(2);
  try {
    if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set');
    if (command === 'deploy') migrateDeploy(process.env.DATABASE_URL);
    else if (command === 'new' && arg) newMigration(arg);
    else throw new Error('usage: migrate.ts deploy | new <name>');
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
