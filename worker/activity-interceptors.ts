// Activity interceptors carrying the request context (common/request-context.ts): an activity
// runs in the context its workflow passed in the header (so a Temporal client call it makes
// carries it on), and its `log` calls, and the SDK's own lines about it, carry its requestId.
import type { ActivityInterceptors, ActivityInterceptorsFactory } from '@temporalio/worker';
import { extractRequestContext, type RequestContext } from '../common/request-context';
import { runWithRequestContext } from '../common/request-context-storage';

export const requestContextActivityInterceptors: ActivityInterceptorsFactory = (): ActivityInterceptors => {
  let context: RequestContext | undefined; // one factory call per activity execution
  return {
    inbound: {
      execute(input, next) {
        context = extractRequestContext(input.headers);
        const run = () => next(input);
        return context ? runWithRequestContext(context, run) : run();
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next(context ? { ...input, requestId: context.requestId } : input);
      },
    },
  };
};
