// Every Temporal call on a campaign's workflow, for the API: its launch (Update-with-Start), its
// state (the Query), its Updates (报送, 摸排, 一校一表's list, 通报), and the start of an imported
// hazard list's workflow. Each takes the Client and returns plain results: "no such workflow" is
// `undefined`, never a Temporal error; what the answer means in HTTP is the API's to say.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CampaignState } from '../common/campaign';
import type { Actor } from '../common/hazard';
import {
  CAMPAIGN_WORKFLOW_TYPE,
  campaignReadyUpdate,
  campaignStateQuery,
  campaignWorkflowId,
  HAZARD_IMPORT_WORKFLOW_TYPE,
  hazardImportWorkflowId,
  issueBulletinUpdate,
  listSelfInspectionsUpdate,
  selfInspectionUpdate,
  submitReportUpdate,
  type BulletinCommand,
  type CampaignWorkflow,
  type CampaignWorkflowInput,
  type HazardImportWorkflow,
  type ReportCommand,
  type SelfInspectionCommand,
} from '../domain/campaign/messages';
import { START_ONCE, startOnce } from './workflow-start';

/** An Update's id: the same one again (a retried request) is answered with the first answer. */
export interface UpdateIdOption {
  updateId?: string;
}

/** The live (or, once it has ended, the last) state of a campaign's workflow; undefined when there is no such workflow. */
export async function queryCampaignState(temporal: Client, campaignId: string): Promise<CampaignState | undefined> {
  try {
    return await temporal.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

export interface CampaignLaunch {
  taskQueue: string;
  campaign: CampaignWorkflowInput['campaign'];
  createdBy: Actor;
}

/**
 * Launches a campaign: starts its workflow and answers with its recorded launch in one round trip
 * (Update-with-Start); `created` tells whether this call started it. The same id again finds the
 * running campaign, or the ended one's last state (never a second workflow for an id); undefined
 * when the id was used by a workflow that is gone.
 */
export async function launchCampaign(temporal: Client, { taskQueue, campaign, createdBy }: CampaignLaunch): Promise<{ state: CampaignState; created: boolean } | undefined> {
  const launchToken = randomUUID();
  const startWorkflowOperation = new WithStartWorkflowOperation<CampaignWorkflow>(CAMPAIGN_WORKFLOW_TYPE, {
    workflowId: campaignWorkflowId(campaign.id),
    taskQueue,
    args: [{ campaign, createdBy, launchToken }],
    ...START_ONCE,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  try {
    return await temporal.workflow.executeUpdateWithStart(campaignReadyUpdate, { args: [launchToken], startWorkflowOperation });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  const state = await queryCampaignState(temporal, campaign.id);
  return state ? { state, created: false } : undefined;
}

/** 报送: an owner's report for an obligation's period (the Update's rule refuses what may not be). */
export async function submitCampaignReport(temporal: Client, campaignId: string, command: ReportCommand, options: UpdateIdOption = {}): Promise<{ period: string; onTime: boolean }> {
  return temporal.workflow.getHandle(campaignWorkflowId(campaignId)).executeUpdate(submitReportUpdate, { args: [command], ...options });
}

/** 摸排: a school's self-inspection, its hazards' workflows started already. */
export async function recordSelfInspection(
  temporal: Client,
  campaignId: string,
  command: SelfInspectionCommand,
  options: UpdateIdOption = {},
): Promise<{ hazardCount: number; late: boolean }> {
  return temporal.workflow.getHandle(campaignWorkflowId(campaignId)).executeUpdate(selfInspectionUpdate, { args: [command], ...options });
}

/** 一校一表: each school of an imported list counted as having submitted its self-inspection (those that had not yet); one Update for the list. */
export async function recordSelfInspectionList(
  temporal: Client,
  campaignId: string,
  command: { actor: Actor; schools: { schoolId: string; hazardIds: string[] }[] },
  options: UpdateIdOption = {},
): Promise<{ counted: string[]; late: boolean }> {
  return temporal.workflow.getHandle(campaignWorkflowId(campaignId)).executeUpdate(listSelfInspectionsUpdate, { args: [command], ...options });
}

/** 通报 on demand: the next numbered bulletin, issued now. */
export async function issueCampaignBulletin(temporal: Client, campaignId: string, command: BulletinCommand, options: UpdateIdOption = {}): Promise<{ no: number }> {
  return temporal.workflow.getHandle(campaignWorkflowId(campaignId)).executeUpdate(issueBulletinUpdate, { args: [command], ...options });
}

/** Starts an imported hazard list's workflow (一校一表), once per import id: true when this call started it, false when it had been started already. */
export async function startHazardImport(temporal: Client, { taskQueue, importId }: { taskQueue: string; importId: string }): Promise<boolean> {
  return startOnce<HazardImportWorkflow>(temporal, HAZARD_IMPORT_WORKFLOW_TYPE, { workflowId: hazardImportWorkflowId(importId), taskQueue, args: [{ importId }] });
}
