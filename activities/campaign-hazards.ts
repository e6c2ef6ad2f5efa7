// A campaign acts on its hazards through their own workflows: closing 整改 escalates the
// unrectified ones to the bureau, closing 验收 puts what is not written off under listed
// supervision, opening 巩固提高 schedules the look-backs (回头看) of the written-off ones. The
// hazards are found in the read model and signalled a few at a time.
import { heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { HazardStatus } from '../common/hazard';
import { campaignEscalationSignal, campaignLookBackSignal, hazardWorkflowId } from '../workflows/hazard';
import type { Database } from './database';

/** A hazard whose loop has ended needs nothing; any other failure fails the activity, which retries (signals are idempotent here). */
const ignoreEnded = (err: unknown) => {
  if (!(err instanceof WorkflowNotFoundError)) throw err;
};

/** Signals the hazards, a few at a time; returns how many. */
async function signalEach(temporal: Client | undefined, hazardIds: string[], send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<void>): Promise<number> {
  if (!temporal) throw new Error('a campaign activity that signals hazards needs a Temporal client');
  for (let i = 0; i < hazardIds.length; i += PARALLEL_SIGNALS) {
    await Promise.all(hazardIds.slice(i, i + PARALLEL_SIGNALS).map((id) => send(temporal.workflow.getHandle(hazardWorkflowId(id))).catch(ignoreEnded)));
    heartbeat(i);
  }
  return hazardIds.length;
}

export interface CampaignEscalation {
  campaignId: string;
  phase: string;
  statuses: HazardStatus[];
  targetLevel: 2 | 3;
  dedupeKey: string;
}

const PARALLEL_SIGNALS = 16;

/** Signals every hazard of the campaign still in one of `statuses`; returns how many. */
// A hazard ignores an escalation to a level it has reached, so a retried activity changes nothing.
export async function escalateCampaignHazards(db: Database, temporal: Client | undefined, e: CampaignEscalation): Promise<number> {
  const hazards = await db.hazard.findMany({
    where: { campaignId: e.campaignId, status: { in: e.statuses } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return signalEach(temporal, hazards.map((h) => h.id), (handle) =>
    handle.signal(campaignEscalationSignal, { phase: e.phase, targetLevel: e.targetLevel, key: e.dedupeKey }),
  );
}

export interface CampaignLookBacks {
  campaignId: string;
  /** The look-backs come due by then (the consolidation's start)... */
  dueAt: string;
  /** ...and may be recorded until then at least (its end). */
  closesAt: string;
}

/**
 * 巩固提高: every written-off hazard of the campaign whose look-back (回头看) is still to come has
 * it brought forward into the consolidation window; returns how many hazards were asked. A
 * hazard ignores the signal when its look-back is due by then anyway, so a retry changes nothing.
 */
export async function scheduleCampaignLookBacks(db: Database, temporal: Client | undefined, l: CampaignLookBacks): Promise<number> {
  const hazards = await db.hazard.findMany({ where: { campaignId: l.campaignId, status: 'closed' }, select: { id: true }, orderBy: { id: 'asc' } });
  return signalEach(temporal, hazards.map((h) => h.id), (handle) => handle.signal(campaignLookBackSignal, { dueAt: l.dueAt, closesAt: l.closesAt }));
}
