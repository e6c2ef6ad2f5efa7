// The embedded PostgreSQL of `npm start` and the tests, run as root (it then runs as the
// `postgres` user) with its data asked for under a folder that user cannot enter: a `mktemp -d`
// folder (0700), as a checkout or DATA_DIR under a 0700 home would be.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { canEnter, enterableBase, startEmbeddedPostgres } from '../../devstack/postgres';
import { freePort } from '../../devstack/free-port';

const asRoot = process.getuid?.() === 0;
const postgresUser = () => ({ uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) });

test('a data folder under a 0700 folder: PostgreSQL starts, with its data in a folder it can enter, and says so', async () => {
  const closed = await mkdtemp(path.join(os.tmpdir(), 'campus-closed-'));
  expect((await stat(closed)).mode & 0o777).toBe(0o700);
  const notices: string[] = [];
  const pg = await startEmbeddedPostgres({ dir: path.join(closed, 'data', 'postgres'), port: await freePort(), database: 'campus_closed', notice: (l) => notices.push(l) });
  try {
    const c = new Client({ connectionString: pg.url });
    await c.connect();
    expect((await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await c.end();
    if (asRoot) {
      expect(canEnter(closed, postgresUser())).toBe(false);
      expect(pg.dataDir.startsWith(enterableBase(postgresUser()))).toBe(true);
      expect(notices).toEqual([expect.stringContaining(`PostgreSQL's data for ${path.join(closed, 'data', 'postgres')} is kept in ${pg.dataDir}`)]);
    } else {
      // Not root: PostgreSQL runs as this user, who can enter the folder; the data is where asked.
      expect(pg.dataDir).toBe(path.join(closed, 'data', 'postgres'));
      expect(notices).toEqual([]);
    }
  } finally {
    await pg.stop();
    await rm(closed, { recursive: true, force: true });
    if (pg.dataDir !== path.join(closed, 'data', 'postgres')) await rm(pg.dataDir, { recursive: true, force: true });
  }
});

test('the traversability check follows the folder modes, judging a folder not there yet by its nearest ancestor', async () => {
  const closed = await mkdtemp(path.join(os.tmpdir(), 'campus-closed-'));
  try {
    const self = { uid: process.getuid!(), gid: process.getgid!() };
    expect(canEnter(path.join(closed, 'not', 'yet'), self)).toBe(true);
    if (asRoot) {
      expect(canEnter(path.join(closed, 'not', 'yet'), postgresUser())).toBe(false);
      expect(canEnter(os.tmpdir(), postgresUser())).toBe(true);
    }
  } finally {
    await rm(closed, { recursive: true, force: true });
  }
});
