// A campaign acts on its hazards through their own workflows: closing 整改 escalates the
// unrectified ones to the bureau, closing 验收 puts what is not written off under listed
// supervision, opening 巩固提高 schedules the look-backs (回头看) of the written-off ones. The
// hazards are found in the read model and sent an Update each, a few at a time; each answers
// what it did, so the campaign counts what happened, not messages sent.
import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { HazardStatus } from '../common/hazard';
import type { Database } from '../common/database';
import { recordBulletinEntry, type BulletinUnit } from './hazard-record';
import type { CampaignEscalationCommand } from '../domain/hazard/messages';
import { escalateHazardForCampaign, scheduleHazardLookBack } from '../temporal-client/hazards';

const PARALLEL_UPDATES = 16;

/**
 * Sends each hazard its Update (temporal-client/hazards.ts), a few at a time, and counts those
 * that acted. The update id is the campaign step's key, so a retried activity gets each hazard's
 * first answer back. A hazard whose workflow has ended did nothing.
 */
async function countActing(temporal: Client | undefined, hazardIds: string[], send: (temporal: Client, hazardId: string) => Promise<boolean>): Promise<number> {
  if (!temporal) throw new Error('a campaign activity that acts on hazards needs a Temporal client');
  let acted = 0;
  for (let i = 0; i < hazardIds.length; i += PARALLEL_UPDATES) {
    const answers = await Promise.all(hazardIds.slice(i, i + PARALLEL_UPDATES).map((id) => send(temporal, id)));
    acted += answers.filter(Boolean).length;
    heartbeat(i);
  }
  return acted;
}

export interface CampaignEscalation extends CampaignEscalationCommand {
  campaignId: string;
  statuses: HazardStatus[];
  dedupeKey: string;
  /** The closing's instant (workflow time): each escalated hazard's unit is recorded for the bulletin then. */
  at?: string;
  /** The bulletin's reason, e.g. "整改阶段结束隐患仍未整改". */
  bulletinReason?: string;
  /**
   * 验收 closing: the hazards whose rectification is reported and still awaits 验收 are not
   * escalated — the wait is the inspector's and the bureau's, not the unit's — but recorded for
   * the bulletin as the education bureau's overdue duty, with this reason.
   */
  verificationOverdueReason?: string;
}

/** What an escalating closing did: hazards escalated, and hazards found awaiting 验收 (recorded as the bureau's). */
export interface EscalationFound {
  escalated: number;
  awaitingVerification: number;
}

/**
 * Escalates every hazard of the campaign still in one of `statuses` (each hazard refuses if its
 * own rectification window is still open); returns how many were escalated. Each escalation is
 * a miss of the responsible unit, recorded for the bulletin (通报).
 */
// A hazard that has reached the level already answers false, so a retried activity changes nothing.
export async function escalateCampaignHazards(db: Database, temporal: Client | undefined, e: CampaignEscalation): Promise<EscalationFound> {
  const hazards = await db.hazard.findMany({
    where: { campaignId: e.campaignId, status: { in: e.statuses } },
    select: { id: true, schoolId: true, responsibleUnitType: true, responsibleUnitId: true, school: { select: { jurisdiction: { select: { educationBureauId: true } } } } },
    orderBy: { id: 'asc' },
  });
  const escalated: typeof hazards = [];
  const count = await countActing(
    temporal,
    hazards.map((h) => h.id),
    async (client, hazardId) => {
      const acted = await escalateHazardForCampaign(client, hazardId, { phase: e.phase, targetLevel: e.targetLevel }, e.dedupeKey);
      if (acted) escalated.push(hazards.find((h) => h.id === hazardId)!);
      return acted;
    },
  );
  if (e.at && e.bulletinReason) {
    for (const h of escalated) {
      const unit: BulletinUnit =
        h.responsibleUnitType === 'department' && h.responsibleUnitId
          ? { type: 'department', id: h.responsibleUnitId }
          : h.responsibleUnitType === 'bureau' && h.school.jurisdiction.educationBureauId
            ? { type: 'department', id: h.school.jurisdiction.educationBureauId }
            : { type: 'school', id: h.schoolId };
      await recordBulletinEntry(db, {
        dedupeKey: `${e.dedupeKey}:bulletin:${h.id}`,
        campaignId: e.campaignId,
        hazardId: h.id,
        unit,
        reason: e.bulletinReason,
        subject: `hazard:${h.id}`,
        at: e.at,
      });
    }
  }
  let awaitingVerification = 0;
  if (e.verificationOverdueReason && e.at) {
    const waiting = await db.hazard.findMany({ where: { campaignId: e.campaignId, status: 'rectified' }, select: { id: true, schoolId: true }, orderBy: { id: 'asc' } });
    for (const h of waiting) {
      await recordBulletinEntry(db, {
        dedupeKey: `${e.dedupeKey}:verification:${h.id}`,
        campaignId: e.campaignId,
        hazardId: h.id,
        unit: { type: 'bureau', schoolId: h.schoolId },
        reason: e.verificationOverdueReason,
        subject: `hazard:${h.id}`,
        at: e.at,
      });
    }
    awaitingVerification = waiting.length;
  }
  return { escalated: count, awaitingVerification };
}

export interface CampaignLookBacks {
  campaignId: string;
  /** The look-backs come due by then (the consolidation's start)... */
  dueAt: string;
  /** ...and may be recorded until then at least (its end). */
  closesAt: string;
  dedupeKey: string;
}

/**
 * 巩固提高: every written-off hazard of the campaign whose look-back (回头看) is still to come has
 * it brought forward into the consolidation window; returns how many await their look-back in it.
 */
export async function scheduleCampaignLookBacks(db: Database, temporal: Client | undefined, l: CampaignLookBacks): Promise<number> {
  const hazards = await db.hazard.findMany({ where: { campaignId: l.campaignId, status: 'closed' }, select: { id: true }, orderBy: { id: 'asc' } });
  return countActing(
    temporal,
    hazards.map((h) => h.id),
    (client, hazardId) => scheduleHazardLookBack(client, hazardId, { dueAt: l.dueAt, closesAt: l.closesAt }, l.dedupeKey),
  );
}
