// The activities: all I/O of the workflows. Each is idempotent (see the files they call).
import type { Client } from '@temporalio/client';
import type { CampaignState } from '../common/campaign';
import type { Actor } from '../common/hazard';
import type { CampaignNotificationRequest, NotificationRequest, NotificationResult } from '../common/notification';
import { escalateCampaignHazards, scheduleCampaignLookBacks, type CampaignEscalation, type CampaignLookBacks } from './campaign-hazards';
import {
  recordBulletinEntries,
  recordCampaign,
  recordReportSubmission,
  recordSelfInspection,
  type BulletinEntriesRecord,
  type ReportSubmissionRecord,
  type SelfInspectionRecord,
} from './campaign-record';
import type { Database } from '../common/database';
import {
  recordBulletinEntry,
  recordHazardTransition,
  type BulletinRecord,
  type HazardTransitionRecord,
} from './hazard-record';
import { failHazardImport, runHazardImport, type HazardImportProgress } from './hazard-import';
import { carryOutHazardBatch, type HazardOutboxBatch, type HazardOutboxResult } from './hazard-outbox';
import { sendCampaignNotification, sendNotification, type NotificationDeps } from './notification';

/** What the activities use: the database, the mail transport, and a Temporal client (a campaign signals its hazards). */
export type ActivityDeps = NotificationDeps & { db: Database; temporal?: Client };

export function createActivities(deps: ActivityDeps) {
  return {
    async sendNotification(req: NotificationRequest): Promise<NotificationResult> {
      return sendNotification(deps, req);
    },
    async recordHazardTransition(rec: HazardTransitionRecord): Promise<void> {
      return recordHazardTransition(deps.db, rec);
    },
    async recordBulletinEntry(rec: BulletinRecord): Promise<void> {
      return recordBulletinEntry(deps.db, rec);
    },
    async carryOutHazardBatch(batch: HazardOutboxBatch): Promise<HazardOutboxResult> {
      return carryOutHazardBatch(deps, batch);
    },
    async sendCampaignNotification(req: CampaignNotificationRequest): Promise<NotificationResult> {
      return sendCampaignNotification(deps, req);
    },
    async recordCampaign(rec: { campaign: CampaignState; createdBy: Actor }): Promise<void> {
      return recordCampaign(deps.db, rec);
    },
    async recordReportSubmission(rec: ReportSubmissionRecord): Promise<void> {
      return recordReportSubmission(deps.db, rec);
    },
    async recordSelfInspection(rec: SelfInspectionRecord): Promise<void> {
      return recordSelfInspection(deps.db, rec);
    },
    async recordBulletinEntries(rec: BulletinEntriesRecord): Promise<void> {
      return recordBulletinEntries(deps.db, rec);
    },
    async escalateCampaignHazards(e: CampaignEscalation): Promise<number> {
      return escalateCampaignHazards(deps.db, deps.temporal, e);
    },
    async runHazardImport(job: { importId: string; taskQueue: string }): Promise<HazardImportProgress> {
      return runHazardImport(deps.db, deps.temporal, job);
    },
    async failHazardImport(f: { importId: string; error: string }): Promise<void> {
      return failHazardImport(deps.db, f);
    },
    async scheduleCampaignLookBacks(l: CampaignLookBacks): Promise<number> {
      return scheduleCampaignLookBacks(deps.db, deps.temporal, l);
    },
  };
}
