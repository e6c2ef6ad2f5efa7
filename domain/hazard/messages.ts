// The messages of a hazard's workflow: its input, id, Updates, Query and the campaign's Updates
// to it. Free of side effects and of the workflow body, so the API, the activities and the
// workflow all import them from here (as Temporal's samples keep them in a shared module).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { HAZARD_ACTIONS, type HazardActionKey } from './actions';
import type { Actor, HazardPolicy, HazardState, NewHazard, ResponsiblePerson } from '../../common/hazard';
import type { HazardDeadlineKind, HazardEscalationStep } from './deadlines';
import type { LadderSnapshot } from '../deadline-plan';

export type { HazardDeadlineKind, HazardEscalationStep } from './deadlines';

export interface AssignCommand {
  actor: Actor;
  departmentId: string;
  /** 配合单位 (absent in Updates from before issue 24). */
  cooperatingDepartmentIds?: string[];
  /** 整改责任人, 督办责任人 (平湖 "逐一落实"). */
  rectificationOwner?: ResponsiblePerson;
  supervisionOwner?: ResponsiblePerson;
  dueAt: string;
  note?: string;
}
export interface RectificationCommand {
  actor: Actor;
  note: string;
  evidence?: string[];
}
export interface ProgressCommand {
  actor: Actor;
  note: string;
}
export interface AcknowledgeCommand {
  actor: Actor;
  note?: string;
}
export interface VerificationCommand {
  actor: Actor;
  passed: boolean;
  note?: string;
  newDueAt?: string;
}
export interface ExtensionRequestCommand {
  actor: Actor;
  requestedDueAt: string;
  reason: string;
}
export interface ExtensionDecisionCommand {
  actor: Actor;
  approved: boolean;
  note?: string;
}
export interface EscalationCommand {
  actor: Actor;
  reason: string;
}
export interface WithdrawCommand {
  actor: Actor;
  reason: string;
}
export interface LookBackCommand {
  actor: Actor;
  passed: boolean;
  note?: string;
  newDueAt?: string;
}
export interface SelfFixRegistrationCommand {
  actor: Actor;
  note: string;
  evidence: string[];
}
export interface SpotCheckCommand {
  actor: Actor;
  passed: boolean;
  note?: string;
  newDueAt?: string;
}

/** A campaign closed a phase with this hazard unfinished: escalate it to at least `targetLevel`. */
export interface CampaignEscalationCommand {
  phase: 'rectification' | 'acceptance';
  targetLevel: 2 | 3;
}
/**
 * The campaign's 巩固提高 (consolidation) opened: a written-off hazard's look-back (回头看) comes
 * due by `dueAt` if it would come later, and its window stays open until at least `closesAt`.
 */
export interface CampaignLookBackCommand {
  dueAt: string;
  closesAt: string;
}

/** The whole state with its history. */
export const hazardStateQuery = defineQuery<HazardState>('hazard.state');
/**
 * Returns the state once the report is triaged, sent with the workflow's start (Update-with-Start);
 * `created` when the report token is the one the workflow was started with.
 */
export const hazardReadyUpdate = defineUpdate<{ state: HazardState; created: boolean }, [reportToken: string]>('hazard.ready');
/** 交办: the bureau assigns a department and a deadline; sends the 整改通知书. */
export const assignUpdate = defineUpdate<HazardState, [AssignCommand]>(HAZARD_ACTIONS.assign.update);
/** 整改完成: the responsible unit reports rectification; stops the clock. */
export const rectificationUpdate = defineUpdate<HazardState, [RectificationCommand]>(HAZARD_ACTIONS.rectification.update);
/** 整改进展: the unit that must rectify (or the local government under 挂牌督办) reports how far it is. */
/** 签收: the addressed unit acknowledges its 整改通知书 / 挂牌督办 (domain/hazard/acknowledgement.ts). */
export const acknowledgeUpdate = defineUpdate<HazardState, [AcknowledgeCommand]>(HAZARD_ACTIONS.acknowledge.update);
export const progressUpdate = defineUpdate<HazardState, [ProgressCommand]>(HAZARD_ACTIONS.progress.update);
/** 验收: passed → 销号; failed → back to rectifying with a new deadline. */
export const verificationUpdate = defineUpdate<HazardState, [VerificationCommand]>(HAZARD_ACTIONS.verification.update);
export const extensionRequestUpdate = defineUpdate<HazardState, [ExtensionRequestCommand]>(HAZARD_ACTIONS.extension.update);
export const extensionDecisionUpdate = defineUpdate<HazardState, [ExtensionDecisionCommand]>(HAZARD_ACTIONS.extensionDecision.update);
/** The bureau declares the hazard cannot be solved: to the local government at once (挂牌督办). */
export const escalationUpdate = defineUpdate<HazardState, [EscalationCommand]>(HAZARD_ACTIONS.escalation.update);
export const withdrawUpdate = defineUpdate<HazardState, [WithdrawCommand]>(HAZARD_ACTIONS.withdraw.update);
/** 回头看: the look-back check after write-off; a failed one reopens the hazard. */
export const lookBackUpdate = defineUpdate<HazardState, [LookBackCommand]>(HAZARD_ACTIONS.lookBack.update);
/** 登记销号: the school closes its own self-fixed general hazard with its photos (黔南 item 12). */
export const selfFixRegistrationUpdate = defineUpdate<HazardState, [SelfFixRegistrationCommand]>(HAZARD_ACTIONS.selfFixRegistration.update);
/** 抽查: the bureau spot-checks a hazard a school closed itself; a failed one reopens it. */
export const spotCheckUpdate = defineUpdate<HazardState, [SpotCheckCommand]>(HAZARD_ACTIONS.spotCheck.update);
/** Each human action's Update, by its key in the action table. */
export const HAZARD_ACTION_UPDATES = {
  assign: assignUpdate,
  progress: progressUpdate,
  rectification: rectificationUpdate,
  extension: extensionRequestUpdate,
  extensionDecision: extensionDecisionUpdate,
  verification: verificationUpdate,
  escalation: escalationUpdate,
  withdraw: withdrawUpdate,
  lookBack: lookBackUpdate,
  selfFixRegistration: selfFixRegistrationUpdate,
  spotCheck: spotCheckUpdate,
  acknowledge: acknowledgeUpdate,
} satisfies Record<HazardActionKey, UpdateDefinition<HazardState, [{ actor: Actor }]>>;
/** A phase closing: whether this hazard was escalated by it (false: ended, or already that high). */
export const campaignEscalationUpdate = defineUpdate<{ escalated: boolean }, [CampaignEscalationCommand]>('hazard.campaign-escalation');
/** 巩固提高 opening: whether this hazard awaits its look-back within the phase (brought forward, or due already). */
export const campaignLookBackUpdate = defineUpdate<{ lookBackDue: boolean }, [CampaignLookBackCommand]>('hazard.campaign-look-back');

export interface HazardWorkflowInput {
  hazard: NewHazard;
  policy: HazardPolicy;
  reportedBy: Actor;
  /** Names the report that started the workflow (the API's Update-with-Start). */
  reportToken?: string;
  /**
   * The instant of the report, when the API answered it with the triaged state itself
   * (hazard-rules.ts `triagedState`): the workflow's state is that one. Default: its first task's time.
   */
  reportedAt?: string;
  /** Continue as new past this many history events (default 5,000). */
  historyLimit?: number;
  /** Set when the workflow continues as new. */
  resume?: { state: HazardState; ladder: LadderSnapshot<HazardDeadlineKind, HazardEscalationStep> };
}

/** Workflow id of a hazard. */
export const hazardWorkflowId = (hazardId: string): string => `hazard-${hazardId}`;

/** The workflow's type and registered name, for clients that start it without importing its body. */
export type HazardWorkflow = (input: HazardWorkflowInput) => Promise<HazardState>;
export const HAZARD_WORKFLOW_TYPE = 'hazardWorkflow';

/** The lead retries a parked side effect (a stuck step, by its id) after a fix: put back in its lane; `done` once carried out. */
export const retryStuckStepUpdate = defineUpdate<{ found: boolean; done: boolean; error?: string }, [{ id: string }]>('hazard.retry-stuck-step');
