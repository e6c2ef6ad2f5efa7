// Production entry of the API process.
import { Client, Connection } from '@temporalio/client';
import { createDatabase } from '../common/database';
import { loadConfig } from '../common/config';
import { configureDirectoryCache } from '../common/directory-cache';
import { appDepsFromConfig, createApp } from './app';
import { apiConnectionOptions } from './temporal-deadline';
import { closeServer, listenApi } from './http-server';
import { requestContextClientInterceptors } from '../common/temporal-client-interceptors';

async function main(): Promise<void> {
  const config = loadConfig();
  configureDirectoryCache({ ttlMs: config.DIRECTORY_CACHE_TTL_MS });
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const db = createDatabase(config.DATABASE_URL);
  const connection = await Connection.connect(apiConnectionOptions(config.TEMPORAL_ADDRESS));
  // Every start, Update, Signal and Query carries the request's id into the workflow.
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, interceptors: requestContextClientInterceptors() });
  const app = createApp(appDepsFromConfig(config, { db, temporal }, process.cwd()));
  const server = await listenApi(app, config.API_PORT, config.API_HOST);
  console.log(`web app on http://${config.API_HOST}:${config.API_PORT}/ , API on http://${config.API_HOST}:${config.API_PORT}/api`);
  const stop = async () => {
    await closeServer(server);
    await connection.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
