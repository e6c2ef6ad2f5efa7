// The mails of a bulletin (通报): the bulletin to every participant, and the 责令限期整改 order to
// the units on its 黑榜. Pure, like campaign-mail-templates.ts, which calls it.
import type { CampaignNotificationRequest } from '../common/notification';
import { overallRateText, quoted } from '../common/wording';
import type { BulletinAcknowledgementLine } from '../common/views';
import { slowAcknowledgementText } from '../domain/campaign/bulletins';

/** Subject and body lines of a bulletin mail; `t` writes an instant as people do, `units` the named units. */
export function bulletinMail(req: CampaignNotificationRequest, t: (iso?: string) => string, units: string, slow?: BulletinAcknowledgementLine[]): { subject: string; body: string[] } {
  const d = req.details ?? {};
  const b = d.bulletin ?? { no: 0, overdueHazards: 0, listedSupervision: 0, closureRate: 1 };
  const name = quoted(req.campaign.name);
  if (req.kind === 'rectification_order') {
    return {
      subject: `责令限期整改：${req.campaign.name}第${b.no}期通报`,
      body: [
        `下列单位已列入${name}第${b.no}期通报黑榜：`,
        units,
        `现责令上述单位于${t(d.dueAt)}前整改到位，并通过下方办理入口报送整改情况；逾期未报送的，将再次予以通报并提请领导小组办公室督办。`,
      ],
    };
  }
  const reasons = b.reasons ?? [];
  return {
    subject: `${req.campaign.name}第${b.no}期通报${b.docNo ? `（${b.docNo}）` : ''}`,
    body: [
      ...(b.docNo ? [b.docNo] : []),
      `现将${name}第${b.no}期工作情况通报如下：`,
      reasons.length ? `一、未按时完成任务的单位（黑榜，共${reasons.length}个）：` : '一、本期无未按时完成任务的单位。',
      ...reasons.map((r, i) => `${i + 1}. ${r}`),
      `二、逾期未整改隐患${b.overdueHazards}项，挂牌督办隐患${b.listedSupervision}项。`,
      `三、全部隐患整改销号率${overallRateText(b.closureRate, b.hazards ?? 1)}${b.hazards === 0 ? '' : '，各单位销号率见通报全文'}。`,
      // 签收: the units slow to acknowledge, when there are any.
      ...(slow?.length ? [`四、签收不及时的单位（共${slow.length}项）：`, ...slow.map((l, i) => `${i + 1}. ${slowAcknowledgementText(l)}`)] : []),
      reasons.length && d.dueAt ? `列入黑榜的单位须于${t(d.dueAt)}前整改到位并报送整改情况；各单位要对照通报查漏补缺，确保问题动态清零。` : '各单位要对照通报查漏补缺，确保问题动态清零。',
      '通报文件（PDF）见附件，也可通过下方办理入口查阅和下载。',
    ],
  };
}
