// Times as people read them. One time zone for every text a person sees (mails, CSV exports),
// configurable through DISPLAY_TIME_ZONE; the sources' dates are China Standard Time.

/** The default display time zone: China Standard Time (北京时间). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Formatters by zone and kind, made once: building one costs more than formatting with it (a mail formats a dozen times). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'second' | 'minute' | 'hour', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      kind === 'hour'
        ? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
        : new Intl.DateTimeFormat('en-CA', {
            timeZone,
            year: 'numeric',
            month: 'numeric',
            day: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            ...(kind === 'second' ? { second: '2-digit' as const } : {}),
            hourCycle: 'h23',
          });
    formatters.set(key, f);
  }
  return f;
}

/** "2026年11月26日 18:00:00（北京时间）" for Asia/Shanghai; other zones name themselves. */
export function formatInstant(iso: string | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!iso) return '未设定';
  const parts = Object.fromEntries(
    formatter('second', timeZone)
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  const zone = timeZone === DEFAULT_TIME_ZONE ? '北京时间' : timeZone;
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${parts.hour}:${parts.minute}:${parts.second}（${zone}）`;
}

/**
 * A time as people write it on a page: "2026年11月24日18时" (with "30分" when not on the hour),
 * in the display time zone (default Asia/Shanghai). Used by the web app and its read endpoints.
 */
export function formatHour(iso: string | number | Date | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (iso === null || iso === undefined || iso === '') return '未设定';
  const date = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(date.getTime())) return '未设定';
  const parts = Object.fromEntries(
    formatter('minute', timeZone)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const minute = Number(parts.minute);
  const zone = timeZone === DEFAULT_TIME_ZONE ? '' : `（${timeZone}）`;
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日${Number(parts.hour)}时${minute ? `${minute}分` : ''}${zone}`;
}

/** The calendar date and hour of an instant in the display time zone: { date: "2026-11-24", hour: 18 }. */
export function localDateHour(iso: string | number | Date, timeZone: string = DEFAULT_TIME_ZONE): { date: string; hour: number } {
  const parts = Object.fromEntries(
    formatter('hour', timeZone)
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The instant of a Beijing-time date and hour ("2026-11-24", 18) as an ISO string with +08:00. */
export const beijingInstant = (date: string, hour: number): string => `${date}T${String(hour).padStart(2, '0')}:00:00+08:00`;

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
