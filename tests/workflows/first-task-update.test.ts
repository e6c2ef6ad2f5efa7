// A client that reports a hazard and assigns it at once: the API answers the report with its
// triaged state (待教育局交办) before any worker has run the workflow, so the assign can reach the
// workflow together with its first workflow task. It must meet the state the API answered, not
// the state before triage (issue 23, item 9: "cannot assign a hazard that is reported").
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { createActivities } from '../../activities';
import type { HazardPolicy, NewHazard } from '../../common/hazard';
import { startHazardWorkflow } from '../../temporal-client/hazards';
import { startTimeSkippingEnv } from '../../devstack/temporal-tools';
import { assignUpdate, hazardWorkflowId } from '../../domain/hazard/messages';
import { quietTemporalLogs } from '../support/temporal-logs';

const DAY = 24 * 3600 * 1000;
const POLICY: HazardPolicy = { reminderOffsets: ['P3D', 'P1D'], overdueGrace: 'P3D', governmentDeadline: 'P15D', lookBackAfter: 'P30D', rectificationPeriod: 'P7D' };

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  quietTemporalLogs();
  env = await startTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

/** Activities that do nothing: this test is about the workflow's first task alone. */
const idle = {
  sendNotification: async () => ({ sentNow: true }),
  recordHazardTransition: async () => undefined,
  recordBulletinEntry: async () => undefined,
  carryOutHazardBatch: async () => ({ database: 0, mail: 0 }),
} as unknown as Partial<ReturnType<typeof createActivities>>;

test('交办 sent right after the report, before any worker ran it, is accepted with the first workflow task', async () => {
  const taskQueue = `first-task-${process.pid}`;
  const hazard: NewHazard = { id: 'hz-first-task', schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点', evidence: [], selfFixable: false };
  const reportedAt = new Date(await env.currentTimeMs()).toISOString();
  const triaged = await startHazardWorkflow({ temporal: env.client, taskQueue, reportedBy: { role: 'school', unitId: 's01' }, hazard, policy: POLICY, reportedAt });
  expect(triaged?.status).toBe('bureau_review'); // what the API answers the report with

  // No worker yet: the assign waits on the server and comes with the workflow's first task.
  const dueAt = new Date((await env.currentTimeMs()) + 10 * DAY).toISOString();
  const assigned = env.client.workflow
    .getHandle(hazardWorkflowId(hazard.id))
    .executeUpdate(assignUpdate, { args: [{ actor: { role: 'bureau', unitId: 'edu' }, departmentId: 'market', dueAt }] });
  const outcome = assigned.then(
    (state) => ({ status: state.status, responsible: state.responsible }),
    (err: Error) => ({ refused: err.message }),
  );
  await new Promise((r) => setTimeout(r, 1_500));

  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, activities: idle, workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! } });
  const result = await worker.runUntil(outcome);
  expect(result).toEqual({ status: 'assigned', responsible: { type: 'department', id: 'market' } });
});
