// Sends an invitation's mail (开通邀请) once: the notification log's key `invitation:<id>` makes a
// retry after the send a no-op. The token is made here, just before the send, and only its hash
// stored; a retry of a send that failed makes a new one (the old link never reached anyone).
import { ROLE_LABELS, type Role } from '../common/hazard';
import { hashInvitationToken, invitationUrl, newInvitationToken } from '../common/invitation-token';
import { activityLog } from './activity-log';
import { renderInvitationMail } from './invitation-mail-template';
import { deliver, type NotificationDeps } from './notification';

export async function sendInvitationMail(deps: NotificationDeps, { invitationId }: { invitationId: string }): Promise<{ sent: boolean }> {
  const { db } = deps;
  const inv = await db.invitation.findUnique({ where: { id: invitationId } });
  if (!inv || inv.acceptedAt || inv.revokedAt) {
    activityLog().info('invitation no longer open: no mail', { invitationId });
    return { sent: false };
  }
  const dedupeKey = `invitation:${inv.id}`;
  const logged = await db.notification.findUnique({ where: { dedupeKey } });
  if (logged?.status === 'sent') return { sent: false };
  if (!deps.publicUrl) throw new Error("PUBLIC_URL is not set: an invitation mail needs the web app's address");
  const token = newInvitationToken();
  await db.invitation.update({ where: { id: inv.id }, data: { tokenHash: hashInvitationToken(token) } });
  const mail = renderInvitationMail({
    name: inv.name,
    email: inv.email,
    roleLabel: ROLE_LABELS[inv.role as Role] ?? inv.role,
    unitName: inv.unitName,
    inviterName: inv.inviterName,
    url: invitationUrl(deps.publicUrl, token),
    expiresAt: inv.expiresAt,
    sentAt: new Date(),
    timeZone: deps.timeZone,
  });
  // The log keeps the mail without its link: the token is nowhere but in the mail.
  const loggedText = mail.text.replace(invitationUrl(deps.publicUrl, token), invitationUrl(deps.publicUrl, '…'));
  await deliver(deps, { dedupeKey, kind: 'invitation', to: [inv.email], cc: [], subject: mail.subject, text: mail.text, loggedText });
  return { sent: true };
}
