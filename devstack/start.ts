// `npm start`: the whole system on a laptop, in one process tree, with its state under DATA_DIR (data/):
// the Temporal dev server (SQLite, Web UI), PostgreSQL (embedded, unless DATABASE_URL is set),
// a mail catcher speaking real SMTP, the worker and the API. Ctrl-C stops everything; a
// restart keeps all state, and timers that came due while it was down fire at once.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import path from 'node:path';
import { createDatabase } from '../common/database';
import { createMailTransport } from '../activities/mailer';
import { appDepsFromConfig, createApp } from '../api/app';
import { apiConnectionOptions } from '../api/temporal-deadline';
import { createUser } from '../api/sessions';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ensureWebBuildAsync, webBuildIsStale } from './web-build';
import { runCommand, step } from './progress';
import { closeServer, listenApi } from '../api/http-server';
import { requestContextClientInterceptors } from '../common/temporal-client-interceptors';
import { loadConfig } from '../common/config';
import { configureDirectoryCache } from '../common/directory-cache';
import type { Role } from '../common/hazard';
import { createPinoLogger, installRuntimeLogger, temporalLoggerFromPino } from '../worker/logging';
import { bundleWorkflows, createWorker } from '../worker/worker';
import { DEV_KEYS, prepareAppDatabase } from './app-database';
import { startMailCatcher } from './mail-catcher';
import { LAPTOP_CHANNELS, receivedText, seedLaptopChannels, startChannelServers } from './channel-servers';
import { activityDepsOf } from '../worker/main';
import { channelDispatcherSettings, createChannelDispatcher } from '../activities/channel-dispatcher';
import { createHeldNoticeDispatcher } from '../activities/held-notices';
import { startEmbeddedPostgres } from './postgres';
import { startDevServer } from './temporal-tools';

const root = path.resolve(__dirname, '..');

/** Laptop accounts of the web app, one per office role (production accounts: npm run users). */
const LAPTOP_PASSWORD = 'dev-password';
const LAPTOP_ACCOUNTS: [email: string, name: string, role: Role, unit?: string][] = [
  ['lead@laptop.example', '领导小组办公室 值班员', 'lead'],
  ['bureau@laptop.example', '区教育局安全股 覃股长', 'bureau', 'edu'],
  ['inspector@laptop.example', '验收组 韦工', 'inspector'],
  ['government@laptop.example', '区政府办公室 韦主任', 'government', 'yufeng'],
];

/** The laptop's LINK_SECRET: made once, kept in data/link-secret. */
function laptopLinkSecret(dataDir: string): string {
  const file = path.join(dataDir, 'link-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** A folder as the banner names it: relative to the project when inside it. */
function shown(dir: string): string {
  const rel = path.relative(root, dir);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `${rel}/` : `${dir}/`;
}

async function main(): Promise<void> {
  // One pino logger (LOG_LEVEL, default info; human lines in a terminal, JSON otherwise) for the
  // API's requests and the worker, its workflows and activities (through the Temporal Runtime,
  // installed before any connection).
  const logger = createPinoLogger();
  installRuntimeLogger(temporalLoggerFromPino(logger));
  const dataDir = path.resolve(root, process.env.DATA_DIR ?? 'data');
  const stops: (() => Promise<unknown>)[] = [];
  let stopping = false;
  // Ctrl-C reaches this process only (the servers it started run in their own process groups):
  // the API stops taking requests, the worker finishes its tasks, then the connections, mail,
  // PostgreSQL and Temporal go, in the reverse order of their start.
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.error('\nstopping…');
    for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
    if (code === 0) console.error(`stopped; state kept in ${shown(dataDir)}`);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    // 1. Temporal dev server: built once from its Go module (the script prints its progress),
    //    state in DATA_DIR/temporal.db.
    await runCommand('bash', [path.join(root, 'scripts', 'provision-temporal-cli.sh')]);
    const temporalPort = num('TEMPORAL_PORT', 7233);
    const uiPort = num('TEMPORAL_UI_PORT', 8233);
    const devServer = await step(`starting the Temporal dev server (${shown(dataDir)}temporal.db)`, () =>
      startDevServer({ dbFile: path.join(dataDir, 'temporal.db'), port: temporalPort, uiPort }),
    );
    stops.push(() => devServer.stop());

    // 2. PostgreSQL: DATABASE_URL, or the embedded server with its data in DATA_DIR/postgres.
    let databaseUrl = process.env.DATABASE_URL;
    const embedded = !databaseUrl;
    if (!databaseUrl) {
      const pgDir = path.join(dataDir, 'postgres');
      const pg = await step(`starting PostgreSQL (${shown(pgDir)})`, () => startEmbeddedPostgres({ dir: pgDir, port: num('POSTGRES_PORT', 54329), database: 'campus' }), {
        usually: existsSync(pgDir) ? undefined : 'the first time it creates the cluster: about 10 s',
      });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    const url = databaseUrl;
    await step('migrating the database and seeding the sample directory', () => prepareAppDatabase(url));
    const db = createDatabase(databaseUrl);
    stops.push(() => db.$disconnect());

    // 3. Mail catcher: real SMTP, every message kept in DATA_DIR/mail; beside it the local 钉钉,
    //    企业微信 and SMS providers, whose messages the catcher's page lists under the mail.
    const channelServers = await startChannelServers({ port: num('CHANNEL_SERVERS_PORT', 1090), ...LAPTOP_CHANNELS.servers });
    stops.push(() => channelServers.stop());
    const mail = await startMailCatcher({
      smtpPort: num('MAIL_CATCHER_SMTP_PORT', 1025),
      httpPort: num('MAIL_CATCHER_HTTP_PORT', 1080),
      dir: path.join(dataDir, 'mail'),
      channelMessages: () => channelServers.received().map((m) => ({ ...m, text: receivedText(m) })),
    });
    stops.push(() => mail.stop());
    await seedLaptopChannels(db, channelServers);

    // 4. The web app: built when missing or older than its sources; mails link to it, signed
    //    with a secret kept in DATA_DIR (LINK_SECRET wins).
    if (webBuildIsStale()) await step('building the web app into dist/web (vite)', () => ensureWebBuildAsync(), { usually: 'about a minute on 2 cores' });
    const apiHost = process.env.API_HOST ?? '127.0.0.1';
    const apiPort = process.env.API_PORT ?? '3000';
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: devServer.address,
      SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1',
      SMTP_PORT: process.env.SMTP_PORT ?? String(mail.smtpPort),
      DATA_DIR: dataDir,
      PUBLIC_URL: process.env.PUBLIC_URL ?? `http://${apiHost}:${apiPort}`,
      LINK_SECRET: process.env.LINK_SECRET ?? laptopLinkSecret(dataDir),
      // SMS through the local Alibaba Cloud stand-in (SMS_* set in the environment win).
      SMS_ENDPOINT: process.env.SMS_ENDPOINT ?? channelServers.smsEndpoint,
      SMS_ACCESS_KEY_ID: process.env.SMS_ACCESS_KEY_ID ?? LAPTOP_CHANNELS.servers.sms.accessKeyId,
      SMS_ACCESS_KEY_SECRET: process.env.SMS_ACCESS_KEY_SECRET ?? LAPTOP_CHANNELS.servers.sms.accessKeySecret,
    });
    configureDirectoryCache({ ttlMs: config.DIRECTORY_CACHE_TTL_MS });
    for (const [email, name, role, unit] of LAPTOP_ACCOUNTS) {
      if (!(await db.user.findUnique({ where: { email } }))) await createUser(db, { email, name, role, unitId: unit, password: LAPTOP_PASSWORD });
    }
    const transport = createMailTransport(config);
    stops.push(async () => transport.close());
    const connection = await Connection.connect(apiConnectionOptions(devServer.address));
    stops.push(() => connection.close());
    // Shared by the API and the activities: what they ask of Temporal carries the request id.
    const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, interceptors: requestContextClientInterceptors() });
    const nativeConnection = await NativeConnection.connect(apiConnectionOptions(devServer.address));
    const workflowBundle = await step('bundling the workflows (webpack)', () => bundleWorkflows(), { usually: 'about 20 s' });
    const deps = activityDepsOf(config, { db, transport, temporal });

    const worker = await createWorker({
      connection: nativeConnection,
      workflowBundle,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      deps,
    });
    const workerRun = worker.run();
    const dispatcher = createChannelDispatcher(db, channelDispatcherSettings(config), { warn: (message, fields) => logger.warn(fields, message) });
    dispatcher.start();
    stops.push(() => dispatcher.stop());
    // The rung notices held for working hours (NOTICES_WORKING_HOURS_ONLY), sent at their 08:30.
    const heldNotices = createHeldNoticeDispatcher(deps, { pollMs: config.HELD_NOTICE_POLL_MS }, { warn: (message, fields) => logger.warn(fields, message) });
    heldNotices.start();
    stops.push(() => heldNotices.stop());
    stops.push(async () => {
      // The Temporal Runtime shuts its workers down on SIGINT/SIGTERM itself: once is enough.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      await nativeConnection.close();
    });
    workerRun.catch((err) => {
      if (stopping) return;
      console.error('worker failed:', err);
      void shutdown(1);
    });

    const app = createApp(appDepsFromConfig(config, { db, temporal, logger }, root));
    const server = await listenApi(app, config.API_PORT, config.API_HOST);
    stops.push(() => closeServer(server));

    // The embedded server's URL is printed whole (loopback only, its fixed laptop password), so
    // the admin commands can be pointed at it; a DATABASE_URL of yours is never printed.
    const adminDatabase = embedded ? `DATABASE_URL=${databaseUrl}` : 'DATABASE_URL=<your DATABASE_URL>';
    console.log(
      [
        '',
        '护校安园 campus-safety campaigns: running',
        `  Web app          ${config.PUBLIC_URL}/   (sign in: ${LAPTOP_ACCOUNTS.map(([e]) => e).join(', ')}; password ${LAPTOP_PASSWORD})`,
        `  API              http://${config.API_HOST}:${config.API_PORT}/api   (health: /healthz, /readyz; docs: /api/docs)`,
        `  Temporal Web UI  ${devServer.uiUrl}   (gRPC ${devServer.address})`,
        `  Mail catcher     ${mail.webUrl}   (loopback only; SMTP 127.0.0.1:${mail.smtpPort}; files in ${shown(mail.dir)})`,
        `  钉钉/企业微信/短信  ${channelServers.url}   (local providers; what they received: on the mail catcher's page)`,
        `  Database         ${embedded ? `${databaseUrl}   (embedded, ${shown(path.join(dataDir, 'postgres'))})` : `${databaseUrl.replace(/:[^:@/]*@/, ':***@')}   (your DATABASE_URL)`}`,
        `  Laptop API keys  ${DEV_KEYS.map(([k]) => k).join(', ')}`,
        '',
        'Admin commands (API keys, accounts, mail links) against this database, in another terminal:',
        `  ${adminDatabase} npm run keys -- --help`,
        `  ${adminDatabase} npm run users -- list`,
        `  ${adminDatabase} npm run links -- list`,
        '',
        `Ctrl-C stops everything; state stays in ${shown(dataDir)}`,
        '',
      ].join('\n'),
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await shutdown(1);
  }
}

void main();
