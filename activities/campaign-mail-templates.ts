// The campaign's mails, in Chinese: phases opening and closing, report reminders, overdue
// notices and escalations. Pure: the activity resolves names and addresses first.
import { describeDurationZh } from '../common/iso-duration';
import { bulletinMail } from './bulletin-mail-templates';
import type { CampaignNotificationRequest } from '../common/notification';
import { formatDayWindow, formatDeadline, formatHour } from '../common/time';
import { mailFooter, type MailLink, type RenderedMail } from './hazard-mail-templates';
import type { ContactPerson } from './recipients';
import { periodLabel } from '../common/report-period';
import { quoted } from '../common/wording';
import type { BulletinAcknowledgementLine } from '../common/views';

export interface CampaignMailContext {
  req: CampaignNotificationRequest;
  toNames: string[];
  /** Names of the units in details.unitIds, in order. */
  unitNames: string[];
  /** The signature: the jurisdiction's lead office (领导小组办公室). */
  leadOfficeName: string;
  timeZone: string;
  link?: MailLink;
  contact?: ContactPerson;
  /** The statistics table attached to a report reminder: its title ("2021年4月隐患排查整治统计报表") and, for a month not yet over, the instant its figures run to. */
  attachment?: { title: string; asOf?: string };
  /** A 通报's units slow to acknowledge (签收), as its kept content has them (domain/campaign/bulletins.ts). */
  slowAcknowledgements?: BulletinAcknowledgementLine[];
}

/** ISO instants inside a workflow's note ("摸排：2026-11-23T06:06:44.768Z — …") as people write them. */
const humanTimes = (text: string | undefined, timeZone: string) =>
  (text ?? '').replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => formatDeadline(iso, timeZone));

/** The campaign as a notice names it: "专项行动" once, whether or not its name already says so. */
export const campaignTitle = (name: string): string => (name.includes('专项行动') ? name : `${name}专项行动`);

export function renderCampaignMail({ req, toNames, unitNames, leadOfficeName, timeZone, link, contact, attachment, slowAcknowledgements }: CampaignMailContext): RenderedMail {
  const d = {
    ...req.details,
    note: req.details?.note === undefined ? undefined : humanTimes(req.details.note, timeZone),
    asks: req.details?.asks === undefined ? undefined : humanTimes(req.details.asks, timeZone),
  };
  // Every time in a campaign mail is a limit ("11月28日24时前") or a window of days ("自4月23日起至5月25日止").
  const t = (iso?: string) => formatDeadline(iso, timeZone);
  const name = campaignTitle(req.campaign.name);
  const units = unitNames.length ? unitNames.join('、') : '';
  const report = quoted(d.obligationTitle ?? '');
  const period = periodLabel(d.period, d.recurrence);
  let subject: string;
  let body: string[];
  switch (req.kind) {
    case 'campaign_launched':
      subject = `${name}已启动`;
      body = [
        `${name}已启动，分${d.count ?? 0}个阶段实施。阶段安排：`,
        ...(d.phases ?? []).map((p) => `${p.label}：${formatDayWindow(p.startAt, p.endAt, timeZone)}`),
        ...(d.phases ? [] : [d.note ?? '']),
        '请各成员单位、各学校按阶段要求抓好落实。',
      ];
      break;
    case 'phase_opened':
      subject = `${d.phase}阶段开始：${name}`;
      body = d.note
        ? [`${name}进入${d.phase}阶段。`, d.note]
        : [`${name}${d.phase}阶段${d.startAt && d.endAt ? formatDayWindow(d.startAt, d.endAt, timeZone) : ''}。`, `本阶段要求：${d.asks ?? ''}`];
      break;
    case 'phase_closing':
      subject = `${d.phase}阶段即将结束：距结束还有${describeDurationZh(d.offset ?? 'PT0S')}`;
      body = [
        `${name}${d.phase}阶段至${t(d.endAt)}结束，距结束还有${describeDurationZh(d.offset ?? 'PT0S')}。`,
        d.phase === '摸排' ? '你单位尚未提交自查情况，请抓紧完成自查，并通过下方办理入口提交。' : '请抓紧完成本阶段各项任务。',
      ];
      break;
    case 'phase_closed':
      subject = `${d.phase}阶段结束：${d.note ?? ''}`;
      body = [`${name}${d.phase}阶段已结束。`, `检查结果：${d.note ?? ''}`];
      break;
    case 'self_inspection_missing':
      subject = `摸排逾期：${d.count ?? unitNames.length}所学校未提交自查`;
      body = [`${name}摸排阶段已结束，下列学校未按期提交安全自查，已列入通报：`, units, '请立即完成自查并报送，教育局督促落实。'];
      break;
    case 'report_reminder':
      subject = `报送提醒：${report}距报送期限还有${describeDurationZh(d.offset ?? 'PT0S')}`;
      body = [`${name}要求报送的${report}（${period}）应于${t(d.dueAt)}前报送${d.addressee ?? ''}，你单位尚未报送。`, '请按时通过下方办理入口报送。'];
      if (attachment) {
        body.push(
          `现将${attachment.title}${attachment.asOf ? `（数据截至${formatHour(attachment.asOf, timeZone)}）` : ''}附后，请核对本单位有关数据，据实填报后随报送材料一并报送。`,
          '',
          `附件：${attachment.title}`,
        );
      }
      break;
    case 'report_overdue':
      subject = `报送逾期：${report}（${period}）`;
      body = [
        ...(unitNames.length > 1
          ? [`${name}要求报送的${report}（${period}）报送期限为${t(d.dueAt)}前，下列单位未按时报送，已列入专项行动通报：`, units]
          : [`${name}要求报送的${report}（${period}）报送期限为${t(d.dueAt)}前，你单位未按时报送，已列入专项行动通报。`]),
        d.graceEndsAt
          ? `请于${t(d.graceEndsAt)}前通过下方办理入口补报；届时仍未报送的，将提请领导小组办公室督办。`
          : '请立即通过下方办理入口补报；宽限期后仍未报送的，将提请领导小组办公室督办。',
      ];
      break;
    case 'report_escalated':
      subject = `报送逾期督办：${report}（${period}）仍未报送`;
      body = [`${name}要求报送的${report}（${period}，${t(d.dueAt)}前报送）超过宽限期仍未报送的单位：`, units, '请领导小组办公室督促落实，并在通报中予以体现。'];
      break;
    case 'report_received':
      subject = `报送材料：${units}报送${report}（${period}）`;
      body = [
        `${units}已${d.count ? '按时' : '逾期补'}报送${name}要求的${report}（${period}，报送期限${t(d.dueAt)}前）${d.note ? `：${d.note}` : '。'}`,
        ...(d.addressee ? [`报送对象：${d.addressee}`] : []),
        // A body outside the directory (the city's 市教育局) is reached through the lead office.
        ...(d.addressee && !toNames.includes(d.addressee) && !d.addressee.includes('领导小组') ? [`请按要求转报${d.addressee}。`] : ['请查收。']),
      ];
      break;
    case 'bulletin_issued':
    case 'rectification_order':
      ({ subject, body } = bulletinMail(req, t, units, slowAcknowledgements));
      break;
  }
  const text = [`${toNames.join('、')}：`, '', ...body, '', ...mailFooter({ link, contact, leadOfficeName, at: req.at, timeZone })].join('\n');
  return { subject: `【护校安园】${subject}`, text };
}
