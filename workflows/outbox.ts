// A workflow's outbox: the side effects of its steps (read-model rows, mails, bulletin entries,
// commands to other workflows), kept as data in the workflow's own state and worked off beside
// its deadlines, never in front of them. A step happens at its instant; what follows from it
// waits here until done, so a mail or database outage delays the mail or the row, never the
// next deadline.
//
// Effects go in lanes (e.g. database and mail) so that an outage of one service holds back
// nothing of another. Within a lane, one step's effects after the other's, in order (a unit
// learns of a deadline before it is told it missed it), each activity retried until done.
// The campaign uses it as it is; the hazard works its lanes off in batches first and falls back
// on `workOff` for a lane whose batch failed (hazard-steps.ts).
//
// A poison step (issue 27): an effect that failed for good (its activity failed non-retryably,
// e.g. a 'PoisonStep' — a data error or a constraint violation, worker/activity-interceptors.ts)
// is not dropped: it is parked (`StuckSteps`), kept in the workflow's state with its error,
// recorded in the StuckStep table and logged at error level, while its lane carries on; the lead
// retries it after a fix (an Update that puts it back in its lane). Histories recorded before
// replay unchanged: parking is behind the patch `park-poison-steps`.
import { condition, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { RequestContext } from '../common/request-context';
import { currentRequestContext, inRequestContext } from './request-context-interceptors';
import { now } from './workflow-time';

/** The patch behind which an effect that failed for good is parked instead of dropped. */
export const PARK_POISON_STEPS = 'park-poison-steps';

const { recordStuckStep, resolveStuckStep } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** An effect parked after it failed for good: in the workflow's state (carried across continue-as-new) until the lead retries it. */
export interface ParkedStep<Effect> {
  /** The effect's dedupe key (its step): the StuckStep row's id. */
  id: string;
  lane: string;
  seq: number;
  effect: Effect;
  error: string;
  failedAt: string;
  /** How often the lead retried it. */
  retries: number;
  context?: RequestContext;
}

/** What the lead's retry of a parked step did: `found` false when no such step is parked; `done` when carried out. */
export interface StuckStepRetry {
  found: boolean;
  done: boolean;
  error?: string;
}

/**
 * The parked steps of one workflow: `parked()` is the list in its state, `queueOf` a lane's queue
 * (where a retried step goes back), `idOf` an effect's dedupe key.
 */
export class StuckSteps<Effect extends { type: string }> {
  /** Steps under retry, with their retry count. */
  private readonly retrying = new Map<string, number>();

  constructor(
    private readonly parked: () => ParkedStep<Effect>[],
    private readonly queueOf: (lane: string) => OutboxEntry<Effect>[],
    private readonly idOf: (effect: Effect, seq: number) => string,
    private readonly owner: Record<string, string>,
  ) {}

  /** Answers the lead's retry Update. */
  handle(update: UpdateDefinition<StuckStepRetry, [{ id: string }]>): void {
    setHandler(update, ({ id }) => this.retry(id));
  }

  /** Parks an effect that failed for good (false: a history recorded before parking existed, where it is dropped). */
  async park(lane: string, entry: OutboxEntry<Effect>, effect: Effect, err: unknown): Promise<boolean> {
    if (!patched(PARK_POISON_STEPS)) return false;
    const id = this.idOf(effect, entry.seq);
    const error = err instanceof Error ? (err.cause instanceof Error && err.message.startsWith('Activity task failed') ? err.cause.message : err.message) : String(err);
    const retries = this.retrying.get(id) ?? 0;
    this.retrying.delete(id);
    const failedAt = now();
    this.parked().push({ id, lane, seq: entry.seq, effect, error, failedAt, retries, ...(entry.context ? { context: entry.context } : {}) });
    log.error('side effect parked: failed for good, waiting for an operator', { ...this.owner, stepId: id, effect: effect.type, error, retries });
    await recordStuckStep({ id, workflowId: workflowInfo().workflowId, kind: effect.type, error, failedAt });
    return true;
  }

  /** Puts a parked step back in its lane and waits until it is carried out (the row resolved) or parked again. */
  async retry(id: string): Promise<StuckStepRetry> {
    const list = this.parked();
    const i = list.findIndex((p) => p.id === id);
    if (i < 0) return { found: false, done: false };
    const [step] = list.splice(i, 1);
    this.retrying.set(id, step.retries + 1);
    const entry: OutboxEntry<Effect> = { seq: step.seq, effects: [step.effect], ...(step.context ? { context: step.context } : {}) };
    const queue = this.queueOf(step.lane);
    queue.push(entry);
    await condition(() => !queue.includes(entry));
    const again = this.parked().find((p) => p.id === id);
    if (again) return { found: true, done: false, error: again.error };
    this.retrying.delete(id);
    await resolveStuckStep({ id, at: now() });
    log.info('parked side effect carried out after a retry', { ...this.owner, stepId: id, effect: step.effect.type });
    return { found: true, done: true };
  }
}

/** The side effects of one step in one lane, still to be carried out. */
export interface OutboxEntry<Effect> {
  seq: number;
  effects: Effect[];
  /** The request whose step it is (its id goes on the activities' log lines). */
  context?: RequestContext;
}

/**
 * Works off a lane's queue, oldest first, until it is empty: each entry's effects at once, in the
 * context of the request that caused its step; an entry leaves the queue once its effects are done.
 * An effect that failed for good (a non-retryable error: a bug or bad data, not an outage) is
 * parked by `park` (histories from before parking: logged and left), so the lane carries on.
 */
export async function workOff<Effect extends { type: string }>(
  queue: OutboxEntry<Effect>[],
  run: (effect: Effect) => Promise<unknown>,
  owner: Record<string, string>,
  park?: (entry: OutboxEntry<Effect>, effect: Effect, err: unknown) => Promise<boolean>,
): Promise<void> {
  while (queue.length > 0) {
    const next = queue[0];
    await inRequestContext(next.context, () =>
      Promise.all(
        next.effects.map((effect) =>
          run(effect).catch(async (err: unknown) => {
            if (park && (await park(next, effect, err))) return;
            log.error('side effect failed for good', { ...owner, effect: effect.type, error: err instanceof Error ? err.message : String(err) });
          }),
        ),
      ),
    );
    queue.shift();
  }
}

export interface OutboxOptions<Effect, Lane extends string> {
  lanes: readonly Lane[];
  laneOf: (effect: Effect) => Lane;
  /** Carries out one effect (an activity, retried by its policy until done). */
  run: (effect: Effect) => Promise<unknown>;
  /** Names the workflow on the log line of an effect that failed for good. */
  owner: Record<string, string>;
  /** An effect's dedupe key (its step), by which it is parked; and the lead's retry Update. */
  stuck?: { idOf: (effect: Effect, seq: number) => string; retryUpdate: UpdateDefinition<StuckStepRetry, [{ id: string }]> };
}

export class Outbox<Effect extends { type: string }, Lane extends string> {
  /** By lane, oldest first (the first may be under way). */
  private readonly queues = new Map<Lane, OutboxEntry<Effect>[]>();

  /** Effects that failed for good, until the lead retries them. */
  readonly parked: ParkedStep<Effect>[] = [];
  private readonly stuck?: StuckSteps<Effect>;

  constructor(private readonly options: OutboxOptions<Effect, Lane>) {
    for (const lane of options.lanes) this.queues.set(lane, []);
    if (options.stuck) {
      this.stuck = new StuckSteps<Effect>(
        () => this.parked,
        (lane) => this.queues.get(lane as Lane)!,
        options.stuck.idOf,
        options.owner,
      );
      this.stuck.handle(options.stuck.retryUpdate);
    }
  }

  /** Queues a step's side effects, each in its lane, in the context of the current request; returns at once. */
  push(seq: number, effects: Effect[]): void {
    const context = currentRequestContext();
    for (const [lane, queue] of this.queues) {
      const mine = effects.filter((e) => this.options.laneOf(e) === lane);
      if (mine.length) queue.push({ seq, effects: mine, context });
    }
  }

  /** Works off every lane for as long as the workflow runs. */
  carryOut(): void {
    for (const [lane, queue] of this.queues) void this.carryOutLane(lane, queue);
  }

  /** Whether every side effect so far has been carried out (a workflow continues as new or ends only then). */
  get settled(): boolean {
    return [...this.queues.values()].every((q) => q.length === 0);
  }

  private async carryOutLane(lane: Lane, queue: OutboxEntry<Effect>[]): Promise<never> {
    const stuck = this.stuck;
    const park = stuck && ((entry: OutboxEntry<Effect>, effect: Effect, err: unknown) => stuck.park(lane, entry, effect, err));
    for (;;) {
      await condition(() => queue.length > 0);
      await workOff(queue, this.options.run, this.options.owner, park);
    }
  }
}
