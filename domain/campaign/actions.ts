// The campaign's action table (专项行动): 报送 (an obligation's report), 摸排 (a school's
// self-inspection) and 通报 (a bulletin on demand) — for each its Update, request schema, path,
// who may take it and from which state (the one rule the workflow's Update validator and the API
// run), its Chinese label, and the 工作台 item it makes. The workflow (workflows/campaign.ts), the
// routes (api/campaign-routes.ts), the OpenAPI document, GET /api/campaigns/:id's `actions` and
// the 工作台 (api/work.ts) derive from it. Pure.
import type { CampaignState, ObligationState } from '../../common/campaign';
import type { Actor, Role } from '../../common/hazard';
import { forbid, invalid, missing, refuse, violationOf } from '../rule-violation';
import { reportSchema, selfInspectionSchema } from './schemas';

/** The owner id of the lead office in a plan's obligations. */
export const LEAD_OFFICE = 'lead_office';

/** The period a submission is for: the one named, or the earliest the owner has not submitted. */
export function choosePeriod(o: ObligationState, ownerId: string, period?: string) {
  const open = o.periods.filter((p) => !p.submitted.includes(ownerId));
  return period === undefined ? open[0] : open.find((p) => p.period === period);
}

/** Whose report a submission is: a unit its own; the lead office or the bureau for the owner it names (the lead office's by default). */
export function reportOwnerOf(actor: Actor, named?: string): string {
  if (actor.role === 'department' || actor.role === 'school') {
    if (named && named !== actor.unitId) throw forbid(`you submit for ${actor.unitId}, not ${named}`);
    return actor.unitId!;
  }
  if (actor.role === 'lead' || actor.role === 'bureau' || actor.role === 'system') return named ?? LEAD_OFFICE;
  throw forbid(`role ${actor.role} owes no reports`);
}

/** The unit whose obligations an actor's 工作台 lists. */
export function obligationOwnerOf(actor: Actor): string | undefined {
  if (actor.role === 'lead') return LEAD_OFFICE;
  if (actor.role === 'department' || actor.role === 'bureau' || actor.role === 'school') return actor.unitId;
  return undefined;
}

const requireRole = (actor: Actor, roles: Role[], verb: string) => {
  if (actor.role !== 'system' && !roles.includes(actor.role)) throw forbid(`role ${actor.role} may not ${verb}`);
};

export const CAMPAIGN_ACTIONS = {
  report: {
    update: 'campaign.report',
    path: 'reports',
    schema: reportSchema,
    roles: ['lead', 'bureau', 'department', 'school'] as Role[],
    label: '报送',
    summary: '报送 Submit a report for an obligation',
    rolesNote: 'the owner; lead or bureau for an owner',
    /** 报送: the owner (or the lead office or bureau for it) submits a period it has not submitted yet. */
    rule(state: CampaignState, actor: Actor, ownerId: string, obligationKey: string, period?: string): void {
      requireRole(actor, this.roles, 'submit reports');
      const o = state.obligations.find((x) => x.key === obligationKey);
      if (!o) throw missing(`campaign ${state.id} has no obligation ${obligationKey}`);
      if (!o.ownerIds.includes(ownerId)) throw forbid(`${ownerId} does not owe "${o.title}"`);
      if (actor.role !== 'lead' && actor.role !== 'bureau' && actor.role !== 'system' && actor.unitId !== ownerId) throw forbid(`only ${ownerId} may submit its report`);
      if (period !== undefined && !o.periods.some((p) => p.period === period)) {
        throw invalid(`"${o.title}" has no period ${period}; periods: ${o.periods.map((p) => p.period).join(', ')}`);
      }
      if (!choosePeriod(o, ownerId, period)) throw refuse(`${ownerId} already submitted "${o.title}"${period ? ` for ${period}` : ''}`);
    },
  },
  selfInspection: {
    update: 'campaign.self-inspection',
    path: 'self-inspections',
    schema: selfInspectionSchema,
    roles: ['school', 'bureau', 'lead'] as Role[],
    label: '摸排自查',
    summary: "摸排 A school's self-inspection with its hazards",
    rolesNote: 'the school, bureau, lead',
    /** 摸排: a participating school submits its self-inspection once (the school itself, or the office for it); after the survey has closed, late (补报). */
    rule(state: CampaignState, actor: Actor, schoolId: string): void {
      requireRole(actor, this.roles, 'submit self-inspections');
      if (actor.role === 'school' && actor.unitId !== schoolId) throw forbid('a school submits only its own self-inspection');
      if (!state.schoolIds.includes(schoolId)) throw invalid(`school ${schoolId} does not take part in campaign ${state.id}`);
      if (state.selfInspected.includes(schoolId)) throw refuse(`school ${schoolId} already submitted its self-inspection`);
    },
  },
  issueBulletin: {
    update: 'campaign.bulletin',
    path: 'bulletins',
    schema: undefined,
    roles: ['lead'] as Role[],
    label: '发布通报',
    summary:
      '通报 Issue the next numbered bulletin now (黑榜, hazards overdue and under 挂牌督办, closure rate per unit); mailed to every participant; the units on the 黑榜 are ordered to rectify by a deadline',
    rolesNote: 'lead',
    /** 通报 on demand: the lead office's, while the campaign runs. */
    rule(state: CampaignState, actor: Actor): void {
      if (actor.role !== 'lead' && actor.role !== 'system') throw forbid('only the campaign lead (领导小组办公室) may issue a bulletin');
      if (state.status !== 'running') throw refuse(`campaign ${state.id} has ended`);
    },
  },
};

/** 一校一表 as a list: every school of it takes part. */
export function requireListedSchoolsTakePart(state: CampaignState, schoolIds: string[]): void {
  const outside = schoolIds.filter((s) => !state.schoolIds.includes(s));
  if (outside.length) throw invalid(`schools ${outside.join(', ')} do not take part in campaign ${state.id}`);
}

/** Something this viewer may do on a campaign now. */
export type CampaignAction =
  | { action: 'report'; obligationKey: string; title: string; period: string; dueAt: string; ownerId: string }
  | { action: 'selfInspection'; schoolId: string; dueAt: string }
  | { action: 'issueBulletin' };

/**
 * What this viewer may do on the campaign now (GET /api/campaigns/:id's `actions`, and the 工作台's
 * items): each report period its unit still owes (the earliest of each obligation), its school's
 * self-inspection while the survey is open, the lead office's bulletin. Each passes its rule.
 */
export function campaignActionsFor(state: CampaignState, actor: Actor): CampaignAction[] {
  const out: CampaignAction[] = [];
  const ownerId = obligationOwnerOf(actor);
  if (ownerId && state.status === 'running') {
    for (const o of state.obligations) {
      const next = o.ownerIds.includes(ownerId) ? choosePeriod(o, ownerId) : undefined;
      if (next && !violationOf(() => CAMPAIGN_ACTIONS.report.rule(state, actor, ownerId, o.key, next.period))) {
        out.push({ action: 'report', obligationKey: o.key, title: o.title, period: next.period, dueAt: next.dueAt, ownerId });
      }
    }
  }
  const survey = state.phases.find((p) => p.key === 'survey');
  if (actor.role === 'school' && actor.unitId && survey && survey.status !== 'closed' && !violationOf(() => CAMPAIGN_ACTIONS.selfInspection.rule(state, actor, actor.unitId!))) {
    out.push({ action: 'selfInspection', schoolId: actor.unitId, dueAt: survey.endAt });
  }
  if (!violationOf(() => CAMPAIGN_ACTIONS.issueBulletin.rule(state, actor))) out.push({ action: 'issueBulletin' });
  return out;
}
