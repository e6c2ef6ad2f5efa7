// Starting a hazard's workflow (上报), once per hazard id: a single report and a school's
// self-inspection through the API (Update-with-Start: started and answered with its triaged
// state in one round trip), and every row of an imported hazard list (the import activity).
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Actor, HazardPolicy, HazardState, NewHazard } from './hazard';
import { HAZARD_WORKFLOW_TYPE, hazardReadyUpdate, hazardWorkflowId, type HazardWorkflow } from '../workflows/hazard-messages';

/**
 * A workflow task of ours takes milliseconds; one started on a worker that died is handed to
 * another once this has passed (Temporal's default is 10 s), so a worker's death delays a
 * deadline by seconds. For every workflow the API starts.
 */
export const WORKFLOW_TASK_TIMEOUT = '5 seconds';

export interface HazardStart {
  temporal: Client;
  taskQueue: string;
  reportedBy: Actor;
  hazard: NewHazard;
  policy: HazardPolicy;
}

function startOptions({ taskQueue, reportedBy, hazard, policy }: HazardStart, reportToken?: string): WorkflowStartOptions<HazardWorkflow> {
  return {
    workflowId: hazardWorkflowId(hazard.id),
    taskQueue,
    args: [{ hazard, policy, reportedBy, reportToken }],
    // Never a second workflow for a hazard id, even once the first has ended.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
  };
}

/** Starts the workflow; false when one with this id exists already (never a second one). */
export async function startHazardWorkflow(start: HazardStart): Promise<boolean> {
  try {
    await start.temporal.workflow.start<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, startOptions(start));
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
  return true;
}

/**
 * Reports a hazard: starts its workflow, or finds the running one with this id, and returns its
 * triaged state in one round trip (Update-with-Start). `created` tells whether this call started
 * it. Undefined when a workflow with this id has ended already (its state is in the read model).
 */
export async function reportHazard(start: HazardStart): Promise<{ created: boolean; state: HazardState } | undefined> {
  const reportToken = randomUUID();
  const startWorkflowOperation = new WithStartWorkflowOperation<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, {
    ...startOptions(start, reportToken),
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  try {
    return await start.temporal.workflow.executeUpdateWithStart(hazardReadyUpdate, { args: [reportToken], startWorkflowOperation });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw err;
  }
}
