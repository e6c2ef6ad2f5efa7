// Every Temporal call the API makes has a deadline: a request's calls share one budget (set by
// app.ts for the whole request); a request that starts many workflows renews it per batch.
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type Client } from '@temporalio/client';

type Interceptor = ReturnType<typeof makeGrpcRetryInterceptor>;
export const DEFAULT_TEMPORAL_TIMEOUT_MS = 10_000;

/** Runs `fn` with its Temporal calls due within `ms` from now (over it: DEADLINE_EXCEEDED, answered 503). */
export function withTemporalDeadline<R>(temporal: Client, ms: number | undefined, fn: () => Promise<R>): Promise<R> {
  return temporal.connection.withDeadline(Date.now() + (ms ?? DEFAULT_TEMPORAL_TIMEOUT_MS), fn);
}

/**
 * The SDK's gRPC retry (UNAVAILABLE and the like, with backoff) that gives up when the next
 * attempt would start after the call's deadline: an unreachable Temporal answers at the deadline,
 * not up to one backoff later, and leaves no retry timer behind it. Calls without a deadline retry
 * as the SDK's default does.
 */
export function deadlineAwareRetryInterceptor(): Interceptor {
  const defaults = defaultGrpcRetryOptions();
  return (options, nextCall) => {
    const deadline = options.deadline instanceof Date ? options.deadline.getTime() : typeof options.deadline === 'number' ? options.deadline : Infinity;
    let delay = 0;
    return makeGrpcRetryInterceptor({
      ...defaults,
      retryableDecider: (attempt, status) => {
        if (!defaults.retryableDecider(attempt, status)) return false;
        delay = defaults.delayFunction(attempt, status);
        return Date.now() + delay < deadline;
      },
      delayFunction: () => delay,
    })(options, nextCall);
  };
}

/** The API's Temporal connection options: its retries bounded by each call's deadline. */
export const apiConnectionOptions = (address: string) => ({ address, interceptors: [deadlineAwareRetryInterceptor()] });
