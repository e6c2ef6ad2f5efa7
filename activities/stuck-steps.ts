// Stuck steps (卡住的处理步骤, issue 27): a side effect of a workflow's step that failed with an
// error no retry can cure is parked by its workflow (workflows/outbox.ts) and recorded here, one
// row per effect (its dedupe key), for the lead to see and retry after a fix (api/operations-routes.ts).
import type { Database } from '../common/database';
import { activityLog } from './activity-log';

export interface StuckStepRecord {
  /** The effect's dedupe key (its step). */
  id: string;
  workflowId: string;
  /** The kind of effect: record, mail, bulletin, … */
  kind: string;
  error: string;
  /** When it failed for good, on the workflow's clock. */
  failedAt: string;
}

/** Records a parked step, or its failing again after a retry (the new error, one more retry, unresolved again). */
export async function recordStuckStep(db: Database, s: StuckStepRecord): Promise<void> {
  const at = new Date(s.failedAt);
  const error = s.error.slice(0, 4000);
  await db.$executeRaw`
    INSERT INTO "StuckStep" ("id", "workflowId", "kind", "error", "firstFailedAt", "lastFailedAt", "retries", "resolvedAt")
    VALUES (${s.id}, ${s.workflowId}, ${s.kind}, ${error}, ${at}, ${at}, 0, NULL)
    ON CONFLICT ("id") DO UPDATE SET "error" = EXCLUDED."error", "lastFailedAt" = EXCLUDED."lastFailedAt",
      "retries" = "StuckStep"."retries" + CASE WHEN "StuckStep"."lastFailedAt" = EXCLUDED."lastFailedAt" THEN 0 ELSE 1 END,
      "resolvedAt" = NULL`;
  activityLog().error('step parked: failed for good, waiting for an operator', { stepId: s.id, workflowId: s.workflowId, kind: s.kind, error });
}

/** Marks a stuck step done (its retry carried it out). */
export async function resolveStuckStep(db: Database, r: { id: string; at: string }): Promise<void> {
  await db.stuckStep.updateMany({ where: { id: r.id, resolvedAt: null }, data: { resolvedAt: new Date(r.at) } });
}
