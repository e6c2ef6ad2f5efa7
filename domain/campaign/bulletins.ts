// When a 通报 (bulletin) is issued, and the 文号 it carries: one rule, pure. The workflow
// (workflows/campaign-bulletins.ts) gathers the occasions of one instant into one bulletin; the
// activity that computes its content (activities/bulletin-issue.ts) keeps it only when it has news
// or the plan names the date, and numbers it.
//
// - Occasions: a report deadline, a phase closing, the lead office on demand. Several at one instant
//   (平湖's reports on the 2nd and 17th, a phase closing on a report day) are one bulletin.
// - Issued always: on demand (the lead office decides), and at a date the plan names for a 通报 —
//   鱼峰's 督导 ("6月15日前对各学校集中整治任务落实情况进行专项督导，未按时完成整治任务的予以黑榜通报", the
//   phase whose closing is 'blacklist').
// - Otherwise only with news: a miss recorded since the previous bulletin (its 黑榜), or a hazard
//   overdue or under 挂牌督办 that the previous bulletin did not name. Everyone reported, nothing newly
//   overdue: no bulletin, and no number is used.
// - 文号: "<机关代字>〔<year>〕<n>号", e.g. 鱼护校办通〔2027〕3号 — numbered per campaign and calendar year
//   (in the campaign's time zone), from 1, assigned once when the bulletin is kept.
import type { CampaignState } from '../../common/campaign';
import { phaseClosing } from '../../common/campaign';
import type { BulletinAcknowledgementLine, BulletinContent } from '../../common/views';
import { ACKNOWLEDGED_NOTICE_LABELS, ACKNOWLEDGEMENT_DUE_WORKING_HOURS, acknowledgementLateness, type AcknowledgedNotice } from '../hazard/acknowledgement';
import { quoted } from '../../common/wording';
import type { HazardStatus } from '../../common/hazard';
import { rectifiedIn } from '../hazard/actions';

/** The lead office's occasion (the API's POST /bulletins, the web's 发布通报). */
export const ON_DEMAND = 'on_demand';

/** Whether a bulletin for these occasions is issued whatever it finds (on demand, or a date the plan names for a 通报). */
export function bulletinAlwaysIssued(state: Pick<CampaignState, 'phases'>, triggers: string[]): boolean {
  return triggers.some((t) => {
    if (t === ON_DEMAND) return true;
    const [kind, key] = t.split(':');
    if (kind !== 'phase') return false;
    const phase = state.phases.find((p) => p.key === key);
    return phase !== undefined && phaseClosing(phase) === 'blacklist';
  });
}

type NewsContent = Pick<BulletinContent, 'blacklist' | 'overdueHazards' | 'listedSupervision'>;

/** What a bulletin has to report that the previous one did not: its 黑榜, hazards newly overdue or newly under 挂牌督办. */
export function bulletinNews(content: NewsContent, previous?: NewsContent | null): { blacklist: number; overdue: number; listed: number } {
  const before = (lines: { hazardId: string }[] | undefined) => new Set((lines ?? []).map((l) => l.hazardId));
  const overdueBefore = before(previous?.overdueHazards);
  const listedBefore = before(previous?.listedSupervision);
  return {
    blacklist: content.blacklist.length,
    overdue: content.overdueHazards.filter((h) => !overdueBefore.has(h.hazardId)).length,
    listed: content.listedSupervision.filter((h) => !listedBefore.has(h.hazardId)).length,
  };
}

/** The hazards a bulletin's overall closure rate counts: every school's (withdrawn ones are not counted). */
export const bulletinHazardsCounted = (content: Pick<BulletinContent, 'closureByUnit'>): number => content.closureByUnit.reduce((n, u) => (u.unitType === 'school' ? n + u.total : n), 0);

export const hasNews = (n: ReturnType<typeof bulletinNews>): boolean => n.blacklist + n.overdue + n.listed > 0;

/**
 * The 机关代字 of a campaign office's bulletins: the jurisdiction's first character and 护校办通
 * (鱼峰区 → 鱼护校办通: 护校安园领导小组办公室, 通报).
 */
export function bulletinDocPrefix(jurisdictionName: string): string {
  const first = [...jurisdictionName.trim()][0] ?? '';
  return `${first}护校办通`;
}

/** A bulletin's 文号: 鱼护校办通〔2027〕3号. */
export const bulletinDocNo = (prefix: string, year: number, seq: number): string => `${prefix}〔${year}〕${seq}号`;

/** What the 通报's list of units slow to acknowledge reads of a hazard (the read model's row). */
export interface AcknowledgementFacts {
  hazardId: string;
  title: string;
  schoolName: string;
  status: string;
  listedSupervision: boolean;
  notice: string | null;
  issuedAt: Date | null;
  acknowledgedAt: Date | null;
  /** The unit the notice is addressed to, and its name. */
  unit: { type: BulletinAcknowledgementLine['unitType']; id: string; name: string };
}

/**
 * Units slow to acknowledge (签收), for the 通报: each notice acknowledged after the stated time
 * (ACKNOWLEDGEMENT_DUE_WORKING_HOURS working hours), or not yet with that time past at `now` while
 * the hazard is still being rectified, with the working hours it took; the slowest first.
 */
export function slowAcknowledgements(hazards: AcknowledgementFacts[], now: Date, zone: string): BulletinAcknowledgementLine[] {
  const lines: BulletinAcknowledgementLine[] = [];
  for (const h of hazards) {
    if (!h.notice || !h.issuedAt || h.status === 'withdrawn') continue;
    // Not acknowledged: counted only while the notice still awaits it, as the acknowledge action has it (not yet reported rectified, closed or withdrawn).
    if (!h.acknowledgedAt && !rectifiedIn(h).includes(h.status as HazardStatus)) continue;
    const { late, hours } = acknowledgementLateness(h.issuedAt, h.acknowledgedAt, now, zone);
    if (!late) continue;
    lines.push({
      hazardId: h.hazardId,
      title: h.title,
      schoolName: h.schoolName,
      notice: h.notice,
      unitType: h.unit.type,
      unitId: h.unit.id,
      name: h.unit.name,
      issuedAt: h.issuedAt.toISOString(),
      acknowledgedAt: h.acknowledgedAt?.toISOString() ?? null,
      workingHours: hours,
    });
  }
  return lines.sort((a, b) => Number(a.acknowledgedAt !== null) - Number(b.acknowledgedAt !== null) || b.workingHours - a.workingHours || a.hazardId.localeCompare(b.hazardId));
}

/** A slow 签收 as the 通报 writes it: "区市场监管局：第一小学“…”整改通知书，用时6.5个工作小时签收（规定4个工作小时内签收）". */
export function slowAcknowledgementText(l: BulletinAcknowledgementLine): string {
  const notice = ACKNOWLEDGED_NOTICE_LABELS[l.notice as AcknowledgedNotice] ?? l.notice;
  const took = l.acknowledgedAt ? `用时${l.workingHours}个工作小时签收` : `已过${l.workingHours}个工作小时仍未签收`;
  return `${l.name}：${l.schoolName}${quoted(l.title)}${notice}，${took}（规定${ACKNOWLEDGEMENT_DUE_WORKING_HOURS}个工作小时内签收）`;
}
