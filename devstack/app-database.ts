// The application database as the laptop stacks (`npm start`, `npm run start:cluster`) prepare
// it: migrated with Prisma's migrate, seeded with the sample directory, the laptop API keys issued.
import { hashKey, issueApiKey } from '../api/auth';
import { createDatabase } from '../common/database';
import type { Role } from '../common/hazard';
import { migrateDeployAsync } from '../prisma/migrate/migrate';
import { seedDirectory } from '../prisma/seed-directory';

/** Laptop keys, one per role: documented in the README, never for production. */
export const DEV_KEYS: [key: string, role: Role, unit?: string][] = [
  ['dev-lead', 'lead'],
  ['dev-bureau', 'bureau', 'edu'],
  ['dev-inspector', 'inspector'],
  ['dev-government', 'government', 'yufeng'],
  ['dev-dept-market', 'department', 'market'],
  ['dev-dept-police', 'department', 'police'],
  ['dev-school-s01', 'school', 's01'],
];

/** Migrates, seeds and issues the laptop keys (each step idempotent). */
export async function prepareAppDatabase(databaseUrl: string): Promise<void> {
  await migrateDeployAsync(databaseUrl);
  const db = createDatabase(databaseUrl);
  try {
    await seedDirectory(db);
    for (const [key, role, unit] of DEV_KEYS) {
      if (!(await db.apiKey.findUnique({ where: { keyHash: hashKey(key) } }))) await issueApiKey(db, role, unit, `laptop ${key}`, key);
    }
  } finally {
    await db.$disconnect();
  }
}
