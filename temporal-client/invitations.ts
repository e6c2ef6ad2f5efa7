// Starts the workflow that mails an invitation (开通邀请), once per invitation.
import type { Client } from '@temporalio/client';
import { INVITATION_MAIL_WORKFLOW_TYPE, invitationMailWorkflowId, type InvitationMailWorkflow } from '../domain/accounts';
import { startOnce } from './workflow-start';

export async function startInvitationMail(temporal: Client, { taskQueue, invitationId }: { taskQueue: string; invitationId: string }): Promise<void> {
  await startOnce<InvitationMailWorkflow>(temporal, INVITATION_MAIL_WORKFLOW_TYPE, { workflowId: invitationMailWorkflowId(invitationId), taskQueue, args: [{ invitationId }] });
}
