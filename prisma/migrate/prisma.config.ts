// Configuration of the migration tool (Prisma 6.19's CLI, installed as the npm
// alias `prisma-migrate`). Its JavaScript schema engine talks to PostgreSQL
// through the pg driver adapter, so `migrate deploy` and `migrate diff` work
// without downloading Prisma's Rust schema-engine binary.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma-migrate/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: './.schema.prisma',
  migrations: { path: '../migrations' },
  adapter: async () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    return new PrismaPg({ connectionString });
  },
});
