// ISO-8601 durations (P3D, PT30S, P1DT12H, P2W, P3M) and calendar arithmetic on instants.
// Pure and deterministic: used by the API, the activities and the workflows alike.
import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE } from './time';

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses an ISO-8601 duration; returns undefined when the text is not one. */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const n = (s: string | undefined) => (s === undefined ? 0 : Number(s.replace(',', '.')));
  return {
    years: n(m[1]),
    months: n(m[2]),
    weeks: n(m[3]),
    days: n(m[4]),
    hours: n(m[5]),
    minutes: n(m[6]),
    seconds: n(m[7]),
  };
}

/**
 * Where a duration is measured from when its length is asked (durationMs, the bounds of the API's
 * schemas): 2001-01-01T00:00:00Z, a common year, so P1Y is 365 days and P1M 31 days, whatever the
 * day a policy is set.
 */
export const DURATION_REFERENCE_MS = Date.UTC(2001, 0, 1);

/**
 * An ISO-8601 duration that shiftByDuration can compute: written exactly (no surrounding space),
 * each number finite, and the instant it leads to from DURATION_REFERENCE_MS, either way, a real
 * instant. "P999999999Y" has the form but not the arithmetic (luxon's year 1000002001 is no date:
 * the shift gave NaN), so it is not one.
 */
export function isIsoDuration(text: string): boolean {
  if (text !== text.trim()) return false;
  const d = parseIsoDuration(text);
  if (!d || !Object.values(d).every(Number.isFinite)) return false;
  const computable = (t: number) => Number.isFinite(t) && Math.abs(t) <= MAX_DATE_MS;
  return computable(rawShift(DURATION_REFERENCE_MS, d, 1, 'UTC')) && computable(rawShift(DURATION_REFERENCE_MS, d, -1, 'UTC'));
}

/** The duration's length in milliseconds counted from DURATION_REFERENCE_MS (UTC); NaN when it is not one shiftByDuration can compute. */
export function durationMs(text: string): number {
  return isIsoDuration(text) ? shiftByDuration(DURATION_REFERENCE_MS, text, 1, 'UTC') - DURATION_REFERENCE_MS : Number.NaN;
}

function mustParse(text: string): IsoDuration {
  const d = parseIsoDuration(text);
  if (!d) throw new Error(`not an ISO-8601 duration: ${text}`);
  return d;
}

/**
 * The instant `sign * duration` away from `fromMs`. Years, months, weeks and days are calendar
 * units in `timeZone` (default Asia/Shanghai): 1 March 00:00 local + P1M is 1 April 00:00 local,
 * 31 January + P1M the last day of February; hours, minutes and seconds are fixed lengths.
 */
export function shiftByDuration(fromMs: number, duration: string, sign: 1 | -1 = 1, timeZone: string = DEFAULT_TIME_ZONE): number {
  return rawShift(fromMs, mustParse(duration), sign, timeZone);
}

function rawShift(fromMs: number, d: IsoDuration, sign: 1 | -1, timeZone: string): number {
  let t = fromMs;
  const calendar = { years: sign * d.years, months: sign * d.months, weeks: sign * d.weeks, days: sign * d.days };
  if (d.years || d.months || d.weeks || d.days) t = DateTime.fromMillis(t, { zone: timeZone }).plus(calendar).toMillis();
  const fixedMs = (d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return Math.round(t + sign * fixedMs);
}

/** The largest instant a Date holds (ECMAScript: ±100,000,000 days from 1970). */
const MAX_DATE_MS = 8.64e15;

/** The duration in Chinese, for mail: P1DT12H → "1天12小时", PT30S → "30秒". */
export function describeDurationZh(duration: string): string {
  const d = mustParse(duration);
  const parts: [number, string][] = [
    [d.years, '年'],
    [d.months, '个月'],
    [d.weeks, '周'],
    [d.days, '天'],
    [d.hours, '小时'],
    [d.minutes, '分钟'],
    [d.seconds, '秒'],
  ];
  const text = parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join('');
  return text || '0秒';
}

/**
 * A limit `duration` after an instant, as a notice sets one: a period of whole days (P7D, P1M)
 * runs, in the zone, to the end of its last day ("限7日内" from 12月13日16时: 12月20日24时); a
 * period with hours keeps its instant (PT5H).
 */
export function limitAfter(fromMs: number, duration: string, timeZone: string = DEFAULT_TIME_ZONE): number {
  const d = mustParse(duration);
  const end = rawShift(fromMs, d, 1, timeZone);
  if (d.hours || d.minutes || d.seconds) return end;
  const local = DateTime.fromMillis(end, { zone: timeZone });
  const startOfDay = local.startOf('day');
  return startOfDay.toMillis() === end ? end : startOfDay.plus({ days: 1 }).toMillis();
}
