// A deadline keeps its instant when its only worker dies (issue 29): the production topology with
// one worker process, SIGKILLed twice while the hazards' deadlines fire, a new one started 5 s
// later each time, and every hazard read through the API meanwhile (a page open on it). No
// transition is recorded before its rung's instant — a read during the outage once made the next
// one be recorded at the instant the dead worker's last task ended, and armed the next timer from
// that clock — and every rung fires soon after a worker is back. No read answers 500: one the
// workflow cannot answer in time comes from the read model, marked so. The goal's figures (5 s)
// are in docs/benchmarks/README.md (Faults); this asserts never-before and a bound a busy 2-core
// machine keeps.
import { startScratchCluster, type Cluster } from '../../devstack/cluster';
import { workerKillsWhileRead } from '../../devstack/fault-scenarios';

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startScratchCluster('kill', {
    workers: 1,
    engine: 'dev',
    webUi: false,
    appEnv: { ...process.env, SMTP_HOST: '', LOG_LEVEL: 'warn', API_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
}, 300_000);

afterAll(() => cluster?.stop(), 120_000);

test('the only worker killed twice while deadlines fire and the hazards are read: no rung recorded before its instant, each soon after a worker is back, no read answers 500', async () => {
  const r = await workerKillsWhileRead(cluster, { prefix: `kill-${Date.now().toString(36)}`, hazards: 8, kills: 2 });
  // Nothing lost, nothing before its time.
  expect(r.problems).toEqual([]);
  expect(r.beforeInstant).toBe(0);
  expect(r.earliestTransitionLagMs).toBeGreaterThanOrEqual(0);
  expect(r.lost).toBe(0);
  // Every rung within 2 minutes of its instant or of the worker's return: a bound a 2-core machine
  // under other engineers' load keeps (the goal, 5 s, is measured by npm run test:faults: docs/benchmarks).
  expect(r.worstTransitionLagMs).toBeLessThan(120_000);
  // Every read answered, none with a 500: the live state, the read model, or a 503 to retry.
  expect(r.reads.count).toBe(16);
  expect(Object.keys(r.reads.byStatus).filter((s) => !['200', '503'].includes(s))).toEqual([]);
}, 600_000);
