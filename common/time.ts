// Times as people read them. One time zone for every text a person sees (mails, CSV exports),
// configurable through DISPLAY_TIME_ZONE; the sources' dates are China Standard Time.

/** The default display time zone: China Standard Time (北京时间). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** "2026年11月26日 18:00:00（北京时间）" for Asia/Shanghai; other zones name themselves. */
export function formatInstant(iso: string | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!iso) return '未设定';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  const zone = timeZone === DEFAULT_TIME_ZONE ? '北京时间' : timeZone;
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${parts.hour}:${parts.minute}:${parts.second}（${zone}）`;
}
