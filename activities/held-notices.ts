// The held-notice dispatcher: sends the rung notices held for working hours (activities/notification.ts
// heldForWorkingHours) once their instant has come — the next 08:30 local — in every worker
// process, beside the workflows. Each held notice is a row of the notification log with its
// request; the dispatcher renders and sends it through the same path as the workflow's activity
// (the log's claim: one attempt at a time, never twice), in the order the rungs were logged, so a
// unit reads the reminder before the overdue notice that followed it. A send that fails leaves the
// row held and due: the next round (HELD_NOTICE_POLL_MS) tries again.
import type { CampaignNotificationRequest, NotificationRequest } from '../common/notification';
import { pollInRounds, type RoundLog } from './polling-rounds';
import { MailSendInFlightError, nowOf, sendCampaignNotification, sendNotification, SEND_IN_FLIGHT_MS, type NotificationDeps } from './notification';

export interface HeldNoticeSettings {
  /** How often it looks for held notices now due (ms). */
  pollMs: number;
  /** Notices one round sends at most. */
  batch?: number;
}

const silent: RoundLog = { warn: () => undefined };

const isCampaignRequest = (r: NotificationRequest | CampaignNotificationRequest): r is CampaignNotificationRequest => 'campaign' in r;

export function createHeldNoticeDispatcher(deps: NotificationDeps, settings: HeldNoticeSettings, log: RoundLog = silent) {
  /** One round: the held notices due now, oldest first. How many were sent. */
  async function dispatchOnce(): Promise<number> {
    const now = await nowOf(deps);
    const due = await deps.db.$queryRawUnsafe<{ dedupeKey: string; request: NotificationRequest | CampaignNotificationRequest }[]>(
      `SELECT "dedupeKey", "request" FROM "Notification"
       WHERE "status" = 'held' AND "notBefore" <= $1
         AND ("claimedAt" IS NULL OR "claimedAt" < $2 OR "lastError" IS NOT NULL)
       ORDER BY "id" LIMIT $3`,
      new Date(now),
      new Date(Date.now() - SEND_IN_FLIGHT_MS),
      settings.batch ?? 100,
    );
    let sent = 0;
    for (const { dedupeKey, request } of due) {
      try {
        const result = isCampaignRequest(request) ? await sendCampaignNotification(deps, request) : await sendNotification(deps, request);
        if (result.sentNow) sent++;
      } catch (err) {
        if (err instanceof MailSendInFlightError) continue; // another worker's round is sending it
        log.warn('held notice not sent, retried', { dedupeKey, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return sent;
  }

  return {
    dispatchOnce,
    /** Polls every pollMs until stop(); a round's failure (the database down) is retried at the next. */
    ...pollInRounds(dispatchOnce, settings.pollMs, log, 'held-notice round failed, retried'),
  };
}

export type HeldNoticeDispatcher = ReturnType<typeof createHeldNoticeDispatcher>;
