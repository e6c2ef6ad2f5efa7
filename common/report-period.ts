// A report period as people name it. A recurring report's period is named in the plan by its due
// date (YYYY-MM-DD); what it reports is the span that cadence gives it: a month for a report
// due once a month ("每月28日前报送上月……"), a half month for one due twice a month (平湖 "每月2日和
// 17日前报送统计报表": the 17th's covers the 1st–15th, the 2nd's the 16th to the end of the month
// before). One function names it for every surface: mails, the 工作台, pages, the statistics CSV.
import type { Recurrence } from './campaign';

/** What a report period covers: its code (YYYY-MM, or YYYY-MM-H1/-H2 for a half month), label, and local dates [from, to). */
export interface ReportedSpan {
  code: string;
  /** "2021年4月", "2012年4月下半月". */
  label: string;
  /** First local date (YYYY-MM-DD). */
  from: string;
  /** The local date after its last (YYYY-MM-DD). */
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const nextMonth = (y: number, m: number) => (m === 12 ? { y: y + 1, m: 1 } : { y, m: m + 1 });
const prevMonth = (y: number, m: number) => (m === 1 ? { y: y - 1, m: 12 } : { y, m: m - 1 });

/** The span of a period code: YYYY-MM (a month) or YYYY-MM-H1 / YYYY-MM-H2 (its 1st–15th, its 16th to its end). */
export function spanOfCode(code: string): ReportedSpan | undefined {
  const c = /^(\d{4})-(0[1-9]|1[0-2])(?:-H([12]))?$/.exec(code);
  if (!c) return undefined;
  const [y, m] = [Number(c[1]), Number(c[2])];
  const month = `${y}-${pad(m)}`;
  const n = nextMonth(y, m);
  const next = `${n.y}-${pad(n.m)}-01`;
  if (!c[3]) return { code, label: `${y}年${m}月`, from: `${month}-01`, to: next };
  return c[3] === '1' ? { code, label: `${y}年${m}月上半月`, from: `${month}-01`, to: `${month}-16` } : { code, label: `${y}年${m}月下半月`, from: `${month}-16`, to: next };
}

/** How many times a month a recurrence falls due (1 without one). */
const perMonth = (recurrence?: Pick<Recurrence, 'dayOfMonth' | 'daysOfMonth'>) => new Set(recurrence?.daysOfMonth ?? []).size || 1;

/**
 * The span a periodic report (its period named by its due date) covers, by its cadence: the
 * latest month (or half month, for a report due twice a month) whose last day is not after the
 * due date. Undefined for a one-off report ("once") or a period not named by a date.
 */
export function reportedSpan(period: string | undefined, recurrence?: Pick<Recurrence, 'dayOfMonth' | 'daysOfMonth'>): ReportedSpan | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period ?? '');
  if (!d) return undefined;
  const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (perMonth(recurrence) >= 2) {
    if (day === lastDay(y, m)) return spanOfCode(`${y}-${pad(m)}-H2`);
    if (day >= 15) return spanOfCode(`${y}-${pad(m)}-H1`);
    const p = prevMonth(y, m);
    return spanOfCode(`${p.y}-${pad(p.m)}-H2`);
  }
  if (day === lastDay(y, m)) return spanOfCode(`${y}-${pad(m)}`);
  const p = prevMonth(y, m);
  return spanOfCode(`${p.y}-${pad(p.m)}`);
}

/**
 * A report period as people name it: "2021年4月", "2012年4月下半月" for a periodic report, "一次性报送"
 * for a one-off; a period the plan spelled out under a name of its own keeps that name.
 */
export function periodLabel(period: string | undefined, recurrence?: Pick<Recurrence, 'dayOfMonth' | 'daysOfMonth'>): string {
  if (!period || period === 'once') return '一次性报送';
  return reportedSpan(period, recurrence)?.label ?? period;
}
