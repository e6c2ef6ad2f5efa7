// Builders for what several test files set up the same way: a campaign launched through the API,
// a test's dates counted from the server's now, a hazard with its own (compressed) policy, every
// copy of a campaign's or a hazard's mail. They build and send; what comes back is the test's to
// assert. (The stack of a browser test file: web-stack.ts.)
import type { HazardPolicy } from '../../common/hazard';
import { mailKey, mailKind } from '../../devstack/cluster-scenarios';
import type { Harness, KeyName } from './harness';
import type { ParsedMail } from './mail-sink';

/** Now on the server's clock (`T`) and the instant `ms` after it as ISO text (`at`). */
export async function timeline(h: Harness): Promise<{ T: number; at: (ms: number) => string }> {
  const T = await h.now();
  return { T, at: (ms: number) => new Date(T + ms).toISOString() };
}

/** A plan of one phase from `startAt` to `endAt` and no obligations. */
export const onePhasePlan = (key: string, startAt: string, endAt: string) => ({ phases: [{ key, startAt, endAt }], obligations: [] as unknown[] });

/** What a test gives of a campaign: its name, and a plan or a preset, with whatever else it sends (id, policy, participants…). */
export type CampaignLaunch = { name: string; jurisdictionId?: string } & Record<string, unknown>;

/**
 * Launches a campaign through the API: POST /api/campaigns as the lead (unless `key` says who), in
 * 鱼峰 unless `jurisdictionId` says where. The API's answer as it is: the test asserts its status.
 */
export function launchCampaign(h: Harness, campaign: CampaignLaunch, key: KeyName | string = 'lead') {
  return h.request('POST', '/api/campaigns', { key, body: { jurisdictionId: 'yufeng', ...campaign } });
}

/**
 * The body of a major hazard at s01 (食品安全, 校门口无证流动摊点, unless `more` says otherwise)
 * with its own policy: the deadlines compressed to seconds on the dev server or a cluster.
 */
export function majorHazard(id: string, policy: Partial<HazardPolicy>, more: Record<string, unknown> = {}) {
  return { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点', ...more, policy };
}

/** Any copy of a campaign's mail of `kind` (the addressees' and the Cc recipients' alike). */
export const campaignMail = (campaignId: string, kind: string) => (m: ParsedMail) => mailKey(m).startsWith(`campaign:${campaignId}:`) && mailKind(m) === kind;

/** Any copy of a hazard's mail of `kind` (the addressees' and the Cc recipients' alike). */
export const hazardMail = (hazardId: string, kind: string) => (m: ParsedMail) => mailKey(m).startsWith(`hazard:${hazardId}:`) && mailKind(m) === kind;
