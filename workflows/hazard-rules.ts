// The rules of the hazard closed loop (排查→上报→交办→整改→验收→销号): which action the
// current state allows, and for whom. Pure functions, used by the workflow's update
// validators so that a refused action is answered at once, with its reason.
import { HAZARD_STATUS_LABELS, SYSTEM, type Actor, type HazardState, type HazardStatus, type HistoryEntry } from '../common/hazard';
import { shiftByDuration } from '../common/iso-duration';
import type { NotificationKind } from '../common/notification';
import type { HazardWorkflowInput } from './hazard-messages';
import { forbid, invalid, refuse } from './rule-violation';

function requireStatus(state: HazardState, allowed: HazardStatus[], action: string): void {
  if (!allowed.includes(state.status)) {
    throw refuse(`cannot ${action} a hazard that is ${state.status} (${HAZARD_STATUS_LABELS[state.status]}); allowed from: ${allowed.join(', ')}`);
  }
}

function requireRole(actor: Actor, roles: Actor['role'][], action: string): void {
  if (actor.role !== 'system' && !roles.includes(actor.role)) {
    throw forbid(`role ${actor.role} may not ${action}`);
  }
}

/** Is the actor the unit that must rectify the hazard now (or the bureau acting for it)? */
function requireResponsible(state: HazardState, actor: Actor, action: string): void {
  const r = state.responsible;
  if (actor.role === 'bureau' || actor.role === 'lead' || actor.role === 'system') return;
  // 挂牌督办: the local government takes the hazard over (the API checks it is the hazard's own).
  if (actor.role === 'government') {
    if (state.listedSupervision) return;
    throw forbid(`the local government may ${action} only under its listed supervision (挂牌督办); this hazard is not`);
  }
  if (actor.role === 'department' && r.type === 'department' && r.id === actor.unitId) return;
  if (actor.role === 'school' && r.type === 'school' && r.id === actor.unitId) return;
  throw forbid(`only the responsible unit (${r.type}${'id' in r ? ` ${r.id}` : ''}) or the education bureau may ${action}`);
}

function requireLater(next: string, current: string | undefined, field: string): void {
  if (Number.isNaN(Date.parse(next))) throw invalid(`${field} is not an instant`);
  if (Date.parse(next) <= Date.now()) throw invalid(`${field} must be in the future`);
  if (current && Date.parse(next) <= Date.parse(current)) throw invalid(`${field} must be later than the current deadline ${current}`);
}

export const rules = {
  assign(state: HazardState, actor: Actor, dueAt: string): void {
    requireRole(actor, ['bureau', 'lead'], 'assign a hazard');
    requireStatus(state, ['bureau_review'], 'assign');
    requireLater(dueAt, undefined, 'dueAt');
  },
  reportRectification(state: HazardState, actor: Actor): void {
    requireResponsible(state, actor, 'report its rectification');
    requireStatus(state, ['assigned', 'rectifying'], 'report rectification of');
  },
  reportProgress(state: HazardState, actor: Actor): void {
    requireResponsible(state, actor, 'report progress on');
    requireStatus(state, ['assigned', 'rectifying'], 'report progress on');
  },
  verify(state: HazardState, actor: Actor, passed: boolean, newDueAt?: string): void {
    requireRole(actor, ['inspector', 'bureau', 'lead'], 'verify a rectification');
    requireStatus(state, ['rectified'], 'verify');
    if (!passed && newDueAt) requireLater(newDueAt, undefined, 'newDueAt');
  },
  requestExtension(state: HazardState, actor: Actor, requestedDueAt: string): void {
    requireResponsible(state, actor, 'request an extension');
    requireStatus(state, ['assigned', 'rectifying'], 'request an extension for');
    if (state.pendingExtension) throw refuse(`an extension to ${state.pendingExtension.requestedDueAt} is already awaiting a decision`);
    requireLater(requestedDueAt, state.listedSupervision ? state.governmentDueAt : state.dueAt, 'requestedDueAt');
  },
  decideExtension(state: HazardState, actor: Actor): void {
    requireRole(actor, ['bureau', 'lead'], 'decide an extension');
    if (!state.pendingExtension) throw refuse('no extension request is awaiting a decision');
    requireStatus(state, ['assigned', 'rectifying'], 'decide an extension for');
  },
  escalate(state: HazardState, actor: Actor): void {
    requireRole(actor, ['bureau', 'lead'], 'escalate a hazard to the local government');
    requireStatus(state, ['bureau_review', 'assigned', 'rectifying', 'rectified'], 'escalate');
    if (state.listedSupervision) throw refuse('the hazard is already under listed supervision (挂牌督办)');
  },
  withdraw(state: HazardState, actor: Actor): void {
    if (actor.role === 'school') {
      if (actor.unitId !== state.schoolId) throw forbid('a school may withdraw only its own hazards');
      if (state.status !== 'bureau_review' && state.responsible.type !== 'school') {
        throw forbid('once assigned to a department, only the education bureau may withdraw a hazard');
      }
    } else {
      requireRole(actor, ['bureau', 'lead'], 'withdraw a hazard');
    }
    requireStatus(state, ['reported', 'bureau_review', 'assigned', 'rectifying', 'rectified'], 'withdraw');
  },
  lookBack(state: HazardState, actor: Actor, passed: boolean, newDueAt?: string): void {
    requireRole(actor, ['inspector', 'bureau', 'lead'], 'record a look-back check (回头看)');
    requireStatus(state, ['closed'], 'record a look-back check for');
    if (state.lookBackDone) throw refuse('the look-back check (回头看) is already recorded');
    if (!passed && newDueAt) requireLater(newDueAt, undefined, 'newDueAt');
  },
};

// -- 上报 and triage, pure: the workflow applies them on its first workflow task, and the API
// answers a report with the same state before the workflow has run (issue 14: the worker is off
// the request's path). Both take the instant of the report from the workflow's input when it has one.

/** A transition in the state's history (the workflow adds its search attributes and side effects). */
export function appendTransition(state: HazardState, at: string, actor: Actor, action: string, to: HazardStatus, note?: string, from: HazardStatus | null = state.status): HistoryEntry {
  const entry: HistoryEntry = { seq: ++state.seq, at, actor, action, from, to, note };
  state.status = to;
  state.history.push(entry);
  return entry;
}

/** A hazard's state as reported, before triage. `at`: the instant of the report. */
export function initialState(input: HazardWorkflowInput, at: string): HazardState {
  const hz = input.hazard;
  return {
    ...hz,
    evidence: [...hz.evidence],
    dueAt: hz.dueAt ? new Date(hz.dueAt).toISOString() : undefined,
    status: 'reported',
    responsible: { type: 'school', id: hz.schoolId },
    escalationLevel: 0,
    listedSupervision: false,
    rejectionCount: 0,
    overdue: false,
    overdueCount: 0,
    reportedBy: input.reportedBy,
    reportedAt: at,
    lookBackDone: false,
    policy: input.policy,
    seq: 0,
    history: [],
  };
}

/** Who a triaged report's mail goes to, by role in the hazard. */
export type TriageAddressee = 'school' | 'bureau' | 'government';

export interface Triaged {
  reported: HistoryEntry;
  triaged: HistoryEntry;
  /** The school rectifies it itself (its deadline runs from now on). */
  selfFix: boolean;
  mail: { kind: NotificationKind; to: TriageAddressee[]; cc: TriageAddressee[] };
}

/**
 * 上报 → triage (黔南 item 12): a general hazard the school can fix itself stays with the school,
 * which rectifies and registers it; everything else, and every major hazard, goes to the
 * education bureau, which assigns it to the responsible department. Major hazards are reported
 * to the local government as well (平湖: 重大隐患报属地党委政府). Changes `state`.
 */
export function reportAndTriage(state: HazardState, at: string): Triaged {
  const reported = appendTransition(state, at, state.reportedBy, 'reported', 'reported', state.title, null);
  if (state.level === 'general' && state.selfFixable) {
    state.responsible = { type: 'school', id: state.schoolId };
    state.dueAt = state.dueAt ?? new Date(shiftByDuration(Date.parse(at), state.policy.rectificationPeriod, 1, state.policy.timeZone)).toISOString();
    const triaged = appendTransition(state, at, SYSTEM, 'school_self_rectification', 'rectifying', '一般隐患，学校自行整改');
    return { reported, triaged, selfFix: true, mail: { kind: 'self_fix_registered', to: ['school'], cc: ['bureau'] } };
  }
  state.responsible = { type: 'bureau' };
  const why = state.level === 'major' ? '重大隐患，报教育局' : '学校无法自行整改，报教育局';
  const triaged = appendTransition(state, at, SYSTEM, 'submitted_to_bureau', 'bureau_review', why);
  return { reported, triaged, selfFix: false, mail: { kind: 'hazard_reported', to: ['bureau'], cc: state.level === 'major' ? ['school', 'government'] : ['school'] } };
}

/** The state a report's workflow has after its first workflow task: what the API answers a report with. */
export function triagedState(input: HazardWorkflowInput, at: string): HazardState {
  const state = initialState(input, at);
  reportAndTriage(state, at);
  return state;
}
