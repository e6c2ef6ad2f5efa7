// The committed migrations are not missing a change: the schema they produce (the one snapshot,
// written by `npm run db:new-migration <name>`) is prisma/schema.prisma.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_SCHEMA } from '../../prisma/migrate/migrate';

const prismaDir = path.join(__dirname, '..', '..', 'prisma');

test('the migrations produce prisma/schema.prisma (else: npm run db:new-migration <name>)', () => {
  expect(readFileSync(MIGRATIONS_SCHEMA, 'utf8')).toBe(readFileSync(path.join(prismaDir, 'schema.prisma'), 'utf8'));
});

test('one snapshot: no migration folder keeps a schema of its own', () => {
  const migrations = readdirSync(path.join(prismaDir, 'migrations'));
  expect(migrations.filter((d) => existsSync(path.join(prismaDir, 'migrations', d, 'migration.sql'))).length).toBe(migrations.length);
  expect(migrations.filter((d) => existsSync(path.join(prismaDir, 'migrations', d, 'schema.prisma')))).toEqual([]);
});
