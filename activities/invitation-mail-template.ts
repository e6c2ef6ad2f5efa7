// The wording of an invitation's mail (开通邀请).
import { formatDate, formatHour } from '../common/time';

export interface InvitationMailFacts {
  name: string;
  email: string;
  roleLabel: string;
  unitName: string;
  inviterName: string;
  url: string;
  expiresAt: Date;
  sentAt: Date;
  timeZone: string;
}

export function renderInvitationMail(f: InvitationMailFacts): { subject: string; text: string } {
  return {
    subject: `【护校安园】工作平台账号开通邀请（${f.unitName}）`,
    text: [
      `${f.name}同志：`,
      '',
      `${f.inviterName}已为您开通护校安园专项行动工作平台账号，账号信息如下：`,
      `  单　　位：${f.unitName}`,
      `  角　　色：${f.roleLabel}`,
      `  登录邮箱：${f.email}`,
      '',
      `请于${formatHour(f.expiresAt, f.timeZone)}前打开以下链接，设置登录密码，完成账号开通。链接仅可使用一次，逾期失效：`,
      f.url,
      '',
      '密码设置后，请使用上述登录邮箱和密码登录平台。链接请勿转发他人；如非本单位工作需要，请忽略本邮件。',
      '',
      f.inviterName,
      formatDate(f.sentAt, f.timeZone),
    ].join('\n'),
  };
}
