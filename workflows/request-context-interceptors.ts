// Workflow interceptors carrying the request context (common/request-context.ts) through a
// workflow: the workflow runs in the context of the request that started it, each Update, Signal
// and Query handler in the context of the request that sent it (or the workflow's, when it came
// without one); every activity it schedules, and its continuation as new, gets the context of the
// code scheduling it in a header; and workflow `log` calls carry its requestId.
//
// Registered on the worker (worker/worker.ts) and in the tests' prebuilt bundle
// (tests/support/global-setup.ts) as a workflow interceptor module.
import {
  AsyncLocalStorage,
  type ActivityInput,
  type ContinueAsNewInput,
  type DisposeInput,
  type GetLogAttributesInput,
  type LocalActivityInput,
  type Next,
  type QueryInput,
  type SignalInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowInterceptorsFactory,
  type WorkflowInternalsInterceptor,
  type WorkflowOutboundCallsInterceptor,
  workflowInfo,
} from '@temporalio/workflow';
import { extractRequestContext, injectRequestContext, type RequestContext } from '../common/request-context';

class RequestContextInterceptor implements WorkflowInboundCallsInterceptor, WorkflowOutboundCallsInterceptor, WorkflowInternalsInterceptor {
  constructor(readonly runId: string) {}

  /** One per workflow execution (the factory runs for each), disabled when the workflow leaves the cache. */
  private readonly storage = new AsyncLocalStorage<RequestContext>();
  /** The context of the request that started this run. */
  private executionContext: RequestContext | undefined;

  run<T>(context: RequestContext | undefined, fn: () => T): T {
    return context ? this.storage.run(context, fn) : fn();
  }

  current(): RequestContext | undefined {
    return this.storage.getStore();
  }

  // -- inbound: restore the sender's context

  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    this.executionContext = extractRequestContext(input.headers);
    return this.run(this.executionContext, () => next(input));
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return this.run(extractRequestContext(input.headers) ?? this.executionContext, () => next(input));
  }

  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    this.run(extractRequestContext(input.headers) ?? this.executionContext, () => next(input));
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    return this.run(extractRequestContext(input.headers) ?? this.executionContext, () => next(input));
  }

  handleQuery(input: QueryInput, next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>): Promise<unknown> {
    return this.run(extractRequestContext(input.headers) ?? this.executionContext, () => next(input));
  }

  // -- outbound: pass the current context on

  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    return next({ ...input, headers: injectRequestContext(input.headers, this.current()) });
  }

  scheduleLocalActivity(input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>): Promise<unknown> {
    return next({ ...input, headers: injectRequestContext(input.headers, this.current()) });
  }

  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>): Promise<never> {
    return next({ ...input, headers: injectRequestContext(input.headers, this.current()) });
  }

  getLogAttributes(input: GetLogAttributesInput, next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>): Record<string, unknown> {
    const context = this.current();
    return next(context ? { ...input, requestId: context.requestId } : input);
  }

  // -- internals

  dispose(input: DisposeInput, next: Next<WorkflowInternalsInterceptor, 'dispose'>): void {
    // The storage would otherwise outlive the workflow's eviction from the worker's cache.
    this.storage.disable();
    byRun.delete(this.runId);
    next(input);
  }
}

/** Each run's interceptor, for workflow code that defers work (an outbox) and keeps its context. */
const byRun = new Map<string, RequestContextInterceptor>();

/** The request context of the code running now (undefined without the interceptors). */
export function currentRequestContext(): RequestContext | undefined {
  return byRun.get(workflowInfo().runId)?.current();
}

/** Runs `fn` in `context`, as if the request it names had scheduled what `fn` schedules. */
export function inRequestContext<T>(context: RequestContext | undefined, fn: () => T): T {
  const interceptor = byRun.get(workflowInfo().runId);
  return interceptor ? interceptor.run(context, fn) : fn();
}

export const interceptors: WorkflowInterceptorsFactory = (): WorkflowInterceptors => {
  const interceptor = new RequestContextInterceptor(workflowInfo().runId);
  byRun.set(interceptor.runId, interceptor);
  return { inbound: [interceptor], outbound: [interceptor], internals: [interceptor] };
};
