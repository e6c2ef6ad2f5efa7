// Production entry of a worker process (scale by running more of them).
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDatabase } from '../activities/database';
import { createMailTransport } from '../activities/mailer';
import { loadConfig } from '../common/config';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const db = createDatabase(config.DATABASE_URL);
  const transport = createMailTransport(config);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: { db, transport, temporal, from: config.MAIL_FROM, timeZone: config.DISPLAY_TIME_ZONE, publicUrl: config.PUBLIC_URL },
  });
  console.log(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
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
