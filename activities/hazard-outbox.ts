// One attempt at a batch of a hazard's side effects, both lanes at once (workflows/hazard-steps.ts
// runs it as a local activity: one marker in the history instead of an activity's three events
// and the workflow task its completion would take). The lanes go side by side — the database
// (read model, audit trail, bulletin) and mail — each in the order of its transitions, and each
// stops at its first failure or once its time is up: the result says how many transitions of
// each lane are done, and the workflow retries the rest through its retried activities. So a
// mail outage holds back no row and a database outage no mail, and an attempt never holds the
// workflow for long. Every effect is idempotent (keyed by its step), so what an attempt did
// before failing is not done twice.
import type { NotificationRequest } from '../common/notification';
import type { SideEffect } from '../workflows/hazard-steps';
import { activityLog } from './activity-log';
import { recordBulletinEntry, recordHazardTransition } from './hazard-record';
import { sendNotification } from './notification';
import type { ActivityDeps } from './index';

export interface HazardOutboxBatch {
  /** Transitions' database effects (records, bulletin entries), oldest first. */
  database: SideEffect[][];
  /** Transitions' mails, oldest first. */
  mail: NotificationRequest[][];
  /** No transition of a lane is begun after this many milliseconds (default 500). */
  budgetMs?: number;
}

/** How many transitions of each lane are done, from the first. */
export interface HazardOutboxResult {
  database: number;
  mail: number;
}

export async function carryOutHazardBatch(deps: ActivityDeps, batch: HazardOutboxBatch): Promise<HazardOutboxResult> {
  const stopAt = Date.now() + (batch.budgetMs ?? 500);
  const lane = async <T>(name: string, entries: T[][], run: (effect: T) => Promise<unknown>): Promise<number> => {
    let done = 0;
    try {
      for (const entry of entries) {
        if (done > 0 && Date.now() > stopAt) break;
        await Promise.all(entry.map(run));
        done += 1;
      }
    } catch (err) {
      activityLog().warn('hazard side effects held back, retried apart', { lane: name, done, of: entries.length, error: err instanceof Error ? err.message : String(err) });
    }
    return done;
  };
  const [database, mail] = await Promise.all([
    lane('database', batch.database, (e) => runDatabaseEffect(deps, e)),
    lane('mail', batch.mail, (request) => sendNotification(deps, request)),
  ]);
  return { database, mail };
}

/** A database effect of a transition: its record (read model and audit trail) or a bulletin entry. */
export async function runDatabaseEffect(deps: ActivityDeps, effect: SideEffect): Promise<void> {
  switch (effect.type) {
    case 'record':
      return recordHazardTransition(deps.db, effect.record);
    case 'bulletin':
      return recordBulletinEntry(deps.db, effect.record);
    case 'mail':
      throw new Error('a mail is not a database effect');
  }
}
