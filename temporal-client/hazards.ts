// Starting a hazard's workflow (上报), once per hazard id: a single report and a school's
// self-inspection through the API (a plain start, answered with the triaged state the API
// computes with the workflow's own pure triage; the same id again is answered by the running
// workflow, through Update-with-Start), and every row of an imported hazard list (the import activity).
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Actor, HazardPolicy, HazardState, NewHazard } from './hazard';
import { HAZARD_WORKFLOW_TYPE, hazardReadyUpdate, hazardWorkflowId, type HazardWorkflow } from '../domain/hazard/messages';
import { hazardStartListing } from '../domain/hazard/listing';
import { triagedState } from '../domain/hazard/rules';

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
  /** The instant of the report (default: now). */
  reportedAt?: string;
  /** What "now" is (default the machine's clock). */
  clock?: () => number | Promise<number>;
}

/** The options of its start; with the instant of the report, listed with the state it is triaged to then (the workflow's first task makes the same). */
function startOptions({ taskQueue, reportedBy, hazard, policy, reportedAt }: HazardStart, reportToken?: string, triaged?: HazardState): WorkflowStartOptions<HazardWorkflow> {
  return {
    workflowId: hazardWorkflowId(hazard.id),
    taskQueue,
    args: [{ hazard, policy, reportedBy, ...(reportToken ? { reportToken } : {}), ...(reportedAt ? { reportedAt } : {}) }],
    ...(triaged ? { typedSearchAttributes: hazardStartListing(triaged) } : {}),
    // Never a second workflow for a hazard id, even once the first has ended.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
  };
}

/** Starts the workflow, reported now unless said otherwise; its triaged state, or undefined when one with this id exists already (never a second one). */
export async function startHazardWorkflow(start: HazardStart): Promise<HazardState | undefined> {
  const reportedAt = start.reportedAt ?? new Date().toISOString();
  const triaged = triagedState(start, reportedAt);
  try {
    await start.temporal.workflow.start<HazardWorkflow>(HAZARD_WORKFLOW_TYPE, startOptions({ ...start, reportedAt }, undefined, triaged));
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
    throw err;
  }
  return triaged;
}

/**
 * Reports a hazard: starts its workflow and answers with its triaged state without waiting for
 * the worker (the state the workflow's first task makes: hazard-rules.ts `triagedState`, at the
 * same instant); or, when a workflow with this id exists (an Idempotency-Key retry, the same id
 * again), returns the running one's state once it is triaged (Update-with-Start, which starts
 * nothing then). `created` tells whether this call started it. Undefined when a workflow with
 * this id has ended already (its state is in the read model).
 */
export async function reportHazard(start: HazardStart): Promise<{ created: boolean; state: HazardState } | undefined> {
  const reportedAt = new Date(await (start.clock?.() ?? Date.now())).toISOString();
  const state = await startHazardWorkflow({ ...start, reportedAt });
  return state ? { created: true, state } : readyHazard(start);
}

/** The running workflow's triaged state (Update-with-Start: it starts one only if the id is free again, which REJECT_DUPLICATE prevents). */
async function readyHazard(start: HazardStart): Promise<{ created: boolean; state: HazardState } | undefined> {
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
