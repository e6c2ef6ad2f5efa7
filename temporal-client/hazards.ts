// Every Temporal call on a hazard's workflow, for the API and the activities: its start (上报),
// once per hazard id — a single report and a school's self-inspection through the API (a plain
// start, answered with the triaged state the API computes with the workflow's own pure triage;
// the same id again is answered by the running workflow, through Update-with-Start), and every
// row of an imported hazard list (the import activity); its state (the Query); a person's action
// (the action table's Update); and a campaign's Updates to it (escalation, look-back). Each takes
// the Client and returns plain results: "no such workflow" is `undefined` (or false), never a
// Temporal error; what the answer means in HTTP is the API's to say.
import { randomUUID } from 'node:crypto';
import {
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  isGrpcServiceError,
  type Client,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { START_ONCE, startOnce } from './workflow-start';
import type { Actor, HazardPolicy, HazardState, NewHazard } from '../common/hazard';
import type { HazardActionKey } from '../domain/hazard/actions';
import {
  HAZARD_ACTION_UPDATES,
  HAZARD_WORKFLOW_TYPE,
  campaignEscalationUpdate,
  campaignLookBackUpdate,
  hazardReadyUpdate,
  hazardStateQuery,
  hazardWorkflowId,
  type CampaignEscalationCommand,
  type CampaignLookBackCommand,
  type HazardWorkflow,
} from '../domain/hazard/messages';
import { hazardStartListing } from '../domain/hazard/listing';
import { triagedState } from '../domain/hazard/rules';

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
    ...START_ONCE,
  };
}

/** Starts the workflow, reported now unless said otherwise; its triaged state, or undefined when one with this id exists already (never a second one). */
export async function startHazardWorkflow(start: HazardStart): Promise<HazardState | undefined> {
  const reportedAt = start.reportedAt ?? new Date().toISOString();
  const triaged = triagedState(start, reportedAt);
  return (await startOnce<HazardWorkflow>(start.temporal, HAZARD_WORKFLOW_TYPE, startOptions({ ...start, reportedAt }, undefined, triaged))) ? triaged : undefined;
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

/** How long a query waits for a just-reported hazard's first workflow task (the report is answered before it runs). */
const FIRST_TASK_WAIT_MS = 10_000;
/** gRPC's status code for a Query refused before the workflow's first task has run. */
const FAILED_PRECONDITION = 9;

/**
 * The live state of a hazard's workflow (its Query), or undefined when there is no such workflow.
 * A report is answered before the workflow's first task has run (issue 14), and Temporal refuses
 * a Query until then ("workflow not ready", FAILED_PRECONDITION, after waiting a second itself):
 * asked again until it has run, unless `waitForFirstTask` is false (then that refusal is thrown).
 */
export async function queryHazardState(temporal: Client, hazardId: string, { waitForFirstTask = true }: { waitForFirstTask?: boolean } = {}): Promise<HazardState | undefined> {
  const handle = temporal.workflow.getHandle(hazardWorkflowId(hazardId));
  const giveUpAt = Date.now() + FIRST_TASK_WAIT_MS;
  for (;;) {
    try {
      return await handle.query(hazardStateQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      const notReady = err instanceof ServiceError && isGrpcServiceError(err.cause) && err.cause.code === FAILED_PRECONDITION;
      if (!waitForFirstTask || !notReady || Date.now() > giveUpAt) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * A person's action on a hazard: the action table's Update for `key` (its validator runs the
 * action's rule; a refusal is thrown as the SDK raises it). The new state, or undefined when no
 * workflow of this hazard is running (no such hazard, or its loop has ended).
 */
export async function actOnHazard(
  temporal: Client,
  hazardId: string,
  key: HazardActionKey,
  command: { actor: Actor },
  options: { updateId?: string } = {},
): Promise<HazardState | undefined> {
  return updateHazard(temporal, hazardId, HAZARD_ACTION_UPDATES[key] as UpdateDefinition<HazardState, [object]>, command, options);
}

/**
 * A campaign's phase closing escalates the hazard to at least `command.targetLevel`: whether it
 * did (false: already that high, or its workflow has ended). The update id is the campaign step's
 * key, so a retried activity gets the hazard's first answer back.
 */
export async function escalateHazardForCampaign(temporal: Client, hazardId: string, command: CampaignEscalationCommand, updateId: string): Promise<boolean> {
  return (await updateHazard(temporal, hazardId, campaignEscalationUpdate, command, { updateId }))?.escalated ?? false;
}

/**
 * A campaign's 巩固提高 opening brings the written-off hazard's look-back (回头看) into its window:
 * whether the hazard awaits its look-back in it (false: not, or its workflow has ended). The
 * update id is the campaign step's key, so a retried activity gets the hazard's first answer back.
 */
export async function scheduleHazardLookBack(temporal: Client, hazardId: string, command: CampaignLookBackCommand, updateId: string): Promise<boolean> {
  return (await updateHazard(temporal, hazardId, campaignLookBackUpdate, command, { updateId }))?.lookBackDue ?? false;
}

/**
 * Sends `update` with `command` to the hazard's workflow: its answer, or undefined when no workflow
 * of this hazard is running (no such hazard, or its loop has ended); any other error is thrown as
 * the SDK raises it (a validator's refusal among them).
 */
async function updateHazard<Ret, Arg>(temporal: Client, hazardId: string, update: UpdateDefinition<Ret, [Arg]>, command: Arg, options: { updateId?: string }): Promise<Ret | undefined> {
  try {
    return await temporal.workflow.getHandle(hazardWorkflowId(hazardId)).executeUpdate(update, { args: [command], ...options });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}
