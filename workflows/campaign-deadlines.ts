// A campaign's deadlines, in one place: how each is armed on the deadline ladder (one deadline per
// phase boundary and per report period, side by side) and what each of its rungs does.
//
// - A phase opens at its start (no reminder) and closes at its end, reminded before (the schools
//   yet to self-inspect for 摸排, the lead office for the others).
// - A report period: reminders to the owners yet to submit; at the deadline an overdue notice and
//   a bulletin entry for each, and the plan's bulletin (通报; an order's deadline has none); after
//   the grace period, the lead office and their leaders.
import { PHASE_LABELS, type CampaignState, type ObligationState } from '../common/campaign';
import { SYSTEM } from '../common/hazard';
import { shiftByDuration } from '../common/iso-duration';
import type { CampaignDeadlineKind, CampaignEscalationStep } from '../domain/campaign/messages';
import type { CampaignSteps } from './campaign-steps';
import type { DeadlineLadder, FiredRung, LadderRung } from './deadline-ladder';

export type CampaignLadder = DeadlineLadder<CampaignDeadlineKind, CampaignEscalationStep>;

/** Arms every deadline of a campaign's plan: its phases' openings and closings, its report periods. */
export function armCampaign(ladder: CampaignLadder, state: CampaignState): void {
  for (const p of state.phases) {
    if (p.status === 'pending') ladder.arm({ dueAt: p.startAt, reminderOffsets: [], escalations: [], timeZone: state.policy.timeZone }, 'phase-open', `open:${p.key}`);
    if (p.status !== 'closed')
      ladder.arm({ dueAt: p.endAt, reminderOffsets: state.policy.reminderOffsets, escalations: [], timeZone: state.policy.timeZone }, 'phase-close', `close:${p.key}`);
  }
  for (const o of state.obligations) armObligation(ladder, state, o);
}

/** Arms the deadline of each of an obligation's report periods. */
export function armObligation(ladder: CampaignLadder, state: CampaignState, o: ObligationState): void {
  for (const period of o.periods) {
    ladder.arm(
      {
        dueAt: period.dueAt,
        reminderOffsets: state.policy.reminderOffsets,
        escalations: [{ step: 'escalate-to-lead-office', delay: state.policy.overdueGrace }],
        timeZone: state.policy.timeZone,
      },
      'report',
      `report:${o.key}:${period.period}`,
    );
  }
}

/** What a rung of a campaign's deadline does, at its instant. */
export function onCampaignRung(s: CampaignSteps, { rung, id, tag }: FiredRung<CampaignDeadlineKind, CampaignEscalationStep>): void {
  const [, key, period] = id.split(':');
  switch (tag) {
    case 'phase-open':
      return s.openPhase(s.phaseOf(key));
    case 'phase-close':
      return onPhaseCloseRung(s, rung, key);
    case 'report':
      return onReportRung(s, rung, key, period);
    default:
      return unreachable(tag);
  }
}

/** A phase's end: reminded before (the schools yet to self-inspect for 摸排, else the lead office), closed at it. */
function onPhaseCloseRung(s: CampaignSteps, rung: LadderRung<CampaignEscalationStep>, key: string): void {
  const { state } = s;
  const phase = s.phaseOf(key);
  if (rung.kind !== 'reminder') return s.closePhase(phase);
  const to = key === 'survey' ? state.schoolIds.filter((id) => !state.selfInspected.includes(id)).map(s.unit) : [s.leadOffice];
  const seq = s.step();
  return s.commit(seq, s.notify(seq, 'phase_closing', to, [], { phase: PHASE_LABELS[phase.key], endAt: phase.endAt, offset: rung.offset }));
}

/** A report period's rung: a reminder, its deadline (overdue) or its escalation, for the owners yet to submit. */
function onReportRung(s: CampaignSteps, rung: LadderRung<CampaignEscalationStep>, key: string, period: string): void {
  const o = s.state.obligations.find((x) => x.key === key)!;
  const p = o.periods.find((x) => x.period === period)!;
  const missing = owing(o, period);
  const bulletin = () => {
    if (rung.kind === 'overdue' && o.orderOfBulletin === undefined) s.bulletin(`report:${o.key}:${p.period}`, SYSTEM);
  };
  if (missing.length === 0) return bulletin();
  const recurrence = o.recurrence && { dayOfMonth: o.recurrence.dayOfMonth, daysOfMonth: o.recurrence.daysOfMonth };
  const details = { obligationTitle: o.title, period: p.period, dueAt: p.dueAt, ...(recurrence ? { recurrence } : {}), ...(o.addressee ? { addressee: o.addressee.name } : {}) };
  const seq = s.step();
  switch (rung.kind) {
    case 'reminder':
      return s.commit(seq, s.notify(seq, 'report_reminder', missing.map(s.unit), [], { ...details, offset: rung.offset }));
    case 'overdue':
      p.missed = [...missing];
      s.commit(
        seq,
        s.record(),
        s.notify(seq, 'report_overdue', missing.map(s.unit), missing.flatMap(s.leaderOf), {
          ...details,
          unitIds: missing,
          graceEndsAt: new Date(shiftByDuration(Date.parse(p.dueAt), s.state.policy.overdueGrace, 1, s.state.policy.timeZone)).toISOString(),
        }),
        s.bulletinEntries(
          seq,
          missing.map((ownerId) => ({ unit: s.bulletinUnit(ownerId), reason: `逾期未报送：${o.title}`, subject: `report:${o.key}:${p.period}` })),
        ),
      );
      return bulletin();
    case 'escalation':
      return s.commit(seq, s.notify(seq, 'report_escalated', [s.leadOffice], [...missing.map(s.unit), ...missing.flatMap(s.leaderOf)], { ...details, unitIds: missing }));
  }
}

/** The owners yet to submit a period. */
function owing(o: ObligationState, period: string): string[] {
  const p = o.periods.find((x) => x.period === period)!;
  return o.ownerIds.filter((id) => !p.submitted.includes(id));
}

function unreachable(x: never): never {
  throw new Error(`unhandled ${String(x)}`);
}
