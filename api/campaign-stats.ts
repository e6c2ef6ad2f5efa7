// The numbers of the monthly report (GET /api/campaigns/:id/stats): hazards found, rectified,
// verified, overdue, escalated, per department and school, the closure rate (动态清零), and the
// units that missed deadlines (通报).
import type { Database } from '../common/database';
import { campaignUnitNames } from '../common/unit-names';
import type { CampaignStatsView } from '../common/views';

const count = <K extends string>(rows: { key: K | null; n: number }[]) => Object.fromEntries(rows.filter((r) => r.key !== null).map((r) => [r.key, r.n])) as Record<string, number>;

export async function campaignStats(db: Database, campaignId: string, schoolCount: number): Promise<CampaignStatsView> {
  const where = { campaignId };
  const [byStatus, byLevel, byDepartment, bySchool, overdue, escalated, listed, bulletin, selfInspections, reports] = await Promise.all([
    db.hazard.groupBy({ by: ['status'], where, _count: { _all: true } }),
    db.hazard.groupBy({ by: ['level'], where, _count: { _all: true } }),
    db.hazard.groupBy({ by: ['departmentId', 'status', 'overdue', 'escalationLevel'], where, _count: { _all: true } }),
    db.hazard.groupBy({ by: ['schoolId', 'status', 'overdue', 'escalationLevel'], where, _count: { _all: true } }),
    db.hazard.count({ where: { ...where, overdue: true } }),
    db.hazard.count({ where: { ...where, escalationLevel: { gte: 2 } } }),
    db.hazard.count({ where: { ...where, listedSupervision: true } }),
    db.bulletinEntry.groupBy({ by: ['unitType', 'unitId'], where, _count: { _all: true }, orderBy: { _count: { unitId: 'desc' } } }),
    db.selfInspection.count({ where }),
    db.reportSubmission.groupBy({ by: ['onTime'], where, _count: { _all: true } }),
  ]);
  const statusCounts = count(byStatus.map((r) => ({ key: r.status, n: r._count._all })));
  const total = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  const withdrawn = statusCounts.withdrawn ?? 0;
  const closed = statusCounts.closed ?? 0;
  /** Per unit: hazards (less those withdrawn), written off, open; and of all its hazards, overdue and escalated (as the totals count them). */
  const perUnit = (rows: { unit: string | null; status: string; overdue: boolean; escalationLevel: number; n: number }[]) => {
    const out: Record<string, { total: number; closed: number; open: number; overdue: number; escalated: number }> = {};
    for (const r of rows) {
      if (r.unit === null) continue;
      const u = (out[r.unit] ??= { total: 0, closed: 0, open: 0, overdue: 0, escalated: 0 });
      if (r.overdue) u.overdue += r.n;
      if (r.escalationLevel >= 2) u.escalated += r.n;
      if (r.status === 'withdrawn') continue;
      u.total += r.n;
      if (r.status === 'closed') u.closed += r.n;
      else u.open += r.n;
    }
    return out;
  };
  const names = await campaignUnitNames(db, campaignId);
  return {
    hazards: {
      total,
      byStatus: statusCounts,
      byLevel: count(byLevel.map((r) => ({ key: r.level, n: r._count._all }))),
      byDepartment: perUnit(byDepartment.map((r) => ({ unit: r.departmentId, status: r.status, overdue: r.overdue, escalationLevel: r.escalationLevel, n: r._count._all }))),
      bySchool: perUnit(bySchool.map((r) => ({ unit: r.schoolId, status: r.status, overdue: r.overdue, escalationLevel: r.escalationLevel, n: r._count._all }))),
      found: total,
      rectified: (statusCounts.rectified ?? 0) + closed,
      verified: closed,
      overdue,
      escalated,
      listedSupervision: listed,
    },
    /** 动态清零: the share of hazards found (less those withdrawn) that are written off. */
    closureRate: total - withdrawn > 0 ? Math.round((closed / (total - withdrawn)) * 10000) / 10000 : 1,
    selfInspections: { submitted: selfInspections, schools: schoolCount },
    reports: {
      onTime: reports.find((r) => r.onTime)?._count._all ?? 0,
      late: reports.find((r) => !r.onTime)?._count._all ?? 0,
    },
    /** 通报: units that missed deadlines, most misses first. */
    missedDeadlines: bulletin.map((b) => ({ unitType: b.unitType, unitId: b.unitId, name: names.get(b.unitId) ?? b.unitId, count: b._count._all })),
  };
}
