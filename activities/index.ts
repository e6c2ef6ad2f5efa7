// The activities: all I/O of the workflows. Each is idempotent (see the files they call).
import { Context } from '@temporalio/activity';
import { blacklistUnfinishedUnits, issueCampaignBulletin } from './bulletin-issue';
import { escalateCampaignHazards, scheduleCampaignLookBacks, type CampaignEscalation, type CampaignLookBacks, type EscalationFound } from './campaign-hazards';
import { recordBulletinEntries, recordCampaign, recordReportSubmission, recordSelfInspections } from './campaign-record';
import { recordBulletinEntry, recordHazardTransition } from './hazard-record';
import { failHazardImport, runHazardImport, type HazardImportProgress } from './hazard-import';
import { carryOutHazardBatch, type HazardOutboxBatch, type HazardOutboxResult } from './hazard-outbox';
import type { ActivityDeps } from './deps';
import { sendCampaignNotification, sendNotification } from './notification';
import { recordStuckStep, resolveStuckStep } from './stuck-steps';
import { sendInvitationMail } from './invitation-mail';

export type { ActivityDeps } from './deps';

/** How often an outbox activity tells Temporal it is alive (the workflows' heartbeat timeout is 5 s; the SDK sends at most one per 4 s). */
const HEARTBEAT_EVERY_MS = 1000;

/**
 * Runs an outbox activity (a mail, a row) heartbeating: a worker that died while it ran is noticed
 * within the heartbeat timeout and the activity retried elsewhere, while one that is only slow (a
 * busy machine, a slow relay) is left to finish — a start-to-close timeout short enough for a quick
 * takeover would also cut a slow send short and send the mail twice.
 */
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return work(); // called outside an activity (a script)
  }
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Whether this runs as a local activity (no heartbeats: its workflow task waits for it). */
function inLocalActivity(): boolean {
  try {
    return Context.current().info.isLocal;
  } catch {
    return false; // outside an activity (a script)
  }
}

/** The activity `work(uses, input)`, run heartbeating (see above). */
const heartbeatingActivity =
  <U, I, R>(uses: U, work: (uses: U, input: I) => Promise<R>) =>
  (input: I): Promise<R> =>
    heartbeating(() => work(uses, input));

export function createActivities(deps: ActivityDeps) {
  return {
    sendNotification: heartbeatingActivity(deps, sendNotification),
    recordHazardTransition: heartbeatingActivity(deps.db, recordHazardTransition),
    recordBulletinEntry: heartbeatingActivity(deps.db, recordBulletinEntry),
    recordStuckStep: heartbeatingActivity(deps.db, recordStuckStep),
    resolveStuckStep: heartbeatingActivity(deps.db, resolveStuckStep),
    // A local activity within its workflow task; a rung's batch, as an activity, heartbeating (workflows/hazard-steps.ts).
    async carryOutHazardBatch(batch: HazardOutboxBatch): Promise<HazardOutboxResult> {
      return inLocalActivity() ? carryOutHazardBatch(deps, batch) : heartbeating(() => carryOutHazardBatch(deps, batch));
    },
    sendCampaignNotification: heartbeatingActivity(deps, sendCampaignNotification),
    sendInvitationMail: heartbeatingActivity(deps, sendInvitationMail),
    issueCampaignBulletin: heartbeatingActivity(deps.db, issueCampaignBulletin),
    blacklistUnfinishedUnits: heartbeatingActivity(deps.db, blacklistUnfinishedUnits),
    recordCampaign: heartbeatingActivity(deps.db, recordCampaign),
    recordReportSubmission: heartbeatingActivity(deps.db, recordReportSubmission),
    recordSelfInspections: heartbeatingActivity(deps.db, recordSelfInspections),
    recordBulletinEntries: heartbeatingActivity(deps.db, recordBulletinEntries),
    async escalateCampaignHazards(e: CampaignEscalation): Promise<EscalationFound> {
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
