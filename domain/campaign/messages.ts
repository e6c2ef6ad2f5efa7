// The messages of a campaign's workflow: its input, id, Updates and Query. Free of side effects
// and of the workflow body, so the API imports them from here.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CampaignPlan, CampaignPolicy, CampaignState } from '../../common/campaign';
import type { Actor } from '../../common/hazard';
import { CAMPAIGN_ACTIONS } from './actions';
import type { LadderSnapshot } from '../deadline-plan';

export interface ReportCommand {
  actor: Actor;
  ownerId: string;
  obligationKey: string;
  period?: string;
  note: string;
}
export interface SelfInspectionCommand {
  actor: Actor;
  schoolId: string;
  hazardIds: string[];
  /** api (default) or csv (一校一表 as a list). */ source?: 'api' | 'csv';
}
export interface BulletinCommand {
  actor: Actor;
}

export const campaignStateQuery = defineQuery<CampaignState>('campaign.state');
/**
 * Returns the state once the launch is recorded, sent with the workflow's start
 * (Update-with-Start); `created` when the launch token is the one the workflow was started with.
 */
export const campaignReadyUpdate = defineUpdate<{ state: CampaignState; created: boolean }, [launchToken: string]>('campaign.ready');
/** 报送: an owner submits a report for an obligation's period. */
export const submitReportUpdate = defineUpdate<{ period: string; onTime: boolean }, [ReportCommand]>(CAMPAIGN_ACTIONS.report.update);
/** 摸排: a school's self-inspection (its hazards are started as hazard workflows by the API). */
export const selfInspectionUpdate = defineUpdate<{ hazardCount: number; late: boolean }, [SelfInspectionCommand]>(CAMPAIGN_ACTIONS.selfInspection.update);
/** 一校一表: the schools of an imported hazard list, each counted as having submitted its self-inspection (those that had not yet). */
export const listSelfInspectionsUpdate = defineUpdate<{ counted: string[]; late: boolean }, [{ actor: Actor; schools: { schoolId: string; hazardIds: string[] }[] }]>(
  'campaign.self-inspection-list',
);
/** 通报 on demand: the lead office issues the next numbered bulletin now. */
export const issueBulletinUpdate = defineUpdate<{ no: number }, [BulletinCommand]>(CAMPAIGN_ACTIONS.issueBulletin.update);

export interface CampaignWorkflowInput {
  campaign: {
    id: string;
    name: string;
    jurisdictionId: string;
    presetId?: string;
    plan: CampaignPlan;
    policy: CampaignPolicy;
    departmentIds: string[];
    schoolIds: string[];
  };
  createdBy: Actor;
  /** Names the launch that started the workflow (the API's Update-with-Start). */
  launchToken?: string;
  /** Continue as new past this many history events (default 10,000). */
  historyLimit?: number;
  resume?: { state: CampaignState; ladder: LadderSnapshot<CampaignDeadlineKind, CampaignEscalationStep> };
}

/** What a campaign's deadline is for: a phase opening, a phase closing, a report period. */
export type CampaignDeadlineKind = 'phase-open' | 'phase-close' | 'report';
/** The rung after a report's deadline. */
export type CampaignEscalationStep = 'escalate-to-lead-office';

export const campaignWorkflowId = (campaignId: string): string => `campaign-${campaignId}`;

/** An imported hazard list's workflow (一校一表). */
export const hazardImportWorkflowId = (importId: string): string => `hazard-import-${importId}`;

/** The workflows' types and registered names, for clients that start them without importing their bodies. */
export type CampaignWorkflow = (input: CampaignWorkflowInput) => Promise<CampaignState>;
export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';
export type HazardImportWorkflow = (input: { importId: string }) => Promise<unknown>;
export const HAZARD_IMPORT_WORKFLOW_TYPE = 'hazardImportWorkflow';

/** The lead retries a parked side effect (a stuck step, by its id) after a fix: put back in its lane; `done` once carried out. */
export const retryCampaignStuckStepUpdate = defineUpdate<{ found: boolean; done: boolean; error?: string }, [{ id: string }]>('campaign.retry-stuck-step');
