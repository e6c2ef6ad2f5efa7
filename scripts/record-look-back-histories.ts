// Records the histories tests/workflow-replay.test.ts replays: hazards run with stub activities on
// the time-skipping server on an older tree's workflow code (139ae16, before the 回头看 became the
// bureau's obligation), one left waiting on its look-back window, one past its closing. Run in
// that tree, not this one:
//   git archive 139ae16 | tar -x -C /tmp/old && cp scripts/record-look-back-histories.ts /tmp/old/scripts/
//   ln -s $PWD/node_modules $PWD/.tools /tmp/old/ && (cd /tmp/old && npx tsx scripts/record-look-back-histories.ts $OLDPWD/tests/fixtures)
import { writeFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createActivities } from '../activities';
import type { HazardPolicy, NewHazard } from '../common/hazard';
import { startTimeSkippingEnv } from '../devstack/temporal-tools';
import { assignUpdate, HAZARD_WORKFLOW_TYPE, hazardWorkflowId, rectificationUpdate, verificationUpdate, type HazardWorkflow } from '../domain/hazard/messages';

const DAY = 24 * 3600 * 1000;
const POLICY: HazardPolicy = { reminderOffsets: ['P3D', 'P1D'], overdueGrace: 'P3D', governmentDeadline: 'P15D', lookBackAfter: 'P30D', rectificationPeriod: 'P7D' };

async function main() {
  const env = await startTimeSkippingEnv();
  const names = Object.keys(createActivities({} as any));
  const activities: Record<string, (req: any) => Promise<unknown>> = Object.fromEntries(
    names.map((n) => [n, async (req: any) => ({ dedupeKey: req?.dedupeKey, messageId: '<stub>', to: [], cc: [], sentNow: true })]),
  );
  activities.carryOutHazardBatch = async (batch: any) => ({ database: batch.database.length, mail: batch.mail.length });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'record', activities, workflowsPath: require.resolve('../workflows') });
  const running = worker.run();
  const out = process.argv[2];
  try {
    for (const [name, sleepDays] of [
      ['waiting', 31],
      ['closed', 62],
    ] as const) {
      const id = `look-back-${name}`;
      const hazard: NewHazard = { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点', evidence: [], selfFixable: false };
      const handle = await env.client.workflow.start<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, {
        workflowId: hazardWorkflowId(id),
        taskQueue: 'record',
        args: [{ hazard, policy: POLICY, reportedBy: { role: 'school', unitId: 's01' } } as any],
      });
      const dueAt = new Date((await env.currentTimeMs()) + 10 * DAY).toISOString();
      await handle.executeUpdate(assignUpdate, { args: [{ actor: { role: 'bureau', unitId: 'edu' }, departmentId: 'market', dueAt }] });
      await handle.executeUpdate(rectificationUpdate, { args: [{ actor: { role: 'department', unitId: 'market' }, note: '已取缔' }] });
      await handle.executeUpdate(verificationUpdate, { args: [{ actor: { role: 'inspector' }, passed: true }] });
      await env.sleep(sleepDays * DAY);
      const history = await handle.fetchHistory();
      writeFileSync(`${out}/hazard-look-back-${name}.history.bin`, temporal.api.history.v1.History.encode(history).finish());
      const types = history.events!.map((e) => e.eventType);
      console.log(name, history.events!.length, 'events; last', types.at(-1));
    }
  } finally {
    worker.shutdown();
    await running;
    await env.teardown();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
