// Production entry of a worker process (scale by running more of them).
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDatabase } from '../common/database';
import { createMailTransport } from '../activities/mailer';
import { requestContextClientInterceptors } from '../common/temporal-client-interceptors';
import { loadConfig } from '../common/config';
import { createPinoLogger, installRuntimeLogger, temporalLoggerFromPino } from './logging';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  // Before the first connection: the worker's, its workflows' and its activities' logs go to pino.
  const logger = createPinoLogger();
  installRuntimeLogger(temporalLoggerFromPino(logger));
  const db = createDatabase(config.DATABASE_URL);
  const transport = createMailTransport(config);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  // The activities' client: what they signal carries their request context on.
  const temporal = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, interceptors: requestContextClientInterceptors() });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    deps: { db, transport, temporal, from: config.MAIL_FROM, timeZone: config.DISPLAY_TIME_ZONE, publicUrl: config.PUBLIC_URL, links: config.LINK_SECRET ? { secret: config.LINK_SECRET, ttl: config.LINK_TTL } : undefined },
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'worker polling');
  await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks are done
  transport.close();
  await connection.close();
  await clientConnection.close();
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
