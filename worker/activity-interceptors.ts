// Activity interceptors carrying the request context (common/request-context.ts): an activity
// runs in the context its workflow passed in the header (so a Temporal client call it makes
// carries it on), and its `log` calls, and the SDK's own lines about it, carry its requestId.
//
// They also tell a poison step from an outage (issue 27): an error no retry can cure — a
// PostgreSQL data exception (SQLSTATE class 22) or integrity constraint violation (class 23),
// from pg or wrapped by Prisma, or a TypeError/RangeError of a template or a pure function —
// fails the activity for good, as a non-retryable ApplicationFailure of type 'PoisonStep' with
// the original message; its workflow parks the step (workflows/outbox.ts). Everything else
// (connection errors, timeouts, 57P01 admin shutdown, 08xxx, 53xxx, …) stays retryable.
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptors, ActivityInterceptorsFactory } from '@temporalio/worker';
import { extractRequestContext, type RequestContext } from '../common/request-context';
import { runWithRequestContext } from '../common/request-context-storage';

export const POISON_STEP = 'PoisonStep';

/** The SQLSTATE an error carries: pg's `code`, or Prisma's wrapping of it (meta.code, the driver adapter's cause, `cause`). */
export function sqlStateOf(err: unknown, depth = 0): string | undefined {
  if (err === null || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as Record<string, unknown>;
  const isState = (v: unknown): v is string => typeof v === 'string' && /^[0-9A-Z]{5}$/.test(v) && !/^P\d{4}$/.test(v);
  for (const v of [e.originalCode, e.code, (e.meta as Record<string, unknown> | undefined)?.code]) if (isState(v)) return v;
  for (const inner of [e.meta, (e.meta as Record<string, unknown> | undefined)?.driverAdapterError, e.cause, e.error]) {
    const found = inner && inner !== err ? sqlStateOf(inner, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Whether no retry can cure `err`: a data error, a constraint violation, a template that throws. */
export function isPoison(err: unknown): boolean {
  if (err instanceof ApplicationFailure) return false; // already said what it is
  const state = sqlStateOf(err);
  if (state) return state.startsWith('22') || state.startsWith('23');
  // fetch's "fetch failed" is a TypeError too, with the network error as its cause: an outage.
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string' && /^(E[A-Z]+|UND_ERR)/.test(cause.code)) return false;
  return err instanceof TypeError || err instanceof RangeError;
}

export const requestContextActivityInterceptors: ActivityInterceptorsFactory = (): ActivityInterceptors => {
  let context: RequestContext | undefined; // one factory call per activity execution
  return {
    inbound: {
      async execute(input, next) {
        context = extractRequestContext(input.headers);
        const run = () => next(input);
        try {
          return await (context ? runWithRequestContext(context, run) : run());
        } catch (err) {
          if (!isPoison(err)) throw err;
          const state = sqlStateOf(err);
          // PostgreSQL's own message where Prisma wraps it in its invocation text (meta.message of a raw query).
          const meta = (err as { meta?: { message?: unknown } }).meta;
          const text = err instanceof Error ? err.message : String(err);
          const pgMessage = typeof meta?.message === 'string' ? meta.message : /Message: `([\s\S]*)`\s*$/.exec(text)?.[1];
          const message = state && pgMessage ? `${pgMessage} (SQLSTATE ${state})` : text;
          throw ApplicationFailure.create({ message, type: POISON_STEP, nonRetryable: true, cause: err instanceof Error ? err : undefined, details: state ? [{ sqlState: state }] : [] });
        }
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next(context ? { ...input, requestId: context.requestId } : input);
      },
    },
  };
};
