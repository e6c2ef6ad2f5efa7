// `npm run start:cluster`: the production topology on one machine, without Docker. PostgreSQL
// (embedded) holds the Temporal databases and the application's; the Temporal server (not the
// dev server) runs on it with its Web UI; WORKERS worker processes and one API process run the
// compiled JavaScript in dist/ (npm run build) as separate processes; mail goes to the mail
// catcher, or to the relay in SMTP_* when SMTP_HOST is set. State under DATA_DIR (data/cluster).
// Ctrl-C stops it all; a restart keeps everything. Every child runs under a watchdog: if this
// process is killed (even SIGKILL), they stop too.
import { Connection } from '@temporalio/client';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../common/config';
import { DEV_KEYS, prepareAppDatabase } from './app-database';
import { freePort, freePortBlock } from './free-port';
import { startMailCatcher, type MailCatcher } from './mail-catcher';
import { startEmbeddedPostgres } from './postgres';
import { startProcess, type ManagedProcess } from './processes';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { startTemporalServer, startWebUi } from './temporal-server';
import { startDevServer } from './temporal-tools';

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

/** The ports of `npm run start:cluster` (none shared with `npm start`'s 7233/8233/3000/54329/1025/1080). */
export const CLUSTER_PORT_DEFAULTS = {
  API_PORT: 3100,
  TEMPORAL_PORT: 7433, // the frontend; history, matching, worker and the frontend's HTTP API on the next four
  TEMPORAL_MEMBERSHIP_PORT: 6433, // four consecutive ringpop ports, below 32768
  TEMPORAL_UI_PORT: 8433,
  POSTGRES_PORT: 54339,
  MAIL_CATCHER_SMTP_PORT: 1125,
  MAIL_CATCHER_HTTP_PORT: 1180,
} as const;

export type ClusterPorts = { -readonly [K in keyof typeof CLUSTER_PORT_DEFAULTS]: number };

export interface ClusterOptions {
  dataDir: string;
  ports: ClusterPorts;
  workers: number;
  /**
   * 'temporal' (default): the Temporal server on PostgreSQL. 'dev': the CLI's dev server (SQLite)
   * in its place, everything else the same (for measuring one against the other).
   */
  engine?: 'temporal' | 'dev';
  /** Start the Web UI (default true; with the dev engine the dev server serves its own). */
  webUi?: boolean;
  /** The environment of the API and worker processes (policies, SMTP_*, LOG_LEVEL...); default process.env. */
  appEnv?: NodeJS.ProcessEnv;
  /** What the worker processes have besides `appEnv` (e.g. LOG_LEVEL: 'info' for their start's phases). */
  workerEnv?: NodeJS.ProcessEnv;
  /** Receives every line the children print, with the child's name. */
  log?: (source: string, line: string) => void;
  /** Mail goes through a TCP proxy in front of the catcher, so SMTP can be taken away (`faults.smtp`). */
  faultInjection?: boolean;
}

/** Each service of the cluster taken away and given back, for the fault suite (devstack/fault-scenarios.ts). */
export interface ClusterFaults {
  /** In front of the mail catcher (with `faultInjection`): cut() is an SMTP outage. */
  smtp?: TcpProxy;
  /** Stops PostgreSQL (the application's database, and the Temporal server's with the 'temporal' engine). */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Stops the Temporal engine (server or dev server) and starts it again on the same state. */
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  /** Starts a new API process in place of one that was killed; resolves once it is ready. */
  startApi(): Promise<ManagedProcess>;
}

export interface Cluster {
  apiUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  uiUrl?: string;
  databaseUrl: string;
  /** The mail catcher, when mail is not relayed to SMTP_HOST. */
  mail?: MailCatcher;
  smtp: { host: string; port: number };
  /** The API process (the latest, after `faults.startApi()`). */
  readonly api: ManagedProcess;
  /** The worker processes, in start order (a killed one stays listed, not running). */
  workers: ManagedProcess[];
  /**
   * Starts one more worker process; resolves once it polls the task queue, with `pollingAt`: the
   * instant it began to poll (its 'worker polling' line at LOG_LEVEL info, else the poller's access
   * time as the Temporal server lists it) — the moment "a worker is back".
   */
  addWorker(): Promise<ManagedProcess & { pollingAt: number; startMs?: Record<string, number> }>;
  faults: ClusterFaults;
  stop(): Promise<void>;
}

/** The compiled entry points the cluster runs; throws if `npm run build` has not made them. */
export function distEntry(name: 'api/main.js' | 'worker/main.js'): string {
  const file = path.join(dist, name);
  if (!existsSync(file)) throw new Error(`${path.relative(root, file)} not found: run \`npm run build\` first`);
  return file;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const dataDir = path.resolve(opts.dataDir);
  const engine = opts.engine ?? 'temporal';
  const log = opts.log ?? (() => undefined);
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((e) => console.error(e));
  };
  await mkdir(dataDir, { recursive: true });
  // As root, PostgreSQL runs as its own user (devstack/postgres.ts): it must reach its folder.
  if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
  const appEnvBase = opts.appEnv ?? process.env;
  const config = loadConfig(appEnvBase); // validated once here, before any process starts
  const namespace = config.TEMPORAL_NAMESPACE;
  try {
    // 1. PostgreSQL: the Temporal databases and the application's, on one server.
    const postgres = await restartable(() => startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres'), port: opts.ports.POSTGRES_PORT, database: 'campus' }));
    stops.push(() => postgres.stopIfRunning());
    const pg = postgres.current; // restarted on the same port and data: the same URL
    await prepareAppDatabase(pg.url);

    // 2. Temporal (schema, server, namespace, search attributes) and its Web UI.
    let temporal: Restartable<{ address: string; stop(): Promise<unknown> }>;
    let uiUrl: string | undefined;
    if (engine === 'temporal') {
      for (const name of ['temporal', 'temporal_visibility']) await pg.ensureDatabase(name);
      const p = opts.ports.TEMPORAL_PORT;
      const serverOptions = {
        dir: path.join(dataDir, 'temporal'),
        postgres: { host: '127.0.0.1', port: pg.port, user: pg.user, password: pg.password },
        ports: { frontend: p, history: p + 1, matching: p + 2, worker: p + 3, frontendHttp: p + 4, membershipBase: opts.ports.TEMPORAL_MEMBERSHIP_PORT },
        namespace,
        log: (line: string) => log('temporal', line),
      };
      temporal = await restartable(() => startTemporalServer(serverOptions));
      if (opts.webUi ?? true) {
        const ui = await startWebUi({
          dir: path.join(dataDir, 'temporal-ui'),
          temporalAddress: temporal.current.address,
          port: opts.ports.TEMPORAL_UI_PORT,
          namespace,
          log: (line) => log('temporal-ui', line),
        });
        stops.push(() => ui.stop());
        uiUrl = ui.url;
      }
    } else {
      const devOptions = {
        dbFile: path.join(dataDir, 'temporal-dev.db'),
        port: opts.ports.TEMPORAL_PORT,
        uiPort: opts.ports.TEMPORAL_UI_PORT,
        namespace,
        log: (line: string) => log('temporal', line),
      };
      const dev = await restartable(() => startDevServer(devOptions));
      temporal = dev;
      uiUrl = dev.current.uiUrl;
    }
    const temporalAddress = temporal.current.address;
    // Stopped after the workers and the API, before the Web UI (stops run in reverse).
    stops.push(() => temporal.stopIfRunning());

    // 3. Mail: the relay in SMTP_HOST, else the catcher (every message kept in DATA_DIR/mail).
    let mail: MailCatcher | undefined;
    let smtp = { host: config.SMTP_HOST, port: config.SMTP_PORT };
    if (!appEnvBase.SMTP_HOST) {
      mail = await startMailCatcher({ smtpPort: opts.ports.MAIL_CATCHER_SMTP_PORT, httpPort: opts.ports.MAIL_CATCHER_HTTP_PORT, dir: path.join(dataDir, 'mail') });
      stops.push(() => mail!.stop());
      smtp = { host: '127.0.0.1', port: mail.smtpPort };
    }
    let smtpProxy: TcpProxy | undefined;
    if (opts.faultInjection) {
      smtpProxy = await startTcpProxy(smtp);
      stops.push(() => smtpProxy!.stop());
      smtp = { host: '127.0.0.1', port: smtpProxy.port };
    }

    // 4. Workers and the API: compiled JavaScript, one process each.
    const appEnv: NodeJS.ProcessEnv = {
      ...appEnvBase,
      NODE_ENV: appEnvBase.NODE_ENV ?? 'production',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      API_HOST: config.API_HOST,
      API_PORT: String(opts.ports.API_PORT),
    };
    const connection = await Connection.connect({ address: temporalAddress });
    stops.push(() => connection.close());
    /** A process of the compiled `entry`, stopped with the cluster. */
    const startNode = (name: string, entry: Parameters<typeof distEntry>[0], env: NodeJS.ProcessEnv = appEnv, onLine?: (line: string) => void) => {
      const started = startProcess({
        name,
        command: process.execPath,
        args: [distEntry(entry)],
        env,
        cwd: root,
        log: (line) => {
          onLine?.(line);
          log(name, line);
        },
      });
      stops.push(() => started.stop());
      return started;
    };
    const workers: ManagedProcess[] = [];
    const addWorker = async () => {
      // Its 'worker polling' line (at LOG_LEVEL info): logged as it begins to poll, kept whole here
      // (its output's tail may have moved past it by the time the server lists the poller).
      let polling: { at: number; startMs?: Record<string, number> } | undefined;
      const worker = startNode(`worker-${workers.length + 1}`, 'worker/main.js', { ...appEnv, ...opts.workerEnv }, (line) => {
        if (!polling && line.includes('"worker polling"')) polling = pollingLine(line);
      });
      workers.push(worker);
      const listed = await waitForPoller(connection, namespace, config.TEMPORAL_TASK_QUEUE, worker);
      // The server's poller list says when it last polled (a poll's start or end), not when it first
      // did: with tasks waiting, a new worker has taken some before it is listed. Its own line says
      // when it began.
      const pollingAt = Math.min(listed, polling?.at ?? listed);
      return Object.assign(worker, { pollingAt, startMs: polling?.startMs ?? startPhases(worker.output()) });
    };
    await Promise.all(Array.from({ length: opts.workers }, () => addWorker()));

    const apiUrl = `http://${config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST}:${opts.ports.API_PORT}`;
    let api: ManagedProcess;
    let apis = 0;
    const startApi = async () => {
      const started = startNode(apis++ === 0 ? 'api' : `api-${apis}`, 'api/main.js');
      api = started;
      await waitForHttp(`${apiUrl}/readyz`, started);
      return started;
    };
    await startApi();

    const faults: ClusterFaults = {
      smtp: smtpProxy,
      stopPostgres: () => postgres.stop(),
      startPostgres: () => postgres.start(),
      stopTemporal: () => temporal.stop(),
      startTemporal: () => temporal.start(),
      startApi,
    };

    return {
      apiUrl,
      temporalAddress,
      namespace,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      uiUrl,
      databaseUrl: pg.url,
      mail,
      smtp,
      get api() {
        return api;
      },
      workers,
      addWorker,
      faults,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * A cluster of a test's own (or a benchmark's): on free ports, its state in a new temporary folder
 * (campus-safety-<name>-…) that its stop() removes.
 */
export async function startScratchCluster(name: string, opts: Omit<ClusterOptions, 'dataDir' | 'ports'>): Promise<Cluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `campus-safety-${name}-`));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  try {
    const cluster = await startCluster({ ...opts, dataDir: dir, ports: await freeClusterPorts() });
    const stopCluster = cluster.stop;
    cluster.stop = async () => {
      await stopCluster();
      await removeDir();
    };
    return cluster;
  } catch (err) {
    await removeDir();
    throw err;
  }
}

/** A service the fault suite stops and starts again (on the same options, so the same state and ports). */
interface Restartable<S> {
  /** The service as last started. */
  readonly current: S;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it unless the fault suite has stopped it (the cluster's own stop). */
  stopIfRunning(): Promise<void>;
}

async function restartable<S extends { stop(): Promise<unknown> }>(start: () => Promise<S>): Promise<Restartable<S>> {
  let current = await start();
  let running = true;
  return {
    get current() {
      return current;
    },
    async stop() {
      running = false;
      await current.stop();
    },
    async start() {
      current = await start();
      running = true;
    },
    async stopIfRunning() {
      if (running) await current.stop();
    },
  };
}

/** A 'worker polling' line: when it was logged (pino's time, epoch ms) and the start's phases. */
function pollingLine(line: string): { at: number; startMs?: Record<string, number> } | undefined {
  try {
    const parsed = JSON.parse(line.slice(line.indexOf('{'))) as { time?: number; startMs?: Record<string, number> };
    return typeof parsed.time === 'number' ? { at: parsed.time, startMs: parsed.startMs } : undefined;
  } catch {
    return undefined;
  }
}

/** The phases of a worker's start, from its 'worker polling' line (logged at LOG_LEVEL info). */
function startPhases(output: string): Record<string, number> | undefined {
  const line = output.split('\n').find((l) => l.includes('"worker polling"'));
  try {
    return line ? (JSON.parse(line) as { startMs?: Record<string, number> }).startMs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves once a worker process polls the task queue (its identity starts with its pid), with the
 * instant of its first poll as the server recorded it (epoch ms; the poller's last access time when
 * first seen, at most one look, 250 ms, later than the first poll).
 */
async function waitForPoller(connection: Connection, namespace: string, taskQueue: string, worker: ManagedProcess, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!worker.running()) throw new Error(`${worker.name} exited while starting:\n${worker.output()}`);
    const { pollers } = await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 /* WORKFLOW */ });
    const mine = (pollers ?? []).find((p) => (p.identity ?? '').startsWith(`${worker.pid}@`));
    if (mine) {
      const at = mine.lastAccessTime;
      return at ? Number(at.seconds ?? 0) * 1000 + Math.floor((at.nanos ?? 0) / 1e6) : Date.now();
    }
    if (Date.now() > deadline) {
      await worker.stop();
      throw new Error(`${worker.name} did not poll ${taskQueue} within ${timeoutMs / 1000} s:\n${worker.output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.running()) throw new Error(`${proc.name} exited while starting:\n${proc.output()}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`${proc.name} not ready at ${url} within ${timeoutMs / 1000} s:\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The cluster's ports from the environment (same names as `npm start`'s, other defaults). */
export function clusterPortsFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterPorts {
  const ports = {} as ClusterPorts;
  for (const [name, fallback] of Object.entries(CLUSTER_PORT_DEFAULTS) as [keyof ClusterPorts, number][]) {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name}: not a port (${env[name]})`);
    ports[name] = value;
  }
  return ports;
}

/** Free ports for a cluster beside others (the tests, the benchmarks). */
export async function freeClusterPorts(): Promise<ClusterPorts> {
  return {
    API_PORT: await freePort(),
    TEMPORAL_PORT: await freePortBlock(5),
    TEMPORAL_MEMBERSHIP_PORT: await freePortBlock(4),
    TEMPORAL_UI_PORT: await freePort(),
    POSTGRES_PORT: await freePort(),
    MAIL_CATCHER_SMTP_PORT: await freePort(),
    MAIL_CATCHER_HTTP_PORT: await freePort(),
  };
}

async function main(): Promise<void> {
  const ports = clusterPortsFromEnv();
  const workers = Number(process.env.WORKERS ?? 2);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`WORKERS: a whole number of at least 1 (got ${process.env.WORKERS})`);
  const dataDir = path.resolve(root, process.env.DATA_DIR ?? path.join('data', 'cluster'));
  const shown = path.relative(process.cwd(), dataDir).startsWith('..') ? dataDir : path.relative(process.cwd(), dataDir);
  const config = loadConfig();
  const host = config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST;
  // The URLs first: they are known before anything starts.
  console.log(
    [
      '护校安园 campus-safety campaigns: production topology (Temporal server on PostgreSQL), starting…',
      `  API              http://${host}:${ports.API_PORT}/api   (health: /healthz, /readyz)`,
      `  Temporal Web UI  http://127.0.0.1:${ports.TEMPORAL_UI_PORT}   (gRPC 127.0.0.1:${ports.TEMPORAL_PORT})`,
      process.env.SMTP_HOST
        ? `  Mail             relayed to ${process.env.SMTP_HOST}:${config.SMTP_PORT}`
        : `  Mail catcher     http://127.0.0.1:${ports.MAIL_CATCHER_HTTP_PORT}/   (SMTP 127.0.0.1:${ports.MAIL_CATCHER_SMTP_PORT})`,
      `  PostgreSQL       127.0.0.1:${ports.POSTGRES_PORT}   (databases campus, temporal, temporal_visibility)`,
      `  Processes        ${workers} worker(s) and 1 API, compiled JavaScript from dist/`,
      `  Laptop API keys  ${DEV_KEYS.map(([k]) => k).join(', ')}`,
      `  State            ${shown}/   (Temporal server and Web UI logs in logs/)`,
      '',
    ].join('\n'),
  );
  const provision = spawnSync('bash', [path.join(root, 'scripts', 'provision-temporal-server.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (provision.status !== 0) throw new Error('could not provision the Temporal server');

  let cluster: Cluster | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await cluster?.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  const started = Date.now();
  // The application's own lines (pino JSON) on the console; the Temporal server's and the Web
  // UI's (warnings and up, chatty while the services find each other) in DATA_DIR/logs/.
  await mkdir(path.join(dataDir, 'logs'), { recursive: true });
  const logFiles = new Map<string, WriteStream>();
  const logTo = (source: string) => {
    let f = logFiles.get(source);
    if (!f) logFiles.set(source, (f = createWriteStream(path.join(dataDir, 'logs', `${source}.log`), { flags: 'a' })));
    return f;
  };
  cluster = await startCluster({
    dataDir,
    ports,
    workers,
    log: (source, line) => (source.startsWith('temporal') ? logTo(source).write(`${line}\n`) : console.log(line)),
  });
  if (stopping) return;
  for (const p of [cluster.api, ...cluster.workers]) {
    void p.exited.then(({ code, signal }) => {
      if (!stopping) console.error(`${p.name} exited (${code ?? signal}); the others keep running`);
    });
  }
  console.log(`running (started in ${((Date.now() - started) / 1000).toFixed(1)} s). Ctrl-C stops everything; state stays in ${shown}/.`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
