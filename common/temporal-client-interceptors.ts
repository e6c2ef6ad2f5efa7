// Temporal client interceptors, on the Node side (the API's and the activities' clients): every
// workflow start, Update, Signal and Query made while serving a request carries its context (the
// request id) in a header, where the workflow interceptors
// (workflows/request-context-interceptors.ts) pick it up.
import type {
  ClientInterceptors,
  Next,
  WorkflowClientInterceptor,
  WorkflowQueryInput,
  WorkflowSignalInput,
  WorkflowSignalWithStartInput,
  WorkflowStartInput,
  WorkflowStartOutput,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
  WorkflowStartUpdateWithStartInput,
  WorkflowStartUpdateWithStartOutput,
} from '@temporalio/client';
import { injectRequestContext } from './request-context';
import { currentRequestContext } from './request-context-storage';

const withContext = <T extends { headers: WorkflowStartInput['headers'] }>(input: T): T => ({
  ...input,
  headers: injectRequestContext(input.headers, currentRequestContext()),
});

export class RequestContextClientInterceptor implements WorkflowClientInterceptor {
  async startWithDetails(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'startWithDetails'>): Promise<WorkflowStartOutput> {
    return next(withContext(input));
  }

  async startUpdate(input: WorkflowStartUpdateInput, next: Next<WorkflowClientInterceptor, 'startUpdate'>): Promise<WorkflowStartUpdateOutput> {
    return next(withContext(input));
  }

  async startUpdateWithStart(input: WorkflowStartUpdateWithStartInput, next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>): Promise<WorkflowStartUpdateWithStartOutput> {
    const context = currentRequestContext();
    return next({
      ...input,
      workflowStartHeaders: injectRequestContext(input.workflowStartHeaders, context),
      updateHeaders: injectRequestContext(input.updateHeaders, context),
    });
  }

  async signal(input: WorkflowSignalInput, next: Next<WorkflowClientInterceptor, 'signal'>): Promise<void> {
    return next(withContext(input));
  }

  async signalWithStart(input: WorkflowSignalWithStartInput, next: Next<WorkflowClientInterceptor, 'signalWithStart'>): Promise<string> {
    return next(withContext(input));
  }

  async query(input: WorkflowQueryInput, next: Next<WorkflowClientInterceptor, 'query'>): Promise<unknown> {
    return next(withContext(input));
  }
}

/** The interceptors of every Client the API (or an activity) uses: `new Client({ ..., interceptors: requestContextClientInterceptors() })`. */
export function requestContextClientInterceptors(): ClientInterceptors {
  return { workflow: [new RequestContextClientInterceptor()] };
}
