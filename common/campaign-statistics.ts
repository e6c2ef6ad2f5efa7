// 统计报表: the statistics table of one report period (a month or half month in the campaign's zone, common/report-period.ts),
// per department, school, 乡镇（街道）, 学段, category and level — found in the period, rectified, verified, overdue,
// escalated, open at its end, cumulative (found up to its end), closure rate — computed from the
// audit trail alone, so any past period can be recomputed the same. Served by the API (JSON and
// CSV) and attached to the owners' report reminders (activities/notification.ts).
import type { Database } from './database';
import { toCsv } from './csv';
import { HAZARD_CATEGORY_LABELS, HAZARD_LEVEL_LABELS, SCHOOL_KIND_LABELS, type HazardCategory, type HazardLevel, type SchoolKind } from './hazard';
import { zonedInstant } from './time';
import { spanOfCode, type ReportedSpan } from './report-period';
import type { TargetProgress } from '../domain/campaign/targets';

export const STAT_DIMENSIONS = ['department', 'school', 'township', 'stage', 'category', 'level'] as const;
type Dimension = (typeof STAT_DIMENSIONS)[number];

export interface StatRow {
  dimension: Dimension;
  key: string;
  name: string;
  found: number;
  rectified: number;
  verified: number;
  overdue: number;
  escalated: number;
  openAtEnd: number;
  cumulative: number;
  /** Closed (written off) at the period's end over cumulative found less withdrawn; 1 when none. */
  closureRate: number;
}

/** A dimension's 合计: its rows added up, the closure rate over them all. */
export type StatTotal = Omit<StatRow, 'key' | 'name'>;

export interface PeriodStatistics {
  period: string;
  /** The period as people name it: "2021年4月", "2012年4月下半月". */
  label: string;
  from: string;
  to: string;
  rows: StatRow[];
  /** One 合计 per dimension that has rows, in the order of STAT_DIMENSIONS. */
  totals: StatTotal[];
}

const closureRateOf = (closed: number, cumulative: number, withdrawn: number) => (cumulative - withdrawn > 0 ? Math.round((closed / (cumulative - withdrawn)) * 10000) / 10000 : 1);

/** The key of a school whose 乡镇（街道） is not filled in (一校一档). */
const UNFILLED = 'unfilled';

const ENDED = new Set(['closed', 'withdrawn']);

/** The instants a period (YYYY-MM, YYYY-MM-H1/H2) spans in the zone: [its first day 00:00, the day after its last). */
export function periodBounds(period: string | ReportedSpan, timeZone: string): { from: number; to: number } {
  const span = typeof period === 'string' ? spanOfCode(period) : period;
  if (!span) throw new Error(`not a report period: ${JSON.stringify(period)}`);
  return { from: Date.parse(zonedInstant(span.from, '00:00', timeZone)), to: Date.parse(zonedInstant(span.to, '00:00', timeZone)) };
}

/**
 * The table of a period over the hazards within `scope` (a read-model filter, domain/scope.ts: a
 * unit's own hazards for a school or a department, all for the bureau and the lead office).
 */
export async function periodStatistics(db: Database, campaignId: string, period: string | ReportedSpan, timeZone: string, scope: Record<string, unknown> = {}): Promise<PeriodStatistics> {
  const span = typeof period === 'string' ? spanOfCode(period) : period;
  if (!span) throw new Error(`not a report period: ${JSON.stringify(period)}`);
  const { from, to } = periodBounds(span, timeZone);
  const [hazards, events, departments, schools] = await Promise.all([
    db.hazard.findMany({ where: { AND: [{ campaignId }, scope] }, select: { id: true, schoolId: true, departmentId: true, category: true, level: true } }),
    db.auditEvent.findMany({ where: { campaignId, hazardId: { not: null }, at: { lt: new Date(to) } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    db.department.findMany({ select: { id: true, name: true } }),
    db.school.findMany({ select: { id: true, name: true, township: true, kind: true } }),
  ]);
  const names = new Map([...departments, ...schools].map((u) => [u.id, u.name]));
  // 一校一档: each school's 乡镇（街道） and 学段.
  const schoolOf = new Map(schools.map((s) => [s.id, s]));
  // Each hazard as the audit trail has it at the period's end.
  type Fact = { reportedAt?: number; status?: string; rectified: boolean; verified: boolean; overdue: boolean; escalated: boolean };
  const facts = new Map<string, Fact>();
  for (const e of events) {
    const f = facts.get(e.hazardId!) ?? { rectified: false, verified: false, overdue: false, escalated: false };
    facts.set(e.hazardId!, f);
    const t = e.at.getTime();
    if (e.action === 'reported') f.reportedAt = t;
    if (e.toStatus) f.status = e.toStatus;
    if (t < from) continue;
    if (e.action === 'rectification_reported') f.rectified = true;
    if (e.action === 'verified_closed') f.verified = true;
    // 黔南 item 12: a school's own general hazard, fixed and registered (登记销号) — rectified and written off at once.
    if (e.action === 'self_fix_closed') f.rectified = f.verified = true;
    if (e.action === 'overdue' || e.action === 'listed_supervision_overdue') f.overdue = true;
    if (e.action === 'escalated_to_bureau' || e.action === 'escalated_to_government') f.escalated = true;
  }
  const rows = new Map<string, StatRow & { closed: number; withdrawn: number }>();
  const add = (dimension: Dimension, key: string, name: string, h: Fact) => {
    const r = rows.get(`${dimension}:${key}`) ?? {
      dimension,
      key,
      name,
      found: 0,
      rectified: 0,
      verified: 0,
      overdue: 0,
      escalated: 0,
      openAtEnd: 0,
      cumulative: 0,
      closureRate: 1,
      closed: 0,
      withdrawn: 0,
    };
    rows.set(`${dimension}:${key}`, r);
    r.cumulative += 1;
    if (h.reportedAt! >= from) r.found += 1;
    if (h.rectified) r.rectified += 1;
    if (h.verified) r.verified += 1;
    if (h.overdue) r.overdue += 1;
    if (h.escalated) r.escalated += 1;
    if (!ENDED.has(h.status ?? '')) r.openAtEnd += 1;
    if (h.status === 'closed') r.closed += 1;
    if (h.status === 'withdrawn') r.withdrawn += 1;
  };
  for (const hz of hazards) {
    const f = facts.get(hz.id);
    if (f?.reportedAt === undefined) continue; // not yet reported by the period's end
    // The responsible department as the read model has it (the one assigned last).
    const dept = hz.departmentId;
    if (dept) add('department', dept, names.get(dept) ?? dept, f);
    add('school', hz.schoolId, names.get(hz.schoolId) ?? hz.schoolId, f);
    const school = schoolOf.get(hz.schoolId);
    add('township', school?.township ?? UNFILLED, school?.township ?? '未填报', f);
    const stage = school?.kind ?? UNFILLED;
    add('stage', stage, SCHOOL_KIND_LABELS[stage as SchoolKind] ?? '未填报', f);
    add('category', hz.category, HAZARD_CATEGORY_LABELS[hz.category as HazardCategory] ?? hz.category, f);
    add('level', hz.level, HAZARD_LEVEL_LABELS[hz.level as HazardLevel] ?? hz.level, f);
  }
  const order = (d: Dimension) => STAT_DIMENSIONS.indexOf(d);
  const all = [...rows.values()];
  const totals = STAT_DIMENSIONS.flatMap((dimension): StatTotal[] => {
    const of = all.filter((r) => r.dimension === dimension);
    if (!of.length) return [];
    const sum = (k: Figure | 'closed' | 'withdrawn') => of.reduce((n, r) => n + r[k], 0);
    return [
      {
        dimension,
        ...(Object.fromEntries(STAT_FIGURES.map((f) => [f.key, sum(f.key)])) as Record<Figure, number>),
        closureRate: closureRateOf(sum('closed'), sum('cumulative'), sum('withdrawn')),
      },
    ];
  });
  return {
    period: span.code,
    label: span.label,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    rows: all
      .map(({ closed, withdrawn, ...r }) => ({ ...r, closureRate: closureRateOf(closed, r.cumulative, withdrawn) }))
      .sort((a, b) => order(a.dimension) - order(b.dimension) || a.key.localeCompare(b.key)),
    totals,
  };
}

export const STAT_DIMENSION_LABELS: Record<Dimension, string> = { department: '责任部门', school: '学校', township: '乡镇（街道）', stage: '学段', category: '隐患类别', level: '隐患等级' };

type Figure = 'found' | 'rectified' | 'verified' | 'overdue' | 'escalated' | 'openAtEnd' | 'cumulative';
/** The table's figures in the plan's order, with their Chinese headers: one list for the CSV and the xlsx. */
export const STAT_FIGURES: readonly { key: Figure; header: string }[] = [
  { key: 'found', header: '本期发现' },
  { key: 'rectified', header: '本期整改' },
  { key: 'verified', header: '本期验收销号' },
  { key: 'overdue', header: '本期逾期' },
  { key: 'escalated', header: '本期督办' },
  { key: 'openAtEnd', header: '期末未销号' },
  { key: 'cumulative', header: '累计发现' },
];
export const CLOSURE_RATE_HEADER = '销号率';

/** A rate as the 统计报表's CSV writes it, to one decimal: "87.5%", "100.0%". */
const statisticsRateText = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** The 工作目标 section of the 统计报表 (CSV and xlsx): each target's figures, then each school short of one. */
export const TARGET_HEADERS = ['工作目标', '目标值', '适用学校数', '达标学校数', '达标率', '是否达到目标'] as const;
export const TARGET_SHORT_HEADERS = ['工作目标', '学校编号', '学校名称', '未达标原因'] as const;
/** The section's title: the records as they stand when the table is read (一校一档 keeps no history). */
export const TARGETS_TITLE = '工作目标完成情况（一校一档，截至导出时）';
export const SHORT_TITLE = '未达标学校';
/** A rate as the tables write it: "87.5%", or 不适用 when the target applies to no school. */
export const targetRateText = (rate: number | null): string => (rate === null ? '不适用' : statisticsRateText(rate));
/** Whether a target's goal is reached, in words. */
export const targetReachedText = (t: Pick<TargetProgress, 'reached' | 'rate'>): string => (t.rate === null ? '不适用' : t.reached ? '已达到' : '未达到');
/** A target's row: its name, goal, applicable and meeting schools, rate, reached. */
export const targetRow = (t: TargetProgress): (string | number)[] => [t.label, `${t.goal}%`, t.applicable, t.met, targetRateText(t.rate), targetReachedText(t)];

/**
 * The table as CSV (UTF-8 with BOM, Chinese headers; the period as people name it, "2021年4月");
 * with the campaign's targets (工作目标), a section after it: each target's rate, then the schools short of it.
 */
export function periodStatisticsCsv(stats: PeriodStatistics, targets: TargetProgress[] = []): string {
  const header = ['统计期', '统计维度', '编号', '名称', ...STAT_FIGURES.map((f) => f.header), CLOSURE_RATE_HEADER];
  const short = targets.flatMap((t) => t.short.map((s) => [t.label, s.schoolId, s.name, s.reason]));
  return toCsv([
    header,
    ...stats.rows.map((r) => [stats.label, STAT_DIMENSION_LABELS[r.dimension], r.key, r.name, ...STAT_FIGURES.map((f) => r[f.key]), statisticsRateText(r.closureRate)]),
    ...(targets.length ? [[], [TARGETS_TITLE], [...TARGET_HEADERS], ...targets.map(targetRow), ...(short.length ? [[], [SHORT_TITLE], [...TARGET_SHORT_HEADERS], ...short] : [])] : []),
  ]);
}

/**
 * Whether a report's content is the hazard statistics table (its title names a 统计表 or 统计报表):
 * only its reminders carry the table (a drill's or a theme education's do not).
 */
export const reportCarriesStatistics = (obligationTitle: string | undefined): boolean => /统计报?表/.test(obligationTitle ?? '');

/** The file name of a period's table, for the download and the mail attachment alike. */
export const statisticsCsvName = (campaignId: string, period: string): string => `${campaignId}-statistics-${period}.csv`;
