// The lead's and the bureau's view of campaigns: the list (GET /api/campaigns) and one campaign's
// dashboard in one call (GET /api/campaigns/:id/dashboard) — its phases, the numbers of
// GET /api/campaigns/:id/stats (the same function), the counts over time replayed from the audit
// trail, the report obligations as a grid (owner × period), and the bulletin (通报).
import { unitNames } from '../common/unit-names';
import { campaignTargetProgress } from './campaign-targets';
import type { Router } from 'express';
import { PHASE_LABELS, type PhaseKey } from '../common/campaign';
import { addDays, localDate, localInstant } from '../common/campaign-calendar';
import type { Database } from '../common/database';
import type { CampaignDashboard, CampaignListItem, CampaignSeriesPoint, ReportCell } from '../common/views';
import { queryCampaignState } from '../temporal-client/campaigns';
import { actorOf } from './auth';
import type { CampaignRouteDeps } from './campaign-routes';
import { campaignStats } from './campaign-stats';
import { forbidden, notFound } from './errors';
import { parse } from './parse';
import { id as idSchema } from './hazard-schemas';
import { documentedRouter } from './route-registry';

/** At most this many points on the chart: a longer campaign is sampled every few days. */
const MAX_POINTS = 120;

/** Actions after which a hazard is no longer overdue (its running deadline was re-armed or stopped). */
const CLEARS_OVERDUE = new Set([
  'assigned',
  'extension_approved',
  'rectification_reported',
  'school_self_rectification',
  'verified_closed',
  'verification_failed',
  'withdrawn',
  'reopened',
  'escalated_to_government',
  'self_fix_closed',
  'spot_check_failed',
]);

/**
 * The campaign's counts at the end of each local day (Asia/Shanghai) from its first day to today
 * (or its last; from the first hazard found, if that came earlier): found, rectified (rectified or written off), verified (written off), overdue,
 * escalated (督办 and above), 挂牌督办, and the closure rate — replayed from the audit trail of its hazards.
 */
export async function campaignSeries(db: Database, campaignId: string, firstDay: string, lastDay: string, nowMs = Date.now()): Promise<CampaignSeriesPoint[]> {
  const events = await db.auditEvent.findMany({
    where: { campaignId, hazardId: { not: null } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { hazardId: true, at: true, action: true, toStatus: true },
  });
  const today = localDate(nowMs);
  const end = lastDay < today ? lastDay : today;
  // From the campaign's first day, or the first hazard found before it (a self-inspection ahead of the survey).
  const from = events.length && localDate(events[0].at.getTime()) < firstDay ? localDate(events[0].at.getTime()) : firstDay;
  const days: string[] = [];
  for (let d = from; d <= end; d = addDays(d, 1)) days.push(d);
  const step = Math.max(1, Math.ceil(days.length / MAX_POINTS));
  const sampled = days.filter((_, i) => i % step === 0 || i === days.length - 1);

  const hazards = new Map<string, { status: string; overdue: boolean; escalated: boolean; listed: boolean }>();
  const points: CampaignSeriesPoint[] = [];
  let i = 0;
  for (const date of sampled) {
    const until = Math.min(Date.parse(localInstant(addDays(date, 1))), nowMs);
    for (; i < events.length && events[i].at.getTime() < until; i++) {
      const e = events[i];
      const h = hazards.get(e.hazardId!) ?? { status: 'reported', overdue: false, escalated: false, listed: false };
      hazards.set(e.hazardId!, h);
      if (e.toStatus) h.status = e.toStatus;
      if (e.action === 'overdue' || e.action === 'listed_supervision_overdue') h.overdue = true;
      else if (CLEARS_OVERDUE.has(e.action)) h.overdue = false;
      if (e.action === 'escalated_to_bureau' || e.action === 'escalated_to_government') h.escalated = true;
      if (e.action === 'escalated_to_government') h.listed = true;
    }
    const p: CampaignSeriesPoint = { date, found: 0, rectified: 0, verified: 0, overdue: 0, escalated: 0, listedSupervision: 0, closureRate: 1 };
    let withdrawn = 0;
    for (const h of hazards.values()) {
      p.found++;
      if (h.status === 'rectified' || h.status === 'closed') p.rectified++;
      if (h.status === 'closed') p.verified++;
      if (h.status === 'withdrawn') withdrawn++;
      if (h.overdue) p.overdue++;
      if (h.escalated) p.escalated++;
      if (h.listed) p.listedSupervision++;
    }
    // As campaignStats computes it.
    p.closureRate = p.found - withdrawn > 0 ? Math.round((p.verified / (p.found - withdrawn)) * 10000) / 10000 : 1;
    points.push(p);
  }
  return points;
}

export function campaignDashboardRoutes(deps: CampaignRouteDeps): Router {
  const { db, temporal } = deps;
  const router = documentedRouter('/api/campaigns');
  const leadOrBureau = (req: Parameters<typeof actorOf>[0]) => {
    const role = actorOf(req).role;
    if (role !== 'lead' && role !== 'bureau') throw forbidden('only the lead office and the education bureau see the campaign dashboard');
  };

  router.get('/', async (req, res) => {
    leadOrBureau(req);
    const rows = await db.campaign.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: 200 });
    const counts = await db.hazard.groupBy({ by: ['campaignId', 'status'], where: { campaignId: { in: rows.map((r) => r.id) } }, _count: { _all: true } });
    const items: CampaignListItem[] = rows.map((c) => {
      const plan = c.plan as { phases?: { key: PhaseKey; startAt: string; endAt: string }[] };
      const phases = plan.phases ?? [];
      const mine = counts.filter((n) => n.campaignId === c.id);
      const sum = (f: (s: string) => boolean) => mine.filter((n) => f(n.status)).reduce((a, n) => a + n._count._all, 0);
      return {
        id: c.id,
        name: c.name,
        status: c.status as CampaignListItem['status'],
        presetId: c.presetId,
        startAt: phases.length ? phases.map((p) => p.startAt).sort()[0] : null,
        endAt: phases.length
          ? phases
              .map((p) => p.endAt)
              .sort()
              .at(-1)!
          : null,
        currentPhases: c.currentPhases.map((k) => PHASE_LABELS[k as PhaseKey] ?? k),
        hazards: sum((s) => s !== 'withdrawn'),
        closed: sum((s) => s === 'closed'),
        createdAt: c.createdAt.toISOString(),
      };
    });
    res.json({ items, total: items.length });
  });

  router.get('/:id/dashboard', async (req, res) => {
    leadOrBureau(req);
    const campaignId = parse(idSchema, req.params.id, 'params');
    const state = await queryCampaignState(temporal, campaignId);
    if (!state) throw notFound(`campaign ${campaignId} not found`);
    const nowMs = Date.now();
    const starts = state.phases.map((p) => Date.parse(p.startAt));
    const ends = state.phases.map((p) => Date.parse(p.endAt));
    const firstDay = localDate(Math.min(...starts));
    const lastDay = localDate(Math.max(...ends) - 1);
    const [stats, series, names, submissions, bulletin] = await Promise.all([
      campaignStats(db, campaignId, state.schoolIds.length),
      campaignSeries(db, campaignId, firstDay, lastDay, nowMs),
      unitNames(db, state.jurisdictionId),
      db.reportSubmission.findMany({ where: { campaignId }, select: { obligationKey: true, period: true, ownerId: true, onTime: true, submittedAt: true } }),
      db.bulletinEntry.findMany({ where: { campaignId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 500 }),
    ]);
    // 一校一档 of the participating schools, for the targets' rates.
    const targets = await campaignTargetProgress(db, state);
    const submitted = new Map(submissions.map((s) => [`${s.obligationKey}|${s.period}|${s.ownerId}`, s]));
    const name = (id: string) => names.get(id) ?? id;
    const unitRows = (ids: string[], counts: Record<string, { total: number; open: number; closed: number; overdue: number; escalated: number }>) =>
      [...new Set([...ids, ...Object.keys(counts)])].map((id) => ({ id, name: name(id), ...(counts[id] ?? { total: 0, open: 0, closed: 0, overdue: 0, escalated: 0 }) }));
    const dashboard: CampaignDashboard = {
      campaign: {
        id: state.id,
        name: state.name,
        status: state.status,
        presetId: state.presetId ?? null,
        phases: state.phases.map((p) => ({ key: p.key, label: PHASE_LABELS[p.key], startAt: p.startAt, endAt: p.endAt, status: p.status })),
        schools: state.schoolIds.length,
        departments: state.departmentIds.length,
        selfInspected: state.selfInspected.length,
      },
      now: new Date(nowMs).toISOString(),
      stats,
      series,
      departments: unitRows(state.departmentIds, stats.hazards.byDepartment),
      schools: unitRows(state.schoolIds, stats.hazards.bySchool),
      obligations: state.obligations.map((o) => ({
        key: o.key,
        title: o.title,
        periods: o.periods.map((p) => ({ period: p.period, dueAt: p.dueAt })),
        owners: o.ownerIds.map((ownerId) => ({
          id: ownerId,
          name: name(ownerId),
          cells: o.periods.map((p): ReportCell => {
            const s = submitted.get(`${o.key}|${p.period}|${ownerId}`);
            if (s) return { state: s.onTime ? 'on_time' : 'late', submittedAt: s.submittedAt.toISOString() };
            if (p.submitted.includes(ownerId)) return { state: 'on_time', submittedAt: null }; // the read model follows
            return { state: Date.parse(p.dueAt) <= nowMs ? 'missing' : 'pending', submittedAt: null };
          }),
        })),
      })),
      bulletin: bulletin.map((b) => ({ at: b.at.toISOString(), unitType: b.unitType, unitId: b.unitId, name: name(b.unitId), reason: b.reason, hazardId: b.hazardId })),
      targets,
    };
    res.json(dashboard);
  });

  return router;
}
