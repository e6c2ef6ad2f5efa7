// The context a request carries into Temporal: the API's request id, in a header on every
// workflow start, Update, Signal and Query, and from there on every activity the workflow
// schedules (and across continue-as-new), so workflow and activity logs name the request.
// Importable from workflow code: it imports nothing but @temporalio/common.
import { defaultPayloadConverter, type Headers } from '@temporalio/common';

/** The Temporal header holding the context. */
export const REQUEST_CONTEXT_HEADER = 'campus-safety-request-context';

export interface RequestContext {
  requestId: string;
}

/** `headers` with the context added (unchanged without one). */
export function injectRequestContext(headers: Headers, context: RequestContext | undefined): Headers {
  if (!context) return headers;
  return { ...headers, [REQUEST_CONTEXT_HEADER]: defaultPayloadConverter.toPayload({ requestId: context.requestId }) };
}

/** The context in `headers`, if they carry a well-formed one. */
export function extractRequestContext(headers: Headers | undefined): RequestContext | undefined {
  const payload = headers?.[REQUEST_CONTEXT_HEADER];
  if (!payload) return undefined;
  try {
    const value = defaultPayloadConverter.fromPayload<unknown>(payload);
    if (typeof value === 'object' && value !== null && typeof (value as RequestContext).requestId === 'string') {
      return { requestId: (value as RequestContext).requestId };
    }
  } catch {
    // not ours to fail on: a malformed header is no context
  }
  return undefined;
}
