// A rung's batch (its record and mail) goes as an activity, not a local one (issue 29): the
// workflow task that fires a rung completes with the next rung's timer and the batch's scheduling
// together, so the timer starts at once instead of after the batch (a timer starts when the task
// that arms it completes; a local activity held that task open, up to 4 s on a worker just started,
// and every rung came that much late). A batch that keeps failing is worked off apart, nothing
// lost. The hazard workflow alone, on the time-skipping server with stub activities.
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { createActivities } from '../../activities';
import type { HazardOutboxBatch } from '../../activities/hazard-outbox';
import type { HazardPolicy, NewHazard } from '../../common/hazard';
import { startTimeSkippingEnv } from '../../devstack/temporal-tools';
import { assignUpdate, HAZARD_WORKFLOW_TYPE, hazardStateQuery, hazardWorkflowId, type HazardWorkflow } from '../../domain/hazard/messages';
import { quietTemporalLogs } from '../support/temporal-logs';

const DAY = 24 * 3600 * 1000;
const POLICY: HazardPolicy = { reminderOffsets: ['P3D', 'P1D'], overdueGrace: 'P3D', governmentDeadline: 'P15D', lookBackAfter: 'P30D', rectificationPeriod: 'P7D' };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `rung-batch-${process.pid}`;
beforeAll(async () => {
  quietTemporalLogs();
  env = await startTimeSkippingEnv();
  // One worker for the file: a workflow left running with no worker polling would hold the test server's clock.
  worker = await Worker.create({ connection: env.nativeConnection, taskQueue, activities: stubs(), workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! } });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

type Activities = ReturnType<typeof createActivities>;

/** What the stubs were asked, by hazard: each batch's transitions by lane, and the transitions and mails worked off apart. */
interface Asked {
  batches: { local: boolean; records: string[]; mails: string[] }[];
  apart: string[];
}
const asked = new Map<string, Asked>();
const of = (hazardId: string): Asked => asked.get(hazardId) ?? asked.set(hazardId, { batches: [], apart: [] }).get(hazardId)!;
/** Hazards whose rungs' batches fail (relay and database unreachable for the batch; the activities apart get through). */
const failing = new Set<string>();

function stubs(): Partial<Activities> {
  return {
    async carryOutHazardBatch(batch: HazardOutboxBatch) {
      const local = Context.current().info.isLocal;
      const records = batch.database.flat().flatMap((e) => (e.type === 'record' ? [e.record] : []));
      const hazardId = records[0]?.hazard.id ?? batch.mail.flat()[0]?.hazard.id ?? '';
      of(hazardId).batches.push({ local, records: records.map((r) => r.event.action), mails: batch.mail.flat().map((m) => m.kind) });
      if (failing.has(hazardId) && !local) throw new Error('relay and database unreachable');
      return { database: batch.database.length, mail: batch.mail.length };
    },
    async sendNotification(req) {
      of(req.hazard.id).apart.push(`mail:${req.kind}`);
      return { dedupeKey: req.dedupeKey, messageId: '<stub>', to: [], cc: [], sentNow: true };
    },
    async recordHazardTransition(rec) {
      of(rec.hazard.id).apart.push(`record:${rec.event.action}`);
    },
    async recordBulletinEntry(rec) {
      of(rec.hazardId ?? '').apart.push(`bulletin:${rec.reason}`);
    },
  };
}

let counter = 0;
/** A hazard assigned with its deadline 10 days out, left to climb its ladder for 14 days: two reminders, overdue, the bureau. */
async function climb(failRungBatches: boolean) {
  const id = `rung-batch-${++counter}`;
  if (failRungBatches) failing.add(id);
  const hazard: NewHazard = { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点', evidence: [], selfFixable: false };
  const handle = await env.client.workflow.start<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, {
    workflowId: hazardWorkflowId(id),
    taskQueue,
    args: [{ hazard, policy: POLICY, reportedBy: { role: 'school', unitId: 's01' }, reportedAt: new Date(await env.currentTimeMs()).toISOString() }],
  });
  const dueAt = Math.round((await env.currentTimeMs()) / 1000) * 1000 + 10 * DAY;
  await handle.executeUpdate(assignUpdate, { args: [{ actor: { role: 'bureau', unitId: 'edu' }, departmentId: 'market', dueAt: new Date(dueAt).toISOString() }] });
  await env.sleep(14 * DAY);
  const state = await handle.query(hazardStateQuery);
  return { asked: of(id), state, dueAt, history: await handle.fetchHistory() };
}

const RUNGS = ['deadline_reminder', 'deadline_reminder', 'overdue', 'escalated_to_bureau'];

test('the task that fires a rung starts the next rung’s timer together with the rung’s batch, which runs as an activity', async () => {
  const { asked, state, dueAt, history } = await climb(false);
  // The rungs, each at its instant (to the second, on the test server's clock).
  const rungs = state.history.filter((e) => RUNGS.includes(e.action));
  expect(rungs.map((e) => [e.action, Math.round((Date.parse(e.at) - dueAt) / 1000) / 86_400])).toEqual([
    ['deadline_reminder', -3],
    ['deadline_reminder', -1],
    ['overdue', 0],
    ['escalated_to_bureau', 3],
  ]);
  // The report's and the 交办's batches local activities, as before; each rung's an activity, with its transition's record and mail.
  expect(asked.batches).toEqual([
    { local: true, records: ['reported', 'submitted_to_bureau'], mails: ['hazard_reported'] },
    { local: true, records: ['assigned'], mails: ['rectification_notice'] },
    { local: false, records: ['deadline_reminder'], mails: ['deadline_reminder'] },
    { local: false, records: ['deadline_reminder'], mails: ['deadline_reminder'] },
    { local: false, records: ['overdue'], mails: ['overdue_notice'] },
    { local: false, records: ['escalated_to_bureau'], mails: ['escalated_to_bureau'] },
  ]);
  expect(asked.apart).toEqual([]);
  // In the history: each rung's batch scheduled by the same task completion that started the next
  // rung's timer, and that completion before the batch's — the timer never waited for the batch.
  const events = history.events ?? [];
  const idOf = (e: temporal.api.history.v1.IHistoryEvent) => Number(e.eventId);
  const batchesScheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'carryOutHazardBatch');
  expect(batchesScheduled).toHaveLength(4);
  for (const scheduled of batchesScheduled) {
    const task = Number(scheduled.activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId);
    const timers = events.filter((e) => e.timerStartedEventAttributes && Number(e.timerStartedEventAttributes.workflowTaskCompletedEventId) === task);
    expect(timers).toHaveLength(1);
    const completed = events.find((e) => Number(e.activityTaskCompletedEventAttributes?.scheduledEventId) === idOf(scheduled));
    expect(idOf(completed!)).toBeGreaterThan(task);
    // The task was a rung's: a timer fired just before it.
    const before = events.filter((e) => idOf(e) < task && (e.timerFiredEventAttributes || e.workflowTaskCompletedEventAttributes)).at(-1);
    expect(before?.timerFiredEventAttributes).toBeTruthy();
  }
});

test('a rung’s batch that fails three times is worked off apart: each record and mail once, none lost', async () => {
  const { asked, state } = await climb(true);
  expect(state.history.filter((e) => RUNGS.includes(e.action)).map((e) => e.action)).toEqual(RUNGS);
  // Three attempts at each rung's batch, then the lanes apart: each rung's record, its mail (and the overdue's bulletin entry) once.
  expect(asked.batches.filter((b) => !b.local)).toHaveLength(3 * RUNGS.length);
  expect(asked.apart.sort()).toEqual(
    [...RUNGS.map((a) => `record:${a}`), 'mail:deadline_reminder', 'mail:deadline_reminder', 'mail:overdue_notice', 'mail:escalated_to_bureau', 'bulletin:逾期未完成整改'].sort(),
  );
});
