// The rules of a campaign (专项行动): which report or self-inspection the current state allows,
// and for whom. Pure functions, used by the workflow's Update validators (as hazard-rules.ts is
// for hazards) and by the API before it starts anything on a campaign's behalf.
import type { CampaignState, ObligationState } from '../common/campaign';
import type { Actor } from '../common/hazard';
import { forbid, invalid, missing, refuse } from '../domain/rule-violation';

/** The period a submission is for: the one named, or the earliest the owner has not submitted. */
export function choosePeriod(o: ObligationState, ownerId: string, period?: string) {
  const open = o.periods.filter((p) => !p.submitted.includes(ownerId));
  return period === undefined ? open[0] : open.find((p) => p.period === period);
}

export const campaignRules = {
  /** 报送: the owner (or the lead office or bureau for it) submits a period it has not submitted yet. */
  submitReport(state: CampaignState, actor: Actor, ownerId: string, obligationKey: string, period?: string): void {
    const o = state.obligations.find((x) => x.key === obligationKey);
    if (!o) throw missing(`campaign ${state.id} has no obligation ${obligationKey}`);
    if (!o.ownerIds.includes(ownerId)) throw forbid(`${ownerId} does not owe "${o.title}"`);
    if (actor.role !== 'lead' && actor.role !== 'bureau' && actor.unitId !== ownerId) throw forbid(`only ${ownerId} may submit its report`);
    if (period !== undefined && !o.periods.some((p) => p.period === period)) {
      throw invalid(`"${o.title}" has no period ${period}; periods: ${o.periods.map((p) => p.period).join(', ')}`);
    }
    if (!choosePeriod(o, ownerId, period)) throw refuse(`${ownerId} already submitted "${o.title}"${period ? ` for ${period}` : ''}`);
  },
  /** 摸排: a participating school submits its self-inspection once; after the survey has closed, late (补报). */
  submitSelfInspection(state: CampaignState, schoolId: string): void {
    if (!state.schoolIds.includes(schoolId)) throw invalid(`school ${schoolId} does not take part in campaign ${state.id}`);
    if (state.selfInspected.includes(schoolId)) throw refuse(`school ${schoolId} already submitted its self-inspection`);
  },
  /** 一校一表 as a list: every school of it takes part. */
  submitSelfInspectionList(state: CampaignState, schoolIds: string[]): void {
    const outside = schoolIds.filter((s) => !state.schoolIds.includes(s));
    if (outside.length) throw invalid(`schools ${outside.join(', ')} do not take part in campaign ${state.id}`);
  },
  /** 通报 on demand: the lead office's, while the campaign runs. */
  issueBulletin(state: CampaignState, actor: Actor): void {
    if (actor.role !== 'lead') throw forbid('only the campaign lead (领导小组办公室) may issue a bulletin');
    if (state.status !== 'running') throw refuse(`campaign ${state.id} has ended`);
  },
};
