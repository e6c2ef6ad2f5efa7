// Real Temporal servers for the laptop and the tests: the Temporal CLI's dev server (SQLite
// persistence, Web UI) and Temporal's Java time-skipping test server. Both are provisioned into
// .tools/ by the scripts in scripts/ (npm run provision).
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { freePort, freePortBlock } from './free-port';
import { startProcess, type ManagedProcess } from './processes';
import { SEARCH_ATTRIBUTE_KEYS, SEARCH_ATTRIBUTES } from '../common/search-attributes';
import { ensureNamespace, ensureSearchAttributes } from '../common/search-attribute-registration';

export { SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_KEYS, ensureNamespace, ensureSearchAttributes };

const root = path.resolve(__dirname, '..');

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  return found || undefined;
}

function mustExist(file: string, what: string, envVar: string): string {
  if (!existsSync(file) || !isExecutable(file)) {
    throw new Error(`${what} not found (or not executable) at ${file}: run \`npm run provision\` (or set ${envVar})`);
  }
  return file;
}

/** The Temporal CLI: TEMPORAL_CLI_PATH, else a `temporal` on PATH, else the project's .tools/bin/temporal. */
export function resolveTemporalCli(): string {
  const found = process.env.TEMPORAL_CLI_PATH || onPath('temporal') || path.join(root, '.tools', 'bin', 'temporal');
  return mustExist(found, 'Temporal CLI', 'TEMPORAL_CLI_PATH');
}

/** The time-skipping test server: TEMPORAL_TEST_SERVER_PATH, else the project's .tools/bin/temporal-test-server. */
export function resolveTestServer(): string {
  const found = process.env.TEMPORAL_TEST_SERVER_PATH || path.join(root, '.tools', 'bin', 'temporal-test-server');
  return mustExist(found, 'Temporal time-skipping test server', 'TEMPORAL_TEST_SERVER_PATH');
}

// ---- Search attributes (registered by common/search-attribute-registration.ts) ---------------

/** The dev server's command-line flags registering the project's search attributes. */
export function searchAttributeFlags(): string[] {
  return Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}

/**
 * Polls a starting Temporal server at `address` until `ready` succeeds on a connection to it;
 * fails (and stops the server) if it exits first or is not ready within `timeoutMs`.
 */
export async function waitUntilServing(server: ManagedProcess, what: string, address: string, timeoutMs: number, ready: (connection: Connection) => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const failed = server.spawnError();
    if (failed) throw new Error(`could not start the ${what}: ${failed.message}`);
    if (!server.running()) {
      const { code, signal } = await server.exited;
      throw new Error(`${what} exited (code ${code ?? signal}) while starting:\n${server.output()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await ready(connection);
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${what} not ready on ${address} in time (${String(lastError)}):\n${server.output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

// ---- Dev server (Temporal CLI) -------------------------------------------------------------

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  /** The Web UI. */
  uiUrl: string;
  namespace: string;
  /** SIGTERM, then waits for the process to exit (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /** SQLite file: the server's state survives restarts on the same file. Created if absent. */
  dbFile: string;
  port: number;
  uiPort: number;
  /** Created at start (besides "default", always there) with the search attributes registered. */
  namespace?: string;
  /** Receives the server's output (warnings and errors at the default log level). */
  log?: (line: string) => void;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** How long to wait for the server to accept clients; default 60 s. */
  startTimeoutMs?: number;
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1 with the project's search attributes
 * registered, and resolves once a gRPC client can use the namespace.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const namespace = opts.namespace ?? 'default';
  const dbFile = path.resolve(opts.dbFile);
  await mkdir(path.dirname(dbFile), { recursive: true });
  const sidePorts = await freePortBlock(2);
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    // Write-ahead log, synced at checkpoints: every path ran 1.6–3× faster than with the default
    // rollback journal and full sync, about one fsync per reported hazard instead of a hundred. A
    // power cut may lose the last moments' writes of this laptop engine, never corrupt it.
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=NORMAL',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    // Left to itself the CLI picks its HTTP API's and metrics' ports at random among the free
    // ephemeral ones, which a client's socket (or a port another server was just given) can take
    // before it binds them, and then it exits: chosen here, below the ephemeral range.
    '--http-port',
    String(sidePorts),
    '--metrics-port',
    String(sidePorts + 1),
    '--log-level',
    opts.logLevel ?? 'warn',
    ...(namespace === 'default' ? [] : ['--namespace', namespace]),
    ...searchAttributeFlags(),
  ];
  // Under a watchdog: the server is stopped (SIGTERM, SIGKILL 10 s later) if this process dies
  // without calling stop(), even when it is SIGKILLed.
  const server = startProcess({ name: 'temporal', command: resolveTemporalCli(), args, log: opts.log });
  const stop = () => server.stop();

  const address = `127.0.0.1:${opts.port}`;
  await waitUntilServing(server, 'Temporal dev server', address, opts.startTimeoutMs ?? 60_000, async (connection) => {
    await connection.workflowService.describeNamespace({ namespace });
    // Registered by the flags when the namespace is created; an existing database made
    // before an attribute was added to the list gets it here.
    await ensureSearchAttributes(connection, namespace);
  });
  return { address, uiUrl: `http://127.0.0.1:${opts.uiPort}`, namespace, stop };
}

// ---- Time-skipping test server (Java) ------------------------------------------------------

/** How long the Java test server may take to listen: a JVM on two cores other builds keep busy is slow to start. */
const TEST_SERVER_START_TIMEOUT_MS = 90_000;

/**
 * The SDK's own `createTimeSkipping` spawns the test server but gives it 5 s to listen, a bound
 * it does not let us change; under load a JVM takes longer. So the server is started here, under
 * the watchdog of devstack/processes.ts, and waited for as long as it needs; the environment then
 * connects to it as the SDK's factory does for an existing server, with the test service (time
 * skipping) on, and its teardown stops the server.
 */
async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const server = startProcess({ name: 'temporal-test-server', command: resolveTestServer(), args: [String(port)] });
  await waitUntilServing(server, 'Temporal time-skipping test server', address, TEST_SERVER_START_TIMEOUT_MS, async (c) => {
    await c.workflowService.getSystemInfo({});
  });
  // TestWorkflowEnvironment.create is the factory behind createTimeSkipping and createFromExistingServer:
  // an existing server, with the test service the time-skipping one needs.
  const factory = (TestWorkflowEnvironment as unknown as { create(opts: object): Promise<TestWorkflowEnvironment> }).create.bind(TestWorkflowEnvironment);
  let env: TestWorkflowEnvironment;
  try {
    env = await factory({ server: { type: 'existing' }, address, namespace: 'default', supportsTimeSkipping: true });
  } catch (err) {
    await server.stop('SIGKILL');
    throw err;
  }
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    await teardown();
    await server.stop('SIGTERM', 5000);
  };
  return env;
}

/**
 * A time-skipping test environment on the Java test server (namespace "default"), with the
 * project's custom search attributes registered. Call `teardown()` when done.
 */
export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startTimeSkippingServer();
  try {
    // The Java test server starts knowing only Temporal's predefined attributes (CustomKeywordField
    // and the like): upserting an unregistered one fails the workflow task, over and over.
    await ensureSearchAttributes(env.connection, env.namespace ?? 'default');
  } catch (err) {
    await env.teardown();
    throw err;
  }
  return env;
}
