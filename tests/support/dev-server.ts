// A test file's harness on the real Temporal dev server (the one `npm start` runs), in real time:
// the dev server over a fresh SQLite file, started before the file's tests, stopped after them.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePortBlock } from '../../devstack/free-port';
import { startDevServer, type DevServer } from '../../devstack/temporal-tools';
import { useHarness, type Harness, type HarnessOptions } from './harness';
import { quietTemporalLogs } from './temporal-logs';

export function useDevServerHarness(options: Omit<HarnessOptions, 'temporal'> = {}): Harness {
  let dir: string;
  let server: DevServer;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  beforeAll(async () => {
    quietTemporalLogs();
    dir = await mkdtemp(path.join(os.tmpdir(), 'campus-safety-dev-'));
    await chmod(dir, 0o755);
    // Below the ephemeral range: no client socket can take them before the server binds them.
    const ports = await freePortBlock(2);
    server = await startDevServer({ dbFile: path.join(dir, 'temporal.db'), port: ports, uiPort: ports + 1 });
    connection = await Connection.connect({ address: server.address });
    nativeConnection = await NativeConnection.connect({ address: server.address });
  });
  const h = useHarness(() => ({ ...options, temporal: { client: new Client({ connection }), connection: nativeConnection, namespace: 'default' } }));
  // After the harness's own afterAll (jest runs them in the order they are declared).
  afterAll(async () => {
    await nativeConnection?.close();
    await connection?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return h;
}
