// Which of a hazard's deadlines runs now, and its ladder of rungs: pure, so the workflow arms it
// (workflows/hazard-deadlines.ts), the listing shows it and the web app's timeline plans it.
import type { HazardState } from '../../common/hazard';
import { shiftByDuration } from '../../common/iso-duration';
import { durationBetween, type LadderSpec } from '../deadline-plan';
import { AWAITING_RECTIFICATION, RECTIFYING } from './actions';

/** What a hazard's deadline is for (hazard-deadlines.ts). */
export type HazardDeadlineKind = 'rectification' | 'listed-supervision' | 'look-back';
/** The rungs after a hazard's deadline, named by what they do (a look-back's reminders name their offset before its window closes). */
export type HazardEscalationStep = 'escalate-to-bureau' | 'escalate-to-government' | 'close-look-back-window' | `remind-look-back:${string}`;

/** What decides which deadline runs (and, by who is responsible, how high it climbs). */
export type RunningDeadlineFacts = Pick<HazardState, 'status' | 'listedSupervision' | 'dueAt' | 'governmentDueAt' | 'policy'> & { responsible?: { type: string } };

/**
 * 黔南 item 12: only what "协调有关部门仍难以完成整改的" goes to the local government. A hazard the
 * school rectifies itself climbs to the bureau when late (its duty to follow up), and reaches the
 * government only if the bureau escalates it (报属地政府挂牌督办).
 */
export const climbsToGovernment = (state: RunningDeadlineFacts): boolean => state.responsible?.type !== 'school';

/** The deadline that runs now: the government's under listed supervision, else the unit's while it must rectify. */
export function runningDeadline(state: RunningDeadlineFacts): string | undefined {
  // Under 挂牌督办 the government's runs from the escalation until rectification is reported; else the unit's while it rectifies.
  if (state.listedSupervision) return AWAITING_RECTIFICATION.includes(state.status) ? state.governmentDueAt : undefined;
  return RECTIFYING.includes(state.status) ? state.dueAt : undefined;
}

/**
 * The ladder of the deadline that runs now, if one does: under listed supervision the
 * government's, with its reminders; otherwise the unit's, with its reminders, the bureau one grace
 * period after it and the government after another. Pure: the web app's timeline plans the coming
 * rungs from it with planRungs.
 */
export function runningDeadlineLadder(state: RunningDeadlineFacts, { schoolToGovernment = false } = {}): { spec: LadderSpec<HazardEscalationStep>; kind: HazardDeadlineKind } | undefined {
  const dueAt = runningDeadline(state);
  if (!dueAt) return undefined;
  const timeZone = state.policy.timeZone;
  if (state.listedSupervision) return { spec: { dueAt, reminderOffsets: state.policy.reminderOffsets, escalations: [], timeZone }, kind: 'listed-supervision' };
  const grace = state.policy.overdueGrace;
  const dueMs = Date.parse(dueAt);
  const twoGraces = shiftByDuration(shiftByDuration(dueMs, grace, 1, timeZone), grace, 1, timeZone);
  const escalations: { step: HazardEscalationStep; delay: string }[] = [{ step: 'escalate-to-bureau', delay: grace }];
  // `schoolToGovernment`: as a school's own hazard climbed before issue 24 (a workflow replaying it).
  if (climbsToGovernment(state) || schoolToGovernment) escalations.push({ step: 'escalate-to-government', delay: durationBetween(dueMs, twoGraces) });
  return { spec: { dueAt, reminderOffsets: state.policy.reminderOffsets, escalations, timeZone }, kind: 'rectification' };
}
