// Builders for what several test files set up the same way: a campaign launched through the API
// (one with reports to hand in among them), a test's dates counted from the server's now, a hazard
// with its own (compressed) policy, a photo uploaded, every copy of a campaign's or a hazard's mail. They build and send; what comes back is the test's to
// assert, but for a test's own campaign (ownCampaign), launched or the test stops there. (The stack of a browser test file: web-stack.ts.)
import { localDate } from '../../common/campaign-calendar';
import type { HazardPolicy } from '../../common/hazard';
import { mailKey, mailKind } from '../../devstack/cluster-scenarios';
import type { Harness, KeyName } from './harness';
import { DAY, HOUR, uniqueId } from './hazard-helpers';
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
 * A campaign of the test's own, launched (launchCampaign) in 鱼峰: its id `prefix` made unique, its
 * name, and what `campaign(at, T)` gives (a plan or a preset, policy, participants…) counted from
 * the server's now (`timeline`). Expects it launched (201): its id, the API's answer (`launch`), the timeline.
 */
export async function ownCampaign(h: Harness, prefix: string, name: string, campaign: (at: (ms: number) => string, T: number) => Record<string, unknown>) {
  const { T, at } = await timeline(h);
  const id = uniqueId(prefix);
  const launch = await launchCampaign(h, { id, name, ...campaign(at, T) });
  expect(launch.status).toBe(201);
  return { id, launch, T, at };
}

/** A preset run a day an hour (each day of its plan lasts an hour), its first day at the first whole hour an hour or more after `now`. */
export const presetByTheHour = (presetId: string, now: number) => ({ id: presetId, startAt: new Date(Math.ceil((now + HOUR) / HOUR) * HOUR).toISOString(), dayLength: 'PT1H' });

/**
 * Launches (launchCampaign) a campaign with reports to hand in, counted from the server's now: 摸排
 * from an hour on to day 5 and 整改 from day 5 to day 15; 实施方案 of 区市场监管局 due on day 3, and
 * 月度工作情况 of `monthlyOwners` due on the day of the month day 10 falls on, until day 14 (one
 * period: `reportDay`). The API's answer (`launch`, the test asserts its status) with the timeline.
 */
export async function launchReportingCampaign(h: Harness, { monthlyOwners, ...campaign }: CampaignLaunch & { monthlyOwners: string[] }) {
  const { T, at } = await timeline(h);
  const reportDay = localDate(T + 10 * DAY);
  const plan = {
    phases: [
      { key: 'survey', startAt: at(HOUR), endAt: at(5 * DAY) },
      { key: 'rectification', startAt: at(5 * DAY), endAt: at(15 * DAY) },
    ],
    obligations: [
      { key: 'plan', title: '实施方案', ownerIds: ['market'], dueAt: at(3 * DAY) },
      { key: 'monthly', title: '月度工作情况', ownerIds: monthlyOwners, recurrence: { daysOfMonth: [Number(reportDay.slice(8))], until: at(14 * DAY) } },
    ],
  };
  return { launch: await launchCampaign(h, { ...campaign, plan }), T, at, reportDay };
}

/**
 * The body of a major hazard at s01 (食品安全, 校门口无证流动摊点, unless `more` says otherwise)
 * with its own policy: the deadlines compressed to seconds on the dev server or a cluster.
 */
export function majorHazard(id: string, policy: Partial<HazardPolicy>, more: Record<string, unknown> = {}) {
  return { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点', ...more, policy };
}

/** Uploads `body` as a hazard's photo (POST /api/uploads, multipart) with `key`: the API's answer as it is. */
export async function uploadPhoto(h: Harness, key: KeyName, hazardId: string, body: Buffer, type = 'image/jpeg', name = 'photo.jpg') {
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(body)], { type }), name);
  const res = await fetch(`${h.baseUrl}/api/uploads?hazardId=${hazardId}`, { method: 'POST', headers: { authorization: `Bearer ${h.keys[key]}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

/** Any copy of a campaign's mail of `kind` (the addressees' and the Cc recipients' alike). */
export const campaignMail = (campaignId: string, kind: string) => (m: ParsedMail) => mailKey(m).startsWith(`campaign:${campaignId}:`) && mailKind(m) === kind;

/** Any copy of a hazard's mail of `kind` (the addressees' and the Cc recipients' alike). */
export const hazardMail = (hazardId: string, kind: string) => (m: ParsedMail) => mailKey(m).startsWith(`hazard:${hazardId}:`) && mailKind(m) === kind;

/**
 * In campaign `campaignId`, through the API: a major hazard of s01 (食品安全) reported by the school,
 * assigned by the bureau to 区市场监管局 with `dueAt`, rectified and verified (closed); a general one
 * of s02 (交通秩序) reported by the lead office and left open. Each step answered as it should be.
 */
export async function closeOneMajorLeaveOneGeneral(h: Harness, campaignId: string, dueAt: string, idPrefix: string): Promise<{ major: string; general: string }> {
  const major = uniqueId(idPrefix);
  const general = uniqueId(idPrefix);
  const reports = [
    { key: 'school', body: { id: major, schoolId: 's01', category: 'food_safety', level: 'major', title: '食堂后厨无防鼠设施' } },
    { key: 'lead', body: { id: general, schoolId: 's02', category: 'traffic_order', level: 'general', title: '校门口无减速带' } },
  ] as const;
  for (const { key, body } of reports) expect((await h.request('POST', '/api/hazards', { key, body: { ...body, campaignId } })).status).toBe(201);
  expect((await h.request('POST', `/api/hazards/${major}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt } })).status).toBe(200);
  expect((await h.request('POST', `/api/hazards/${major}/rectification`, { key: 'market', body: { note: '已安装挡鼠板' } })).status).toBe(200);
  expect((await h.request('POST', `/api/hazards/${major}/verification`, { key: 'inspector', body: { passed: true } })).status).toBe(200);
  return { major, general };
}

/** Why unit `unitId` is on campaign `campaignId`'s bulletins (黑榜): the reasons of its entries, oldest first. */
export async function bulletinReasons(h: Harness, campaignId: string, unitId: string): Promise<string[]> {
  return (await h.db.bulletinEntry.findMany({ where: { campaignId, unitId }, orderBy: { at: 'asc' } })).map((e) => e.reason);
}

/**
 * A jurisdiction's entry as PUT /api/jurisdictions/:id takes it, for a test's own jurisdiction (so
 * the seeded 鱼峰区 that other files count stays as it is): its government (a street's 办事处, a
 * district's 人民政府) and its 护校安园领导小组办公室 named after it, mailed at `domain`.
 */
export const jurisdictionEntry = (name: string, level: 'district' | 'street', domain: string, more: Record<string, unknown> = {}) => ({
  name,
  level,
  governmentName: level === 'street' ? `${name}办事处` : `${name}人民政府`,
  governmentContactName: '政府办公室 李主任',
  governmentEmail: `gov@${domain}`,
  leadOfficeName: `${name}护校安园领导小组办公室`,
  leadOfficeEmail: `office@${domain}`,
  ...more,
});
