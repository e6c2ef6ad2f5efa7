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
import { condition, log } from '@temporalio/workflow';
import type { RequestContext } from '../common/request-context';
import { currentRequestContext, inRequestContext } from './request-context-interceptors';

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
 * An effect that failed for good (a non-retryable error: a bug, not an outage) is logged and left,
 * so the lane carries on.
 */
export async function workOff<Effect extends { type: string }>(queue: OutboxEntry<Effect>[], run: (effect: Effect) => Promise<unknown>, owner: Record<string, string>): Promise<void> {
  while (queue.length > 0) {
    const next = queue[0];
    await inRequestContext(next.context, () =>
      Promise.all(
        next.effects.map((effect) =>
          run(effect).catch((err: unknown) => log.error('side effect failed for good', { ...owner, effect: effect.type, error: err instanceof Error ? err.message : String(err) })),
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
}

export class Outbox<Effect extends { type: string }, Lane extends string> {
  /** By lane, oldest first (the first may be under way). */
  private readonly queues = new Map<Lane, OutboxEntry<Effect>[]>();

  constructor(private readonly options: OutboxOptions<Effect, Lane>) {
    for (const lane of options.lanes) this.queues.set(lane, []);
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
    for (const queue of this.queues.values()) void this.carryOutLane(queue);
  }

  /** Whether every side effect so far has been carried out (a workflow continues as new or ends only then). */
  get settled(): boolean {
    return [...this.queues.values()].every((q) => q.length === 0);
  }

  private async carryOutLane(queue: OutboxEntry<Effect>[]): Promise<never> {
    for (;;) {
      await condition(() => queue.length > 0);
      await workOff(queue, this.options.run, this.options.owner);
    }
  }
}
