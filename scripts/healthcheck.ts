// The container's health check (Dockerfile HEALTHCHECK, docker-compose.yml): `node dist/scripts/healthcheck.js api`
// asks the API's /readyz (database and Temporal reachable); `… worker` asks Temporal whether a worker of this
// container (identity pid@hostname, the SDK's default) polls the task queue. Exit 0 healthy, 1 not; one line why.
import os from 'node:os';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../common/config';

async function api(): Promise<string> {
  const port = process.env.API_PORT ?? '3000';
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(4000) });
  if (!res.ok) throw new Error(`/readyz answered ${res.status}`);
  return '/readyz: ready';
}

async function worker(): Promise<string> {
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 4000 });
  try {
    const host = `@${os.hostname()}`;
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW (@temporalio/proto is not a dependency of its own)
    });
    if (!(pollers ?? []).some((p) => p.identity?.endsWith(host))) throw new Error(`no worker of ${os.hostname()} polls ${config.TEMPORAL_TASK_QUEUE}`);
    return `a worker of ${os.hostname()} polls ${config.TEMPORAL_TASK_QUEUE}`;
  } finally {
    await connection.close();
  }
}

const checks: Record<string, () => Promise<string>> = { api, worker };
const which = process.argv[2] ?? 'api';
const check = checks[which];
if (!check) {
  console.error(`usage: healthcheck api|worker`);
  process.exit(2);
}
check().then(
  (line) => {
    console.log(line);
    process.exit(0);
  },
  (err: unknown) => {
    console.log(`unhealthy: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
