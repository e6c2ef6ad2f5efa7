// Sends one notification mail, exactly once per dedupe key: the notification log holds the
// key; a retried activity that finds the mail already sent sends nothing. The Message-ID is
// derived from the key, so even a crash between the SMTP hand-off and the log update yields
// a resend a mail client recognises as the same message.
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { NotificationRequest, NotificationResult } from '../common/notification';
import type { Database } from './database';
import { renderMail } from './mail-templates';
import { loadDirectoryFacts, resolveAddresses } from './recipients';

export interface NotificationDeps {
  db: Database;
  transport: Transporter;
  from: string;
  timeZone: string;
  publicUrl?: string;
}

export function messageIdFor(dedupeKey: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 40)}@campus-safety.local>`;
}

export async function sendNotification(deps: NotificationDeps, req: NotificationRequest): Promise<NotificationResult> {
  const { db } = deps;
  const logged = await db.notification.findUnique({ where: { dedupeKey: req.dedupeKey } });
  if (logged?.status === 'sent') {
    return { dedupeKey: req.dedupeKey, messageId: logged.messageId, to: logged.to, cc: logged.cc, sentNow: false };
  }
  const { toNames, toEmails, ccEmails } = await resolveAddresses(db, req.to, req.cc ?? []);
  const directory = await loadDirectoryFacts(db, req.hazard.schoolId, req.hazard.departmentId);
  const mail = renderMail({
    kind: req.kind,
    hazard: req.hazard,
    details: req.details ?? {},
    directory,
    toNames,
    timeZone: deps.timeZone,
    publicUrl: deps.publicUrl,
  });
  const messageId = messageIdFor(req.dedupeKey);
  await db.notification.upsert({
    where: { dedupeKey: req.dedupeKey },
    create: {
      dedupeKey: req.dedupeKey,
      hazardId: req.hazard.id,
      campaignId: req.campaignId,
      kind: req.kind,
      to: toEmails,
      cc: ccEmails,
      subject: mail.subject,
      body: mail.text,
      messageId,
      status: 'pending',
      attempts: 1,
    },
    update: { attempts: { increment: 1 } },
  });
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: toEmails,
      cc: ccEmails.length ? ccEmails : undefined,
      subject: mail.subject,
      text: mail.text,
      messageId,
      headers: { 'X-Campus-Safety-Key': req.dedupeKey, 'X-Campus-Safety-Kind': req.kind },
    });
  } catch (err) {
    await db.notification.update({
      where: { dedupeKey: req.dedupeKey },
      data: { lastError: err instanceof Error ? err.message : String(err) },
    });
    throw err;
  }
  await db.notification.update({ where: { dedupeKey: req.dedupeKey }, data: { status: 'sent', sentAt: new Date(), lastError: null } });
  return { dedupeKey: req.dedupeKey, messageId, to: toEmails, cc: ccEmails, sentNow: true };
}
