// Read endpoints of the web app: who I am (GET /api/me), what is due from me (GET /api/me/work),
// and a hazard's deadline ladder as a timeline (GET /api/hazards/:id/timeline) — the rungs that
// fired from its history, the rungs to come planned by the ladder's own planRungs.
import type { Router } from 'express';
import type { Database } from '../common/database';
import type { CampaignState } from '../common/campaign';
import { HAZARD_STATUS_LABELS, ROLE_LABELS, type Actor, type HazardState, type HazardStatus, type Role } from '../common/hazard';
import { describeDurationZh } from '../common/iso-duration';
import { campaignStateQuery, campaignWorkflowId } from '../workflows/campaign-messages';
import { planRungs, type LadderRung } from '../workflows/deadline-ladder';
import { runningDeadlineLadder } from '../workflows/hazard-deadlines';
import type { HazardEscalationStep } from '../workflows/hazard-messages';
import { hazardStateQuery, hazardWorkflowId } from '../workflows/hazard-messages';
import { actorOf } from './auth';
import { forbidden } from './errors';
import { canSee, loadHazardView, type HazardRouteDeps } from './hazard-reporting';
import { parse } from './hazard-routes';
import { id as idSchema } from './hazard-schemas';
import { documentedRouter } from './route-registry';
import type { TimelineRung, WorkItem } from '../common/views';


/** The unit's name as the directory has it. */
export async function unitName(db: Database, role: Role, unitId?: string): Promise<string> {
  if (role === 'department' || role === 'bureau') return (unitId && (await db.department.findUnique({ where: { id: unitId } }))?.name) || ROLE_LABELS[role];
  if (role === 'school') return (unitId && (await db.school.findUnique({ where: { id: unitId } }))?.name) || ROLE_LABELS[role];
  if (role === 'government') return (unitId && (await db.jurisdiction.findUnique({ where: { id: unitId } }))?.governmentName) || ROLE_LABELS[role];
  if (role === 'lead') return (await db.jurisdiction.findFirst({ orderBy: { id: 'asc' } }))?.leadOfficeName ?? ROLE_LABELS.lead;
  return ROLE_LABELS[role];
}

const OPEN: HazardStatus[] = ['assigned', 'rectifying'];

/** Hazards with an extension request awaiting a decision (the last extension step in the trail is the request). */
async function pendingExtensions(db: Database, hazardIds: string[]): Promise<Set<string>> {
  if (!hazardIds.length) return new Set();
  const events = await db.auditEvent.findMany({
    where: { hazardId: { in: hazardIds }, action: { in: ['extension_requested', 'extension_approved', 'extension_refused', 'withdrawn', 'rectification_reported'] } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { hazardId: true, action: true },
  });
  const last = new Map<string, string>();
  for (const e of events) last.set(e.hazardId!, e.action);
  return new Set([...last].filter(([, a]) => a === 'extension_requested').map(([h]) => h));
}

/** Closed hazards whose look-back check (回头看) is due and not yet recorded. */
async function lookBacksDue(db: Database): Promise<Set<string>> {
  const events = await db.auditEvent.findMany({
    where: { action: { in: ['look_back_due', 'look_back_scheduled', 'look_back_passed', 'reopened', 'look_back_window_closed'] } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
    select: { hazardId: true, action: true },
  });
  const last = new Map<string, string>();
  for (const e of events) if (e.hazardId) last.set(e.hazardId, e.action);
  return new Set([...last].filter(([, a]) => a === 'look_back_due' || a === 'look_back_scheduled').map(([h]) => h));
}

export async function workOf(deps: HazardRouteDeps, actor: Actor, onlyCampaign?: string): Promise<WorkItem[]> {
  const { db } = deps;
  const now = Date.now();
  const items: WorkItem[] = [];
  type Row = Awaited<ReturnType<typeof db.hazard.findMany>>[number];
  const item = (h: Row, kind: string, action: string, dueAt: Date | null): WorkItem => ({
    kind,
    action,
    title: h.title,
    page: `/hazards/${encodeURIComponent(h.id)}`,
    hazardId: h.id,
    ...(h.campaignId ? { campaignId: h.campaignId } : {}),
    dueAt: dueAt?.toISOString() ?? null,
    overdue: kind === 'rectify' || kind === 'listed_supervision' ? h.overdue || (!!dueAt && dueAt.getTime() < now) : !!dueAt && dueAt.getTime() < now,
    status: h.status,
    statusLabel: HAZARD_STATUS_LABELS[h.status as HazardStatus] ?? h.status,
    escalationLevel: h.escalationLevel,
  });
  const campaign = onlyCampaign ? { campaignId: onlyCampaign } : {};
  const find = (where: object) => db.hazard.findMany({ where: { ...where, ...campaign }, orderBy: { dueAt: 'asc' }, take: 500 });
  const role = actor.role;

  if (role === 'department' || role === 'school') {
    const rows = await find(role === 'department' ? { departmentId: actor.unitId ?? '-', status: { in: OPEN } } : { schoolId: actor.unitId ?? '-', responsibleUnitType: 'school', status: { in: OPEN } });
    for (const h of rows) items.push(item(h, 'rectify', h.listedSupervision ? '整改（挂牌督办）' : '整改', h.listedSupervision ? h.governmentDueAt : h.dueAt));
  }
  if (role === 'bureau' || role === 'lead') {
    for (const h of await find({ status: 'bureau_review' })) items.push(item(h, 'assign', '研判交办', null));
    const open = await find({ status: { in: OPEN } });
    const pending = await pendingExtensions(db, open.map((h) => h.id));
    for (const h of open) if (pending.has(h.id)) items.push(item(h, 'extension', '审批延期申请', h.dueAt));
    for (const h of open) if (!pending.has(h.id) && h.escalationLevel >= 2 && !h.listedSupervision) items.push(item(h, 'supervise', '逾期督办', h.dueAt));
  }
  if (role === 'bureau' || role === 'inspector') {
    for (const h of await find({ status: 'rectified' })) items.push(item(h, 'verify', '验收', null));
    const due = await lookBacksDue(db);
    if (due.size) for (const h of await find({ id: { in: [...due] }, status: 'closed' })) items.push(item(h, 'look_back', '回头看', null));
  }
  if (role === 'government') {
    for (const h of await find({ listedSupervision: true, status: { in: ['assigned', 'rectifying', 'bureau_review'] } })) items.push(item(h, 'listed_supervision', '挂牌督办', h.governmentDueAt));
  }

  // Campaigns: report periods due from my unit, the self-inspection of my school.
  const ownerId = role === 'lead' ? 'lead_office' : role === 'department' || role === 'bureau' || role === 'school' ? actor.unitId : undefined;
  if (ownerId) {
    const running = await db.campaign.findMany({ where: { status: 'running', ...(onlyCampaign ? { id: onlyCampaign } : {}) }, select: { id: true, name: true } });
    for (const c of running) {
      let state: CampaignState;
      try {
        state = await deps.temporal.workflow.getHandle(campaignWorkflowId(c.id)).query(campaignStateQuery);
      } catch {
        continue; // the campaign's workflow is gone: nothing due any more
      }
      for (const o of state.obligations) {
        if (!o.ownerIds.includes(ownerId)) continue;
        const next = o.periods.find((p) => !p.submitted.includes(ownerId));
        if (next) {
          items.push({
            kind: 'report',
            action: '报送',
            title: `${c.name}：${o.title}${next.period === 'once' ? '' : `（${next.period}期）`}`,
            page: `/campaigns/${encodeURIComponent(c.id)}`,
            campaignId: c.id,
            dueAt: next.dueAt,
            overdue: Date.parse(next.dueAt) < now,
          });
        }
      }
      const survey = state.phases.find((p) => p.key === 'survey');
      if (role === 'school' && survey && survey.status !== 'closed' && state.schoolIds.includes(ownerId) && !state.selfInspected.includes(ownerId)) {
        items.push({ kind: 'self_inspection', action: '摸排自查', title: `${c.name}：安全隐患自查（一校一表）`, page: `/campaigns/${encodeURIComponent(c.id)}`, campaignId: c.id, dueAt: survey.endAt, overdue: Date.parse(survey.endAt) < now });
      }
    }
  }
  // By deadline; overdue first, then those without a deadline.
  const at = (w: WorkItem) => (w.dueAt ? Date.parse(w.dueAt) : Number.POSITIVE_INFINITY);
  return items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || at(a) - at(b) || a.title.localeCompare(b.title, 'zh'));
}


const FIRED_LABELS: Record<string, string> = {
  deadline_reminder: '整改期限提醒',
  overdue: '逾期通知（通知责任单位及分管领导）',
  escalated_to_bureau: '逾期督办（提请教育局、领导小组办公室）',
  escalated_to_government: '挂牌督办（报属地政府）',
  listed_supervision_reminder: '挂牌督办期限提醒',
  listed_supervision_overdue: '挂牌督办逾期（列入通报）',
  look_back_due: '回头看',
  look_back_reminder: '回头看期限提醒',
  look_back_window_closed: '回头看逾期（报领导小组办公室，列入通报）',
};

function rungLabel(r: LadderRung<HazardEscalationStep>, listed: boolean): { kind: string; label: string } {
  if (listed) {
    if (r.kind === 'reminder') return { kind: 'listed_reminder', label: `挂牌督办期限提醒（提前${describeDurationZh(r.offset)}）` };
    return { kind: 'listed_overdue', label: '挂牌督办逾期（列入通报）' };
  }
  switch (r.kind) {
    case 'reminder':
      return { kind: 'reminder', label: `整改期限提醒（提前${describeDurationZh(r.offset)}）` };
    case 'overdue':
      return { kind: 'overdue', label: '逾期通知（通知责任单位及分管领导）' };
    case 'escalation':
      return r.step === 'escalate-to-bureau'
        ? { kind: 'escalation', label: '逾期督办（提请教育局、领导小组办公室）' }
        : { kind: 'escalation', label: '挂牌督办（报属地政府）' };
  }
}

/** The ladder of a hazard as people read it: what fired when, what comes next and when. */
export function hazardTimeline(state: Pick<HazardState, 'status' | 'listedSupervision' | 'dueAt' | 'governmentDueAt' | 'policy' | 'history' | 'lookBackDueAt' | 'lookBackDone'>, nowMs = Date.now()): TimelineRung[] {
  const fired: TimelineRung[] = state.history
    .filter((h) => FIRED_LABELS[h.action])
    .map((h) => ({ kind: h.action, label: FIRED_LABELS[h.action], at: h.at, state: 'fired' as const }));
  const upcoming: TimelineRung[] = [];
  const running = OPEN.includes(state.status) ? runningDeadlineLadder(state) : undefined;
  if (running) {
    for (const r of planRungs(running.spec, nowMs)) {
      if (r.at <= nowMs) continue;
      upcoming.push({ ...rungLabel(r, state.listedSupervision), at: new Date(r.at).toISOString(), state: 'upcoming' });
    }
  }
  if (state.status === 'closed' && state.lookBackDueAt && !state.lookBackDone && Date.parse(state.lookBackDueAt) > nowMs) {
    upcoming.push({ kind: 'look_back', label: '回头看', at: state.lookBackDueAt, state: 'upcoming' });
  }
  return [...fired, ...upcoming];
}

export function peopleRoutes(deps: HazardRouteDeps): { me: Router; hazards: Router } {
  const { db } = deps;
  const me = documentedRouter('/api/me');
  me.get('/', async (req, res) => {
    const actor = actorOf(req);
    const role = actor.role as Role;
    const session = req.webSession;
    const user = session?.userId ? await db.user.findUnique({ where: { id: session.userId } }) : null;
    res.json({
      role,
      roleLabel: ROLE_LABELS[role],
      unitId: actor.unitId ?? null,
      unitName: await unitName(db, role, actor.unitId),
      name: user?.name ?? null,
      via: session ? (session.userId ? 'account' : 'link') : 'api_key',
      subject: session?.subject ?? null,
      csrfToken: session?.csrfToken ?? null,
      expiresAt: session?.expiresAt.toISOString() ?? null,
    });
  });
  me.get('/work', async (req, res) => {
    const actor = actorOf(req);
    const subject = req.webSession?.subject;
    const items = await workOf(deps, actor, subject?.startsWith('campaign:') ? subject.slice('campaign:'.length) : undefined);
    res.json({ items, total: items.length });
  });

  const hazards = documentedRouter('/api/hazards');
  hazards.get('/:id/timeline', async (req, res) => {
    const actor = actorOf(req);
    const hazardId = parse(idSchema, req.params.id, 'params');
    const view = await loadHazardView(deps, hazardId);
    if (!(await canSee(deps.db, actor, view))) throw forbidden(`hazard ${hazardId} is not within your remit`);
    let rungs: TimelineRung[];
    try {
      rungs = hazardTimeline(await deps.temporal.workflow.getHandle(hazardWorkflowId(hazardId)).query(hazardStateQuery));
    } catch {
      // The workflow has ended: what fired is in the history, nothing is to come.
      rungs = (view.history ?? []).filter((h) => FIRED_LABELS[h.action]).map((h) => ({ kind: h.action, label: FIRED_LABELS[h.action], at: h.at, state: 'fired' as const }));
    }
    res.json({ hazardId, rungs });
  });
  return { me, hazards };
}

