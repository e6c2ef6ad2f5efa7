// A whole system for one test file: a Temporal server (time-skipping by default), the worker
// with the real activities, the Express API on a free port, the shared PostgreSQL and an
// SMTP sink receiving the real mail.
import { Client } from '@temporalio/client';
import type { Logger } from '@temporalio/common';
import type { Logger as PinoLogger } from 'pino';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase, type Database } from '../../common/database';
import { createMailTransport } from '../../activities/mailer';
import { DEFAULT_TIME_ZONE } from '../../common/time';
import { issueApiKey } from '../../api/auth';
import { createApp, type AppDeps } from '../../api/app';
import { closeServer, listenApi } from '../../api/http-server';
import type { SessionSettings } from '../../api/sessions';
import { localUploadStore } from '../../api/uploads';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { requestContextClientInterceptors } from '../../common/temporal-client-interceptors';
import type { HazardPolicy, Role } from '../../common/hazard';
import { startTimeSkippingEnv } from '../../devstack/temporal-tools';
import { createWorker } from '../../worker/worker';
import { createChannelDispatcher, type ChannelDispatcherSettings } from '../../activities/channel-dispatcher';
import { createHeldNoticeDispatcher } from '../../activities/held-notices';
import { startMailSink, type MailSink } from './mail-sink';
import { startTcpProxy, type TcpProxy } from '../../devstack/tcp-proxy';
import { listenToTemporalLogs, quietTemporalLogs } from './temporal-logs';

export const DEFAULT_TEST_POLICY: HazardPolicy = {
  reminderOffsets: ['P3D', 'P1D'],
  overdueGrace: 'P3D',
  governmentDeadline: 'P15D',
  lookBackAfter: 'P30D',
  rectificationPeriod: 'P7D',
};

export type KeyName = 'lead' | 'bureau' | 'inspector' | 'government' | 'market' | 'police' | 'school' | 'otherSchool';

export interface Harness {
  db: Database;
  mail: MailSink;
  /** The proxy between the worker and the SMTP sink (with `smtpProxy`). */
  smtp?: TcpProxy;
  /** The proxy between the API and the worker and PostgreSQL (with `databaseProxy`). */
  database?: TcpProxy;
  temporal: Client;
  env?: TestWorkflowEnvironment;
  keys: Record<KeyName, string>;
  baseUrl: string;
  /** The worker's task queue (for workflows a test starts itself). */
  taskQueue: string;
  /** Now, on the Temporal server's clock (virtual under time skipping). */
  now(): Promise<number>;
  /** Lets `ms` pass on the Temporal server's clock. */
  advance(ms: number): Promise<void>;
  request(method: string, path: string, opts?: { key?: KeyName | string | null; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /**
   * An already running Temporal (the dev server); default: a time-skipping test server; 'none':
   * the API and the database only, no Temporal server and no worker (directory, OpenAPI).
   */
  temporal?: { client: Client; connection: NativeConnection; namespace: string; sleep?: (ms: number) => Promise<void> } | 'none';
  policy?: HazardPolicy;
  rateLimitPerMinute?: number;
  /** Receives every record of the Temporal Runtime's logger (the worker's, workflows' and activities' log lines) until stop(). */
  logger?: Logger;
  /** The worker's mail goes through a TCP proxy to the sink, so a test can take SMTP away (`smtp.cut()`) and give it back. */
  smtpProxy?: boolean;
  /** The API and the worker reach PostgreSQL through a TCP proxy (`database.cut()`, `database.restore()`). */
  databaseProxy?: boolean;
  /** The API's request logger (default: pino at LOG_LEVEL). */
  apiLogger?: PinoLogger;
  /** Expiry of the mail links (default P14D). */
  linkTtl?: string;
  sessions?: Partial<SessionSettings>;
  /** The channel dispatcher's settings: with them the harness sends the notices' 钉钉, 企业微信 and SMS messages (docs/channels.md). */
  channels?: ChannelDispatcherSettings;
  /**
   * 工作时间 as in production (NOTICES_WORKING_HOURS_ONLY=true): a rung's notice outside 08:30–18:00
   * waits for the next 08:30 on the Temporal server's clock, sent by the held-notice dispatcher
   * polling every `pollMs`. Default off: the tests' compressed deadlines mail at any hour.
   */
  workingHours?: { pollMs: number };
}

/** LINK_SECRET of the tests. */
export const TEST_LINK_SECRET = 'test-link-secret-not-for-production-0123456789';
/** An Express app listening on a free loopback port: its server and its address. */
export async function listenOnLoopback(app: ReturnType<typeof createApp>): Promise<{ server: Server; base: string; close: () => Promise<unknown> }> {
  const server = await listenApi(app, 0, '127.0.0.1');
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

/**
 * Another API process (a replica) on the harness's Temporal and task queue, with the short campaign
 * policy of the API tests; `deps` replaces what the test changes (its own database, a rate limit…).
 */
export function serveReplica(h: Pick<Harness, 'db' | 'temporal' | 'taskQueue'>, deps: Partial<AppDeps> = {}) {
  return listenOnLoopback(
    createApp({
      db: h.db,
      temporal: h.temporal,
      taskQueue: h.taskQueue,
      defaultPolicy: DEFAULT_TEST_POLICY,
      defaultCampaignPolicy: { reminderOffsets: ['P1D'], overdueGrace: 'P1D' },
      ...deps,
    }),
  );
}

/** The built web app (tests/support/global-setup.ts builds it). */
export const WEB_DIST_DIR = path.resolve(__dirname, '..', '..', 'dist', 'web');

let taskQueueCounter = 0;

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const bundlePath = process.env.TEST_WORKFLOW_BUNDLE;
  if (!databaseUrl || !bundlePath) throw new Error('run the tests through jest (global setup provides the database and bundle)');
  // The Temporal Runtime (its logger) only where a worker runs: installed alone, it would keep jest from exiting.
  if (opts.temporal !== 'none') quietTemporalLogs();
  const stopListening = opts.logger && opts.temporal !== 'none' ? listenToTemporalLogs(opts.logger) : undefined;
  // With `databaseProxy`, the API and the worker reach PostgreSQL through a TCP proxy a test can cut.
  const pgUrl = new URL(databaseUrl);
  const database = opts.databaseProxy ? await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port) }) : undefined;
  if (database) pgUrl.port = String(database.port);
  const db = createDatabase(pgUrl.toString());
  const mail = await startMailSink();
  const given = opts.temporal === 'none' ? undefined : opts.temporal;
  const env = opts.temporal === undefined ? await startTimeSkippingEnv() : undefined;
  // Without a server the client stays lazy: it connects only if a request needs Temporal.
  const lazyClient = given || env ? undefined : new Client();
  const temporal = given?.client ?? env?.client ?? lazyClient!;
  const namespace = given?.namespace ?? 'default';
  const taskQueue = `test-${process.pid}-${Date.now()}-${++taskQueueCounter}`;
  // The API's and the activities' client, as in production: what a request asks of Temporal
  // carries its request id (tests keep `temporal`, the environment's own client).
  const appTemporal = new Client({ connection: temporal.connection, namespace, interceptors: requestContextClientInterceptors() });
  const smtp = opts.smtpProxy ? await startTcpProxy({ host: '127.0.0.1', port: mail.smtpPort }) : undefined;
  const transport = createMailTransport({ SMTP_HOST: '127.0.0.1', SMTP_PORT: smtp?.port ?? mail.smtpPort, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined });

  const uploadDir = await mkdtemp(path.join(os.tmpdir(), 'campus-safety-uploads-'));
  const sessions = { linkSecret: TEST_LINK_SECRET, sessionTtl: 'PT12H', linkSessionTtl: 'PT8H', secureCookies: false, ...opts.sessions };
  const app = createApp({
    db,
    temporal: appTemporal,
    taskQueue,
    defaultPolicy: opts.policy ?? DEFAULT_TEST_POLICY,
    defaultCampaignPolicy: { reminderOffsets: ['P3D', 'P1D'], overdueGrace: 'P3D' },
    // A report is received at the time-skipping server's time, as its workflow's steps are.
    ...(env ? { clock: () => env.currentTimeMs() } : {}),
    rateLimitPerMinute: opts.rateLimitPerMinute,
    logger: opts.apiLogger,
    web: { sessions, uploads: localUploadStore(uploadDir), maxUploadBytes: 5 * 1024 * 1024, distDir: WEB_DIST_DIR },
  });
  const { server, base: baseUrl } = await listenOnLoopback(app);

  // The worker mails links to this app (PUBLIC_URL), signed with the test secret.
  const connection = given?.connection ?? env?.nativeConnection;
  const deps = {
    db,
    transport,
    temporal: appTemporal,
    from: '护校安园专项行动 <noreply@campus-safety.local>',
    timeZone: DEFAULT_TIME_ZONE,
    publicUrl: baseUrl,
    links: { secret: TEST_LINK_SECRET, ttl: opts.linkTtl ?? 'P14D' },
    channels: { smsWorkingHoursOnly: false, sms: true },
    // Working hours on the Temporal server's clock (virtual under time skipping), as its rungs are.
    ...(opts.workingHours ? { workingHoursOnly: true, ...(env ? { clock: () => env.currentTimeMs() } : {}) } : {}),
  };
  const worker: Worker | undefined = connection ? await createWorker({ connection, namespace, taskQueue, deps, workflowBundle: { codePath: bundlePath } }) : undefined;
  const workerRun = worker?.run();
  const dispatcher = opts.channels ? createChannelDispatcher(db, opts.channels) : undefined;
  dispatcher?.start();
  // Held notices: those of working hours, and the leader's mail of 签收's climb (with the channels).
  const heldPollMs = opts.workingHours?.pollMs ?? opts.channels?.pollMs;
  const heldNotices = heldPollMs !== undefined && worker ? createHeldNoticeDispatcher(deps, { pollMs: heldPollMs }) : undefined;
  heldNotices?.start();

  const unique = `${Date.now()}-${taskQueueCounter}`;
  const issue = async (role: Role, unitId?: string) => (await issueApiKey(db, role, unitId, `test ${role} ${unique}`)).key;
  const keys: Record<KeyName, string> = {
    lead: await issue('lead'),
    bureau: await issue('bureau', 'edu'),
    inspector: await issue('inspector'),
    government: await issue('government', 'yufeng'),
    market: await issue('department', 'market'),
    police: await issue('department', 'police'),
    school: await issue('school', 's01'),
    otherSchool: await issue('school', 's02'),
  };

  return {
    db,
    mail,
    smtp,
    database,
    temporal,
    env,
    keys,
    baseUrl,
    taskQueue,
    now: async () => (env ? env.currentTimeMs() : Date.now()),
    advance: async (ms: number) => {
      if (env) await env.sleep(ms);
      else await (given?.sleep ?? ((t: number) => new Promise((r) => setTimeout(r, t))))(ms);
    },
    async request(method, path, { key = 'lead', body, headers = {} } = {}) {
      const token = key === null ? undefined : ((keys as Record<string, string>)[key] ?? key);
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, body: parsed as any };
    },
    async stop() {
      await closeServer(server);
      worker?.shutdown();
      await workerRun;
      await heldNotices?.stop();
      await dispatcher?.stop();
      transport.close();
      await smtp?.stop();
      await env?.teardown();
      await lazyClient?.connection.close();
      stopListening?.();
      await mail.stop();
      await rm(uploadDir, { recursive: true, force: true });
      await db.$disconnect();
      await database?.stop();
    },
  };
}

/**
 * The harness of a test file: started before its tests, stopped after them. `options` may be a
 * function, called when the harness starts (after the file's own earlier beforeAll hooks).
 */
export function useHarness(options: HarnessOptions | (() => HarnessOptions | Promise<HarnessOptions>) = {}): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(typeof options === 'function' ? await options() : options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as Harness, {
    get(_target, property) {
      if (!started) throw new Error('the harness starts in beforeAll: use it inside tests');
      const value = started[property as keyof Harness];
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
