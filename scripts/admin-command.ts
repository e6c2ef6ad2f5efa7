// What the operators' commands (npm run keys, users, links) share: `--help` (or no command)
// answered before anything else, the database from DATABASE_URL, closed when the command is done,
// and a failure said in one line with exit code 1.
import { createDatabase, type Database } from '../common/database';
import { ROLES, type Role } from '../common/hazard';

/** Where the database comes from, said in every command's help and when DATABASE_URL is missing. */
export const DATABASE_HINT = [
  'The command works on the database DATABASE_URL points at. With `npm start` running, its banner',
  'prints the line to use, for example:',
  '  DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:54329/campus npm run users -- list',
  'In Docker: docker compose run --rm api node dist/scripts/<command>.js …',
].join('\n');

/** True when argv asks for help: --help, -h, `help`, or no command at all. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.length === 0 || argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help';
}

/**
 * Runs `command` against DATABASE_URL. `usage` (the command's help, without the database hint) is
 * printed on stdout for --help before any database is looked for.
 */
export function runAdminCommand(usage: string, command: (db: Database) => Promise<void>, argv: readonly string[] = process.argv.slice(2)): void {
  if (wantsHelp(argv)) {
    console.log(`${usage.trim()}\n\n${DATABASE_HINT}`);
    return;
  }
  const run = async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error(`DATABASE_URL is not set.\n${DATABASE_HINT}`);
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
