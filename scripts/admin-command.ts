// What the operators' commands (npm run keys, users, links) share: the database from
// DATABASE_URL, closed when the command is done, and a failure said in one line with exit code 1.
import { createDatabase, type Database } from '../common/database';
import { ROLES, type Role } from '../common/hazard';

export function runAdminCommand(command: (db: Database) => Promise<void>): void {
  const run = async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    const db = createDatabase(url);
    try {
      await command(db);
    } finally {
      await db.$disconnect();
    }
  };
  run().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

/** The --role option, checked. */
export function roleOption(value: string | undefined): Role {
  if (!ROLES.includes(value as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  return value as Role;
}
