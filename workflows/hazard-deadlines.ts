// A hazard's deadlines, in one place: which deadline runs now, how each is armed on the deadline
// ladder, and what each of its rungs does. Three kinds, one at a time:
//
// - 限期整改 rectification: reminders to the responsible unit; at the deadline an overdue notice
//   (level 1, to the unit and its supervising leader); one grace period later the bureau and the
//   lead office are asked to supervise (level 2, 逾期督办); another grace period later the local
//   government takes it under listed supervision (level 3, 挂牌督办) with a deadline of its own.
// - 挂牌督办 listed supervision: reminders to the government and the unit; at its deadline the
//   hazard is recorded for the bulletin (通报).
// - 回头看 look-back: some time after write-off the bureau is asked for the look-back check, an
//   obligation of its own: reminded before its window closes (one period later), then overdue to
//   the bureau and the lead office and recorded for the bulletin (通报).

import { patched } from '@temporalio/workflow';
import { SYSTEM, type Actor, type HazardState } from '../common/hazard';
import { shiftByDuration } from '../common/iso-duration';
import { durationBetween } from '../domain/deadline-plan';
import { runningDeadline, runningDeadlineLadder, type HazardDeadlineKind, type HazardEscalationStep } from '../domain/hazard/deadlines';
import type { DeadlineLadder, FiredRung, LadderRung } from './deadline-ladder';
import type { HazardSteps, SideEffect } from './hazard-steps';
import { iso, later } from './workflow-time';

export type HazardLadder = DeadlineLadder<HazardDeadlineKind, HazardEscalationStep>;
type HazardRung = LadderRung<HazardEscalationStep>;

/** Moves the deadline that runs now (an approved extension, a failed verification): the unit's, or the government's under listed supervision. */
export function setRunningDeadline(state: HazardState, dueAt: string): void {
  if (state.listedSupervision) state.governmentDueAt = dueAt;
  else state.dueAt = dueAt;
}

/**
 * A school's own hazard climbs no higher than the bureau by itself (黔南 item 12, issue 24). A
 * history from before, whose ladder had the government's rung, replays as it ran (Temporal's
 * patched(): false only while replaying a history from before); a ladder armed before that fires
 * its government rung after it does nothing.
 */
export const SELF_FIX_STAYS_WITH_BUREAU = 'self-fix-stays-with-bureau';

/** Whether this school's own hazard still climbs to the government as before issue 24 (a replayed history). */
const schoolClimbsAsBefore = (state: HazardState): boolean => state.responsible.type === 'school' && !patched(SELF_FIX_STAYS_WITH_BUREAU);

/** Arms the deadline that runs now (none of the old rungs fires). */
export function armRunningDeadline(ladder: HazardLadder, state: HazardState): void {
  state.overdue = false;
  const running = runningDeadlineLadder(state, { schoolToGovernment: schoolClimbsAsBefore(state) });
  if (running) ladder.arm(running.spec, running.kind);
  else ladder.disarm();
}

/**
 * The 回头看 as the bureau's obligation (reminders before its window closes; missed, a mail to the
 * bureau and the lead office and a bulletin entry) came with a later deployment. A hazard whose
 * look-back was armed, or whose window closed, before it replays as it ran: the window alone, and
 * its closing recorded without mail or bulletin entry (Temporal's patched(): false only while
 * replaying a history from before). A window armed before it that closes after it is closed the
 * new way.
 */
export const LOOK_BACK_OBLIGATION = 'look-back-obligation';

/**
 * 回头看: asked of the bureau at `dueAt`; it must be recorded before `closesAt` (default: one more
 * period later), with the policy's reminders before then.
 */
export function armLookBack(ladder: HazardLadder, state: HazardState, dueAt = later(state.policy.lookBackAfter, state.policy.timeZone), closesAt?: string): void {
  state.lookBackDueAt = dueAt;
  if (!patched(LOOK_BACK_OBLIGATION)) {
    // Armed before the obligation was deployed: the window alone, as it ran then.
    const window = closesAt && Date.parse(closesAt) > Date.parse(dueAt) ? durationBetween(Date.parse(dueAt), Date.parse(closesAt)) : state.policy.lookBackAfter;
    ladder.arm({ dueAt, reminderOffsets: [], escalations: [{ step: 'close-look-back-window', delay: window }], timeZone: state.policy.timeZone }, 'look-back');
    return;
  }
  const { timeZone } = state.policy;
  const dueMs = Date.parse(dueAt);
  const closesMs = closesAt && Date.parse(closesAt) > dueMs ? Date.parse(closesAt) : shiftByDuration(dueMs, state.policy.lookBackAfter, 1, timeZone);
  const reminders = [...new Set(state.policy.reminderOffsets)]
    .map((offset) => ({ step: `remind-look-back:${offset}` as const, at: shiftByDuration(closesMs, offset, -1, timeZone) }))
    .filter((r) => r.at > dueMs)
    .map((r) => ({ step: r.step, delay: durationBetween(dueMs, r.at) }));
  ladder.arm({ dueAt, reminderOffsets: [], escalations: [...reminders, { step: 'close-look-back-window', delay: durationBetween(dueMs, closesMs) }], timeZone }, 'look-back');
}

/** 逾期督办: the bureau and the lead office are asked to supervise (level 2). */
export function escalateToBureau(h: HazardSteps, why: string): void {
  h.raiseLevel(2);
  const entry = h.transition(SYSTEM, 'escalated_to_bureau', h.state.status, `${why}，提请教育局（领导小组办公室）督办`);
  h.commit(entry, h.mail(entry, 'escalated_to_bureau', [h.bureau, h.leadOffice], [h.responsibleUnit, h.responsibleLeader], { reason: why }));
}

/** 挂牌督办: the local government takes the hazard over (level 3), its deadline counted from `fromMs`. */
export function putUnderListedSupervision(h: HazardSteps, ladder: HazardLadder, actor: Actor, reason: string, fromMs = h.clockMs()): void {
  const { state } = h;
  h.raiseLevel(3);
  state.listedSupervision = true;
  state.governmentDueAt = iso(shiftByDuration(fromMs, state.policy.governmentDeadline, 1, state.policy.timeZone));
  const entry = h.transition(actor, 'escalated_to_government', state.status, reason);
  // The 挂牌督办 awaits the government's 签收 (state only).
  state.acknowledgement = { notice: 'listed_supervision', issuedAt: entry.at };
  if (runningDeadline(state)) armRunningDeadline(ladder, state);
  const cc = [h.leadOffice, h.bureau];
  if (state.responsible.type === 'department') cc.push(h.responsibleUnit);
  h.commit(entry, h.mail(entry, 'listed_supervision', [h.government], cc, { reason }));
}

/** What a rung of a hazard's deadline does, at its instant. Returns true when the hazard's loop has ended. */
export function onHazardRung(h: HazardSteps, ladder: HazardLadder, { rung, tag }: FiredRung<HazardDeadlineKind, HazardEscalationStep>): boolean {
  switch (tag) {
    case 'rectification':
      onRectificationRung(h, ladder, rung);
      return false;
    case 'listed-supervision':
      onListedSupervisionRung(h, rung);
      return false;
    case 'look-back':
      return onLookBackRung(h, rung);
    default:
      return unreachable(tag);
  }
}

function onRectificationRung(h: HazardSteps, ladder: HazardLadder, rung: HazardRung): void {
  const { state } = h;
  switch (rung.kind) {
    case 'reminder': {
      const entry = h.transition(SYSTEM, 'deadline_reminder', state.status);
      return h.commit(entry, h.mail(entry, 'deadline_reminder', [h.responsibleUnit], [], { offset: rung.offset }));
    }
    case 'overdue': {
      h.raiseLevel(1);
      state.overdueCount += 1;
      state.overdue = true;
      const entry = h.transition(SYSTEM, 'overdue', state.status, '整改期限已到，隐患仍未整改');
      // The grace period's end: when the bureau is asked to supervise (the ladder's first escalation, a grace after the deadline).
      const graceEndsAt = state.dueAt ? iso(shiftByDuration(Date.parse(state.dueAt), state.policy.overdueGrace, 1, state.policy.timeZone)) : undefined;
      const effects: SideEffect[] = [h.mail(entry, 'overdue_notice', [h.responsibleUnit], [h.responsibleLeader], graceEndsAt ? { graceEndsAt } : undefined)];
      // Every missed deadline is recorded for the campaign's bulletin (通报/黑榜), the first one too.
      effects.push(h.bulletin(entry, h.responsibleBulletinUnit, state.overdueCount >= 2 ? `第${state.overdueCount}次逾期未完成整改` : '逾期未完成整改'));
      return h.commit(entry, ...effects);
    }
    case 'escalation':
      switch (rung.step) {
        case 'escalate-to-bureau':
          return escalateToBureau(h, '逾期未整改');
        case 'escalate-to-government':
          // A school's own hazard armed before issue 24: the bureau decides whether it goes higher.
          if (state.responsible.type === 'school' && !schoolClimbsAsBefore(state)) return;
          // The government's deadline counts from this instant: if the escalation itself came late
          // (the engine was down), the government still gets its whole time, and its reminder.
          return putUnderListedSupervision(h, ladder, SYSTEM, '逾期仍未整改，报属地政府统筹解决并挂牌督办');
        default:
          throw new Error(`a rectification deadline has no rung ${rung.step}`);
      }
  }
}

function onListedSupervisionRung(h: HazardSteps, rung: HazardRung): void {
  const { state } = h;
  switch (rung.kind) {
    case 'reminder': {
      const entry = h.transition(SYSTEM, 'listed_supervision_reminder', state.status);
      return h.commit(entry, h.mail(entry, 'listed_supervision_reminder', [h.government, h.responsibleUnit], [h.leadOffice], { offset: rung.offset }));
    }
    case 'overdue': {
      state.overdueCount += 1;
      state.overdue = true;
      const entry = h.transition(SYSTEM, 'listed_supervision_overdue', state.status, '挂牌督办期限已过');
      return h.commit(
        entry,
        h.mail(entry, 'listed_supervision_overdue', [h.government, h.leadOffice], [h.bureau, h.responsibleUnit]),
        h.bulletin(entry, { type: 'government', schoolId: state.schoolId }, '挂牌督办隐患逾期未整改'),
      );
    }
    case 'escalation':
      throw new Error(`a listed-supervision deadline has no rung ${rung.step}`);
  }
}

function onLookBackRung(h: HazardSteps, rung: HazardRung): boolean {
  const { state } = h;
  switch (rung.kind) {
    case 'overdue': {
      const entry = h.transition(SYSTEM, 'look_back_due', state.status);
      h.commit(entry, h.mail(entry, 'look_back_due', [h.bureau], [h.school]));
      return false;
    }
    case 'escalation': {
      if (rung.step.startsWith('remind-look-back:')) {
        const entry = h.transition(SYSTEM, 'look_back_reminder', state.status);
        h.commit(entry, h.mail(entry, 'look_back_reminder', [h.bureau], [], { offset: rung.step.slice('remind-look-back:'.length) }));
        return false;
      }
      if (!patched(LOOK_BACK_OBLIGATION)) {
        // Closed before the obligation was deployed: recorded, nothing mailed, nothing on the bulletin.
        const closed = h.transition(SYSTEM, 'look_back_window_closed', state.status, '回头看未在期限内登记');
        state.lookBackDone = true;
        h.commit(closed);
        return true;
      }
      // Missed: overdue to the bureau and the lead office, and on the bulletin; the loop ends.
      const entry = h.transition(SYSTEM, 'look_back_window_closed', state.status, '回头看逾期未登记，列入通报');
      state.lookBackDone = true;
      h.commit(entry, h.mail(entry, 'look_back_overdue', [h.bureau, h.leadOffice], [h.school]), h.bulletin(entry, { type: 'bureau', schoolId: state.schoolId }, '回头看逾期未开展'));
      return true;
    }
    case 'reminder':
      throw new Error('a look-back deadline has no reminders');
  }
}

function unreachable(x: never): never {
  throw new Error(`unhandled ${String(x)}`);
}
