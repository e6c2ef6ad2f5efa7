// Every Temporal call the API makes has a deadline: a request's calls share one budget (set by
// app.ts for the whole request); a request that starts many workflows renews it per batch.
import type { Client } from '@temporalio/client';

export const DEFAULT_TEMPORAL_TIMEOUT_MS = 10_000;

/** Runs `fn` with its Temporal calls due within `ms` from now (over it: DEADLINE_EXCEEDED, answered 503). */
export function withTemporalDeadline<R>(temporal: Client, ms: number | undefined, fn: () => Promise<R>): Promise<R> {
  return temporal.connection.withDeadline(Date.now() + (ms ?? DEFAULT_TEMPORAL_TIMEOUT_MS), fn);
}
