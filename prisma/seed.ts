// Seeds the sample directory (鱼峰区: member departments and schools) into DATABASE_URL.
import { createDatabase } from '../common/database';
import { seedDirectory } from './seed-directory';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const db = createDatabase(url);
  const counts = await seedDirectory(db);
  console.log(`seeded 鱼峰区: ${counts.departments} departments, ${counts.schools} schools`);
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
