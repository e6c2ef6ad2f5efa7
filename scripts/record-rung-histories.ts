// Records the histories tests/workflows/workflow-replay.test.ts replays for issue 29 (a rung's
// batch as an activity, behind patched('rung-batch-as-activity')): hazards run with stub
// activities on the time-skipping server, assigned with a deadline 10 days out, then left to climb
// their ladder for 19 days (two reminders, overdue, the bureau, 挂牌督办 with its own deadline):
//
// - hazard-rungs-activities: on this tree's workflow code alone (every rung's batch an activity);
// - hazard-rungs-deployed: its first reminder fired on the workflow code before the change (the
//   rung's batch a local activity), the rest on this tree's (a hazard running when it was deployed).
//
//   npm run build && git archive <commit before the change> | tar -x -C /tmp/old && ln -s $PWD/node_modules /tmp/old/
//   (cd /tmp/old && npx tsx scripts/build-workflow-bundle.ts /tmp/old-bundle.js)
//   npx tsx scripts/record-rung-histories.ts tests/fixtures /tmp/old-bundle.js dist/workflow-bundle.js
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../activities';
import type { HazardPolicy, NewHazard } from '../common/hazard';
import { startTimeSkippingEnv } from '../devstack/temporal-tools';
import { assignUpdate, HAZARD_WORKFLOW_TYPE, hazardWorkflowId, type HazardWorkflow } from '../domain/hazard/messages';

const DAY = 24 * 3600 * 1000;
const POLICY: HazardPolicy = { reminderOffsets: ['P3D', 'P1D'], overdueGrace: 'P3D', governmentDeadline: 'P15D', lookBackAfter: 'P30D', rectificationPeriod: 'P7D' };

async function main() {
  const [out, oldBundle, newBundle] = process.argv.slice(2).map((p) => path.resolve(p));
  if (!out || !oldBundle || !newBundle) throw new Error('usage: record-rung-histories.ts <out dir> <old workflow bundle> <new workflow bundle>');
  const env = await startTimeSkippingEnv();
  const names = Object.keys(createActivities({} as never));
  const activities: Record<string, (req: never) => Promise<unknown>> = Object.fromEntries(
    names.map((n) => [n, async (req: { dedupeKey?: string } | undefined) => ({ dedupeKey: req?.dedupeKey, messageId: '<stub>', to: [], cc: [], sentNow: true })]),
  );
  activities.carryOutHazardBatch = async (batch: { database: unknown[]; mail: unknown[] }) => ({ database: batch.database.length, mail: batch.mail.length });
  /** Runs `fn` with a worker on `bundle`, then stops it (`cache` false: no sticky queue, so the next worker takes the tasks at once). */
  const withWorker = async (taskQueue: string, bundle: string, fn: () => Promise<void>, cache = true) => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, activities, workflowBundle: { codePath: bundle }, ...(cache ? {} : { maxCachedWorkflows: 0 }) });
    await worker.runUntil(fn());
  };
  try {
    for (const [name, oldDays] of [
      ['activities', 0],
      ['deployed', 8],
    ] as const) {
      if (process.argv[5] && process.argv[5] !== name) continue;
      const id = `rungs-${name}`;
      const taskQueue = `record-${name}`;
      const hazard: NewHazard = { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点', evidence: [], selfFixable: false };
      const handle = await env.client.workflow.start<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, {
        workflowId: hazardWorkflowId(id),
        taskQueue,
        args: [{ hazard, policy: POLICY, reportedBy: { role: 'school', unitId: 's01' } }],
      });
      const assign = async () => {
        const dueAt = new Date((await env.currentTimeMs()) + 10 * DAY).toISOString();
        await handle.executeUpdate(assignUpdate, { args: [{ actor: { role: 'bureau', unitId: 'edu' }, departmentId: 'market', dueAt }] });
      };
      if (oldDays > 0) {
        await withWorker(
          taskQueue,
          oldBundle,
          async () => {
            await assign();
            await env.sleep(oldDays * DAY); // the first reminder (3 days before) fires here
          },
          false,
        );
        await withWorker(taskQueue, newBundle, () => env.sleep((19 - oldDays) * DAY));
      } else {
        await withWorker(taskQueue, newBundle, async () => {
          await assign();
          await env.sleep(19 * DAY);
        });
      }
      const history = await handle.fetchHistory();
      writeFileSync(path.join(out, `hazard-rungs-${name}.history.bin`), temporal.api.history.v1.History.encode(history).finish());
      console.log(name, history.events!.length, 'events; last', history.events!.at(-1)!.eventType);
    }
  } finally {
    await env.teardown();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
