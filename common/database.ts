// The Prisma client (Rust-free, over node-postgres) for the directory, the read model,
// the notification log and the audit trail.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type Database = PrismaClient;

/** `poolSize`: connections at most (DATABASE_POOL_SIZE; node-postgres' default 10). */
export function createDatabase(databaseUrl: string, poolSize?: number): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, ...(poolSize ? { max: poolSize } : {}) }) });
}
