// Starting a hazard's workflow (上报), once per hazard id: for a single report and a school's
// self-inspection (the API) and for every row of an imported hazard list (the import activity).
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Actor, HazardPolicy, NewHazard } from './hazard';
import { HAZARD_WORKFLOW_TYPE, hazardWorkflowId, type HazardWorkflow } from '../workflows/hazard-messages';

export interface HazardStart {
  temporal: Client;
  taskQueue: string;
  reportedBy: Actor;
  hazard: NewHazard;
  policy: HazardPolicy;
}

/** Starts the workflow; false when one with this id exists already (never a second one). */
export async function startHazardWorkflow({ temporal, taskQueue, reportedBy, hazard, policy }: HazardStart): Promise<boolean> {
  try {
    await temporal.workflow.start<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, {
      workflowId: hazardWorkflowId(hazard.id),
      taskQueue,
      args: [{ hazard, policy, reportedBy }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
  return true;
}
