// Sends one notification mail, exactly once per dedupe key: the notification log holds the
// key; a retried activity that finds the mail already sent sends nothing. The Message-ID is
// derived from the key, so even a crash between the SMTP hand-off and the log update yields
// a resend a mail client recognises as the same message.
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { CampaignNotificationRequest, NotificationRequest, NotificationResult, Recipient } from '../common/notification';
import { activityLog } from './activity-log';
import { periodStatistics, periodStatisticsCsv, reportCarriesStatistics, statisticsCsvName } from '../common/campaign-statistics';
import { reportedSpan } from '../common/report-period';
import { hazardScopeWhere } from '../domain/scope';
import { renderCampaignMail } from './campaign-mail-templates';
import type { Database } from '../common/database';
import { renderMail, type MailLink } from './hazard-mail-templates';
import { loadContact, loadDirectoryFacts, resolveAddresses, type ResolvedRecipient } from './recipients';
import { issueLinkWithExpiry, type LinkSettings } from '../common/sign-in-links';
import { hazardViewSubject } from '../common/link-subjects';
import { channelUnitOf, enqueueChannelNotice, unitChannels, type ChannelNotice, type ChannelSettings } from './channel-notices';
import { ACKNOWLEDGEMENT_LEADER_MAIL_KIND, climbOf, isAcknowledgedNotice } from '../domain/hazard/acknowledgement';
import { formatDeadline } from '../common/time';
import { hazardNumberText } from '../common/wording';
import { noticeSendableAt } from '../domain/working-hours';
import { bulletinPdfAttachment } from './bulletin-pdf';
import { bulletinsOf } from './bulletin-issue';

export interface NotificationDeps {
  db: Database;
  transport: Transporter;
  from: string;
  timeZone: string;
  /** The web app's address: every mail links to its page there. */
  publicUrl?: string;
  /** Signed sign-in links (LINK_SECRET, LINK_TTL); without them a mail links to the page (sign-in needed). */
  links?: LinkSettings;
  /** The notice channels beside the mail (钉钉, 企业微信, SMS); without them only mail. */
  channels?: ChannelSettings;
  /**
   * A rung's notice outside working hours waits for the next 08:30 local (NOTICES_WORKING_HOURS_ONLY;
   * domain/working-hours.ts): it is logged `held` and sent by the held-notice dispatcher
   * (activities/held-notices.ts). Off: sent at once, at any hour (the tests' compressed deadlines).
   */
  workingHoursOnly?: boolean;
  /** Now (ms), for holding a notice and for what a reminder says is left; default the machine's clock (a test gives its server's). */
  clock?: () => number | Promise<number>;
}

/** The page's address for the copies (Cc) of a mail whose link is signed for its addressee. */
const copyLink = (deps: NotificationDeps, page: string): MailLink => ({ url: `${deps.publicUrl!.replace(/\/$/, '')}${page}`, copy: true });

/** A copied unit's own copy of a hazard's mail: its addresses and text, the unit, its read-only link. */
type HazardCopy = MailCopy & { unit: ResolvedRecipient['unit']; link: MailLink };

/**
 * A hazard mail's copies (抄送): each copied unit its own, whose link signs it in to read that one
 * hazard (hazard-view:<id>, common/link-subjects.ts) — no action, no list, no other item; the link
 * that acts stays the addressed unit's. Without signed links: none (the copy is the mail itself).
 */
async function hazardCopies(
  deps: NotificationDeps,
  dedupeKey: string,
  hazardId: string,
  ccUnits: { unit: ResolvedRecipient['unit']; emails: string[] }[],
  render: (l?: MailLink) => { text: string },
): Promise<HazardCopy[]> {
  if (!deps.publicUrl || !deps.links) return [];
  const base = deps.publicUrl.replace(/\/$/, '');
  const copies = [];
  for (const { unit, emails } of ccUnits) {
    const { token, expiresAt } = await issueLinkWithExpiry(deps.db, deps.links, {
      dedupeKey: `${dedupeKey}:view`,
      role: unit.role,
      unitId: unit.unitId,
      subject: hazardViewSubject(hazardId),
    });
    const link: MailLink = { url: `${base}/l/${token}`, copy: true, readOnly: true, signedFor: unit.name, expiresAt: expiresAt.toISOString() };
    copies.push({ key: `${unit.role}:${unit.unitId ?? ''}`, to: emails, text: render(link).text, unit, link });
  }
  return copies;
}

/**
 * The link of a mail: to the page of what it is about; signed for the addressed unit when the
 * mail is addressed to one unit and links are configured (the same link on a retry).
 */

async function mailLink(deps: NotificationDeps, dedupeKey: string, subject: string, page: string, toUnits: ResolvedRecipient['unit'][]): Promise<MailLink | undefined> {
  if (!deps.publicUrl) return undefined;
  const base = deps.publicUrl.replace(/\/$/, '');
  const unit = toUnits.length === 1 ? toUnits[0] : undefined;
  if (!deps.links || !unit) return { url: `${base}${page}` };
  const { token, expiresAt } = await issueLinkWithExpiry(deps.db, deps.links, { dedupeKey, role: unit.role, unitId: unit.unitId, subject });
  return { url: `${base}/l/${token}`, signedFor: unit.name, expiresAt: expiresAt.toISOString() };
}

/**
 * The salutation of a mail: the units addressed, each once, by name only (no person, no title);
 * to more than a few, as a notice to many is addressed — "各成员单位、各学校" — without the lead
 * office, which signs it.
 */
export function salutation(toUnits: ResolvedRecipient['unit'][]): string[] {
  const names = [...new Set(toUnits.map((u) => u.name))];
  if (names.length <= 3) return names;
  const others = toUnits.filter((u) => u.role !== 'lead');
  const departments = others.some((u) => u.role === 'department' || u.role === 'bureau');
  const schools = others.some((u) => u.role === 'school');
  const named = [...new Set(others.filter((u) => u.role !== 'department' && u.role !== 'bureau' && u.role !== 'school').map((u) => u.name))];
  return [...named, ...(departments ? ['各成员单位'] : []), ...(schools ? ['各学校'] : [])];
}

/** The address of a From header ("名称 <a@b>" → "a@b"), for an explicit envelope. */
const envelopeFrom = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;

export function messageIdFor(dedupeKey: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 40)}@campus-safety.local>`;
}

export interface OutgoingMail {
  dedupeKey: string;
  kind: string;
  hazardId?: string;
  campaignId?: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  /** What the notification log keeps of the text when it must not keep it all (an invitation's token). */
  loggedText?: string;
  /**
   * The Cc recipients' copies when the mail carries a signed link (or a copy carries its own): the
   * same mail with the page's address, or the copied unit's read-only link, instead — each
   * delivered to its recipients alone, so only the addressed unit gets the link that acts.
   */
  copies?: MailCopy[];
  /** Files sent with the mail (to the addressed units and the copies alike). */
  attachments?: MailAttachment[];
}

/** One copied unit's copy (抄送件) of a mail: its addresses and its text. `key` names it in its Message-ID. */
export interface MailCopy {
  key: string;
  to: string[];
  text: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string | Buffer;
}

/** The mail of a step already sent, from the notification log. */
async function alreadySent(db: Database, dedupeKey: string): Promise<NotificationResult | undefined> {
  const logged = await db.notification.findUnique({ where: { dedupeKey } });
  if (logged?.status !== 'sent') return undefined;
  activityLog().info('mail already sent', { dedupeKey, kind: logged.kind, recipients: logged.to.length + logged.cc.length });
  return { dedupeKey, messageId: logged.messageId, to: logged.to, cc: logged.cc, sentNow: false };
}

/**
 * The log's status of a mail sent in parts whose addressed part is out and whose Cc copies are not
 * yet all: `addressed_sent`, then `addressed_sent:<n>` once its first n copies are out.
 */
const ADDRESSED_SENT = 'addressed_sent';
const copiesSentOf = (status: string): number => (status.startsWith(`${ADDRESSED_SENT}:`) ? Number(status.slice(ADDRESSED_SENT.length + 1)) || 0 : 0);

/**
 * How long an attempt that has neither succeeded nor failed is taken to be under way. A retry in
 * that time (the outbox's short attempt was cut off while its send went on, and the lane was
 * retried apart) waits for it instead of sending the mail a second time; one whose attempt died
 * with its worker sends once it has passed. Longer than a send can take: the transport gives up
 * on a relay after 10 s (activities/mailer.ts).
 */
export const SEND_IN_FLIGHT_MS = 15_000;

/** A send of the same mail is under way elsewhere: retried (the activity's policy) until it is logged or given up. */
export class MailSendInFlightError extends Error {
  constructor(dedupeKey: string) {
    super(`the mail ${dedupeKey} is being sent by another attempt`);
    this.name = 'MailSendInFlightError';
  }
}

/**
 * Logs the mail as pending and claims its send, in one statement (one round trip: issue 14): a
 * new mail is inserted claimed; a logged one is claimed unless it is sent, or its latest attempt
 * is under way (claimed within SEND_IN_FLIGHT_MS and not failed). Its status once claimed, or
 * nothing when it is not.
 */
async function claimSend(db: Database, mail: OutgoingMail, messageId: string): Promise<{ status: string } | undefined> {
  const now = new Date();
  const rows = await db.$queryRawUnsafe<{ status: string }[]>(
    `INSERT INTO "Notification" ("dedupeKey", "hazardId", "campaignId", "kind", "to", "cc", "subject", "body", "messageId", "status", "attempts", "claimedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', 1, $10)
     ON CONFLICT ("dedupeKey") DO UPDATE SET "claimedAt" = EXCLUDED."claimedAt", "lastError" = NULL, "attempts" = "Notification"."attempts" + 1,
       "to" = EXCLUDED."to", "cc" = EXCLUDED."cc", "subject" = EXCLUDED."subject", "body" = EXCLUDED."body"
     WHERE "Notification"."status" <> 'sent'
       AND ("Notification"."claimedAt" IS NULL OR "Notification"."claimedAt" < $11 OR "Notification"."lastError" IS NOT NULL)
     RETURNING "status"`,
    mail.dedupeKey,
    mail.hazardId ?? null,
    mail.campaignId ?? null,
    mail.kind,
    mail.to,
    mail.cc,
    mail.subject,
    mail.loggedText ?? mail.text,
    messageId,
    now,
    new Date(now.getTime() - SEND_IN_FLIGHT_MS),
  );
  return rows[0];
}

/**
 * Claims the send (atomically: one attempt at a time), hands it to SMTP, logs it as sent. An
 * attempt that fails gives its claim up at once, so the next one after an outage goes ahead.
 */
export async function deliver(deps: NotificationDeps, mail: OutgoingMail): Promise<NotificationResult> {
  const { db } = deps;
  const messageId = messageIdFor(mail.dedupeKey);
  const logged = await claimSend(db, mail, messageId);
  if (!logged) {
    const sent = await alreadySent(db, mail.dedupeKey);
    if (sent) return sent;
    activityLog().info('mail being sent by another attempt, retried', { dedupeKey: mail.dedupeKey, kind: mail.kind });
    throw new MailSendInFlightError(mail.dedupeKey);
  }
  try {
    const message = {
      from: deps.from,
      to: mail.to,
      cc: mail.cc.length ? mail.cc : undefined,
      subject: mail.subject,
      headers: { 'X-Campus-Safety-Key': mail.dedupeKey, 'X-Campus-Safety-Kind': mail.kind },
      attachments: mail.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    };
    const copies = (mail.copies ?? []).filter((c) => c.to.length);
    if (copies.length && mail.cc.length) {
      // Deliveries of one mail (the same headers): the addressed unit's with its link, then each
      // copied unit's with its own. Each is logged as soon as the relay has it, so a retry after a
      // failure between them sends only those still to go.
      if (!logged.status.startsWith(ADDRESSED_SENT)) {
        await deps.transport.sendMail({ ...message, text: mail.text, messageId, envelope: { from: envelopeFrom(deps.from), to: mail.to } });
        await db.notification.updateMany({ where: { dedupeKey: mail.dedupeKey }, data: { status: ADDRESSED_SENT } });
      }
      for (let i = copiesSentOf(logged.status); i < copies.length; i++) {
        await deps.transport.sendMail({
          ...message,
          text: copies[i].text,
          messageId: messageIdFor(`${mail.dedupeKey}:cc${copies[i].key ? `:${copies[i].key}` : ''}`),
          headers: { ...message.headers, 'X-Campus-Safety-Copy': 'cc' },
          envelope: { from: envelopeFrom(deps.from), to: copies[i].to },
        });
        if (i + 1 < copies.length) await db.notification.updateMany({ where: { dedupeKey: mail.dedupeKey }, data: { status: `${ADDRESSED_SENT}:${i + 1}` } });
      }
    } else {
      await deps.transport.sendMail({ ...message, text: mail.text, messageId });
    }
  } catch (err) {
    await db.notification.updateMany({
      where: { dedupeKey: mail.dedupeKey },
      data: { lastError: (err instanceof Error ? err.message : String(err)) || 'send failed' },
    });
    throw err;
  }
  // updateMany here and above: a plain UPDATE of the row the claim wrote (update would read the whole row back, its body too).
  await db.notification.updateMany({ where: { dedupeKey: mail.dedupeKey }, data: { status: 'sent', sentAt: new Date(), lastError: null } });
  activityLog().info('mail sent', { dedupeKey: mail.dedupeKey, kind: mail.kind, recipients: mail.to.length + mail.cc.length });
  return { dedupeKey: mail.dedupeKey, messageId, to: mail.to, cc: mail.cc, sentNow: true };
}

/**
 * The notice's deliveries on the addressees' other channels, written before its mail is handed to
 * SMTP (activities/channel-notices.ts): a mail outage holds none back, a retry writes none twice.
 */
async function channelsBeside(deps: NotificationDeps, notice: ChannelNotice): Promise<void> {
  if (!deps.channels) return;
  const written = await enqueueChannelNotice(deps.db, deps.channels, notice);
  if (written > 0) activityLog().info('notice queued on its channels', { dedupeKey: notice.dedupeKey, kind: notice.kind, deliveries: written });
}

/**
 * A notice rendered for its addressees (with their link) and for its copies — each copied unit's
 * own (`copies`: a hazard's read-only links, hazardCopies) or, when the addressees' link is signed
 * and the mail has copies, one with the page's address — then queued on the channels beside the
 * mail with them all. The mail's subject, texts and copies.
 */
async function mailAndChannels<M extends { subject: string; text: string }>(
  deps: NotificationDeps,
  req: NotificationRequest | CampaignNotificationRequest,
  render: (link?: MailLink) => M,
  { link, page, toUnits, ccEmails, copies = [] }: { link?: MailLink; page: string; toUnits: ChannelNotice['toUnits']; ccEmails: string[]; copies?: HazardCopy[] },
  about: Pick<ChannelNotice, 'hazardId' | 'campaignId' | 'item' | 'deadline' | 'timeZone'>,
) {
  const copy = link ? copyLink(deps, page) : undefined;
  const copyText = copy ? render(copy).text : undefined;
  const mailCopies: MailCopy[] = copies.length
    ? copies.map(({ key, to, text }) => ({ key, to, text }))
    : link?.signedFor && ccEmails.length && copyText !== undefined
      ? [{ key: '', to: ccEmails, text: copyText }]
      : [];
  const mail = { ...render(link), ...(mailCopies.length ? { copies: mailCopies } : {}) };
  await channelsBeside(deps, {
    dedupeKey: req.dedupeKey,
    kind: req.kind,
    to: req.to,
    cc: req.cc ?? [],
    toUnits,
    ...about,
    subject: mail.subject,
    text: mail.text,
    ...(link ? { link, copyLink: copy, ccText: copyText } : {}),
    ...(copies.length ? { copies: copies.map((c) => ({ unit: c.unit, link: c.link, text: c.text })) } : {}),
  });
  return mail;
}

/** The deadline a reminder is about: past it, the reminder can no longer be true. */
function remindedDeadline(req: NotificationRequest | CampaignNotificationRequest): string | undefined {
  if ('hazard' in req) {
    if (req.kind === 'deadline_reminder') return req.hazard.dueAt;
    if (req.kind === 'listed_supervision_reminder') return req.hazard.governmentDueAt;
  } else {
    if (req.kind === 'report_reminder') return req.details?.dueAt;
    if (req.kind === 'phase_closing') return req.details?.endAt;
  }
  return undefined;
}

/** What overtakes each kind of reminder, as the notification log names it. */
const OVERTAKEN_BY: Record<string, string> = {
  deadline_reminder: '逾期通知',
  listed_supervision_reminder: '挂牌督办逾期通知',
  report_reminder: '报送期限届满后的通报',
  phase_closing: '阶段结束通知',
};

/**
 * A reminder held up (mail down) until its deadline has passed would say "N days left" when
 * none are: it is not sent; the notice that overtook it (overdue, phase closed) says what is true.
 * An attempt logged before (pending, with its connection error) is marked `replaced` in the
 * notification log, with why.
 */
async function overtaken(db: Database, timeZone: string, req: NotificationRequest | CampaignNotificationRequest, now: number): Promise<NotificationResult | undefined> {
  const deadline = remindedDeadline(req);
  if (!deadline || Date.parse(deadline) > now) return undefined;
  activityLog().info('reminder overtaken by its deadline, not sent', { dedupeKey: req.dedupeKey, kind: req.kind, deadline });
  const notSentReason = `未发送：期限（${formatDeadline(deadline, timeZone)}）在本提醒发出前已到，由${OVERTAKEN_BY[req.kind] ?? '其后的通知'}代替`;
  await db.notification.updateMany({
    where: { dedupeKey: req.dedupeKey, OR: [{ status: 'pending' }, { status: { startsWith: ADDRESSED_SENT } }] },
    data: { status: 'replaced', notSentReason, lastError: null, claimedAt: null },
  });
  return { dedupeKey: req.dedupeKey, messageId: messageIdFor(req.dedupeKey), to: [], cc: [], sentNow: false, overtaken: true };
}

/** Now, on the deps' clock. */
export const nowOf = async (deps: NotificationDeps): Promise<number> => (deps.clock ? await deps.clock() : Date.now());

/**
 * Logs a notice `held` until `notBefore` with its request, for the held-notice dispatcher
 * (activities/held-notices.ts) to render and send then. A notice logged already is left as it is
 * (`once`), or held again unless it was sent (`or-hold-again`: an attempt that failed is held the
 * same way). How many rows it wrote (0: left as it was).
 */
function logHeld(
  db: Database,
  req: NotificationRequest | CampaignNotificationRequest,
  ids: { hazardId?: string; campaignId?: string },
  notBefore: Date,
  logged: 'once' | 'or-hold-again',
): Promise<number> {
  const onConflict =
    logged === 'once'
      ? 'DO NOTHING'
      : `DO UPDATE SET "status" = 'held', "notBefore" = EXCLUDED."notBefore", "request" = EXCLUDED."request" WHERE "Notification"."status" IN ('pending', 'held')`;
  return db.$executeRawUnsafe(
    `INSERT INTO "Notification" ("dedupeKey", "hazardId", "campaignId", "kind", "to", "cc", "subject", "body", "messageId", "status", "notBefore", "request")
     VALUES ($1, $2, $3, $4, '{}', '{}', '', '', $5, 'held', $6, $7::jsonb)
     ON CONFLICT ("dedupeKey") ${onConflict}`,
    req.dedupeKey,
    ids.hazardId ?? null,
    ids.campaignId ?? null,
    req.kind,
    messageIdFor(req.dedupeKey),
    notBefore,
    JSON.stringify(req),
  );
}

/**
 * 工作时间: a rung's notice due outside working hours (domain/working-hours.ts) is not sent now. It
 * is logged `held` with its request and the instant it may go (`notBefore`, the next 08:30 in the
 * zone its dates are written in), and the held-notice dispatcher (activities/held-notices.ts)
 * renders and sends it then — so "还有…" is counted at the send, a reminder whose deadline passed
 * by then is replaced by the notice that overtook it, and nothing sleeps for hours: the workflow's
 * step is done at once (no event more in its history), the row survives any restart. A notice
 * logged before (an attempt that failed in the evening) is held the same way; one already sent is
 * not (the normal path finds it).
 */
async function heldForWorkingHours(
  deps: NotificationDeps,
  req: NotificationRequest | CampaignNotificationRequest,
  zone: string,
  now: number,
  ids: { hazardId?: string; campaignId?: string },
): Promise<NotificationResult | undefined> {
  if (!deps.workingHoursOnly) return undefined;
  const sendable = noticeSendableAt(req.kind, req.at, now, zone);
  if (!sendable || sendable.getTime() <= now) return undefined;
  const messageId = messageIdFor(req.dedupeKey);
  const held = await logHeld(deps.db, req, ids, sendable, 'or-hold-again');
  if (held === 0) return undefined; // sent (or its copy only still to go): the normal path knows what to do
  activityLog().info('notice held for working hours', { dedupeKey: req.dedupeKey, kind: req.kind, notBefore: sendable.toISOString() });
  return { dedupeKey: req.dedupeKey, messageId, to: [], cc: [], sentNow: false, heldUntil: sendable.toISOString() };
}

export async function sendNotification(deps: NotificationDeps, req: NotificationRequest): Promise<NotificationResult> {
  // No look-up of the log first (a round trip per mail in a storm): the claim finds a mail already sent.
  const now = await nowOf(deps);
  const late = await overtaken(deps.db, deps.timeZone, req, now);
  if (late) return late;
  const held = await heldForWorkingHours(deps, req, req.timeZone ?? deps.timeZone, now, { hazardId: req.hazard.id, campaignId: req.campaignId });
  if (held) return held;
  const [{ toEmails, ccEmails, toUnits, ccUnits }, directory] = await Promise.all([
    resolveAddresses(deps.db, req.to, req.cc ?? []),
    loadDirectoryFacts(deps.db, req.hazard.schoolId, req.hazard.departmentId, req.hazard.cooperatingDepartmentIds),
  ]);
  if (toEmails.length === 0) {
    // Only the inspectors addressed, and no inspector account: nobody to tell (the bureau, who verifies too, has its own notice).
    activityLog().info('notice without recipients, not sent', { dedupeKey: req.dedupeKey, kind: req.kind });
    return { dedupeKey: req.dedupeKey, messageId: messageIdFor(req.dedupeKey), to: [], cc: [], sentNow: false };
  }
  const toNames = salutation(toUnits);
  const page = `/hazards/${encodeURIComponent(req.hazard.id)}`;
  const link = await mailLink(deps, req.dedupeKey, `hazard:${req.hazard.id}`, page, toUnits);
  // Sent now, or at the step's instant if this clock is behind it (a test server's skipped time).
  const sentAt = new Date(Math.max(now, req.at ? Date.parse(req.at) : 0)).toISOString();
  const render = (l?: MailLink) =>
    renderMail({
      kind: req.kind,
      hazard: req.hazard,
      details: req.details ?? {},
      directory,
      toNames,
      timeZone: req.timeZone ?? deps.timeZone,
      link: l,
      at: req.at,
      sentAt,
      inCampaign: !!req.campaignId,
    });
  // What the channels' messages are about.
  const about = {
    hazardId: req.hazard.id,
    campaignId: req.campaignId,
    item: `隐患${hazardNumberText(req.hazard)}`,
    deadline: req.kind.startsWith('listed_supervision') ? req.hazard.governmentDueAt : req.hazard.dueAt,
    timeZone: req.timeZone ?? deps.timeZone,
  };
  const copies = await hazardCopies(deps, req.dedupeKey, req.hazard.id, ccUnits, render);
  const mail = await mailAndChannels(deps, req, render, { link, page, toUnits, ccEmails, copies }, about);
  await leaderMailHeld(deps, req, now, sentAt);

  return deliver(deps, { dedupeKey: req.dedupeKey, kind: req.kind, hazardId: req.hazard.id, campaignId: req.campaignId, to: toEmails, cc: ccEmails, ...mail });
}

/** The 分管领导 of the unit a notice is addressed to, as the directory has their mail: a school's is the education bureau's; a government's none. */
function leaderOf(r: Recipient): Recipient | undefined {
  switch (r.kind) {
    case 'department':
      return { kind: 'department_leader', departmentId: r.departmentId };
    case 'school':
      return { kind: 'bureau_leader', schoolId: r.schoolId };
    case 'bureau':
      return r.jurisdictionId !== undefined ? { kind: 'bureau_leader', jurisdictionId: r.jurisdictionId } : { kind: 'bureau_leader', schoolId: r.schoolId };
    default:
      return undefined;
  }
}

/**
 * 签收's climb reaches the 分管领导 by mail too (beside its SMS and the @ in the groups,
 * activities/channel-notices.ts): with the notice, its leader's mail is logged `held` until the
 * climb's last step (ACKNOWLEDGEMENT_DUE_WORKING_HOURS working hours on), and the held-notice
 * dispatcher sends it then — the outbox, claim and Message-ID of every mail. 签收 (or a report, a
 * withdrawal) marks it `replaced` before then (activities/hazard-record.ts). Written once (a retry
 * finds it); only where the climb is (the unit has channels) and the leader has an address.
 * `noticeAt`: when the notice itself went out (its mail's date), as the leader's mail says.
 */
async function leaderMailHeld(deps: NotificationDeps, req: NotificationRequest, now: number, noticeAt: string): Promise<void> {
  if (!deps.channels || !isAcknowledgedNotice(req.kind) || req.to.length !== 1) return;
  const leader = leaderOf(req.to[0]);
  if (!leader) return;
  const [channels, { key }] = await Promise.all([unitChannels(deps.db), channelUnitOf(deps.db, req.to[0])]);
  if (!channels.has(key)) return;
  const zone = req.timeZone ?? deps.timeZone;
  const at = climbOf(new Date(now), zone).find((s) => s.step === 'leader')!.at;
  const request: NotificationRequest = {
    ...req,
    dedupeKey: `${req.dedupeKey}:ack-leader-mail`,
    kind: ACKNOWLEDGEMENT_LEADER_MAIL_KIND,
    to: [leader],
    cc: [],
    details: { noticeAt },
    at: at.toISOString(),
  };
  const written = await logHeld(deps.db, request, { hazardId: req.hazard.id, campaignId: req.campaignId }, at, 'once');
  if (written > 0) activityLog().info('leader mail held for the climb', { dedupeKey: request.dedupeKey, notBefore: at.toISOString() });
}

/**
 * The 统计报表 a report reminder carries when the report's content is that table (its title names
 * it): the span its cadence reports (a month, or a half month for a report due twice a month), as
 * the statistics CSV download has it, in the campaign's zone, over the hazards the addressed unit
 * sees (its own; all for the bureau and the lead office). None for another mail or report.
 */
async function statisticsAttachment(
  deps: NotificationDeps,
  req: CampaignNotificationRequest,
  unit: ResolvedRecipient['unit'],
): Promise<{ file: MailAttachment; title: string; asOf?: string } | undefined> {
  if (req.kind !== 'report_reminder' || !reportCarriesStatistics(req.details?.obligationTitle)) return undefined;
  const span = reportedSpan(req.details?.period, req.details?.recurrence);
  if (!span) return undefined;
  const stats = await periodStatistics(deps.db, req.campaign.id, span, campaignZone(deps, req), hazardScopeWhere({ role: unit.role, unitId: unit.unitId }));
  const asOf = req.at ?? new Date().toISOString();
  return {
    title: `${span.label}隐患排查整治统计报表`,
    ...(Date.parse(stats.to) > Date.parse(asOf) ? { asOf } : {}),
    file: { filename: statisticsCsvName(req.campaign.id, span.code), contentType: 'text/csv; charset=utf-8', content: periodStatisticsCsv(stats) },
  };
}

/** The zone a campaign's mail writes its dates in: the campaign's own. */
const campaignZone = (deps: NotificationDeps, req: CampaignNotificationRequest): string => req.campaign.timeZone ?? deps.timeZone;

export async function sendCampaignNotification(deps: NotificationDeps, req: CampaignNotificationRequest): Promise<NotificationResult> {
  const sent = await alreadySent(deps.db, req.dedupeKey);
  if (sent) return sent;
  const now = await nowOf(deps);
  const late = await overtaken(deps.db, deps.timeZone, req, now);
  if (late) return late;
  const { toEmails, ccEmails, toUnits } = await resolveAddresses(deps.db, req.to, req.cc ?? []);
  // A reminder with the statistics table to several units: each unit its own mail with its own rows.
  if (toUnits.length > 1 && req.kind === 'report_reminder' && reportCarriesStatistics(req.details?.obligationTitle) && reportedSpan(req.details?.period, req.details?.recurrence)) {
    const results: NotificationResult[] = [];
    for (const [i, to] of req.to.entries()) results.push(await sendCampaignNotification(deps, { ...req, to: [to], dedupeKey: `${req.dedupeKey}:${i}` }));
    return { dedupeKey: req.dedupeKey, messageId: messageIdFor(req.dedupeKey), to: results.flatMap((r) => r.to), cc: results.flatMap((r) => r.cc), sentNow: results.some((r) => r.sentNow) };
  }
  // Each unit's own mail above holds itself: a held parent would never be sent as one.
  const held = await heldForWorkingHours(deps, req, campaignZone(deps, req), now, { campaignId: req.campaign.id });
  if (held) return held;
  const toNames = salutation(toUnits);
  const ids = req.details?.unitIds ?? [];
  const link = await mailLink(deps, req.dedupeKey, `campaign:${req.campaign.id}`, `/campaigns/${encodeURIComponent(req.campaign.id)}`, toUnits);
  const contact = await loadContact(deps.db, req.campaign.jurisdictionId);
  const [departments, schools, jurisdiction] = await Promise.all([
    deps.db.department.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    deps.db.school.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    deps.db.jurisdiction.findUnique({ where: { id: req.campaign.jurisdictionId } }),
  ]);
  const statistics = toUnits.length === 1 ? await statisticsAttachment(deps, req, toUnits[0]) : undefined;
  // 通报: the bulletin as kept (its units slow to acknowledge are in its mail too, and in its PDF).
  const kept = req.kind === 'bulletin_issued' && req.details?.bulletin?.no ? (await bulletinsOf(deps.db, req.campaign.id, req.details.bulletin.no))[0] : undefined;
  const names = new Map([...departments, ...schools].map((u) => [u.id, u.name]));
  names.set('lead_office', jurisdiction?.leadOfficeName ?? '领导小组办公室');
  if (jurisdiction) names.set(jurisdiction.id, jurisdiction.governmentName);
  const render = (l?: MailLink) =>
    renderCampaignMail({
      req,
      toNames,
      unitNames: ids.map((id) => names.get(id) ?? id),
      leadOfficeName: jurisdiction?.leadOfficeName ?? '领导小组办公室',
      timeZone: campaignZone(deps, req),
      link: l,
      contact,
      attachment: statistics,
      slowAcknowledgements: kept?.content.slowAcknowledgements,
    });
  const page = `/campaigns/${encodeURIComponent(req.campaign.id)}`;
  // What the channels' messages are about.
  const about = {
    campaignId: req.campaign.id,
    item: req.campaign.name,
    deadline: req.details?.dueAt ?? req.details?.endAt,
    timeZone: campaignZone(deps, req),
  };
  const mail = await mailAndChannels(deps, req, render, { link, page, toUnits, ccEmails }, about);

  // 通报: the bulletin as its PDF document (activities/bulletin-pdf.ts), the file its page offers.
  const document = kept ? await bulletinPdfAttachment(deps.db, kept) : undefined;
  const attachments = [...(statistics ? [statistics.file] : []), ...(document ? [document] : [])];
  return deliver(deps, { dedupeKey: req.dedupeKey, kind: req.kind, campaignId: req.campaign.id, to: toEmails, cc: ccEmails, ...mail, ...(attachments.length ? { attachments } : {}) });
}
