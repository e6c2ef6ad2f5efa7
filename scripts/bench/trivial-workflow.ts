// The yardsticks of `npm run bench`: workflows that do nothing but what Temporal itself does,
// started raw with client.workflow.start on the same server as the product's, so the product's
// rates are read as ratios of what Temporal itself does on this machine in the same run.
import { sleep } from '@temporalio/workflow';

export async function benchTrivialWorkflow(): Promise<string> {
  return 'done';
}

/** Sleeps on one durable timer until `untilMs`, then completes: a storm of them is Temporal's own storm. */
export async function benchSleepingWorkflow(untilMs: number): Promise<number> {
  await sleep(Math.max(1, untilMs - Date.now()));
  return Date.now();
}
