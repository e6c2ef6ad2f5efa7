// How the API and the activities start our workflows: each id at most once, ever
// (REJECT_DUPLICATE: not even after the first has ended), each with the short workflow task timeout.
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

/**
 * A workflow task of ours takes milliseconds; one started on a worker that died is handed to
 * another once this has passed (Temporal's default is 10 s), so a worker's death delays a
 * deadline by seconds. For every workflow the API starts.
 */
export const WORKFLOW_TASK_TIMEOUT = '5 seconds';

/** The options every start of ours has (never a second workflow for an id; the short task timeout). */
export const START_ONCE = { workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT } as const;

/** Starts the workflow unless its id was ever started: true when this call started it, false when one had been. */
export async function startOnce<W extends Workflow>(temporal: Client, workflowType: string, options: WorkflowStartOptions<W>): Promise<boolean> {
  try {
    await temporal.workflow.start<W>(workflowType, { ...START_ONCE, ...options });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}
