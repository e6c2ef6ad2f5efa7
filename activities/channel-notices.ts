// A notice on the channels beside its mail (docs/channels.md): for every unit and person it
// addresses that has channels in the directory, one ChannelDelivery row per (notice, channel,
// target), written in the mail's own step before the mail is sent, idempotently (the notice's
// dedupe key): a retried step writes nothing twice, a mail outage holds no channel back, and the
// channel dispatcher (activities/channel-dispatcher.ts) sends them on its own.
//
// Which link goes where: the signed one-click link (signs its reader in as the addressed unit) goes
// only to the robot of the unit the notice is addressed to — a robot is kept in the directory as
// that unit's own group (UnitChannel), so the group is the unit's own. A copied unit's robot gets
// its own copy: a hazard's read-only link signed for that unit (抄送, hazard-view:<id>), else the
// page's address, with the copy's wording; a notice addressed to several units gets the page's
// address everywhere (as its mail does), and an SMS carries no link at all (a URL may not be an SMS
// template parameter).
import type { Database } from '../common/database';
import { cachedLookup } from '../common/directory-cache';
import type { Recipient } from '../common/notification';
import { formatDeadline, formatHour } from '../common/time';
import { nextWorkingInstant } from '../domain/working-hours';
import { ACKNOWLEDGEMENT_DUE_WORKING_HOURS, ACKNOWLEDGEMENT_LEADER_MAIL_KIND, ACKNOWLEDGEMENT_REMINDER_KIND, climbOf, isAcknowledgedNotice } from '../domain/hazard/acknowledgement';
import type { MailLink } from './hazard-mail-templates';
import { jurisdictionOf } from './recipients';
import type { ResolvedRecipient } from './recipients';
import type { UnitChannels } from '../common/views';

export type ChannelKind = 'dingtalk' | 'wecom' | 'sms';
export type ChannelUnitType = 'school' | 'department' | 'government' | 'lead_office';

export type UnitChannelRow = UnitChannels;

/** What the channels need beyond the mail's settings. */
export interface ChannelSettings {
  /** SMS wait for working hours (SMS_WORKING_HOURS_ONLY). */
  smsWorkingHoursOnly: boolean;
  /** Whether SMS are sent at all (an SMS account is configured). */
  sms: boolean;
}

/** Every unit's channels, through the directory cache (one query a TTL, however many notices). */
export async function unitChannels(db: Database): Promise<Map<string, UnitChannelRow>> {
  return cachedLookup(db, 'channels:all', async () => new Map((await db.unitChannel.findMany()).map((c) => [`${c.unitType}:${c.unitId}`, c])));
}

/** The unit a recipient belongs to, as the channels know it, and whether it is its leader. */
export async function channelUnitOf(db: Database, r: Recipient): Promise<{ key: string; leader: boolean }> {
  switch (r.kind) {
    case 'school':
      return { key: `school:${r.schoolId}`, leader: false };
    case 'department':
    case 'department_leader':
      return { key: `department:${r.departmentId}`, leader: r.kind === 'department_leader' };
    case 'bureau':
    case 'bureau_leader': {
      const j = await jurisdictionOf(db, r);
      return { key: `department:${j.educationBureauId ?? ''}`, leader: r.kind === 'bureau_leader' };
    }
    case 'lead_office':
      return { key: `lead_office:${(await jurisdictionOf(db, r)).id}`, leader: false };
    case 'government':
      return { key: `government:${(await jurisdictionOf(db, r)).id}`, leader: false };
    case 'inspectors':
      // Persons without a unit of the directory's: their mail only (the bureau, who verifies too, has its channels).
      return { key: `inspectors:${(await jurisdictionOf(db, r)).id}`, leader: false };
  }
}

/** A rendered notice and whom it addresses: what the mail activity has in hand. */
export interface ChannelNotice {
  dedupeKey: string;
  kind: string;
  hazardId?: string;
  campaignId?: string;
  to: Recipient[];
  cc: Recipient[];
  toUnits: ResolvedRecipient['unit'][];
  subject: string;
  /** The addressed units' mail text, and the copies' (without the signed link) when it differs. */
  text: string;
  ccText?: string;
  link?: MailLink;
  copyLink?: MailLink;
  /** Each copied unit's own copy of a hazard's notice: its read-only link (抄送) and its text. */
  copies?: { unit: ResolvedRecipient['unit']; link: MailLink; text: string }[];
  /** The item's name in an SMS: the hazard's 编号 (第12号; its id before numbers were given) or the campaign's name. */
  item: string;
  /** The deadline the notice is about, if any. */
  deadline?: string;
  timeZone: string;
}

/** Robot messages are kept within 企业微信's markdown limit (4096 bytes), with room for a digest's header. */
const ROBOT_MARKDOWN_BYTES = 3800;
/** Every SMS template parameter within 20 characters (Alibaba Cloud, docs/channels.md). */
export const SMS_PARAM_CHARS = 20;

/** At most `max` characters (code points), with an ellipsis when cut. */
export const clip = (s: string, max: number) => ([...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);

/** At most `max` UTF-8 bytes, cut at a character, with an ellipsis when cut. */
export function clipBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch + '…', 'utf8') > max) break;
    out += ch;
  }
  return `${out}…`;
}

/** The subject without the system's tag: "整改通知书：请…". */
const bareSubject = (subject: string) => subject.replace(/^【护校安园】/, '');
/** The notice's name: the subject up to its colon ("整改通知书"), within an SMS parameter. */
export const noticeLabel = (subject: string) =>
  clip(
    bareSubject(subject)
      .replace(/^【[^】]*】/, '')
      .split('：')[0],
    SMS_PARAM_CHARS,
  );

/** A robot's markdown of a notice: its subject, the mail's text up to the link, and the link. */
function robotMarkdown(subject: string, text: string, link: MailLink | undefined): string {
  const body = text
    .split(/\n(?:办理|查看)入口/)[0]
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const linkLines = link
    ? [
        link.readOnly ? `[查看入口](${link.url})` : `[办理入口](${link.url})`,
        link.readOnly
          ? '（本消息抄送你单位知悉：点击可查看本隐患办理情况，只读；办理链接仅发送主送单位，请勿转发）'
          : link.signedFor
            ? `（点击即以${link.signedFor}身份登录办理本事项，请勿转发）`
            : link.copy
              ? '（本消息抄送你单位知悉；办理链接仅发送主送单位）'
              : '（请使用本单位账号登录后办理）',
      ]
    : ['请登录护校安园专项行动督办系统办理。'];
  const head = `#### ${bareSubject(subject)}`;
  const tail = linkLines.join('\n\n');
  const room = ROBOT_MARKDOWN_BYTES - Buffer.byteLength(`${head}\n\n\n\n${tail}`, 'utf8');
  return `${head}\n\n${clipBytes(body.join('\n\n'), Math.max(room, 0))}\n\n${tail}`;
}

/** A notice's line in a robot's digest. */
const digestLine = (subject: string, link: MailLink | undefined) => `- ${link ? `[${bareSubject(subject)}](${link.url})` : bareSubject(subject)}`;

/** The channels' key of a unit a mail signs in as (a bureau is a department of the directory). */
const unitKey = (u: ResolvedRecipient['unit']) => (u.role === 'lead' ? 'lead_office:' : `${u.role === 'bureau' ? 'department' : u.role}:${u.unitId ?? ''}`);

interface DeliveryRow {
  dedupeKey: string;
  channel: ChannelKind;
  target: string;
  hazardId: string | null;
  campaignId: string | null;
  kind: string;
  title: string;
  body: string;
  line: string;
  mentions: string[];
  notBefore: Date;
}

/**
 * The notice's channel deliveries: the addressed units' robots (with the signed link where the
 * unit is the one addressed), the copied units' robots (the page's address), and an SMS to each
 * mobile of the people addressed (contacts, or the leader when the leader is addressed).
 */
export async function channelDeliveries(db: Database, settings: ChannelSettings, n: ChannelNotice, now = new Date()): Promise<DeliveryRow[]> {
  // The leader's mail of 签收's climb: its channel messages are the climb's own (below).
  if (n.kind === ACKNOWLEDGEMENT_LEADER_MAIL_KIND) return [];
  const channels = await unitChannels(db);
  if (channels.size === 0) return [];
  const [toUnits, ccUnits] = await Promise.all([Promise.all(n.to.map((r) => channelUnitOf(db, r))), Promise.all(n.cc.map((r) => channelUnitOf(db, r)))]);
  const rows: DeliveryRow[] = [];
  const base = { dedupeKey: n.dedupeKey, hazardId: n.hazardId ?? null, campaignId: n.campaignId ?? null, kind: n.kind };
  // The unit the signed link signs in as: the notice's one addressed unit.
  const signedKey = n.link?.signedFor && n.toUnits.length === 1 ? unitKey(n.toUnits[0]) : undefined;
  /** The link of a robot's message: signed in the addressed unit's own group, else the page's address. */
  const linkFor = (key: string, copy: boolean): MailLink | undefined => {
    if (copy) return n.copyLink;
    if (!n.link?.signedFor || key === signedKey) return n.link;
    return n.copyLink && { url: n.copyLink.url };
  };
  const robots = (key: string, copy: boolean, mentions: string[]) => {
    const c = channels.get(key);
    if (!c) return;
    // A copied unit's own group gets its own copy: the read-only link signs in as that very unit.
    const own = copy ? n.copies?.find((x) => unitKey(x.unit) === key || (x.unit.role === 'lead' && key.startsWith('lead_office:'))) : undefined;
    const link = own?.link ?? linkFor(key, copy);
    const text = own?.text ?? (copy ? (n.ccText ?? n.text) : n.text);
    const message = { title: noticeLabel(n.subject), body: robotMarkdown(n.subject, text, link), line: digestLine(n.subject, link), mentions, notBefore: now };
    if (c.dingtalkWebhook) rows.push({ ...base, channel: 'dingtalk', target: key, ...message });
    if (c.wecomWebhook) rows.push({ ...base, channel: 'wecom', target: key, ...message });
  };
  const addressed = new Map<string, boolean>(); // unit → its leader addressed
  toUnits.forEach((u) => addressed.set(u.key, (addressed.get(u.key) ?? false) || u.leader));
  const contactsAddressed = new Set(toUnits.filter((u) => !u.leader).map((u) => u.key));
  // A leader copied on a notice to the leader's own unit (逾期通知) is @-mentioned in its group.
  for (const u of ccUnits) if (u.leader && addressed.has(u.key)) addressed.set(u.key, true);
  for (const [key, leader] of addressed) {
    const c = channels.get(key);
    const mentions = [...new Set([...(contactsAddressed.has(key) ? (c?.contactMobiles ?? []) : []), ...(leader ? (c?.leaderMobiles ?? []) : [])])];
    robots(key, false, mentions);
  }
  for (const key of new Set(ccUnits.map((u) => u.key))) if (!addressed.has(key)) robots(key, true, []);
  if (settings.sms) {
    const names = new Map(n.toUnits.map((t) => [unitKey(t), t.name]));
    const phones = new Map<string, string>(); // mobile → the addressed unit's name
    for (const u of toUnits) {
      const c = channels.get(u.key);
      for (const phone of (u.leader ? c?.leaderMobiles : c?.contactMobiles) ?? []) if (!phones.has(phone)) phones.set(phone, names.get(u.key) ?? names.get(`${u.key.split(':')[0]}:`) ?? '');
    }
    const notBefore = settings.smsWorkingHoursOnly ? nextWorkingInstant(now, n.timeZone) : now;
    const label = noticeLabel(n.subject);
    for (const [phone, unit] of phones) {
      const params = {
        unit: clip(unit, SMS_PARAM_CHARS),
        notice: label,
        item: clip(n.item, SMS_PARAM_CHARS),
        deadline: clip(n.deadline ? `期限${formatDeadline(n.deadline, n.timeZone)}` : '请及时查看', SMS_PARAM_CHARS),
      };
      rows.push({ ...base, channel: 'sms', target: phone, title: label, body: JSON.stringify(params), line: label, mentions: [], notBefore });
    }
  }
  rows.push(...climbDeliveries(n, channels, toUnits, settings, now));
  return rows;
}

/**
 * 签收's climb (domain/hazard/acknowledgement.ts): a 整改通知书 / 挂牌督办 addressed to one unit is
 * repeated, unless acknowledged by then, in the unit's own groups (with the signed link, its
 * contacts @-mentioned), then by SMS to its contacts, then told to its 分管领导 (SMS, @ in the
 * groups) — each a delivery written now with its instant as `notBefore`, dropped when the notice
 * is acknowledged (activities/hazard-record.ts). Durable like every delivery; none without channels.
 */
function climbDeliveries(n: ChannelNotice, channels: Map<string, UnitChannelRow>, toUnits: { key: string; leader: boolean }[], settings: ChannelSettings, now: Date): DeliveryRow[] {
  if (!isAcknowledgedNotice(n.kind) || !n.hazardId || n.toUnits.length !== 1) return [];
  const key = toUnits.find((u) => !u.leader)?.key;
  const c = key ? channels.get(key) : undefined;
  if (!key || !c) return [];
  const label = noticeLabel(n.subject);
  const unit = n.toUnits[0].name;
  const rows: DeliveryRow[] = [];
  const base = { hazardId: n.hazardId, campaignId: n.campaignId ?? null, kind: ACKNOWLEDGEMENT_REMINDER_KIND };
  const link = n.link?.signedFor ? n.link : n.copyLink && { url: n.copyLink.url };
  const robotsAt = (step: string, at: Date, title: string, lead: string, mentions: string[]) => {
    const text = [`#### ${title}`, lead, link ? `[办理入口（签收）](${link.url})` : '请登录护校安园专项行动督办系统签收。', ...mentions.map((m) => `@${m}`)].join('\n\n');
    const message = {
      dedupeKey: `${n.dedupeKey}:ack-${step}`,
      title: clip(title, SMS_PARAM_CHARS),
      body: clipBytes(text, ROBOT_MARKDOWN_BYTES),
      line: digestLine(title, link),
      mentions,
      notBefore: at,
    };
    if (c.dingtalkWebhook) rows.push({ ...base, ...message, channel: 'dingtalk', target: key });
    if (c.wecomWebhook) rows.push({ ...base, ...message, channel: 'wecom', target: key });
  };
  const smsAt = (step: string, at: Date, phones: string[], notice: string) => {
    if (!settings.sms) return;
    const notBefore = settings.smsWorkingHoursOnly ? nextWorkingInstant(at, n.timeZone) : at;
    const params = {
      unit: clip(unit, SMS_PARAM_CHARS),
      notice: clip(notice, SMS_PARAM_CHARS),
      item: clip(n.item, SMS_PARAM_CHARS),
      deadline: clip(n.deadline ? `期限${formatDeadline(n.deadline, n.timeZone)}` : '请及时查看', SMS_PARAM_CHARS),
    };
    for (const phone of new Set(phones))
      rows.push({ ...base, dedupeKey: `${n.dedupeKey}:ack-${step}`, channel: 'sms', target: phone, title: notice, body: JSON.stringify(params), line: notice, mentions: [], notBefore });
  };
  const issued = formatHour(now, n.timeZone);
  for (const rung of climbOf(now, n.timeZone)) {
    if (rung.step === 'robot')
      robotsAt('robot', rung.at, `请签收：${bareSubject(n.subject)}`, `${unit}：该${label}已于${issued}发出，你单位尚未签收。请点击办理入口签收（签收不改变整改期限）。`, c.contactMobiles);
    if (rung.step === 'sms') smsAt('sms', rung.at, c.contactMobiles, `${label}待签收`);
    if (rung.step === 'leader') {
      robotsAt(
        'leader',
        rung.at,
        `未签收告知分管领导：${bareSubject(n.subject)}`,
        `${unit}分管领导：该${label}已于${issued}发出，已过${ACKNOWLEDGEMENT_DUE_WORKING_HOURS}个工作小时仍未签收，请督促签收并按期整改。`,
        c.leaderMobiles,
      );
      smsAt('leader', rung.at, c.leaderMobiles, `${label}未签收`);
    }
  }
  return rows;
}

/** Writes the notice's channel deliveries once (a retried step finds them and writes none). */
export async function enqueueChannelNotice(db: Database, settings: ChannelSettings, n: ChannelNotice): Promise<number> {
  const rows = await channelDeliveries(db, settings, n);
  if (rows.length === 0) return 0;
  const { count } = await db.channelDelivery.createMany({ data: rows, skipDuplicates: true });
  return count;
}
