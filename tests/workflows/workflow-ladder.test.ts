// The hazard workflow alone, on the time-skipping server with stub activities (no database, no
// SMTP): each rung of the ladder fires at its instant, in order, and nothing fires once the
// clock is stopped or moved; the deadline survives continue-as-new. The stubs record the
// workflow time at which each activity was scheduled.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createActivities } from '../../activities';
import type { Actor, HazardPolicy, NewHazard } from '../../common/hazard';
import type { NotificationRequest } from '../../common/notification';
import { startTimeSkippingEnv } from '../../devstack/temporal-tools';
import {
  assignUpdate,
  escalationUpdate,
  extensionDecisionUpdate,
  extensionRequestUpdate,
  HAZARD_WORKFLOW_TYPE,
  hazardStateQuery,
  hazardWorkflowId,
  rectificationUpdate,
  type HazardWorkflow,
} from '../../domain/hazard/messages';
import { quietTemporalLogs } from '../support/temporal-logs';

const DAY = 24 * 3600 * 1000;
const POLICY: HazardPolicy = { reminderOffsets: ['P3D', 'P1D'], overdueGrace: 'P3D', governmentDeadline: 'P15D', lookBackAfter: 'P30D', rectificationPeriod: 'P7D' };
const bureau: Actor = { role: 'bureau', unitId: 'edu' };
const market: Actor = { role: 'department', unitId: 'market' };

type Activities = ReturnType<typeof createActivities>;
interface Call {
  activity: keyof Activities;
  kind: string;
  hazardId?: string;
  seq: number;
  at?: string;
}

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const calls: Call[] = [];
const taskQueue = `workflow-ladder-${process.pid}`;

/** The step of a hazard:<id>:<seq>[:<kind>] dedupe key. */
const seqOf = (dedupeKey: string) => Number(dedupeKey.split(':')[2]);

/**
 * Stub activities: each records what it was asked, and does nothing. The transitions carry the
 * workflow's time of each step; a mail or bulletin entry belongs to the step of its dedupe key.
 */
function stubActivities(): Activities {
  return {
    async sendNotification(req: NotificationRequest) {
      calls.push({ activity: 'sendNotification', kind: req.kind, hazardId: req.hazard.id, seq: seqOf(req.dedupeKey) });
      return { dedupeKey: req.dedupeKey, messageId: '<stub>', to: [], cc: [], sentNow: true };
    },
    async recordHazardTransition(rec) {
      calls.push({ activity: 'recordHazardTransition', kind: rec.event.action, hazardId: rec.hazard.id, seq: rec.event.seq, at: rec.event.at });
    },
    async recordBulletinEntry(rec) {
      calls.push({ activity: 'recordBulletinEntry', kind: rec.reason, hazardId: rec.hazardId, seq: seqOf(rec.dedupeKey), at: rec.at });
    },
  } as Partial<Activities> as Activities;
}

beforeAll(async () => {
  quietTemporalLogs();
  env = await startTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    activities: stubActivities(),
    workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! },
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

let counter = 0;
async function startHazard(extra: Partial<Parameters<HazardWorkflow>[0]> = {}) {
  const id = `wf-${++counter}`;
  const hazard: NewHazard = { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点', evidence: [], selfFixable: false };
  const handle = await env.client.workflow.start<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, {
    workflowId: hazardWorkflowId(id),
    taskQueue,
    args: [{ hazard, policy: POLICY, reportedBy: { role: 'school', unitId: 's01' }, ...extra }],
  });
  return { id, handle };
}

/**
 * The mails of a hazard, in order, as [kind, the workflow time of its step relative to `zero`, in
 * days, to the second: a timer fires at its time plus the milliseconds a workflow task takes].
 */
function mails(hazardId: string, zero: number): [string, number][] {
  const ofHazard = calls.filter((c) => c.hazardId === hazardId);
  const stepAt = new Map(ofHazard.filter((c) => c.activity === 'recordHazardTransition').map((c) => [c.seq, Date.parse(c.at!)]));
  return ofHazard
    .filter((c) => c.activity === 'sendNotification')
    .sort((a, b) => a.seq - b.seq)
    .map((c) => [c.kind, (Math.round((stepAt.get(c.seq)! - zero) / 1000) * 1000) / DAY]);
}

/**
 * A missed deadline's mails, in days from it: reminders 3 and 1 days before; overdue at the
 * deadline; the bureau one grace period later; the government (挂牌督办) after another.
 */
const MISSED_DEADLINE = [
  ['deadline_reminder', -3],
  ['deadline_reminder', -1],
  ['overdue_notice', 0],
  ['escalated_to_bureau', 3],
  ['listed_supervision', 6],
];

test('a missed deadline climbs the whole ladder, each rung at its instant', async () => {
  const { id, handle } = await startHazard();
  const dueAt = Math.round((await env.currentTimeMs()) / 1000) * 1000 + 10 * DAY;
  await handle.executeUpdate(assignUpdate, { args: [{ actor: bureau, departmentId: 'market', dueAt: new Date(dueAt).toISOString() }] });
  await env.sleep(32 * DAY);

  expect(mails(id, dueAt).slice(2)).toEqual([
    ...MISSED_DEADLINE,
    // 挂牌督办 has its own 15-day deadline and reminders.
    ['listed_supervision_reminder', 18],
    ['listed_supervision_reminder', 20],
    ['listed_supervision_overdue', 21],
  ]);
  expect(
    mails(id, dueAt)
      .slice(0, 2)
      .map(([kind]) => kind),
  ).toEqual(['hazard_reported', 'rectification_notice']);
  // Every transition is written to the read model once; the bulletin gets each miss: the unit's first, then the government's.
  const transitions = calls.filter((c) => c.activity === 'recordHazardTransition' && c.hazardId === id).map((c) => c.kind);
  expect(transitions).toEqual([
    'reported',
    'submitted_to_bureau',
    'assigned',
    'deadline_reminder',
    'deadline_reminder',
    'overdue',
    'escalated_to_bureau',
    'escalated_to_government',
    'listed_supervision_reminder',
    'listed_supervision_reminder',
    'listed_supervision_overdue',
  ]);
  expect(calls.filter((c) => c.activity === 'recordBulletinEntry' && c.hazardId === id).map((c) => c.kind)).toEqual(['逾期未完成整改', '挂牌督办隐患逾期未整改']);
  const state = await handle.query(hazardStateQuery);
  expect(state).toMatchObject({ escalationLevel: 3, listedSupervision: true, overdue: true, overdueCount: 2 });
  // The government's 15 days count from the escalation's instant (6 days after the deadline, as the timer fired).
  const escalatedAt = Date.parse(state.history.find((e) => e.action === 'escalated_to_government')!.at);
  expect(escalatedAt - (dueAt + 6 * DAY)).toBeGreaterThanOrEqual(0);
  expect(escalatedAt - (dueAt + 6 * DAY)).toBeLessThan(60_000);
  expect(Date.parse(state.governmentDueAt!)).toBe(escalatedAt + 15 * DAY);
});

test('rectification reported stops the clock: no rung fires afterwards', async () => {
  const { id, handle } = await startHazard();
  const dueAt = (await env.currentTimeMs()) + 5 * DAY;
  await handle.executeUpdate(assignUpdate, { args: [{ actor: bureau, departmentId: 'market', dueAt: new Date(dueAt).toISOString() }] });
  await env.sleep(DAY);
  await handle.executeUpdate(rectificationUpdate, { args: [{ actor: market, note: '已取缔' }] });
  await env.sleep(30 * DAY);
  expect(
    mails(id, dueAt)
      .map(([kind]) => kind)
      .sort(),
  ).toEqual(['hazard_reported', 'rectification_notice', 'rectification_reported', 'verification_requested']);
  expect((await handle.query(hazardStateQuery)).history.map((e) => e.action)).toEqual(['reported', 'submitted_to_bureau', 'assigned', 'rectification_reported']);
});

test('an approved extension moves the live timer: nothing at the old times, every rung at the new', async () => {
  const { id, handle } = await startHazard();
  const dueAt = Math.round((await env.currentTimeMs()) / 1000) * 1000 + 5 * DAY;
  const newDueAt = dueAt + 10 * DAY;
  await handle.executeUpdate(assignUpdate, { args: [{ actor: bureau, departmentId: 'market', dueAt: new Date(dueAt).toISOString() }] });
  await handle.executeUpdate(extensionRequestUpdate, { args: [{ actor: market, requestedDueAt: new Date(newDueAt).toISOString(), reason: '需联合执法' }] });
  await handle.executeUpdate(extensionDecisionUpdate, { args: [{ actor: bureau, approved: true }] });
  await env.sleep(15 * DAY + 2 * 3600 * 1000);
  // The request and the decision are mailed when they are made, 15 days before the new deadline give
  // or take the seconds the three Updates take (each now waits for its batch's local activity); the
  // rungs fire at their instants to the second.
  const at = mails(id, newDueAt).slice(2);
  expect(at.map(([kind, days]) => [kind, kind.startsWith('extension_') ? Math.round(days) : days])).toEqual([
    ['extension_requested', -15],
    ['extension_approved', -15],
    ['deadline_reminder', -3],
    ['deadline_reminder', -1],
    ['overdue_notice', 0],
  ]);
});

test('continue-as-new carries the live deadline: the rungs after it fire at their instants', async () => {
  const { id, handle } = await startHazard({ historyLimit: 20 });
  const firstRunId = (await handle.describe()).runId;
  const dueAt = Math.round((await env.currentTimeMs()) / 1000) * 1000 + 10 * DAY;
  await handle.executeUpdate(assignUpdate, { args: [{ actor: bureau, departmentId: 'market', dueAt: new Date(dueAt).toISOString() }] });
  await env.sleep(4 * DAY);
  expect((await handle.describe()).runId).not.toBe(firstRunId);
  await env.sleep(13 * DAY);
  expect(mails(id, dueAt).slice(2)).toEqual(MISSED_DEADLINE);
  expect((await handle.query(hazardStateQuery)).history.map((e) => e.action).slice(-3)).toEqual(['overdue', 'escalated_to_bureau', 'escalated_to_government']);
});

test("a school's own general hazard that runs late goes to the bureau and no higher by itself (黔南 item 12); the bureau may take it to the government", async () => {
  const id = `wf-self-${++counter}`;
  const hazard: NewHazard = { id, schoolId: 's01', category: 'fire', level: 'general', title: '楼道灭火器过期', evidence: [], selfFixable: true };
  const handle = await env.client.workflow.start<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, {
    workflowId: hazardWorkflowId(id),
    taskQueue,
    args: [{ hazard, policy: POLICY, reportedBy: { role: 'school', unitId: 's01' } }],
  });
  await env.sleep(30 * DAY);
  // Due 7 days after the report; overdue, then the bureau after one grace period — never 挂牌督办 by itself.
  expect(mails(id, 0).map(([kind]) => kind)).toEqual(['self_fix_registered', 'deadline_reminder', 'deadline_reminder', 'overdue_notice', 'escalated_to_bureau']);
  expect(await handle.query(hazardStateQuery)).toMatchObject({ status: 'rectifying', escalationLevel: 2, listedSupervision: false });
  // "对协调有关部门仍难以完成整改的一律报告属地政府统筹解决": the bureau's decision.
  await handle.executeUpdate(escalationUpdate, { args: [{ actor: bureau, reason: '学校无力整改，需政府统筹' }] });
  expect(await handle.query(hazardStateQuery)).toMatchObject({ escalationLevel: 3, listedSupervision: true });
});
