// Once per test run: a real PostgreSQL (migrated with Prisma's migrate, seeded with the
// sample directory) and the workflow bundle, shared by every test file.
import { bundleWorkflowCode } from '@temporalio/worker';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../../common/database';
import { startEmbeddedPostgres } from '../../devstack/postgres';
import { freePort } from '../../devstack/free-port';
import { migrateDeploy } from '../../prisma/migrate/migrate';
import { seedDirectory } from '../../prisma/seed-directory';
import { WORKFLOW_BUNDLE_OPTIONS } from '../../worker/worker';
import { ensureWebBuild } from '../../devstack/web-build';

export default async function globalSetup(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'campus-safety-test-'));
  await chmod(dir, 0o755); // PostgreSQL runs as its own user when the tests run as root
  let databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), database: 'campus_test' });
    (globalThis as { __pg?: { stop(): Promise<void> } }).__pg = pg;
    databaseUrl = pg.url;
  }
  migrateDeploy(databaseUrl, { quiet: true });
  const db = createDatabase(databaseUrl);
  await seedDirectory(db);
  await db.$disconnect();

  // With the worker's workflow interceptors (a prebuilt bundle carries its own).
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    ...WORKFLOW_BUNDLE_OPTIONS,
    logger: quietLogger,
  });
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, code);

  // The web app the browser tests drive, built from this checkout when missing or stale.
  ensureWebBuild({ quiet: true });

  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.LOG_LEVEL ??= 'silent'; // the API's request logs; LOG_LEVEL=info shows them
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  // The dev server and cluster the tests start mail a rung's notice at any hour (compressed
  // deadlines fire at night too); tests/api/working-hours-notices.test.ts holds them as production does.
  process.env.NOTICES_WORKING_HOURS_ONLY ??= 'false';
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
