// Campaign dates: local dates of the plans in the campaign's time zone (its policy's timeZone,
// default Asia/Shanghai; see common/time.ts), recurring report dates, and presets shifted to a
// new start. Pure; used by workflows too.
import type { CampaignPlan, CampaignPreset, DeadlineReading, ObligationPlan, Recurrence } from './campaign';
import { DEFAULT_TIME_ZONE, zonedDate, zonedInstant } from './time';

const DAY_MS = 24 * 3600 * 1000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant of a local date and time (HH:mm, "24:00" the end of the day) in the zone. */
export const localInstant = (date: string, time = '00:00', timeZone: string = DEFAULT_TIME_ZONE): string => zonedInstant(date, time, timeZone);

/** The local date (YYYY-MM-DD) of an instant in the zone. */
export const localDate = (instant: string | number, timeZone: string = DEFAULT_TIME_ZONE): string => zonedDate(instant, timeZone);

/**
 * The local time a "N日前" limit falls due on the Nth: "24:00" (the end of the Nth, the default,
 * as Chinese administrative usage reads it) or "00:00" (when the Nth begins).
 */
export const beforeDayTime = (reading: DeadlineReading = 'inclusive'): string => (reading === 'inclusive' ? '24:00' : '00:00');

/** The due instant of "N日前" (a local date) under a reading. */
export const beforeDay = (date: string, reading: DeadlineReading = 'inclusive', timeZone: string = DEFAULT_TIME_ZONE): string => localInstant(date, beforeDayTime(reading), timeZone);

/** A local date `days` later (or earlier). */
export function addDays(date: string, days: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`invalid local date ${date}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface Occurrence {
  /** The local date it is due on (YYYY-MM-DD): the report period's name. */
  period: string;
  dueAt: string;
}

/**
 * The due instants of a recurring report after `fromIso` and up to its `until`: each listed day
 * of every month, a day past a month's end on the month's last day (31 → 28 Feb), at the
 * recurrence's local time (default: the campaign's reading of "N日前", the end of the Nth).
 */
export function occurrences(r: Recurrence, fromIso: string, timeZone: string = DEFAULT_TIME_ZONE, reading: DeadlineReading = 'inclusive'): Occurrence[] {
  const days = [...new Set(r.daysOfMonth ?? (r.dayOfMonth !== undefined ? [r.dayOfMonth] : []))].sort((a, b) => a - b);
  const from = Date.parse(fromIso);
  const until = Date.parse(r.until);
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  let [y, mo] = localDate(fromIso, timeZone).split('-').map(Number);
  const [untilY, untilMo] = localDate(r.until, timeZone).split('-').map(Number);
  while (y < untilY || (y === untilY && mo <= untilMo)) {
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    for (const d of days) {
      const period = `${y}-${String(mo).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
      if (seen.has(period)) continue;
      seen.add(period);
      const dueAt = localInstant(period, r.time ?? beforeDayTime(reading), timeZone);
      const t = Date.parse(dueAt);
      if (t > from && t <= until) out.push({ period, dueAt });
    }
    mo += 1;
    if (mo > 12) {
      mo = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * The report periods of an obligation: those spelled out (a compressed timeline), or every due
 * date of its recurrence from the campaign's first day (or from `nowMs`, for a campaign already
 * under way), or its one deadline.
 */
export function obligationPeriods(o: ObligationPlan, plan: CampaignPlan, nowMs: number, timeZone: string = DEFAULT_TIME_ZONE, reading: DeadlineReading = 'inclusive'): Occurrence[] {
  if (o.periods) return o.periods;
  if (!o.recurrence) return [{ period: 'once', dueAt: o.dueAt! }];
  const firstDay = Math.min(...plan.phases.map((p) => Date.parse(p.startAt)));
  return occurrences(o.recurrence, new Date(Math.max(nowMs, firstDay) - 1).toISOString(), timeZone, reading);
}

/** A local date `years` later (or earlier), its month and day kept (29 February: the 28th in a common year). */
export function addYears(date: string, years: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`invalid local date ${date}`);
  const y = +m[1] + years;
  const last = new Date(Date.UTC(y, +m[2], 0)).getUTCDate();
  return `${y}-${m[2]}-${String(Math.min(+m[3], last)).padStart(2, '0')}`;
}

/**
 * The whole years a preset's seasonal dates move by, launched on `startDate`: the fewest that put
 * the first of them on or after it (the source's own start: none).
 */
export function seasonalYears(preset: CampaignPreset, startDate: string): number {
  const dates = [...preset.phases.filter((p) => p.seasonal).map((p) => p.startDate), ...preset.obligations.filter((o) => o.seasonal && o.dueDate).map((o) => o.dueDate!)].sort();
  if (!dates.length) return 0;
  let years = Number(startDate.slice(0, 4)) - Number(dates[0].slice(0, 4)) - 1;
  while (addYears(dates[0], years) < startDate) years++;
  return years;
}

/**
 * A preset's dates moved so the campaign starts on `startDate`. What the source counts from its
 * own start (its phases' dates, "至5月25日", a summary "1月20日前") moves by the days between the
 * two starts; what it ties to the calendar (`seasonal`: 建德's "每年3月" survey and what follows it,
 * 黔南's "每学期开学前" survey and its quarterly meetings) keeps its month and day and moves by whole
 * years (seasonalYears), so a campaign launched in September surveys in March, not in June.
 */
export function shiftPreset(preset: CampaignPreset, startDate: string): CampaignPreset {
  const shift = daysBetween(preset.startDate, startDate);
  const years = seasonalYears(preset, startDate);
  const s = (d: string, seasonal?: boolean) => (seasonal ? addYears(d, years) : addDays(d, shift));
  return {
    ...preset,
    startDate: s(preset.startDate),
    phases: preset.phases.map((p) => ({ ...p, startDate: s(p.startDate, p.seasonal), endDate: s(p.endDate, p.seasonal) })),
    obligations: preset.obligations.map((o) => ({
      ...o,
      ...(o.dueDate ? { dueDate: s(o.dueDate, o.seasonal) } : {}),
      ...(o.recurrence ? { recurrence: { ...o.recurrence, untilDate: s(o.recurrence.untilDate, o.seasonal) } } : {}),
    })),
  };
}
