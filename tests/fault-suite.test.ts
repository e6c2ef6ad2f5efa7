// The fault suite (issue 11) on the production topology's processes: two worker processes and
// the API process from dist/, PostgreSQL, the Temporal dev server and the mail catcher behind a
// TCP proxy, each a process of its own (devstack/cluster.ts). While twenty hazards' deadlines
// fire, one service at a time is taken away; at the SMTP sink and in the hazards' live state,
// nothing is lost, nothing comes twice (but in the SMTP hand-off window, with the same
// Message-ID), and the transitions keep their instants. `npm run test:faults` runs the same
// scenarios bigger and prints the README's table.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freeClusterPorts, startCluster, type Cluster } from '../devstack/cluster';
import { apiKilledMidBurst, faultTable, LADDER_MAILS, noFault, postgresOutage, smtpOutage, temporalRestart, workerKills, type FaultResult } from '../devstack/fault-scenarios';
import { uniqueId } from './support/hazard-helpers';

const HAZARDS = 20;
const SECOND = 1000;
let dir: string;
let cluster: Cluster;
const results: FaultResult[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'campus-safety-faults-'));
  cluster = await startCluster({
    dataDir: dir,
    ports: await freeClusterPorts(),
    workers: 2,
    engine: 'dev',
    webUi: false,
    faultInjection: true,
    // The application's errors on the test's output (the faults make warnings by design).
    log: (source, line) => {
      if (!source.startsWith('temporal') && /"level":(50|60)/.test(line)) console.error(`${source}: ${line}`);
    },
    appEnv: { ...process.env, SMTP_HOST: '', LOG_LEVEL: 'error', API_RATE_LIMIT_PER_MINUTE: '100000' },
  });
}, 300_000);

afterAll(async () => {
  if (results.length) console.log(faultTable(results));
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
}, 120_000);

const run = async <R extends FaultResult>(scenario: (c: Cluster, o: { prefix: string; hazards: number }) => Promise<R>, prefix: string): Promise<R> => {
  const r = await scenario(cluster, { prefix: uniqueId(prefix), hazards: HAZARDS });
  results.push(r);
  return r;
};

test('no fault: every mail of every ladder once, each transition at its instant', async () => {
  const r = await run(noFault, 'baseline');
  expect(r.problems).toEqual([]);
  expect([r.expected, r.delivered, r.replaced, r.lost, r.duplicated]).toEqual([HAZARDS * LADDER_MAILS.length, HAZARDS * LADDER_MAILS.length, 0, 0, 0]);
  expect(r.worstTransitionLagMs).toBeLessThan(2 * SECOND);
}, 300_000);

test('SMTP down across the deadlines: the transitions keep their instants; every mail comes once after, overtaken reminders replaced by their overdue notices', async () => {
  const r = await run(smtpOutage, 'smtp');
  expect(r.problems).toEqual([]);
  expect([r.lost, r.duplicated]).toEqual([0, 0]);
  expect(r.delivered + r.replaced).toBe(r.expected);
  // Every first reminder came due in the outage, its deadline passed in it: the overdue notice says what is true.
  expect(r.replacedByKind.deadline_reminder).toBe(HAZARDS);
  expect(r.worstTransitionLagMs).toBeLessThan(2 * SECOND);
}, 300_000);

test('PostgreSQL stopped across the deadlines: the same', async () => {
  const r = await run(postgresOutage, 'postgres');
  expect(r.problems).toEqual([]);
  expect([r.lost, r.duplicated]).toEqual([0, 0]);
  expect(r.delivered + r.replaced).toBe(r.expected);
  expect(r.replacedByKind.deadline_reminder).toBe(HAZARDS);
  expect(r.worstTransitionLagMs).toBeLessThan(2 * SECOND);
}, 300_000);

test('a worker SIGKILLed three times amid the deadlines: the others take over within seconds, nothing lost, a duplicate only with the same Message-ID', async () => {
  const r = await run(workerKills, 'kills');
  expect(r.problems).toEqual([]);
  expect(r.lost).toBe(0);
  expect(r.duplicated).toBe(r.duplicatedSameMessageId);
  expect(r.worstMailLagMs).toBeLessThan(15 * SECOND);
  expect(r.worstTransitionLagMs).toBeLessThan(15 * SECOND);
}, 300_000);

test('the Temporal engine restarted: the deadlines that passed while it was down fire when it is back, nothing lost or twice', async () => {
  const r = await run(temporalRestart, 'temporal');
  expect(r.problems).toEqual([]);
  expect([r.lost, r.duplicated]).toEqual([0, 0]);
  expect(r.delivered + r.replaced).toBe(r.expected);
}, 300_000);

test('the API SIGKILLed amid a burst of reports, retried with their Idempotency-Keys: each hazard reported once', async () => {
  const r = await run(apiKilledMidBurst, 'burst');
  expect(r.problems).toEqual([]);
  expect([r.expected, r.delivered, r.lost, r.duplicated]).toEqual([HAZARDS, HAZARDS, 0, 0]);
  expect(r.attempts).toBeGreaterThan(HAZARDS); // the kill refused some requests, retried
}, 300_000);
