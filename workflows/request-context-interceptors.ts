// Workflow interceptors carrying the request context (common/request-context.ts) through a
// workflow: the workflow runs in the context of the request that started it, each Update, Signal
// and Query handler in the context of the request that sent it (or the workflow's, when it came
// without one); every activity it schedules, and its continuation as new, gets the context of the
// code scheduling it in a header; and workflow `log` calls carry its requestId.
//
// The context rides on the SDK's own cancellation scopes (a scope that names its request; the SDK
// has one storage for them all), not on an AsyncLocalStorage of ours: our modules are loaded once
// per workflow, and on Node 20 every enabled storage sets a property on every promise the workflow
// thread makes. With 500 workflows cached that was a sixth of the thread's time, and four times
// the memory at a storm's peak (issue 14; temporalio/sdk-typescript#1432).
//
// Registered on the worker (worker/worker.ts) and in the tests' prebuilt bundle
// (tests/support/global-setup.ts) as a workflow interceptor module.
import {
  CancellationScope,
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

/** A cancellation scope whose code runs for a request; cancelled exactly as a plain scope in its place would be. */
class RequestScope extends CancellationScope {
  constructor(readonly context: RequestContext) {
    super({ cancellable: CancellationScope.current().cancellable });
  }
}

class RequestContextInterceptor implements WorkflowInboundCallsInterceptor, WorkflowOutboundCallsInterceptor, WorkflowInternalsInterceptor {
  constructor(readonly runId: string) {}

  /** The context of the request that started this run: the context of code in no request's scope. */
  private executionContext: RequestContext | undefined;
  /** The context of a synchronous handler (an Update's validator, a Query) while it runs. */
  private handlerContext: RequestContext | undefined;

  /** Runs `fn` in `context`: what it schedules, now or after an await, carries the context. */
  run<T>(context: RequestContext | undefined, fn: () => Promise<T>): Promise<T> {
    // A scope costs a few promises (each with its stack trace): none when the context is the current one.
    return context && context !== this.current() ? new RequestScope(context).run(fn) : fn();
  }

  /** Runs synchronous `fn` in `context` (no promise may carry it further). */
  runSync<T>(context: RequestContext | undefined, fn: () => T): T {
    const outer = this.handlerContext;
    this.handlerContext = context;
    try {
      return fn();
    } finally {
      this.handlerContext = outer;
    }
  }

  current(): RequestContext | undefined {
    if (this.handlerContext) return this.handlerContext;
    for (let scope: CancellationScope | undefined = CancellationScope.current(); scope; scope = scope.parent) {
      if (scope instanceof RequestScope) return scope.context;
    }
    return this.executionContext;
  }

  // -- inbound: restore the sender's context

  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    this.executionContext = extractRequestContext(input.headers);
    return next(input);
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return this.run(this.contextOf(input), () => next(input));
  }

  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    this.runSync(this.contextOf(input), () => next(input));
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    return this.run(this.contextOf(input), () => next(input));
  }

  handleQuery(input: QueryInput, next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>): Promise<unknown> {
    return this.runSync(this.contextOf(input), () => next(input));
  }

  /** The sender's context, or the workflow's when it came without one. */
  private contextOf(input: { headers: UpdateInput['headers'] }): RequestContext | undefined {
    return extractRequestContext(input.headers) ?? this.executionContext;
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
export function inRequestContext<T>(context: RequestContext | undefined, fn: () => Promise<T>): Promise<T> {
  const interceptor = byRun.get(workflowInfo().runId);
  return interceptor ? interceptor.run(context, fn) : fn();
}

export const interceptors: WorkflowInterceptorsFactory = (): WorkflowInterceptors => {
  const interceptor = new RequestContextInterceptor(workflowInfo().runId);
  byRun.set(interceptor.runId, interceptor);
  return { inbound: [interceptor], outbound: [interceptor], internals: [interceptor] };
};
