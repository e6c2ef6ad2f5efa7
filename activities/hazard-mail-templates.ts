// The notification mails, in Chinese: each carries the hazard's facts, the deadline and what
// the recipient must do. Pure: the activity resolves names and addresses first.
import { ESCALATION_LEVEL_LABELS, HAZARD_CATEGORY_LABELS, HAZARD_LEVEL_LABELS, HAZARD_ORIGIN_LABELS, personLabel, type EscalationLevel } from '../common/hazard';
import { describeDurationZh } from '../common/iso-duration';
import type { HazardFacts, NotificationKind, NotificationRequest } from '../common/notification';
import { describeSpanZh, formatDate, formatDeadline, formatHour } from '../common/time';
import type { ContactPerson, DirectoryFacts } from './recipients';
import { hazardNumberText, quoted } from '../common/wording';
import { ACKNOWLEDGEMENT_DUE_WORKING_HOURS } from '../domain/hazard/acknowledgement';

/**
 * The cause of an escalation as a notice gives it: without the step it led to ("逾期仍未整改，报属地
 * 政府统筹解决并挂牌督办" → "逾期仍未整改"), which the notice says once in its own words.
 */
const causeOf = (reason?: string): string | undefined => reason?.replace(/[，,]?\s*(报属地政府统筹解决并挂牌督办|提请教育局（领导小组办公室）督办)$/, '').trim() || undefined;

export interface MailContext {
  kind: NotificationKind;
  hazard: HazardFacts;
  details: NonNullable<NotificationRequest['details']>;
  directory: DirectoryFacts;
  /** Names of the units addressed, for the salutation (the unit only: no person, no title). */
  toNames: string[];
  timeZone: string;
  /** The instant of the step (the mail's date). */
  at?: string;
  /** When the mail is sent: what a reminder's "还有…" counts from (default: the step's offset as planned). */
  sentAt?: string;
  /** The page of the hazard, signed for the addressed unit or not. */
  link?: MailLink;
  /** Whether the hazard is a campaign's (its misses go on the campaign's 通报). */
  inCampaign?: boolean;
}

export interface MailLink {
  url: string;
  /** The unit the link signs in as (a signed link). */
  signedFor?: string;
  expiresAt?: string;
  /** The copy for the Cc recipients of a mail whose link is signed for its addressee. */
  copy?: boolean;
  /** A copy's own link (抄送): it signs the copied unit (`signedFor`) in to read the hazard, and do nothing. */
  readOnly?: boolean;
}

/**
 * The end of every mail, as an official notice ends: where to act, who to ask (a contact person
 * of the directory with their mail), and the signature — the jurisdiction's lead office
 * (leadOfficeName) and the date.
 */
export function mailFooter(o: { link?: MailLink; contact?: ContactPerson; leadOfficeName: string; at?: string; timeZone: string }): string[] {
  const lines: string[] = [];
  if (o.link?.readOnly) {
    lines.push(`查看入口：${o.link.url}`);
    lines.push(
      `（本邮件抄送你单位知悉。点击上述链接即可查看本隐患的办理情况和督办时间线（只读，不能办理），无需密码，有效期至${formatHour(o.link.expiresAt, o.timeZone)}；办理链接仅发送主送单位。请勿转发。）`,
      '',
    );
  } else if (o.link) {
    lines.push(`办理入口：${o.link.url}`);
    if (o.link.signedFor) {
      lines.push(`（点击上述链接即以${o.link.signedFor}身份登录并办理本事项，无需密码，有效期至${formatHour(o.link.expiresAt, o.timeZone)}；请勿转发。）`);
    } else if (o.link.copy) {
      lines.push('（本邮件抄送你单位知悉；办理链接仅发送主送单位。如需查看，请使用本单位账号登录。）');
    } else {
      lines.push('（请使用本单位账号登录后办理。）');
    }
    lines.push('');
  } else {
    lines.push('办理入口：请登录护校安园专项行动督办系统办理。', '');
  }
  if (o.contact) lines.push(`联系人：${o.contact.unitName}${o.contact.name}，电子邮箱：${o.contact.email}`, '');
  lines.push(o.leadOfficeName, formatDate(o.at ?? Date.now(), o.timeZone), '', '（本邮件由护校安园专项行动督办系统自动发送）');
  return lines;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

export function renderMail(ctx: MailContext): RenderedMail {
  const { hazard: h, details: d, directory: dir } = ctx;
  // Every time in a hazard mail is a limit: written as people write one ("11月28日24时").
  const t = (iso?: string) => formatDeadline(iso, ctx.timeZone);
  // The time left until a deadline, as it is when the mail leaves (a reminder held back says what is true then).
  const left = (deadline?: string | null) => (ctx.sentAt && deadline ? describeSpanZh(Date.parse(deadline) - Date.parse(ctx.sentAt)) : describeDurationZh(d.offset ?? 'PT0S'));
  const category = HAZARD_CATEGORY_LABELS[h.category] ?? h.category;
  const level = HAZARD_LEVEL_LABELS[h.level] ?? h.level;
  const unit = dir.departmentName ?? dir.schoolName;
  const tag = h.level === 'major' ? '【重大隐患】' : '';
  // The hazard as a notice names it: its school and its title in quotation marks (“…‘三无’…”).
  const title = quoted(h.title);
  const named = `${dir.schoolName}${title}`;

  let subject: string;
  let lead: string;
  let todo: string;
  const extra: string[] = [];

  switch (ctx.kind) {
    case 'hazard_reported':
      subject = `隐患上报：${dir.schoolName}${title}待交办`;
      lead =
        h.origin && h.origin !== 'self_inspection'
          ? `${HAZARD_ORIGIN_LABELS[h.origin]}发现${dir.schoolName}存在一项${level}${title}，${h.level === 'major' ? '按规定报教育局并报属地政府' : '报教育局'}。`
          : h.level === 'major'
            ? `${dir.schoolName}上报一项重大隐患${title}，按规定报教育局并报属地政府。`
            : `${dir.schoolName}上报一项一般隐患${title}，学校无法自行整改，报教育局。`;
      todo = '请教育局通过下方办理入口研判并交办责任部门、明确整改期限。';
      break;
    case 'major_hazard_report': {
      // 重大问题第一时间报送: to the lead office, which forwards it to the body outside the directory.
      const to = d.addressee ?? '上级主管部门';
      subject = `重大问题报送：${dir.schoolName}${title}`;
      const found = h.origin && h.origin !== 'self_inspection' ? `${HAZARD_ORIGIN_LABELS[h.origin]}发现${dir.schoolName}存在一项重大隐患` : `${dir.schoolName}上报一项重大隐患`;
      lead = `${found}${title}，已报${dir.bureauName}交办整改。按照“重大问题第一时间报送”的要求，现予报送。`;
      todo = `请即转报${to}，并督促${dir.bureauName}尽快交办、限期整改。`;
      break;
    }
    case 'self_fix_registered':
      subject = `隐患登记：${dir.schoolName}自行整改${title}`;
      lead = `${named}为一般隐患，由学校自行整改并登记，整改期限为${t(h.dueAt)}。`;
      todo = '请学校在期限前完成整改，并通过下方办理入口登记整改结果、上传整改前后照片，予以销号；教育局将进行抽查。';
      break;
    case 'self_fix_closed':
      subject = `自行整改销号：${dir.schoolName}${title}已整改登记`;
      lead = `${named}为一般隐患，学校已自行整改并登记销号${d.note ? `：${d.note}` : '。'}`;
      todo = '请教育局适时抽查，并通过下方办理入口登记抽查结果；抽查不合格的，隐患重新纳入整改。';
      break;
    case 'spot_check_failed':
      subject = `抽查不合格：${title}请于${t(h.dueAt)}前重新整改`;
      lead = `教育局抽查发现${named}未整改到位${d.note ? `：${d.note}` : '。'}隐患重新纳入整改。`;
      todo = `请于${t(h.dueAt)}前重新整改到位，并通过下方办理入口再次登记整改结果、上传整改前后照片。`;
      break;
    case 'rectification_notice':
      subject = `整改通知书：请${unit}于${t(h.dueAt)}前整改${title}`;
      lead = dir.cooperatingNames?.length
        ? `根据护校安园专项行动要求，现将${named}交办你单位牵头整改，${dir.cooperatingNames.join('、')}配合，请限期整改。`
        : `根据护校安园专项行动要求，现将${named}交办你单位，请限期整改。`;
      todo = `请收到本通知书后${ACKNOWLEDGEMENT_DUE_WORKING_HOURS}个工作小时内通过下方办理入口签收，于${t(h.dueAt)}前完成整改，并通过同一入口报告整改情况、上传整改前后照片；如确需延期，请在期限前通过同一入口提出延期申请。`;
      if (d.note) extra.push(`交办意见：${d.note}`);
      break;
    case 'deadline_reminder':
      subject = `整改期限提醒：${title}距整改期限还有${left(h.dueAt)}`;
      lead = `你单位负责整改的${named}距整改期限（${t(h.dueAt)}）还有${left(h.dueAt)}，目前尚未报告整改完成。`;
      todo = '请抓紧整改，并在期限前通过下方办理入口报告整改情况。逾期将通报分管领导并逐级上报督办。';
      break;
    case 'overdue_notice':
      subject = `逾期通知：${title}已超过整改期限`;
      lead = `你单位负责整改的${named}整改期限为${t(h.dueAt)}前，现已逾期，仍未报告整改完成${ctx.inCampaign ? '，已列入专项行动通报' : ''}。本通知同时抄送你单位分管领导。`;
      todo = d.graceEndsAt
        ? `请于${t(d.graceEndsAt)}前完成整改，并通过下方办理入口报告整改情况；届时仍未整改的，将提请教育局（领导小组办公室）督办，直至报属地政府挂牌督办。`
        : '请立即组织整改并报告整改情况；宽限期后仍未整改的，将提请教育局（领导小组办公室）督办，直至报属地政府挂牌督办。';
      break;
    case 'escalated_to_bureau':
      subject = `逾期督办：${title}逾期未整改，提请督办`;
      lead = h.dueAt
        ? `${unit}负责整改的${named}已超过整改期限（${t(h.dueAt)}）及宽限期，仍未整改，现提请教育局（领导小组办公室）督办。`
        : `${named}${causeOf(d.reason) ? `${causeOf(d.reason)}，` : ''}尚未交办整改，现提请教育局（领导小组办公室）督办。`;
      todo = '请教育局（领导小组办公室）督促责任单位立即整改；确属无法解决的，请通过下方办理入口报属地政府统筹解决。';
      break;
    case 'listed_supervision': {
      const cause = causeOf(d.reason);
      subject = `挂牌督办：${dir.schoolName}${title}`;
      lead = `${named}${cause ? `因${cause}` : ''}，现报请${dir.governmentName}挂牌督办，督办期限为${t(h.governmentDueAt)}前。`;
      todo = `请${dir.governmentName}收到本通知后${ACKNOWLEDGEMENT_DUE_WORKING_HOURS}个工作小时内通过下方办理入口签收，统筹协调相关部门于督办期限前整改到位，并通过同一入口报告整改进展和结果。`;
      break;
    }
    case 'listed_supervision_reminder':
      subject = `挂牌督办期限提醒：${title}距督办期限还有${left(h.governmentDueAt)}`;
      lead = `挂牌督办的${named}距督办期限（${t(h.governmentDueAt)}）还有${left(h.governmentDueAt)}，尚未整改完成。`;
      todo = '请抓紧统筹整改，并在期限前通过下方办理入口报告整改情况。';
      break;
    case 'listed_supervision_overdue':
      subject = `挂牌督办逾期：${title}未在督办期限内整改，列入通报`;
      lead = `挂牌督办的${named}已超过督办期限（${t(h.governmentDueAt)}），仍未整改完成，已列入专项行动通报（黑榜）。`;
      todo = `请属地政府及领导小组办公室研究处置，明确整改措施和时限。`;
      break;
    case 'rectification_reported':
      subject = `整改完成待验收：${title}`;
      lead = `${unit}已报告${named}整改完成${d.note ? `：${d.note}` : '。'}`;
      todo = '请组织验收，并通过下方办理入口登记验收结果。';
      break;
    case 'verification_requested':
      subject = `整改完成待验收：${dir.schoolName}${title}`;
      lead = `${unit}已报告${named}整改完成${d.note ? `：${d.note}` : '。'}`;
      todo = '请验收人员按期组织现场验收，并通过下方办理入口登记验收结果（验收通过的予以销号，不通过的写明原因）。';
      break;
    case 'verification_passed':
      subject = `验收通过：${title}予以销号`;
      lead = `${named}经验收合格，予以销号${d.note ? `（${d.note}）` : ''}。`;
      todo = `请继续巩固整改成果，防止反弹；销号后将适时开展回头看。`;
      break;
    case 'verification_failed':
      subject = `验收未通过：${title}请于${t(h.dueAt)}前重新整改`;
      lead = `${named}验收未通过（第${h.rejectionCount}次）${d.note ? `，不通过理由：${d.note.replace(/[。.]$/, '')}。` : '。'}`;
      todo = `请对照不通过理由，于${t(h.dueAt)}前重新整改到位，并通过下方办理入口再次报告整改情况。`;
      if (d.previousDueAt) extra.push(`原整改期限：${t(d.previousDueAt)}`);
      break;
    case 'extension_requested':
      subject = `延期申请：${title}申请延期至${t(d.requestedDueAt)}`;
      lead = `${unit}申请将${named}的整改期限延至${t(d.requestedDueAt)}，理由：${d.reason ?? '未说明'}。`;
      todo = '请审核，并通过下方办理入口作出批准或不予批准的决定。';
      break;
    case 'extension_approved':
      subject = `延期获批：${title}整改期限延至${t(d.requestedDueAt)}`;
      lead = `你单位关于${named}的延期申请已批准，整改期限由${t(d.previousDueAt)}延至${t(d.requestedDueAt)}${d.note ? `（${d.note}）` : ''}。`;
      todo = `请于新的期限前完成整改并报告。`;
      break;
    case 'extension_refused':
      subject = `延期未获批准：${title}整改期限不变`;
      lead = `你单位将${named}的整改期限延至${t(d.requestedDueAt)}的申请未获批准${d.note ? `（${d.note}）` : ''}，整改期限仍为${t(d.previousDueAt)}。`;
      todo = `请按原定期限完成整改并报告。`;
      break;
    case 'withdrawn':
      subject = `隐患撤销：${title}`;
      lead = `${named}已撤销${d.reason ? `，理由：${d.reason}` : ''}。`;
      todo = `无需再行整改。`;
      break;
    case 'look_back_due':
      subject = `回头看：请复查已销号隐患${title}`;
      lead = `${named}已销号，现到回头看时间，请复查整改成效，防止反弹。`;
      todo = '请组织复查，并通过下方办理入口登记回头看结果。';
      break;
    case 'look_back_reminder':
      subject = `回头看期限提醒：${title}距回头看登记期限还有${describeDurationZh(d.offset ?? 'PT0S')}`;
      lead = `${named}已销号，回头看尚未登记，距登记期限还有${describeDurationZh(d.offset ?? 'PT0S')}。`;
      todo = '请抓紧组织复查，并通过下方办理入口登记回头看结果；逾期未登记的，将报领导小组办公室并列入通报。';
      break;
    case 'look_back_overdue':
      subject = `回头看逾期：${title}未在期限内开展回头看，列入通报`;
      lead = `${dir.bureauName}未在期限内登记已销号隐患${named}的回头看，现通知${dir.bureauName}及领导小组办公室，并列入专项行动通报。`;
      todo = '请教育局说明情况并立即组织复查；领导小组办公室督促落实。';
      break;
    case 'reopened':
      subject = `隐患反弹：${title}回头看未通过，请于${t(h.dueAt)}前重新整改`;
      lead = `回头看发现${named}出现反弹${d.note ? `：${d.note.replace(/[。.]$/, '')}。` : '。'}隐患重新纳入整改。`;
      todo = `请于${t(h.dueAt)}前重新整改到位并报告。`;
      break;
    case 'acknowledgement_overdue':
      subject = `未签收告知分管领导：${unit}尚未签收${title}整改通知书`;
      lead = `${named}的整改通知书已于${formatHour(d.noticeAt, ctx.timeZone)}发送你单位，已过${ACKNOWLEDGEMENT_DUE_WORKING_HOURS}个工作小时仍未签收。本通知发送你单位分管领导。`;
      todo = `请分管领导督促立即通过下方办理入口签收，并于${t(h.dueAt)}前完成整改（签收不改变整改期限）。`;
      break;
  }

  const facts = [
    `隐患编号：${hazardNumberText(h)}`,
    `隐患名称：${h.title}`,
    `所在学校：${dir.schoolName}`,
    `隐患类别：${category}`,
    `隐患等级：${level}`,
    ...(h.origin && h.origin !== 'self_inspection' ? [`隐患来源：${HAZARD_ORIGIN_LABELS[h.origin]}`] : []),
    ...(h.location ? [`隐患位置：${h.location}`] : []),
    ...(h.description ? [`隐患描述：${h.description}`] : []),
    `${dir.cooperatingNames?.length ? '牵头单位' : '责任单位'}：${dir.departmentName ?? (h.status === 'bureau_review' ? dir.bureauName : dir.schoolName)}`,
    // 平湖 "逐一落实相关行政部门的督办责任人和学校幼儿园的整改责任人": the persons named at 交办, and the 配合单位.
    ...(dir.cooperatingNames?.length ? [`配合单位：${dir.cooperatingNames.join('、')}`] : []),
    ...(h.rectificationOwner ? [`整改责任人：${personLabel(h.rectificationOwner)}`] : []),
    ...(h.supervisionOwner ? [`督办责任人：${personLabel(h.supervisionOwner)}`] : []),
    // An unassigned hazard has no limit yet: the line says who sets it, not "未设定".
    h.dueAt ? `整改期限：${t(h.dueAt)}前` : `整改期限：待${dir.bureauName}交办时明确`,
    ...(h.governmentDueAt ? [`挂牌督办期限：${t(h.governmentDueAt)}前`] : []),
    `督办状态：${h.escalationLevel === 0 ? '尚未启动督办' : (ESCALATION_LEVEL_LABELS[h.escalationLevel as EscalationLevel] ?? h.escalationLevel)}`,
    // Photos are on the hazard's page (behind sign-in), not addresses to open from the mail.
    ...(h.evidence.length ? [`佐证材料：照片等${h.evidence.length}份，请通过下方办理入口在隐患页面查看`] : []),
    ...extra,
  ];
  const text = [
    `${ctx.toNames.join('、')}：`,
    '',
    lead,
    '',
    ...facts,
    '',
    todo,
    '',
    ...mailFooter({ link: ctx.link, contact: dir.contact, leadOfficeName: dir.leadOfficeName, at: ctx.at, timeZone: ctx.timeZone }),
  ].join('\n');
  return { subject: `【护校安园】${tag}${subject}`, text };
}
