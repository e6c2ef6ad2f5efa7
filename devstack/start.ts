// `npm start`: the whole system on a laptop, in one process tree, with its state under data/:
// the Temporal dev server (SQLite, Web UI), PostgreSQL (embedded, unless DATABASE_URL is set),
// a mail catcher speaking real SMTP, the worker and the API. Ctrl-C stops everything; a
// restart keeps all state, and timers that came due while it was down fire at once.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import { createDatabase } from '../common/database';
import { createMailTransport } from '../activities/mailer';
import { apiLimits, createApp, webDepsFromConfig } from '../api/app';
import { apiConnectionOptions } from '../api/temporal-deadline';
import { createUser } from '../api/sessions';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ensureWebBuild, webBuildIsStale } from './web-build';
import { closeServer } from '../api/close-server';
import { requestContextClientInterceptors } from '../common/temporal-client-interceptors';
import { loadConfig } from '../common/config';
import { configureDirectoryCache } from '../common/directory-cache';
import type { Role } from '../common/hazard';
import { createPinoLogger, installRuntimeLogger, temporalLoggerFromPino } from '../worker/logging';
import { createWorker } from '../worker/worker';
import { DEV_KEYS, prepareAppDatabase } from './app-database';
import { startMailCatcher } from './mail-catcher';
import { LAPTOP_CHANNELS, receivedText, seedLaptopChannels, startChannelServers } from './channel-servers';
import { channelSettings } from '../worker/main';
import { channelDispatcherSettings, createChannelDispatcher } from '../activities/channel-dispatcher';
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

async function main(): Promise<void> {
  // One pino logger (LOG_LEVEL, default info) for the API's requests and the worker, its
  // workflows and activities (through the Temporal Runtime, installed before any connection).
  const logger = createPinoLogger();
  installRuntimeLogger(temporalLoggerFromPino(logger));
  const dataDir = path.resolve(root, process.env.DATA_DIR ?? 'data');
  const stops: (() => Promise<unknown>)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    // 1. Temporal dev server: built once from its Go module, state in data/temporal.db.
    const provision = spawnSync('bash', [path.join(root, 'scripts', 'provision-temporal-cli.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (provision.status !== 0) throw new Error('could not provision the Temporal CLI');
    const temporalPort = num('TEMPORAL_PORT', 7233);
    const uiPort = num('TEMPORAL_UI_PORT', 8233);
    const devServer = await startDevServer({ dbFile: path.join(dataDir, 'temporal.db'), port: temporalPort, uiPort });
    stops.push(() => devServer.stop());

    // 2. PostgreSQL: DATABASE_URL, or the embedded server with its data in data/postgres.
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dir: path.join(dataDir, 'postgres'), port: num('POSTGRES_PORT', 54329), database: 'campus' });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    await prepareAppDatabase(databaseUrl);
    const db = createDatabase(databaseUrl);
    stops.push(() => db.$disconnect());

    // 3. Mail catcher: real SMTP, every message kept in data/mail; beside it the local 钉钉,
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
    //    with a secret kept in data/ (LINK_SECRET wins).
    if (webBuildIsStale()) console.log('building the web app (dist/web)…');
    ensureWebBuild();
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
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      deps: { db, transport, temporal, from: config.MAIL_FROM, timeZone: config.DISPLAY_TIME_ZONE, publicUrl: config.PUBLIC_URL, links: { secret: config.LINK_SECRET!, ttl: config.LINK_TTL }, channels: channelSettings(config) },
    });
    const workerRun = worker.run();
    const dispatcher = createChannelDispatcher(db, channelDispatcherSettings(config), { warn: (message, fields) => logger.warn(fields, message) });
    dispatcher.start();
    stops.push(() => dispatcher.stop());
    stops.push(async () => {
      worker.shutdown();
      await workerRun;
      await nativeConnection.close();
    });
    workerRun.catch((err) => {
      console.error('worker failed:', err);
      void shutdown(1);
    });

    const app = createApp({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, defaultPolicy: config.hazardPolicy, defaultCampaignPolicy: config.campaignPolicy, timeZone: config.DISPLAY_TIME_ZONE, logger, ...apiLimits(config), web: webDepsFromConfig(config, root) });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.API_PORT, config.API_HOST, () => resolve(s)).once('error', reject);
    });
    stops.push(() => closeServer(server));

    console.log(
      [
        '',
        '护校安园 campus-safety campaigns: running',
        `  Web app          ${config.PUBLIC_URL}/   (sign in: ${LAPTOP_ACCOUNTS.map(([e]) => e).join(', ')}; password ${LAPTOP_PASSWORD})`,
        `  API              http://${config.API_HOST}:${config.API_PORT}/api   (health: /healthz, /readyz)`,
        `  Temporal Web UI  ${devServer.uiUrl}   (gRPC ${devServer.address})`,
        `  Mail catcher     ${mail.webUrl}   (loopback only; SMTP 127.0.0.1:${mail.smtpPort}; files in ${path.relative(root, mail.dir)}/)`,
        `  钉钉/企业微信/短信  ${channelServers.url}   (local providers; what they received: on the mail catcher's page)`,
        `  Database         ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}`,
        `  Laptop API keys  ${DEV_KEYS.map(([k]) => k).join(', ')}`,
        '',
        'Ctrl-C stops everything; state stays in data/.',
      ].join('\n'),
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await shutdown(1);
  }
}

void main();
