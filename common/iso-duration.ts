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

const PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

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

export function isIsoDuration(text: string): boolean {
  return parseIsoDuration(text) !== undefined;
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
  const d = mustParse(duration);
  let t = fromMs;
  const calendar = { years: sign * d.years, months: sign * d.months, weeks: sign * d.weeks, days: sign * d.days };
  if (d.years || d.months || d.weeks || d.days) t = DateTime.fromMillis(t, { zone: timeZone }).plus(calendar).toMillis();
  const fixedMs = (d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return Math.round(t + sign * fixedMs);
}

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
  const text = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join('');
  return text || '0秒';
}
