// Read endpoints of the web app: who I am (GET /api/me), what is due from me (GET /api/me/work),
// and a hazard's deadline ladder as a timeline (GET /api/hazards/:id/timeline) — the rungs that
// fired from its history, the rungs to come planned by the ladder's own planRungs.
import type { Router } from 'express';
import type { Database } from '../common/database';
import { leadJurisdictionOf } from '../common/jurisdictions';
import { ROLE_LABELS, type HazardState, type HazardStatus, type Role } from '../common/hazard';
import { describeDurationZh } from '../common/iso-duration';
import { planRungs, type LadderRung } from '../domain/deadline-plan';
import { RECTIFYING } from '../domain/hazard/actions';
import { runningDeadlineLadder, type HazardEscalationStep } from '../domain/hazard/deadlines';
import { queryHazardState } from '../temporal-client/hazards';
import { actorOf } from './auth';
import { forbidden } from './errors';
import { canSee, loadHazardView, type HazardRouteDeps } from './hazard-reporting';
import { workOf } from './work';
import { parse } from './parse';
import { id as idSchema } from './hazard-schemas';
import { documentedRouter } from './route-registry';
import type { TimelineRung } from '../common/views';
/** The unit's name as the directory has it. */
export async function unitName(db: Database, role: Role, unitId?: string): Promise<string> {
  if (role === 'department' || role === 'bureau') return (unitId && (await db.department.findUnique({ where: { id: unitId } }))?.name) || ROLE_LABELS[role];
  if (role === 'school') return (unitId && (await db.school.findUnique({ where: { id: unitId } }))?.name) || ROLE_LABELS[role];
  if (role === 'government') return (unitId && (await db.jurisdiction.findUnique({ where: { id: unitId } }))?.governmentName) || ROLE_LABELS[role];
  if (role === 'lead') return leadJurisdictionOf(await db.jurisdiction.findMany({ select: { id: true, level: true, leadOfficeName: true } }))?.leadOfficeName ?? ROLE_LABELS.lead;
  return ROLE_LABELS[role];
}

/** Statuses in which a deadline runs for the unit. */
const OPEN: HazardStatus[] = RECTIFYING;

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
      return r.step === 'escalate-to-bureau' ? { kind: 'escalation', label: '逾期督办（提请教育局、领导小组办公室）' } : { kind: 'escalation', label: '挂牌督办（报属地政府）' };
  }
}

/** The ladder of a hazard as people read it: what fired when, what comes next and when. */
export function hazardTimeline(
  state: Pick<HazardState, 'status' | 'listedSupervision' | 'dueAt' | 'governmentDueAt' | 'policy' | 'history' | 'lookBackDueAt' | 'lookBackDone'>,
  nowMs = Date.now(),
): TimelineRung[] {
  const fired: TimelineRung[] = state.history.filter((h) => FIRED_LABELS[h.action]).map((h) => ({ kind: h.action, label: FIRED_LABELS[h.action], at: h.at, state: 'fired' as const }));
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
    // The workflow has ended: what fired is in the history, nothing is to come.
    const fired = (): TimelineRung[] =>
      (view.history ?? []).filter((h) => FIRED_LABELS[h.action]).map((h) => ({ kind: h.action, label: FIRED_LABELS[h.action], at: h.at, state: 'fired' as const }));
    let rungs: TimelineRung[];
    try {
      const state = await queryHazardState(deps.temporal, hazardId, { waitForFirstTask: false });
      rungs = state ? hazardTimeline(state) : fired();
    } catch {
      rungs = fired();
    }
    res.json({ hazardId, rungs });
  });
  return { me, hazards };
}
