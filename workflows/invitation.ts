// An invitation's mail (开通邀请): one activity, retried until the mail is out (or the invitation
// is no longer open). Its history is a handful of events.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';

const { sendInvitationMail } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function invitationMailWorkflow({ invitationId }: { invitationId: string }): Promise<void> {
  await sendInvitationMail({ invitationId });
}
