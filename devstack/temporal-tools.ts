// Real Temporal servers for the laptop and the tests: the Temporal CLI's dev server (SQLite
// persistence, Web UI) and Temporal's Java time-skipping test server. Both are provisioned into
// .tools/ by the scripts in scripts/ (npm run provision).
import { Connection } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SEARCH_ATTRIBUTE_KEYS, SEARCH_ATTRIBUTES, type SearchAttributeName } from '../common/search-attributes';

export { SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_KEYS };

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

// ---- Search attributes ---------------------------------------------------------------------

// SEARCH_ATTRIBUTES (name → type name) and SEARCH_ATTRIBUTE_KEYS (typed keys) must agree.
for (const key of SEARCH_ATTRIBUTE_KEYS) {
  if (SEARCH_ATTRIBUTES[key.name as SearchAttributeName] !== TypedSearchAttributes.toMetadataType(key.type)) {
    throw new Error(`common/search-attributes.ts: SEARCH_ATTRIBUTES disagrees with the key ${key.name}`);
  }
}
if (SEARCH_ATTRIBUTE_KEYS.length !== Object.keys(SEARCH_ATTRIBUTES).length) {
  throw new Error('common/search-attributes.ts: SEARCH_ATTRIBUTES and SEARCH_ATTRIBUTE_KEYS list different attributes');
}

/** The dev server's command-line flags registering the project's search attributes. */
export function searchAttributeFlags(): string[] {
  return Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}

const GRPC_ALREADY_EXISTS = 6;
const GRPC_UNIMPLEMENTED = 12;
const grpcCode = (err: unknown) => (err as { code?: number } | undefined)?.code;

/**
 * Registers the project's custom search attributes on a namespace through the OperatorService,
 * adding only the missing ones (idempotent). Throws if one exists with another type.
 *
 * The Java test server has no ListSearchAttributes (UNIMPLEMENTED) and refuses to add an existing
 * attribute (ALREADY_EXISTS, and then adds none of the batch): there each attribute is added on
 * its own and ALREADY_EXISTS is taken as done (its type is not checked).
 */
export async function ensureSearchAttributes(connection: Connection, namespace = 'default'): Promise<void> {
  const wanted: Record<string, number> = {};
  for (const key of SEARCH_ATTRIBUTE_KEYS) {
    const type = encodeSearchAttributeIndexedValueType(key.type as SearchAttributeType) as number | undefined;
    if (type === undefined) throw new Error(`unknown search attribute type ${key.type}`);
    wanted[key.name] = type;
  }
  let existing: Record<string, number> | undefined;
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    existing = Object.fromEntries(Object.entries(customAttributes ?? {}).map(([k, v]) => [k, Number(v)]));
  } catch (err) {
    if (grpcCode(err) !== GRPC_UNIMPLEMENTED) throw err;
  }
  const add = async (searchAttributes: Record<string, number>) => {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    } catch (err) {
      if (grpcCode(err) !== GRPC_ALREADY_EXISTS) throw err; // else: registered meanwhile
    }
  };
  if (!existing) {
    for (const [name, type] of Object.entries(wanted)) await add({ [name]: type });
    return;
  }
  const missing: Record<string, number> = {};
  for (const [name, type] of Object.entries(wanted)) {
    const have = existing[name];
    if (have === undefined) missing[name] = type;
    else if (have !== type) {
      throw new Error(`search attribute ${name} is registered on ${namespace} with IndexedValueType ${have}, not ${type}`);
    }
  }
  if (Object.keys(missing).length > 0) await add(missing);
}

// ---- Dev server (Temporal CLI) -------------------------------------------------------------

// sh -c WATCHDOG_EXEC sh cmd args...: runs cmd in place of the shell (same pid), with a watchdog
// that stops it once the process that spawned it is gone.
const WATCHDOG_EXEC = [
  'parent=$PPID self=$$',
  '( while kill -0 "$parent" 2>/dev/null && kill -0 "$self" 2>/dev/null; do sleep 1; done',
  '  kill -TERM "$self" 2>/dev/null || exit 0',
  '  for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1; kill -0 "$self" 2>/dev/null || exit 0; done',
  '  kill -KILL "$self" 2>/dev/null ) </dev/null >/dev/null 2>&1 &',
  'exec "$@"',
].join('\n');

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
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--ui-port',
    String(opts.uiPort),
    '--log-level',
    opts.logLevel ?? 'warn',
    ...(namespace === 'default' ? [] : ['--namespace', namespace]),
    ...searchAttributeFlags(),
  ];
  // Through a shell that leaves a watchdog behind: the server is stopped (SIGTERM, SIGKILL 10 s
  // later) if this process dies without calling stop(), even when it is SIGKILLed.
  const child = spawn('/bin/sh', ['-c', WATCHDOG_EXEC, 'temporal', resolveTemporalCli(), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  let pending = '';
  const onOutput = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
    if (!opts.log) return;
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) opts.log(line);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let failed: Error | undefined;
  void spawnError.then((e) => (failed = e));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
    })());

  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  let lastError: unknown;
  for (;;) {
    if (failed) throw new Error(`could not start the Temporal CLI: ${failed.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      process.removeListener('exit', killOnExit);
      throw new Error(`Temporal dev server exited (code ${child.exitCode ?? child.signalCode}) while starting:\n${output}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        // Registered by the flags when the namespace is created; an existing database made
        // before an attribute was added to the list gets it here.
        await ensureSearchAttributes(connection, namespace);
        break;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Temporal dev server not ready on ${address} in time (${String(lastError)}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { address, uiUrl: `http://127.0.0.1:${opts.uiPort}`, namespace, stop };
}

// ---- Time-skipping test server (Java) ------------------------------------------------------

/**
 * A time-skipping test environment on the Java test server (namespace "default"), with the
 * project's custom search attributes registered. Call `teardown()` when done.
 */
export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTestServer() } },
  });
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
