// Every Temporal call the API makes has a deadline: a request's calls share one budget (set by
// app.ts for the whole request); a request that starts many workflows renews it per batch.
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type Client } from '@temporalio/client';

type Interceptor = ReturnType<typeof makeGrpcRetryInterceptor>;
export const DEFAULT_TEMPORAL_TIMEOUT_MS = 30_000;
/** How long a call retries a Temporal it cannot reach (UNAVAILABLE) before the API answers 503. */
export const DEFAULT_UNREACHABLE_RETRY_MS = 2_000;

/** Runs `fn` with its Temporal calls due within `ms` from now (over it: DEADLINE_EXCEEDED, answered 503). */
export function withTemporalDeadline<R>(temporal: Client, ms: number | undefined, fn: () => Promise<R>): Promise<R> {
  return temporal.connection.withDeadline(Date.now() + (ms ?? DEFAULT_TEMPORAL_TIMEOUT_MS), fn);
}

/**
 * The SDK's gRPC retry (UNAVAILABLE and the like, with backoff), bounded twice: no attempt starts
 * after the call's deadline (no retry timer is left behind a failed call), and a server that cannot
 * be reached is retried for `unreachableRetryMs` only, so an unreachable Temporal is a prompt 503
 * rather than the SDK's 10 attempts over about 15 s. A slow but reachable server has the whole
 * deadline (a query waiting for a busy worker).
 */
export function deadlineAwareRetryInterceptor(unreachableRetryMs = DEFAULT_UNREACHABLE_RETRY_MS): Interceptor {
  const defaults = defaultGrpcRetryOptions();
  return (options, nextCall) => {
    const deadline = options.deadline instanceof Date ? options.deadline.getTime() : typeof options.deadline === 'number' ? options.deadline : Infinity;
    const giveUpAt = Math.min(deadline, Date.now() + unreachableRetryMs);
    let delay = 0;
    return makeGrpcRetryInterceptor({
      ...defaults,
      retryableDecider: (attempt, status) => {
        if (!defaults.retryableDecider(attempt, status)) return false;
        delay = defaults.delayFunction(attempt, status);
        return Date.now() + delay < giveUpAt;
      },
      delayFunction: () => delay,
    })(options, nextCall);
  };
}

/** The API's Temporal connection options: its retries bounded as above. */
export const apiConnectionOptions = (address: string) => ({ address, interceptors: [deadlineAwareRetryInterceptor()] });
