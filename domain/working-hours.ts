// 工作时间: when a notice may reach a person. Reminders, overdue notices and escalations are sent
// between 08:30 and 18:00 local time; one whose rung falls outside is held until the next 08:30.
// Only the sending moves: the rung's transition, its recorded instant and the deadline the notice
// states stay where they are (docs/architecture.md, 工作时间).
//
// Every day of the week counts, weekends included. The sources' offices work Monday to Friday,
// but their deadlines are counted in calendar days ("N日前", "24时前") and fall on Saturdays and
// Sundays too: a Saturday reminder held until Monday would arrive after a weekend deadline, when
// nothing can be done about it any more. China's working calendar also moves weekends (调休),
// which a Monday–Friday rule would get wrong several times a year. A county office on duty reads
// a Saturday 08:30 reminder; one off duty reads it on Monday, as it would a Monday mail — nobody
// is woken at night either way.
import { HAZARD_LADDER_NOTICES } from '../common/notification';
import { zoned } from '../common/time';

/** The working day's first minute, local (08:30). */
export const WORKING_DAY_START = { hour: 8, minute: 30 } as const;
/** The working day's end, local (18:00, inclusive: a notice due at 18时 goes at 18时). */
export const WORKING_DAY_END = { hour: 18, minute: 0 } as const;

const minuteOfDay = (t: { hour: number; minute: number }) => t.hour * 60 + t.minute;

/** Whether an instant is within working hours (08:30–18:00 local, any day). */
export function isWorkingInstant(instant: Date, zone: string): boolean {
  const local = zoned(instant, zone);
  const ms = (minuteOfDay(local) * 60 + local.second) * 1000 + local.millisecond;
  return ms >= minuteOfDay(WORKING_DAY_START) * 60_000 && ms <= minuteOfDay(WORKING_DAY_END) * 60_000;
}

/**
 * The first instant at or after `instant` within working hours in `zone` (IANA, e.g.
 * Asia/Shanghai): the instant itself between 08:30 and 18:00 local, else the next 08:30 (the same
 * day's before 08:30, the next day's after 18:00).
 */
export function nextWorkingInstant(instant: Date, zone: string): Date {
  if (Number.isNaN(instant.getTime())) throw new Error('nextWorkingInstant: invalid instant');
  if (isWorkingInstant(instant, zone)) return new Date(instant.getTime());
  const local = zoned(instant, zone);
  const day = minuteOfDay(local) < minuteOfDay(WORKING_DAY_START) ? local : local.plus({ days: 1 });
  const start = day.set({ hour: WORKING_DAY_START.hour, minute: WORKING_DAY_START.minute, second: 0, millisecond: 0 });
  return new Date(start.toMillis());
}

/**
 * The notices held to working hours: those a deadline's rung sends (reminders, overdue notices,
 * escalations and 挂牌督办, a phase turning, a report missed, the 通报 and its 责令限期整改), to
 * every addressee. What answers a person's own action (a hazard reported, a report received, a
 * rectification to verify, an extension decided) goes at once: someone is at work then.
 */
export const NOTICES_IN_WORKING_HOURS: ReadonlySet<string> = new Set([
  // a hazard's ladder (workflows/hazard-deadlines.ts)
  ...HAZARD_LADDER_NOTICES,
  'look_back_due',
  'look_back_reminder',
  'look_back_overdue',
  // a campaign's (workflows/campaign-deadlines.ts)
  'phase_opened',
  'phase_closing',
  'phase_closed',
  'self_inspection_missing',
  'report_reminder',
  'report_overdue',
  'report_escalated',
  'bulletin_issued',
  'rectification_order',
]);

/**
 * When a notice may be sent: a rung's notice (NOTICES_IN_WORKING_HOURS) at the first working
 * instant at or after its rung (`at`) and now, in the zone its dates are written in; any other at
 * once (undefined). The rung's instant itself — the transition, its record, the deadline the
 * notice states — does not move.
 */
export function noticeSendableAt(kind: string, at: string | undefined, now: number, zone: string): Date | undefined {
  if (!NOTICES_IN_WORKING_HOURS.has(kind)) return undefined;
  const rung = at ? Date.parse(at) : Number.NaN;
  return nextWorkingInstant(new Date(Number.isNaN(rung) ? now : Math.max(rung, now)), zone);
}

/**
 * The instant `hours` working hours after `instant` in `zone`: counted only within 08:30–18:00
 * local (a notice at 17:00 plus 2 working hours is 09:30 the next day). 签收's climb (domain/hazard/acknowledgement.ts).
 */
export function addWorkingHours(instant: Date, hours: number, zone: string): Date {
  let at = nextWorkingInstant(instant, zone);
  let leftMs = hours * 3_600_000;
  for (let day = 0; day < 400 && leftMs > 0; day++) {
    const local = zoned(at, zone);
    const end = local.set({ hour: WORKING_DAY_END.hour, minute: WORKING_DAY_END.minute, second: 0, millisecond: 0 }).toMillis();
    const room = end - at.getTime();
    if (leftMs <= room) return new Date(at.getTime() + leftMs);
    leftMs -= Math.max(room, 0);
    at = nextWorkingInstant(new Date(end + 60_000), zone);
  }
  return at;
}

/**
 * The working hours between two instants in `zone` (0 when `to` is not after `from`): the time
 * within 08:30–18:00 local of each day between them — the inverse of addWorkingHours. 签收's
 * lateness in the 通报 (domain/hazard/acknowledgement.ts).
 */
export function workingHoursBetween(from: Date, to: Date, zone: string): number {
  let at = nextWorkingInstant(from, zone);
  let ms = 0;
  for (let day = 0; day < 400 && at.getTime() < to.getTime(); day++) {
    const end = zoned(at, zone).set({ hour: WORKING_DAY_END.hour, minute: WORKING_DAY_END.minute, second: 0, millisecond: 0 }).toMillis();
    ms += Math.max(0, Math.min(end, to.getTime()) - at.getTime());
    at = nextWorkingInstant(new Date(end + 60_000), zone);
  }
  return ms / 3_600_000;
}
