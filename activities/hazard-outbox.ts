// One attempt at a batch of a hazard's side effects, both lanes at once (workflows/hazard-steps.ts
// runs it as a local activity: one marker in the history instead of an activity's three events
// and the workflow task its completion would take). The lanes go side by side — the database
// (read model, audit trail, bulletin) and mail — each in the order of its transitions (the
// records of consecutive transitions in one statement), and each stops at its first failure or
// once its time is up: the result says how many transitions of each lane are done, and the
// workflow retries the rest through its retried activities. So a mail outage holds back no row
// and a database outage no mail, and an attempt never holds the workflow for long. Every effect
// is idempotent (keyed by its step), so what an attempt did before failing is not done twice.
import type { NotificationRequest } from '../common/notification';
import type { SideEffect } from '../domain/hazard/effects';
import { activityLog } from './activity-log';
import { recordBulletinEntry, recordHazardTransition, recordHazardTransitions, type HazardTransitionRecord } from './hazard-record';
import { sendNotification } from './notification';
import type { ActivityDeps } from './deps';

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

/** Part of a lane's work: the side effects of one or more consecutive transitions. */
interface LaneStep {
  transitions: number;
  run: () => Promise<unknown>;
  /** The records it writes in one statement, when that is all it does (the next transition's may join them). */
  records?: HazardTransitionRecord[];
}

export async function carryOutHazardBatch(deps: ActivityDeps, batch: HazardOutboxBatch): Promise<HazardOutboxResult> {
  const stopAt = Date.now() + (batch.budgetMs ?? 500);
  const lane = async (name: string, steps: LaneStep[]): Promise<number> => {
    let done = 0;
    try {
      for (const step of steps) {
        if (done > 0 && Date.now() > stopAt) break;
        await step.run();
        done += step.transitions;
      }
    } catch (err) {
      const of = steps.reduce((n, step) => n + step.transitions, 0);
      activityLog().warn('hazard side effects held back, retried apart', { lane: name, done, of, error: err instanceof Error ? err.message : String(err) });
    }
    return done;
  };
  const [database, mail] = await Promise.all([
    lane('database', databaseSteps(deps, batch.database)),
    lane(
      'mail',
      batch.mail.map((requests) => ({ transitions: 1, run: () => Promise.all(requests.map((request) => sendNotification(deps, request))) })),
    ),
  ]);
  return { database, mail };
}

/** The database lane's steps: the records of consecutive transitions in one statement; a transition with a bulletin entry on its own. */
function databaseSteps(deps: ActivityDeps, entries: SideEffect[][]): LaneStep[] {
  const steps: LaneStep[] = [];
  for (const effects of entries) {
    const records = effects.flatMap((e) => (e.type === 'record' ? [e.record] : []));
    const last = steps.at(-1);
    if (records.length < effects.length) steps.push({ transitions: 1, run: () => Promise.all(effects.map((e) => runDatabaseEffect(deps, e))) });
    else if (last?.records) {
      last.records.push(...records);
      last.transitions += 1;
    } else steps.push({ transitions: 1, records, run: () => recordHazardTransitions(deps.db, records) });
  }
  return steps;
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
