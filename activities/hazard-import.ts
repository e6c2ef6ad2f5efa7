// A hazard list (一校一表) imported: the API validated every row and stored them; this activity
// starts one hazard workflow per row, a few at a time so a 5,000-row file does not swamp the
// Temporal server, and keeps its cursor in the import's row. A retry (a worker died, a deploy)
// resumes at the cursor; a row started twice is one workflow, counted as already imported.
import { heartbeat } from '@temporalio/activity';
import { ApplicationFailure, type Client } from '@temporalio/client';
import type { Actor, HazardPolicy, NewHazard } from '../common/hazard';
import { activityLog } from './activity-log';
import type { Database } from '../common/database';
import { startHazardWorkflow } from '../temporal-client/hazards';
import { hazardNumberScope, takeHazardNumbers } from '../common/hazard-numbers';

/** What an import starts, as stored in HazardImport.payload. */
export interface HazardImportPayload {
  actor: Actor;
  policy: HazardPolicy;
  rows: { hazardId: string; hazard: NewHazard }[];
}

export interface HazardImportProgress {
  status: string;
  rows: number;
  processed: number;
  started: number;
  alreadyImported: number;
}

/** Hazard workflows started in parallel: enough to be quick (the raw start rate is reached at about 32 at once here), few enough not to swamp the server. */
const IMPORT_CONCURRENCY = 32;

export async function runHazardImport(db: Database, temporal: Client | undefined, { importId, taskQueue }: { importId: string; taskQueue: string }): Promise<HazardImportProgress> {
  if (!temporal) throw new Error('runHazardImport needs a Temporal client');
  const job = await db.hazardImport.findUnique({ where: { id: importId } });
  if (!job) throw ApplicationFailure.nonRetryable(`no hazard import ${importId}`, 'NotFound');
  const progress = (): HazardImportProgress => ({ status: job.status, rows: job.rows, processed: job.processed, started: job.started, alreadyImported: job.alreadyImported });
  if (job.status !== 'running') return progress();
  const { actor, policy, rows } = job.payload as unknown as HazardImportPayload;
  const log = activityLog();
  log.info('hazard import resumed', { importId, rows: rows.length, processed: job.processed });

  for (let i = job.processed; i < rows.length; i += IMPORT_CONCURRENCY) {
    const batch = rows.slice(i, i + IMPORT_CONCURRENCY);
    // Their 编号 in file order, given once (a resumed batch finds the ones it was given).
    const numbers = await numbersOf(db, batch);
    const results = await Promise.all(
      batch.map((r) =>
        startHazardWorkflow({ temporal, taskQueue, reportedBy: actor, hazard: { ...r.hazard, ...(numbers.has(r.hazardId) ? { number: numbers.get(r.hazardId) } : {}) }, policy }),
      ),
    );
    const started = results.filter(Boolean).length;
    // Moves the cursor only from where this attempt found it: a write is never applied twice.
    const { count } = await db.hazardImport.updateMany({
      where: { id: importId, processed: i },
      data: { processed: i + batch.length, started: { increment: started }, alreadyImported: { increment: batch.length - started } },
    });
    if (count === 0) throw new Error(`import ${importId} moved on under this attempt (at row ${i}); retrying from its cursor`);
    job.processed = i + batch.length;
    job.started += started;
    job.alreadyImported += batch.length - started;
    heartbeat({ processed: job.processed });
  }
  const finishedAt = new Date();
  await db.hazardImport.updateMany({ where: { id: importId, status: 'running' }, data: { status: 'completed', finishedAt } });
  job.status = 'completed';
  log.info('hazard import completed', { importId, rows: job.rows, started: job.started, alreadyImported: job.alreadyImported, ms: finishedAt.getTime() - job.createdAt.getTime() });
  return progress();
}

/** The 编号 of a batch's hazards, numbered in their campaign (an imported list is always a campaign's). */
async function numbersOf(db: Database, batch: HazardImportPayload['rows']): Promise<Map<string, number>> {
  const numbers = new Map<string, number>();
  for (const campaignId of new Set(batch.flatMap((r) => (r.hazard.campaignId ? [r.hazard.campaignId] : [])))) {
    const ids = batch.filter((r) => r.hazard.campaignId === campaignId).map((r) => r.hazardId);
    for (const [id, n] of await takeHazardNumbers(db, hazardNumberScope({ campaignId }), ids)) numbers.set(id, n);
  }
  return numbers;
}

/** The import could not run (its row is gone, or it failed for good): say so in its row. */
export async function failHazardImport(db: Database, { importId, error }: { importId: string; error: string }): Promise<void> {
  await db.hazardImport.updateMany({ where: { id: importId, status: 'running' }, data: { status: 'failed', error: error.slice(0, 2000), finishedAt: new Date() } });
}
