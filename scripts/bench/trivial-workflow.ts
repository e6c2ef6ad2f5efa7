// The yardsticks of `npm run bench`: workflows that do nothing but what Temporal itself does,
// started raw with client.workflow.start on the same server as the product's, so the product's
// rates are read as ratios of what Temporal itself does on this machine in the same run.
import { proxyLocalActivities, sleep } from '@temporalio/workflow';

/** The yardstick worker's one activity: counts the rows of Temporal's own import (scripts/bench.ts). */
export interface YardstickActivities {
  benchRowTriaged(): Promise<void>;
}
const { benchRowTriaged } = proxyLocalActivities<YardstickActivities>({ startToCloseTimeout: '10 seconds' });

export async function benchTrivialWorkflow(): Promise<string> {
  return 'done';
}

/** Sleeps on one durable timer until `untilMs`, then completes: a storm of them is Temporal's own storm. */
export async function benchSleepingWorkflow(untilMs: number): Promise<number> {
  await sleep(Math.max(1, untilMs - Date.now()));
  return Date.now();
}

/**
 * A row of Temporal's own import: its first workflow task runs one local activity and arms a
 * timer, as an imported hazard's does (triage, its record and mail, its deadline), without the work.
 */
export async function benchImportedWorkflow(): Promise<void> {
  await benchRowTriaged();
  await sleep('30 days');
}
