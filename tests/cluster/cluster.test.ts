// The production topology (`npm run start:cluster`), one cluster for this file: the Temporal
// server on PostgreSQL, two worker processes and the API process running the compiled
// JavaScript of dist/ (npm run build, run by pretest), mail to a real SMTP sink. Deadlines are
// compressed to seconds through each hazard's policy.
import { Client, Connection } from '@temporalio/client';
import { startScratchCluster, type Cluster } from '../../devstack/cluster';
import { apiCall, isMailOfHazard, mailKind, median, TAKEOVER_KINDS, waitForMails, workerKillTakeover } from '../../devstack/cluster-scenarios';
import { majorHazard } from '../support/builders';
import { addr, beijing, sorted, uniqueId } from '../support/hazard-helpers';

let cluster: Cluster;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  cluster = await startScratchCluster('cluster', {
    workers: 2,
    webUi: true,
    // Its own mail catcher, whatever SMTP_HOST the machine has.
    appEnv: { ...process.env, SMTP_HOST: '', LOG_LEVEL: 'warn' },
  });
  connection = await Connection.connect({ address: cluster.temporalAddress });
  client = new Client({ connection, namespace: cluster.namespace });
}, 300_000);

afterAll(async () => {
  await connection?.close();
  await cluster?.stop();
}, 120_000);

const api = (method: string, url: string, key: string, body?: unknown) => apiCall(cluster.apiUrl, method, url, key, body);
const mailOf = async (id: string, kind: string) => (await waitForMails(cluster, (m) => isMailOfHazard(id)(m) && mailKind(m) === kind, 1))[0];

test('a hazard goes the whole way through the API process and the worker processes: report, assign, reminder, overdue, rectification, verification', async () => {
  const id = uniqueId('cluster');
  const report = await api('POST', '/api/hazards', 'dev-lead', majorHazard(id, { reminderOffsets: ['PT4S'], overdueGrace: 'PT1H', governmentDeadline: 'P1D', lookBackAfter: 'P1D' }));
  expect(report.status).toBe(201);
  expect(report.body.status).toBe('bureau_review');
  expect((await mailOf(id, 'hazard_reported')).to).toEqual(addr.bureau());

  const dueAt = new Date(Date.now() + 8_000).toISOString();
  const assign = await api('POST', `/api/hazards/${id}/assign`, 'dev-bureau', { departmentId: 'market', dueAt, note: '请依法取缔' });
  expect(assign.status).toBe(200);
  const notice = await mailOf(id, 'rectification_notice');
  expect(notice.to).toEqual(addr.dept('market'));
  expect(sorted(notice.cc)).toEqual(sorted(addr.school()));
  expect(notice.subject).toContain(`请区市场监管局于${beijing(dueAt)}前整改“校门口无证流动摊点”`);

  const reminder = await mailOf(id, 'deadline_reminder');
  // "还有…" as counted when it is sent: 4 s before the deadline, less if the busy machine sent it late.
  expect(reminder.subject).toMatch(/距整改期限还有[1-4]秒/);
  expect(Date.parse(reminder.receivedAt)).toBeGreaterThanOrEqual(Date.parse(dueAt) - 4_000);
  const overdue = await mailOf(id, 'overdue_notice');
  expect(overdue.to).toEqual(addr.dept('market'));
  expect(overdue.cc).toEqual(addr.leader('market'));
  expect(Date.parse(overdue.receivedAt)).toBeGreaterThanOrEqual(Date.parse(dueAt));
  expect((await api('GET', `/api/hazards/${id}`, 'dev-lead')).body).toMatchObject({ status: 'assigned', overdue: true, escalationLevel: 1 });

  // Visibility on PostgreSQL: the hazard is found by the project's search attributes.
  const listed: string[] = [];
  for await (const wf of client.workflow.list({ query: `HazardStatus = "assigned" AND DepartmentId = "market" AND SchoolId = "s01"` })) listed.push(wf.workflowId);
  expect(listed).toContain(`hazard-${id}`);

  const done = await api('POST', `/api/hazards/${id}/rectification`, 'dev-dept-market', { note: '摊点已取缔' });
  expect(done.status).toBe(200);
  expect(done.body.status).toBe('rectified');
  const reported = await mailOf(id, 'rectification_reported');
  expect(reported.to).toEqual(addr.bureau());
  expect(reported.text).toContain('摊点已取缔');

  const verified = await api('POST', `/api/hazards/${id}/verification`, 'dev-inspector', { passed: true, note: '现场核查合格' });
  expect(verified.status).toBe(200);
  expect(verified.body.status).toBe('closed');
  await mailOf(id, 'verification_passed');

  // Each mail once.
  const kinds = (await cluster.mail!.messages()).filter(isMailOfHazard(id)).map(mailKind).sort();
  expect(kinds).toEqual(['deadline_reminder', 'hazard_reported', 'overdue_notice', 'rectification_notice', 'rectification_reported', 'verification_passed'].sort());
}, 120_000);

test('a worker SIGKILLed while deadlines fire: the other carries on and every mail arrives exactly once', async () => {
  const [victim, survivor] = cluster.workers;
  const r = await workerKillTakeover(cluster, { prefix: uniqueId('takeover'), hazards: 20 });
  expect(victim.running()).toBe(false);
  expect(survivor.running()).toBe(true);
  expect(r.duplicates).toEqual([]);
  expect(r.mails).toHaveLength(4 * 20);
  for (const id of r.ids) expect(r.mails.filter(isMailOfHazard(id)).map(mailKind).sort()).toEqual([...TAKEOVER_KINDS]);
  // The kill fell amid the deadlines: some were due after it, served by the survivor.
  expect(r.lateAfterMs.length).toBeGreaterThan(0);
  // Never early: a deadline's mail follows its instant.
  expect(Math.min(...r.lateBeforeMs, ...r.lateAfterMs)).toBeGreaterThanOrEqual(0);
  console.log(
    `worker-kill takeover ${(r.takeoverMs / 1000).toFixed(1)} s: ${r.lateAfterMs.length} deadlines due after the SIGKILL served at most ` +
      `${(Math.max(0, ...r.lateAfterMs) / 1000).toFixed(1)} s late (median ${(median(r.lateAfterMs) / 1000).toFixed(1)} s); ` +
      `${r.lateBeforeMs.length} due before it at most ${(Math.max(0, ...r.lateBeforeMs) / 1000).toFixed(1)} s late`,
  );
}, 300_000);
