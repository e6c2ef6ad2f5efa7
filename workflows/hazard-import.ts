// One workflow per imported hazard list (一校一表): its activity starts the rows' hazard
// workflows, a few at a time, resuming where it stopped if a worker dies. The history is a
// handful of events whatever the file's size: the rows are in the database, not in the history.
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { HazardImportProgress } from '../activities/hazard-import';

const { runHazardImport } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['NotFound'] },
});
const { failHazardImport } = proxyActivities<ReturnType<typeof createActivities>>({ startToCloseTimeout: '1 minute' });

export async function hazardImportWorkflow({ importId }: { importId: string }): Promise<HazardImportProgress> {
  try {
    // The hazards go on the import's own task queue: the workers that run this one run them.
    return await runHazardImport({ importId, taskQueue: workflowInfo().taskQueue });
  } catch (err) {
    const message = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    await failHazardImport({ importId, error: message });
    throw ApplicationFailure.nonRetryable(`hazard import ${importId} failed: ${message}`);
  }
}
