// 上报 and triage (黔南 item 12), pure: the workflow applies them on its first workflow task, and
// the API answers a report with the same state before the workflow has run (the worker is off the
// request's path). Both take the instant of the report from the workflow's input when it has one.
// The human actions after it are the action table's (actions.ts).
import { SYSTEM, type Actor, type HazardPolicy, type HazardOrigin, type HazardState, type HazardStatus, type HistoryEntry, type NewHazard } from '../../common/hazard';
import { shiftByDuration } from '../../common/iso-duration';
import type { NotificationKind } from '../../common/notification';
import { forbid } from '../rule-violation';

/**
 * 上报: who may report a hazard. A school its own (自查); a department what it finds (鱼峰:
 * "有关部门……自行组建抽查暗访组……及时将发现的突出问题进行通报"; 蒲吕: 派出所 "对发现的问题隐患……下发整改
 * 通知书限期整改"); the bureau, the lead office and the inspectors (督导检查) at any school. Not the
 * local government (it receives, under 挂牌督办).
 */
export function requireMayReport(actor: Actor, schoolId: string): void {
  if (!['school', 'department', 'bureau', 'lead', 'inspector', 'system'].includes(actor.role)) throw forbid(`role ${actor.role} may not report hazards`);
  if (actor.role === 'school' && schoolId !== actor.unitId) throw forbid('a school may report hazards only for itself');
}

/** How a hazard was found when its report does not say: a school's own 自查, a department's 抽查暗访, an office's or inspector's 督导检查. */
export function defaultOrigin(actor: Actor): HazardOrigin {
  return actor.role === 'school' || actor.role === 'system' ? 'self_inspection' : actor.role === 'department' ? 'spot_check' : 'supervision';
}

/** A transition in the state's history (the workflow adds its search attributes and side effects). */
export function appendTransition(state: HazardState, at: string, actor: Actor, action: string, to: HazardStatus, note?: string, from: HazardStatus | null = state.status): HistoryEntry {
  const entry: HistoryEntry = { seq: ++state.seq, at, actor, action, from, to, note };
  state.status = to;
  state.history.push(entry);
  return entry;
}

/** What a report brings: the hazard, its deadline policy and who reported it (the workflow's input has them). */
export interface HazardReport {
  hazard: NewHazard;
  policy: HazardPolicy;
  reportedBy: Actor;
}

/** A hazard's state as reported, before triage. `at`: the instant of the report. */
export function initialState(input: HazardReport, at: string): HazardState {
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
export type TriageAddressee = 'school' | 'bureau' | 'government' | 'lead_office';

export interface Triaged {
  reported: HistoryEntry;
  triaged: HistoryEntry;
  /** The school rectifies it itself (its deadline runs from now on). */
  selfFix: boolean;
  mail: { kind: NotificationKind; to: TriageAddressee[]; cc: TriageAddressee[] };
  /**
   * 重大问题第一时间报送 (the policy's majorHazardReport, where the campaign's source says so): a major
   * hazard sent up at once — to the lead office, which forwards it to the body the source names.
   */
  sentUp?: { kind: NotificationKind; to: TriageAddressee[]; addressee: string };
}

/** A major hazard's report sent up at once, if its campaign's source says so (鱼峰: "重大问题第一时间报送"). */
export function majorHazardSentUp(state: Pick<HazardState, 'level' | 'policy'>): Triaged['sentUp'] {
  const report = state.policy.majorHazardReport;
  return state.level === 'major' && report ? { kind: 'major_hazard_report', to: ['lead_office'], addressee: report.addressee } : undefined;
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
  const sentUp = majorHazardSentUp(state);
  return {
    reported,
    triaged,
    selfFix: false,
    mail: { kind: 'hazard_reported', to: ['bureau'], cc: state.level === 'major' ? ['school', 'government'] : ['school'] },
    ...(sentUp ? { sentUp } : {}),
  };
}

/** The state a report's workflow has after its first workflow task: what the API answers a report with. */
export function triagedState(input: HazardReport, at: string): HazardState {
  const state = initialState(input, at);
  reportAndTriage(state, at);
  return state;
}
