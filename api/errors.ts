// Errors as the API contract shapes them: { error: { code, message, details? } }.
import { WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ErrorRequestHandler, Request } from 'express';
import type { Database } from '../common/database';
import { ZodError } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'invalid_request', message, details);
export const unauthorized = (message: string) => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const conflict = (message: string, details?: unknown) => new HttpError(409, 'invalid_transition', message, details);

/** A zod error as a 400 listing each offending field and its reason. */
export function fromZod(err: ZodError, where: 'body' | 'query' | 'params' = 'body'): HttpError {
  const details = err.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), reason: i.message }));
  return badRequest(`invalid ${where}: ${details.map((d) => `${d.field} ${d.reason}`).join('; ')}`, details);
}

/** A refused workflow Update: the rule's kind decides the status. */
function fromWorkflowFailure(err: WorkflowUpdateFailedError): HttpError {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) {
    if (cause.type === 'Forbidden') return forbidden(cause.message);
    if (cause.type === 'InvalidInput') return badRequest(cause.message);
    if (cause.type === 'InvalidTransition') return conflict(cause.message);
    if (cause.type === 'NotFound') return notFound(cause.message);
  }
  return new HttpError(500, 'internal', cause?.message ?? err.message);
}

/** Maps errors to the contract's shape; refusals (401, 403) are written to the audit trail. */
export function createErrorHandler(db: Database): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    const e = toHttpError(err, req);
    if (e.status === 401 || e.status === 403) {
      await db.auditEvent
        .create({
          data: {
            dedupeKey: `refusal:${req.requestId ?? `${Date.now()}-${Math.random()}`}`,
            at: new Date(),
            actor: req.actor ? (req.actor.unitId ? `${req.actor.role}:${req.actor.unitId}` : req.actor.role) : 'anonymous',
            action: e.status === 401 ? 'refused_unauthenticated' : 'refused_forbidden',
            note: e.message,
            data: { method: req.method, path: req.originalUrl.slice(0, 500), status: e.status, keyId: req.actor?.keyId ?? null },
          },
        })
        .catch(() => undefined); // the refusal is answered even if the audit write fails
    }
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } });
  };
}

function toHttpError(err: any, req: Request): HttpError {
  let e: HttpError;
  if (err instanceof HttpError) e = err;
  else if (err instanceof ZodError) e = fromZod(err);
  else if (err instanceof WorkflowUpdateFailedError) e = fromWorkflowFailure(err);
  else if (err instanceof WorkflowNotFoundError) e = notFound(err.message);
  else if (err?.type === 'entity.parse.failed') e = badRequest(`request body is not valid JSON: ${err.message}`);
  else if (err?.type === 'entity.too.large') e = new HttpError(413, 'payload_too_large', 'request body is too large');
  else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) e = new HttpError(err.status, 'invalid_request', String(err.message));
  else {
    req.log?.error({ err }, 'unhandled error');
    if (!req.log) console.error(err);
    e = new HttpError(500, 'internal', 'internal error');
  }
  return e;
}
