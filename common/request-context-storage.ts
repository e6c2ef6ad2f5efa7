// The request context of the code running now, on the Node side (never imported by workflow
// code): the API sets it for each request; the Temporal client interceptor puts it in the
// headers of what the request asks of Temporal; an activity runs in the context its workflow
// passed it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestContext } from './request-context';

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it starts) in `context`. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request being served, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
