// The side effects of a campaign's steps, as data in its outbox (outbox.ts), in two lanes: the
// database (the campaign's row and audit trail, submissions, bulletin entries, and what reads or
// acts on the read model: escalating the campaign's hazards, the 黑榜 of a closing, a bulletin's
// content) and mail. In the database lane each effect follows the one before, so a bulletin counts
// every miss recorded before it; a mail outage holds back no row, a database outage no mail.
//
// An effect that finds something out (how many hazards a closing escalated, a bulletin's 黑榜)
// hands it back to the workflow, which takes its next step from it.
import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { BulletinPassed, BulletinView, IssueBulletin, SupervisionBlacklist } from '../activities/bulletin-issue';
import type { CampaignEscalation, CampaignLookBacks, EscalationFound } from '../activities/campaign-hazards';
import type { BulletinEntriesRecord, CampaignAuditEvent, ReportSubmissionRecord, SelfInspectionRecord } from '../activities/campaign-record';
import type { CampaignState, PhaseKey } from '../common/campaign';
import type { Actor } from '../common/hazard';
import type { CampaignNotificationRequest } from '../common/notification';
import { retryCampaignStuckStepUpdate } from '../domain/campaign/messages';
import { Outbox } from './outbox';

// Sized to the work, as a hazard's outbox: each heartbeats while it works (activities/index.ts),
// so a worker that died is noticed within 5 s and the effect retried on another; retried until
// done, every 10 s at most.
const retry: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' };
const { sendCampaignNotification, recordCampaign, recordReportSubmission, recordSelfInspections, recordBulletinEntries, issueCampaignBulletin, blacklistUnfinishedUnits } = proxyActivities<
  ReturnType<typeof createActivities>
>({ startToCloseTimeout: '1 minute', heartbeatTimeout: '5 seconds', retry });
// An Update to each of the campaign's hazards, a few at a time: it takes as long as there are
// hazards, and heartbeats after each few.
const { escalateCampaignHazards, scheduleCampaignLookBacks } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});

/** A side effect of a campaign's step. */
export type CampaignEffect =
  | { type: 'record'; campaign: CampaignState; createdBy: Actor; event?: CampaignAuditEvent }
  | { type: 'mail'; request: CampaignNotificationRequest }
  | { type: 'bulletin-entries'; record: BulletinEntriesRecord }
  | { type: 'report'; record: ReportSubmissionRecord }
  | { type: 'self-inspections'; rows: SelfInspectionRecord[] }
  /** 整改/验收 closing: the campaign's hazards escalated; how many follows as the phase's outcome. */
  | { type: 'escalate-hazards'; phase: PhaseKey; escalation: CampaignEscalation }
  /** 鱼峰 督导 closing: the units that did not finish on time go on the 黑榜; how many follows. */
  | { type: 'blacklist'; phase: PhaseKey; blacklist: SupervisionBlacklist }
  /** 巩固提高 opening: the written-off hazards' look-backs brought into the phase; how many follows. */
  | { type: 'schedule-look-backs'; lookBacks: CampaignLookBacks }
  /** A numbered bulletin (通报), computed from the read model and kept; its 黑榜 follows. */
  | { type: 'issue-bulletin'; bulletin: Omit<IssueBulletin, 'afterEntryId'> }
  /** The bulletin of an instant's occasions: numbered when computed, kept if it has news (or is always issued). */
  | { type: 'bulletin-due'; bulletin: Omit<IssueBulletin, 'afterEntryId' | 'no'> };

/**
 * What a closing found: how many units it blacklisted or hazards it escalated — and, for an
 * escalation since issue 24, how many hazards await 验收 (the inspector's duty, not the unit's).
 */
export type ClosingFound = number | EscalationFound;

/** What the workflow does with what an effect found out. */
export interface CampaignFollowUps {
  closingFound(phase: PhaseKey, found: ClosingFound, how: 'escalated' | 'blacklisted'): void;
  lookBacksScheduled(due: number): void;
  /** The bulletin numbered `no` was computed; `afterEntryId()` is where its 黑榜 starts (the previous one's end). */
  bulletinComputed(no: number, view: BulletinView): void;
  afterEntryId(no: number): string | null;
  /** The number the next kept bulletin takes, and what became of a gathered one. */
  nextBulletinNo(): number;
  bulletinDueComputed(no: number, result: BulletinView | BulletinPassed): void;
}

type Lane = 'database' | 'mail';

export function campaignOutbox(campaignId: string, then: CampaignFollowUps): Outbox<CampaignEffect, Lane> {
  async function run(effect: CampaignEffect): Promise<void> {
    switch (effect.type) {
      case 'record':
        return recordCampaign({ campaign: effect.campaign, createdBy: effect.createdBy, ...(effect.event ? { event: effect.event } : {}) });
      case 'mail':
        await sendCampaignNotification(effect.request);
        return;
      case 'bulletin-entries':
        return recordBulletinEntries(effect.record);
      case 'report':
        return recordReportSubmission(effect.record);
      case 'self-inspections':
        return recordSelfInspections(effect.rows);
      case 'escalate-hazards':
        return then.closingFound(effect.phase, await escalateCampaignHazards(effect.escalation), 'escalated');
      case 'blacklist':
        return then.closingFound(effect.phase, await blacklistUnfinishedUnits(effect.blacklist), 'blacklisted');
      case 'schedule-look-backs':
        return then.lookBacksScheduled(await scheduleCampaignLookBacks(effect.lookBacks));
      case 'issue-bulletin': {
        const { no } = effect.bulletin;
        return then.bulletinComputed(no, (await issueCampaignBulletin({ ...effect.bulletin, afterEntryId: then.afterEntryId(no) })) as BulletinView);
      }
      case 'bulletin-due': {
        const no = then.nextBulletinNo();
        return then.bulletinDueComputed(no, await issueCampaignBulletin({ ...effect.bulletin, no, afterEntryId: then.afterEntryId(no) }));
      }
    }
  }
  // An effect that failed for good is parked under its dedupe key (else its step and kind), for the lead to retry.
  const idOf = (e: CampaignEffect, seq: number): string =>
    (e.type === 'mail' ? e.request.dedupeKey : e.type === 'record' ? e.event?.dedupeKey : 'record' in e && e.record && 'dedupeKey' in e.record ? e.record.dedupeKey : undefined) ??
    `campaign:${campaignId}:${seq}:${e.type}`;
  return new Outbox<CampaignEffect, Lane>({
    lanes: ['database', 'mail'],
    laneOf: (e) => (e.type === 'mail' ? 'mail' : 'database'),
    run,
    owner: { campaignId },
    stuck: { idOf, retryUpdate: retryCampaignStuckStepUpdate },
  });
}
