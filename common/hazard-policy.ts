// A hazard's deadline policy: the configured defaults (HAZARD_*), then its campaign's hazard
// policy and time zone (SPEC: every delay configurable per campaign), then the hazard's own
// override. Pure; the API applies it when it starts a hazard.
import type { CampaignPolicy } from './campaign';
import type { HazardPolicy } from './hazard';

export function hazardPolicyOf(defaults: HazardPolicy, campaign?: Pick<CampaignPolicy, 'timeZone' | 'hazard' | 'majorHazardReport'> | null, own?: Partial<HazardPolicy>): HazardPolicy {
  return {
    ...defaults,
    ...(campaign?.timeZone ? { timeZone: campaign.timeZone } : {}),
    ...campaign?.hazard,
    ...own,
    // The campaign's source decides it, not a hazard's own policy.
    ...(campaign?.majorHazardReport ? { majorHazardReport: campaign.majorHazardReport } : {}),
  };
}
