// The operator's view of stuck steps (卡住的处理步骤, issue 27): side effects of a workflow's step
// that failed with an error no retry can cure, parked by their workflow (workflows/outbox.ts) and
// recorded in StuckStep. The lead lists them and, after a fix, retries one: an Update to its
// workflow puts it back in its lane; carried out, the row is resolved; failing for good again, it
// is parked again with the new error.
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Database } from '../common/database';
import { retryCampaignStuckStepUpdate } from '../domain/campaign/messages';
import { retryStuckStepUpdate } from '../domain/hazard/messages';
import { actorOf } from './auth';
import { documentedRouter } from './route-registry';
import { forbidden, HttpError, notFound } from './errors';

const leadOnly = (req: { actor?: { role: string } }) => {
  if (actorOf(req as never).role !== 'lead') throw forbidden('only the lead office sees and retries stuck steps');
};

export const stuckStepView = (r: { id: string; workflowId: string; kind: string; error: string; firstFailedAt: Date; lastFailedAt: Date; retries: number; resolvedAt: Date | null }) => ({
  id: r.id,
  workflowId: r.workflowId,
  kind: r.kind,
  error: r.error,
  firstFailedAt: r.firstFailedAt.toISOString(),
  lastFailedAt: r.lastFailedAt.toISOString(),
  retries: r.retries,
  resolvedAt: r.resolvedAt?.toISOString() ?? null,
});

export function operationsRoutes(deps: { db: Database; temporal: Client }) {
  const router = documentedRouter('/api/operations');

  router.get('/stuck-steps', async (req, res) => {
    leadOnly(req);
    const rows = await deps.db.stuckStep.findMany({ where: { resolvedAt: null }, orderBy: { firstFailedAt: 'asc' }, take: 500 });
    res.json({ items: rows.map(stuckStepView), total: rows.length });
  });

  router.post('/stuck-steps/:id/retry', async (req, res) => {
    leadOnly(req);
    const id = String(req.params.id);
    const row = await deps.db.stuckStep.findUnique({ where: { id } });
    if (!row) throw notFound(`no stuck step ${id}`);
    if (row.resolvedAt) return void res.json({ step: stuckStepView(row), done: true });
    const update = row.workflowId.startsWith('campaign-') ? retryCampaignStuckStepUpdate : retryStuckStepUpdate;
    let outcome: { found: boolean; done: boolean; error?: string };
    try {
      outcome = await deps.temporal.workflow.getHandle(row.workflowId).executeUpdate(update, { args: [{ id }] });
    } catch (err) {
      // The workflow has ended since (a hazard closed with a step parked): nothing can retry it there.
      if (err instanceof WorkflowNotFoundError || (err instanceof Error && /workflow execution already completed/i.test(err.message))) {
        throw new HttpError(409, 'workflow_ended', `the workflow ${row.workflowId} of this step has ended; it cannot be retried`);
      }
      throw err;
    }
    if (!outcome.found) throw new HttpError(409, 'not_parked', `the workflow ${row.workflowId} holds no parked step ${id} (retried already?)`);
    const now = await deps.db.stuckStep.findUnique({ where: { id } });
    res.json({ step: stuckStepView(now ?? row), done: outcome.done, ...(outcome.error ? { error: outcome.error } : {}) });
  });

  return router;
}
