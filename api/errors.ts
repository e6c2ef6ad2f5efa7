// Errors as the API contract shapes them: { error: { code, message, details? } }.
import { photoErrorPage, wantsPhotoPage } from './upload-error-page';
import { RuleViolation } from '../domain/rule-violation';
import { isGrpcServiceError, WorkflowUpdateFailedError, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
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
    /** Sent as Retry-After (seconds) with a 429 or a 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Seconds a client is asked to wait before retrying while the database or Temporal is unreachable. */
export const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;
export const serviceUnavailable = (message: string) => new HttpError(503, 'unavailable', message, undefined, RETRY_AFTER_UNAVAILABLE_SECONDS);

// gRPC status codes of a Temporal server that cannot be reached or did not answer in time.
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_RESOURCE_EXHAUSTED = 8;
/** A call cut off by its own deadline can come back CANCELLED rather than DEADLINE_EXCEEDED. */
const GRPC_CANCELLED = 1;

/**
 * A workflow cannot answer a Query for a moment: its last workflow task failed or timed out (a
 * worker died running it) and another worker has not yet run it again.
 */
export function isWorkflowBetweenWorkers(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && e.code === GRPC_FAILED_PRECONDITION && /Workflow Task in failed state/i.test(e.details ?? e.message)) return true;
  }
  return false;
}

/**
 * Temporal unreachable, a request's Temporal calls over their deadline (or cancelled by it), or Temporal refusing for a
 * moment (RESOURCE_EXHAUSTED: "consistent query buffer is full" while a workflow's task waits for a
 * worker) — the error or any of its causes.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (isGrpcServiceError(e) && (e.code === GRPC_DEADLINE_EXCEEDED || e.code === GRPC_UNAVAILABLE || e.code === GRPC_RESOURCE_EXHAUSTED || e.code === GRPC_CANCELLED)) return true;
  }
  return false;
}

// Prisma's codes for a database it cannot reach, and the node-postgres/socket errors beneath them.
const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// PostgreSQL shutting down or starting (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
// connect now), too many connections (53300), a connection lost (class 08).
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '53300']);
/** The fields of a thrown value the checks below look at (Prisma's, node-postgres', body-parser's, a socket's). */
type ErrorFields = {
  code?: unknown;
  originalCode?: unknown;
  name?: unknown;
  kind?: unknown;
  message?: string;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
  type?: unknown;
  status?: unknown;
};

const isUnreachableCode = (code: unknown) => typeof code === 'string' && (PRISMA_UNREACHABLE.has(code) || SOCKET_ERRORS.has(code) || /^08[0-9A-Z]{3}$/.test(code));

/**
 * The database cannot be reached (refused, reset, timed out, shutting down), as opposed to a query
 * error: in the error, its causes, or the driver adapter's error Prisma wraps (`meta.driverAdapterError`).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length && seen.size < 12) {
    const e = queue.shift() as ErrorFields | undefined;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (isUnreachableCode(e.code) || isUnreachableCode(e.originalCode)) return true;
    if (e.name === 'PrismaClientInitializationError') return true;
    if (typeof e.kind === 'string' && /DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections/.test(e.kind)) return true;
    if (
      typeof e.message === 'string' &&
      /Connection terminated|connect ECONNREFUSED|Can't reach database server|timeout exceeded when trying to connect|terminating connection due to administrator command|the database system is (shutting down|starting up)/.test(
        e.message,
      )
    )
      return true;
    queue.push(e.cause, e.meta?.driverAdapterError);
  }
  return false;
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

/** A rule's refusal (domain/rule-violation.ts): its kind decides the status. */
function fromRuleKind(kind: string | undefined | null, message: string): HttpError | undefined {
  if (kind === 'Forbidden') return forbidden(message);
  if (kind === 'InvalidInput') return badRequest(message);
  if (kind === 'InvalidTransition') return conflict(message);
  if (kind === 'NotFound') return notFound(message);
  return undefined;
}

/** A refused workflow Update: the rule's kind decides the status. */
function fromWorkflowFailure(err: WorkflowUpdateFailedError): HttpError {
  const cause = err.cause;
  return (cause instanceof ApplicationFailure && fromRuleKind(cause.type, cause.message)) || new HttpError(500, 'internal', cause?.message ?? err.message);
}

/** Maps errors to the contract's shape; refusals (401, 403) are written to the audit trail. */
export function createErrorHandler(db: Database): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    const e = toHttpError(err, req);
    if (e.status === 401) {
      await auditUnauthenticated(db, req, e.message).catch(() => undefined); // answered even if the audit write fails
    } else if (e.status === 403) {
      await db.auditEvent
        .create({
          data: {
            dedupeKey: `refusal:${req.requestId ?? `${Date.now()}-${Math.random()}`}`,
            at: new Date(),
            actor: req.actor ? (req.actor.unitId ? `${req.actor.role}:${req.actor.unitId}` : req.actor.role) : 'anonymous',
            action: 'refused_forbidden',
            note: e.message,
            data: { method: req.method, path: req.originalUrl.slice(0, 500), status: e.status, keyId: req.actor?.keyId ?? null },
          },
        })
        .catch(() => undefined); // the refusal is answered even if the audit write fails
    }
    if (e.retryAfterSeconds !== undefined) res.set('Retry-After', String(e.retryAfterSeconds));
    // A body the request came with and nothing read (refused before parsing): the connection is
    // closed after the answer rather than kept to drain it.
    if (!req.complete && !req.readableEnded) res.set('Connection', 'close');
    // A person who opened a photo's address in a browser: a page in Chinese (api/upload-error-page.ts).
    if (wantsPhotoPage(req)) return void res.status(e.status).type('html').send(photoErrorPage(e.status));
    res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } });
  };
}

/**
 * Refused authentications, one audit row per client address and rate-limit window with their
 * count (the first request's method and path, the last one's too): a flood of bogus keys writes
 * one row, not one per request; past the limit per address they are refused before this (429).
 */
async function auditUnauthenticated(db: Database, req: Request, reason: string): Promise<void> {
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const now = new Date();
  const windowEndsAt = req.authFailureWindowEndsAt ?? new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
  const request = { at: now.toISOString(), method: req.method, path: req.originalUrl.slice(0, 500), reason };
  const data = { clientAddress: address, count: 1, method: req.method, path: request.path, status: 401, keyId: null, windowEndsAt: windowEndsAt.toISOString(), last: request };
  await db.$executeRaw`
    INSERT INTO "AuditEvent" ("dedupeKey", "at", "actor", "action", "note", "data")
    VALUES (${`refusal:unauthenticated:${address}:${windowEndsAt.toISOString()}`}, ${now}, 'anonymous', 'refused_unauthenticated', ${reason}, ${JSON.stringify(data)}::jsonb)
    ON CONFLICT ("dedupeKey") DO UPDATE SET "data" = jsonb_set(
      jsonb_set("AuditEvent"."data", '{count}', to_jsonb(COALESCE(("AuditEvent"."data"->>'count')::int, 1) + 1)),
      '{last}', EXCLUDED."data"->'last')`;
}

function toHttpError(thrown: unknown, req: Request): HttpError {
  const err = thrown as ErrorFields | undefined;
  let e: HttpError;
  if (err instanceof HttpError) e = err;
  else if (err instanceof ZodError) e = fromZod(err);
  else if (err instanceof WorkflowUpdateFailedError) e = fromWorkflowFailure(err);
  else if (err instanceof RuleViolation) e = fromRuleKind(err.kind, err.message)!;
  else if (err instanceof WorkflowNotFoundError) e = notFound(err.message);
  else if (err?.type === 'entity.parse.failed') e = badRequest(`request body is not valid JSON: ${err.message}`);
  else if (err?.type === 'entity.too.large') e = new HttpError(413, 'payload_too_large', 'request body is too large');
  // Temporal first: its errors can carry a socket error's message too.
  else if (isTemporalUnavailable(err)) e = serviceUnavailable('the workflow service (Temporal) did not answer in time; retry shortly');
  else if (isWorkflowBetweenWorkers(err)) e = new HttpError(503, 'unavailable', 'the workflow is moving to another worker; retry in a moment', undefined, 1);
  else if (isDatabaseUnavailable(err)) e = serviceUnavailable('the database cannot be reached; retry shortly');
  else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) e = new HttpError(err.status, 'invalid_request', String(err.message));
  else {
    req.log?.error({ err }, 'unhandled error');
    if (!req.log) console.error(err);
    e = new HttpError(500, 'internal', 'internal error');
  }
  return e;
}
