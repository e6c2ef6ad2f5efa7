// Starts the workflow that mails an invitation (开通邀请), once per invitation.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { INVITATION_MAIL_WORKFLOW_TYPE, invitationMailWorkflowId, type InvitationMailWorkflow } from '../domain/accounts';
import { WORKFLOW_TASK_TIMEOUT } from './hazards';

export async function startInvitationMail(temporal: Client, { taskQueue, invitationId }: { taskQueue: string; invitationId: string }): Promise<void> {
  try {
    await temporal.workflow.start<InvitationMailWorkflow>(INVITATION_MAIL_WORKFLOW_TYPE, {
      workflowId: invitationMailWorkflowId(invitationId),
      taskQueue,
      args: [{ invitationId }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
