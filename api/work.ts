// 工作台 (GET /api/me/work): what is due from me now. A hazard's items are the action table's
// (domain/hazard/actions.ts): each action that makes a 工作台 item, on the hazards this viewer
// may see (domain/scope.ts), where the action's own rule lets this viewer take it — so an item
// is never listed that its page would not let the viewer do. A campaign's items are its report
// periods due from the viewer's unit (报送) and a school's self-inspection (摸排).
import type { CampaignState } from '../common/campaign';
import type { Database } from '../common/database';
import { HAZARD_STATUS_LABELS, type Actor, type HazardStatus } from '../common/hazard';
import type { WorkItem } from '../common/views';
import { periodLabel } from '../common/report-period';
import { cooperationItemOf, HAZARD_ACTIONS, OPEN, RECTIFYING, workItemsOf, type HazardActionDef, type HazardFacts } from '../domain/hazard/actions';
import { CAMPAIGN_ACTIONS, campaignActionsFor, obligationOwnerOf } from '../domain/campaign/actions';
import { hazardScopeWhere } from '../domain/scope';
import type { AcknowledgedNotice } from '../domain/hazard/acknowledgement';
import { queryCampaignState } from '../temporal-client/campaigns';
import type { HazardRouteDeps } from './hazard-reporting';

/** At most this many hazards are looked at for one 工作台 (the earliest deadlines first). */
const MAX_HAZARDS = 500;

/** The last of these steps in each hazard's audit trail. */
async function lastSteps(db: Database, actions: string[], hazardIds?: string[]): Promise<Map<string, { action: string; at: Date }>> {
  if (hazardIds && !hazardIds.length) return new Map();
  const events = await db.auditEvent.findMany({
    where: { action: { in: actions }, ...(hazardIds ? { hazardId: { in: hazardIds } } : { hazardId: { not: null } }) },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { hazardId: true, action: true, at: true },
  });
  const last = new Map<string, { action: string; at: Date }>();
  for (const e of events) last.set(e.hazardId!, { action: e.action, at: e.at });
  return last;
}

/** Hazards with an extension request awaiting a decision (the last extension step in the trail is the request). */
async function pendingExtensions(db: Database, hazardIds: string[]): Promise<Set<string>> {
  const last = await lastSteps(db, ['extension_requested', 'extension_approved', 'extension_refused', 'withdrawn', 'rectification_reported'], hazardIds);
  return new Set([...last].filter(([, e]) => e.action === 'extension_requested').map(([h]) => h));
}

/** Written-off hazards whose look-back check (回头看) is due and not yet recorded, with the instant it came due. */
async function lookBacksDue(db: Database): Promise<Map<string, Date>> {
  const last = await lastSteps(db, ['look_back_due', 'look_back_scheduled', 'look_back_passed', 'reopened', 'look_back_window_closed']);
  return new Map([...last].filter(([, e]) => e.action === 'look_back_due' || e.action === 'look_back_scheduled').map(([h, e]) => [h, e.at]));
}

/** The roles whose 工作台 any hazard action lists. */
const LISTED_ROLES = new Set(Object.values(HAZARD_ACTIONS).flatMap((def: HazardActionDef) => (def.work ? (def.work.roles ?? def.roles) : [])));

async function hazardWork(db: Database, actor: Actor, onlyCampaign: string | undefined, nowMs: number): Promise<WorkItem[]> {
  if (actor.role === 'system' || !LISTED_ROLES.has(actor.role)) return [];
  const lookBacks = await lookBacksDue(db);
  const rows = await db.hazard.findMany({
    where: {
      AND: [
        hazardScopeWhere(actor),
        onlyCampaign ? { campaignId: onlyCampaign } : {},
        {
          OR: [
            { status: { in: OPEN.filter((s) => s !== 'reported') } },
            { status: 'closed', id: { in: [...lookBacks.keys()] } },
            // 抽查: closed by the school itself, not yet spot-checked.
            { status: 'closed', selfRegistered: true, spotChecked: false },
          ],
        },
      ],
    },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: MAX_HAZARDS,
  });
  const pending = await pendingExtensions(
    db,
    rows.filter((h) => RECTIFYING.includes(h.status as HazardStatus)).map((h) => h.id),
  );
  return rows.flatMap((h) => {
    const facts: HazardFacts = {
      status: h.status as HazardStatus,
      schoolId: h.schoolId,
      responsible: h.responsibleUnitId ? { type: h.responsibleUnitType, id: h.responsibleUnitId } : { type: h.responsibleUnitType },
      cooperatingDepartmentIds: h.cooperatingDepartmentIds,
      level: h.level,
      escalationLevel: h.escalationLevel,
      listedSupervision: h.listedSupervision,
      dueAt: h.dueAt?.toISOString() ?? null,
      governmentDueAt: h.governmentDueAt?.toISOString() ?? null,
      pendingExtension: pending.has(h.id) ? {} : null,
      lookBackDueAt: lookBacks.get(h.id)?.toISOString() ?? null,
      lookBackDone: h.status === 'closed' && !lookBacks.has(h.id),
      selfRegistered: h.selfRegistered,
      spotChecked: h.spotChecked,
      acknowledgement: h.acknowledgementNotice
        ? { notice: h.acknowledgementNotice as AcknowledgedNotice, ...(h.acknowledgedAt ? { acknowledgedAt: h.acknowledgedAt.toISOString() } : {}) }
        : null,
    };
    // 配合单位: the hazard it helps rectify, read-only (its page offers no form).
    const cooperation = cooperationItemOf(facts, actor);
    const items = [...workItemsOf(facts, actor, nowMs), ...(cooperation ? [{ ...cooperation, action: undefined, opensForm: false }] : [])];
    return items.map((w): WorkItem => ({
      kind: w.kind,
      action: w.label,
      title: h.title,
      // The page, opened on the action's form when it is not the page's first (签收 beside 报告整改情况).
      page: `/hazards/${encodeURIComponent(h.id)}${w.opensForm ? `?action=${w.action}` : ''}`,
      hazardId: h.id,
      ...(h.number ? { hazardNumber: h.number } : {}),
      ...(h.campaignId ? { campaignId: h.campaignId } : {}),
      dueAt: w.dueAt,
      // A deadline that runs: overdue once its overdue rung has fired (the workflow's instant) or its time has passed.
      overdue: (w.action === 'rectification' && h.overdue) || (!!w.dueAt && Date.parse(w.dueAt) < nowMs),
      status: h.status,
      statusLabel: HAZARD_STATUS_LABELS[h.status as HazardStatus] ?? h.status,
      escalationLevel: h.escalationLevel,
    }));
  });
}

/** The page where a report period is handed in (报送). */
export const reportPage = (campaignId: string, obligationKey: string, period: string) =>
  `/campaigns/${encodeURIComponent(campaignId)}/reports/${encodeURIComponent(obligationKey)}${period === 'once' ? '' : `?period=${encodeURIComponent(period)}`}`;

/** A campaign's items: what its action table says this viewer may do that is due — report periods (报送), the school's self-inspection (摸排). */
async function campaignWork(deps: HazardRouteDeps, actor: Actor, onlyCampaign: string | undefined, nowMs: number): Promise<WorkItem[]> {
  if (!obligationOwnerOf(actor)) return [];
  const items: WorkItem[] = [];
  const running = await deps.db.campaign.findMany({ where: { status: 'running', ...(onlyCampaign ? { id: onlyCampaign } : {}) }, select: { id: true, name: true } });
  for (const c of running) {
    let state: CampaignState | undefined;
    try {
      state = await queryCampaignState(deps.temporal, c.id);
    } catch {
      continue; // the campaign's workflow cannot answer: nothing listed from it this time
    }
    if (!state) continue; // the campaign's workflow is gone: nothing due any more
    for (const a of campaignActionsFor(state, actor)) {
      if (a.action === 'report') {
        items.push({
          kind: 'report',
          action: CAMPAIGN_ACTIONS.report.label,
          title: `${c.name}：${a.title}${a.period === 'once' ? '' : `（${periodLabel(a.period, state.obligations.find((o) => o.key === a.obligationKey)?.recurrence)}）`}`,
          page: reportPage(c.id, a.obligationKey, a.period),
          campaignId: c.id,
          dueAt: a.dueAt,
          overdue: Date.parse(a.dueAt) < nowMs,
        });
      } else if (a.action === 'selfInspection') {
        items.push({
          kind: 'self_inspection',
          action: CAMPAIGN_ACTIONS.selfInspection.label,
          title: `${c.name}：安全隐患自查（一校一表）`,
          page: `/campaigns/${encodeURIComponent(c.id)}`,
          campaignId: c.id,
          dueAt: a.dueAt,
          overdue: Date.parse(a.dueAt) < nowMs,
        });
      }
    }
  }
  return items;
}

/** What is due from this actor now (of one campaign, for a campaign's link session): overdue first, then by deadline. */
export async function workOf(deps: HazardRouteDeps, actor: Actor, onlyCampaign?: string): Promise<WorkItem[]> {
  const nowMs = Date.now();
  const items = [...(await hazardWork(deps.db, actor, onlyCampaign, nowMs)), ...(await campaignWork(deps, actor, onlyCampaign, nowMs))];
  const at = (w: WorkItem) => (w.dueAt ? Date.parse(w.dueAt) : Number.POSITIVE_INFINITY);
  return items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || at(a) - at(b) || a.title.localeCompare(b.title, 'zh'));
}
