// Production entry of a worker process (scale by running more of them).
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from '../common/database';
import { createMailTransport } from '../activities/mailer';
import { requestContextClientInterceptors } from '../common/temporal-client-interceptors';
import { loadConfig } from '../common/config';
import { configureDirectoryCache } from '../common/directory-cache';
import { createPinoLogger, installRuntimeLogger, temporalLoggerFromPino } from './logging';
import { createWorker } from './worker';
import { channelDispatcherSettings, createChannelDispatcher } from '../activities/channel-dispatcher';
import { createHeldNoticeDispatcher } from '../activities/held-notices';
import type { ActivityDeps } from '../activities/deps';

/**
 * The workflow bundle built ahead of time by `npm run build` (scripts/build-workflow-bundle.ts):
 * WORKFLOW_BUNDLE_PATH, else dist/workflow-bundle.js next to the compiled worker. Without one
 * (running the TypeScript sources), the worker bundles the workflows itself at start.
 */
export function prebuiltWorkflowBundle(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.WORKFLOW_BUNDLE_PATH) {
    if (!existsSync(env.WORKFLOW_BUNDLE_PATH)) throw new Error(`WORKFLOW_BUNDLE_PATH: no such file ${env.WORKFLOW_BUNDLE_PATH}`);
    return env.WORKFLOW_BUNDLE_PATH;
  }
  const besideDist = path.join(__dirname, '..', 'workflow-bundle.js');
  return path.basename(path.dirname(__dirname)) === 'dist' && existsSync(besideDist) ? besideDist : undefined;
}

/** What the activities use: the process's connections, and from the configuration the mail's sender, zone, links and channels. */
export const activityDepsOf = (config: ReturnType<typeof loadConfig>, io: Pick<ActivityDeps, 'db' | 'transport' | 'temporal'>): ActivityDeps => ({
  ...io,
  from: config.MAIL_FROM,
  timeZone: config.DISPLAY_TIME_ZONE,
  publicUrl: config.PUBLIC_URL,
  links: config.LINK_SECRET ? { secret: config.LINK_SECRET, ttl: config.LINK_TTL } : undefined,
  channels: { smsWorkingHoursOnly: config.SMS_WORKING_HOURS_ONLY, sms: !!(config.SMS_ACCESS_KEY_ID && config.SMS_ACCESS_KEY_SECRET) },
  workingHoursOnly: config.NOTICES_WORKING_HOURS_ONLY,
});

async function main(): Promise<void> {
  // The worker's start, phase by phase (the 'worker polling' line): what a restart costs before its workflows move on.
  const started = Date.now();
  const phases: Record<string, number> = { processToMain: Math.round(performance.now()) };
  let mark = started;
  const phase = (name: string) => {
    phases[name] = Date.now() - mark;
    mark = Date.now();
  };
  const config = loadConfig();
  configureDirectoryCache({ ttlMs: config.DIRECTORY_CACHE_TTL_MS });
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  // Before the first connection: the worker's, its workflows' and its activities' logs go to pino.
  const logger = createPinoLogger();
  installRuntimeLogger(temporalLoggerFromPino(logger));
  const db = createDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const transport = createMailTransport(config);
  // A connection to PostgreSQL before the first task: the first local activities after a restart
  // would open it while holding their workflow tasks open (and the timers armed in them).
  await db.$queryRaw`SELECT 1`.catch((err: unknown) => logger.warn({ err }, 'PostgreSQL not reachable at start; the activities retry'));
  phase('database');
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  phase('temporalConnections');
  // The activities' client: what they signal carries their request context on.
  const temporal = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, interceptors: requestContextClientInterceptors() });
  const bundlePath = prebuiltWorkflowBundle();
  const deps = activityDepsOf(config, { db, transport, temporal });

  const worker = await createWorker({
    connection,
    workflowBundle: bundlePath ? { codePath: bundlePath } : undefined,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTasks: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    deps,
  });
  phase('workerCreate');
  logger.info(
    { taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS, workflowBundle: bundlePath ?? 'built at start', startMs: { ...phases, total: Math.round(performance.now()) } },
    'worker polling',
  );
  // The notices' channels beside the mail (钉钉, 企业微信, SMS), sent apart from the workflows.
  const dispatcher = createChannelDispatcher(db, channelDispatcherSettings(config), { warn: (message, fields) => logger.warn(fields, message) });
  dispatcher.start();
  // The rung notices held for working hours, sent at their 08:30 (activities/held-notices.ts).
  const heldNotices = createHeldNoticeDispatcher(deps, { pollMs: config.HELD_NOTICE_POLL_MS }, { warn: (message, fields) => logger.warn(fields, message) });
  heldNotices.start();
  await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks are done
  await heldNotices.stop();
  await dispatcher.stop();
  transport.close();
  await connection.close();
  await clientConnection.close();
  await db.$disconnect();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
