// Prisma 7 CLI configuration: used by `prisma generate` (the Rust-free client).
// Migrations are applied by the offline-capable migration tool configured in
// prisma/migrate/prisma.config.ts (see README, "Database").
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
