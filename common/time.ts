// Times as people read them, and the calendar they are counted in. One time-zone-aware date
// library (luxon, pure and deterministic: it runs in the workflow sandbox too) and one zone
// setting: DISPLAY_TIME_ZONE, carried into each campaign and hazard as its policy's timeZone
// (default Asia/Shanghai, the sources' China Standard Time). Dates, months (P1M) and the limits
// written in mails are all counted in that zone.
import { DateTime, IANAZone } from 'luxon';

/** The default time zone: China Standard Time (北京时间). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Whether a text names a time zone the calendar knows (IANA, e.g. Asia/Shanghai). */
export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

const toMs = (t: string | number | Date): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));

/** An instant in a zone, as luxon reads it. */
export const zoned = (t: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): DateTime => DateTime.fromMillis(toMs(t), { zone: timeZone });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant (ISO, UTC) of a local date and time (HH:mm) in a zone. "24:00" is the end of
 * that day, the next day's 00:00: the inclusive reading of "N日前".
 */
export function zonedInstant(date: string, time = '00:00', timeZone: string = DEFAULT_TIME_ZONE): string {
  const m = DATE.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !t || +t[1] > 24 || (+t[1] === 24 && +t[2] !== 0)) throw new Error(`invalid local date/time ${date} ${time}`);
  const endOfDay = +t[1] === 24;
  let d = DateTime.fromObject({ year: +m[1], month: +m[2], day: +m[3], hour: endOfDay ? 0 : +t[1], minute: +t[2] }, { zone: timeZone });
  if (!d.isValid) throw new Error(`invalid local date/time ${date} ${time} in ${timeZone}`);
  if (endOfDay) d = d.plus({ days: 1 });
  return d.toUTC().toISO();
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export const zonedDate = (t: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): string => zoned(t, timeZone).toISODate()!;

const zoneSuffix = (timeZone: string, beijing: string) => (timeZone === DEFAULT_TIME_ZONE ? beijing : `（${timeZone}）`);

/** "2026年11月26日 18:00:00（北京时间）" for Asia/Shanghai; other zones name themselves. */
export function formatInstant(iso: string | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!iso) return '未设定';
  const d = zoned(iso, timeZone);
  return `${d.year}年${d.month}月${d.day}日 ${d.toFormat('HH:mm:ss')}（${timeZone === DEFAULT_TIME_ZONE ? '北京时间' : timeZone}）`;
}

const valid = (iso: string | number | Date | null | undefined): number | undefined => {
  if (iso === null || iso === undefined || iso === '') return undefined;
  const ms = toMs(iso);
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * A time as people write it on a page: "2026年11月24日18时" (with "30分" when not on the hour),
 * in the zone (default Asia/Shanghai). Used by the web app and its read endpoints.
 */
export function formatHour(iso: string | number | Date | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  const ms = valid(iso);
  if (ms === undefined) return '未设定';
  const d = zoned(ms, timeZone);
  return `${d.year}年${d.month}月${d.day}日${d.hour}时${d.minute ? `${d.minute}分` : ''}${zoneSuffix(timeZone, '')}`;
}

/**
 * A limit as people write it: "2026年11月28日24时" for a deadline at the end of the 28th (00:00
 * of the 29th), "2026年11月24日18时" otherwise. Mails add "前": "11月28日24时前".
 */
export function formatDeadline(iso: string | number | Date | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  const ms = valid(iso);
  if (ms === undefined) return '未设定';
  const d = zoned(ms, timeZone);
  if (d.hour !== 0 || d.minute !== 0 || d.second !== 0) return formatHour(ms, timeZone);
  const day = d.minus({ days: 1 });
  return `${day.year}年${day.month}月${day.day}日24时${zoneSuffix(timeZone, '')}`;
}

/** A local date as people write it: "2026年4月23日". */
export function formatDate(t: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const d = zoned(t, timeZone);
  return `${d.year}年${d.month}月${d.day}日`;
}

/**
 * A window of whole days as people write it: "自2026年4月23日起至5月25日止" — its last day is the
 * day before its end at 00:00 (a window ending at 00:00 of 26 May ends with 25 May).
 */
export function formatDayWindow(startIso: string, endIso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const start = zoned(startIso, timeZone);
  const endMs = Date.parse(endIso);
  const midnight = (d: DateTime) => d.hour === 0 && d.minute === 0 && d.second === 0 && d.millisecond === 0;
  const wholeDays = midnight(start) && midnight(zoned(endMs, timeZone));
  const last = zoned(wholeDays ? endMs - 1 : endMs, timeZone);
  const hour = (d: DateTime) => (wholeDays ? '' : `${d.hour}时${d.minute ? `${d.minute}分` : ''}`);
  const lastText = `${last.year === start.year ? '' : `${last.year}年`}${last.month}月${last.day}日${hour(last)}`;
  return `自${start.year}年${start.month}月${start.day}日${hour(start)}起至${lastText}止`;
}

/** The calendar date and hour of an instant in the zone: { date: "2026-11-24", hour: 18 }. */
export function localDateHour(iso: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): { date: string; hour: number } {
  const d = zoned(iso, timeZone);
  return { date: d.toISODate()!, hour: d.hour };
}

/** The instant of a date and hour in the zone (default Beijing time), as an ISO string with its offset. */
export const beijingInstant = (date: string, hour: number, timeZone: string = DEFAULT_TIME_ZONE): string =>
  DateTime.fromISO(`${date}T${String(hour).padStart(2, '0')}:00:00`, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;

/** "还剩3天5小时" / "已逾期2天" between now and a deadline. */
export function describeTimeLeft(dueIso: string, nowMs: number = Date.now()): string {
  const diff = Date.parse(dueIso) - nowMs;
  const abs = Math.abs(diff);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days ? `${days}天${hours ? `${hours}小时` : ''}` : hours ? `${hours}小时${minutes ? `${minutes}分钟` : ''}` : `${Math.max(minutes, 1)}分钟`;
  return diff >= 0 ? `还剩${span}` : `已逾期${span}`;
}

/**
 * A span of time left as a notice says it ("还有3天", "还有2小时30分钟", "还有25秒"), counted when
 * it is sent, rounded to what its size makes sensible: days and hours from a day up, hours and
 * minutes from an hour, minutes from a minute, else seconds.
 */
export function describeSpanZh(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const parts = (n: number, units: [number, string][]) => {
    const out: string[] = [];
    let rest = n;
    for (const [size, unit] of units) {
      const k = Math.floor(rest / size);
      rest -= k * size;
      if (k > 0) out.push(`${k}${unit}`);
    }
    return out.join('');
  };
  if (s >= 86_400 - 1_800)
    return parts(Math.round(s / 3600), [
      [24, '天'],
      [1, '小时'],
    ]);
  if (s >= 3_600 - 30)
    return parts(Math.round(s / 60), [
      [60, '小时'],
      [1, '分钟'],
    ]);
  if (s >= 60 - 0.5) return parts(Math.round(s / 60), [[1, '分钟']]);
  return `${Math.max(1, Math.round(s))}秒`;
}

/** A day as people write it: "2026年11月24日" (the display time zone's calendar day of the instant). */
export function formatDay(iso: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { date } = localDateHour(iso, timeZone);
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The last day of a window ending (exclusive) at `endIso`: a phase ending at 00:00 on the 6th lasts through the 5th. */
export const formatLastDay = (endIso: string, timeZone: string = DEFAULT_TIME_ZONE): string => formatDay(Date.parse(endIso) - 1, timeZone);
