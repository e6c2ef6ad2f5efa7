// A campaign acts on its hazards through their own workflows: closing 整改 escalates the
// unrectified ones to the bureau, closing 验收 puts what is not written off under listed
// supervision. The hazards are found in the read model and signalled a few at a time.
import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { HazardStatus } from '../common/hazard';
import { campaignEscalationSignal, hazardWorkflowId } from '../workflows/hazard';
import type { Database } from './database';

export interface CampaignEscalation {
  campaignId: string;
  phase: string;
  statuses: HazardStatus[];
  targetLevel: 2 | 3;
  dedupeKey: string;
}

const PARALLEL_SIGNALS = 16;

/** Signals every hazard of the campaign still in one of `statuses`; returns how many. */
export async function escalateCampaignHazards(db: Database, temporal: Client | undefined, e: CampaignEscalation): Promise<number> {
  if (!temporal) throw new Error('escalateCampaignHazards needs a Temporal client');
  const hazards = await db.hazard.findMany({
    where: { campaignId: e.campaignId, status: { in: e.statuses } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  for (let i = 0; i < hazards.length; i += PARALLEL_SIGNALS) {
    await Promise.all(
      hazards.slice(i, i + PARALLEL_SIGNALS).map((h) =>
        temporal.workflow
          .getHandle(hazardWorkflowId(h.id))
          .signal(campaignEscalationSignal, { phase: e.phase, targetLevel: e.targetLevel, key: e.dedupeKey })
          .catch(() => undefined), // a hazard whose loop has ended needs nothing
      ),
    );
    heartbeat(i);
  }
  return hazards.length;
}

export async function countCampaignHazards(db: Database, q: { campaignId: string; statuses: HazardStatus[] }): Promise<number> {
  return db.hazard.count({ where: { campaignId: q.campaignId, status: { in: q.statuses } } });
}
