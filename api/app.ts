// The Express application: JSON over HTTP under /api (SPEC.md, API contract).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import express from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../common/config';
import type { Database } from '../common/database';
import type { CampaignPolicy } from '../common/campaign';
import type { HazardPolicy } from '../common/hazard';
import { campaignRoutes, presetRoutes } from './campaign-routes';
import { directoryRoutes } from './directory-routes';
import { authenticate, KeyCache } from './auth';
import { createErrorHandler, HttpError, notFound } from './errors';
import { AuthFailureLimiter, perKeyRateLimit } from './rate-limit';
import { withTemporalDeadline } from './temporal-deadline';
import { runWithRequestContext } from '../common/request-context-storage';
import { hazardRoutes } from './hazard-routes';
import { buildOpenApi, renderDocsPage } from './openapi';

export interface AppDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  defaultPolicy: HazardPolicy;
  defaultCampaignPolicy: CampaignPolicy;
  /** Requests per minute per API key, counted in the database for all replicas (default 600). */
  rateLimitPerMinute?: number;
  /** Failed authentications per minute per client address before it is refused with 429 (default 30). */
  authFailuresPerMinute?: number;
  /** How long a verified key is still accepted while the database cannot be reached (default 60 s; 0: never). */
  keyCacheTtlMs?: number;
  /** The budget of a request's Temporal calls; over it, 503 with Retry-After (default 30 s). */
  temporalTimeoutMs?: number;
  /** The budget of each of /readyz's probes (default 2 s). */
  readinessTimeoutMs?: number;
  logger?: Logger;
  /** Time zone of the times in CSV exports (default Asia/Shanghai). */
  timeZone?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    requestId?: string;
  }
}

/** The API's limits and budgets from the configuration (API_* variables). */
export function apiLimits(config: AppConfig): Pick<AppDeps, 'rateLimitPerMinute' | 'authFailuresPerMinute' | 'keyCacheTtlMs' | 'temporalTimeoutMs'> {
  return {
    rateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: config.API_AUTH_FAILURES_PER_MINUTE,
    keyCacheTtlMs: config.API_KEY_CACHE_TTL_MS,
    temporalTimeoutMs: config.API_TEMPORAL_TIMEOUT_MS,
  };
}

export const DEFAULT_READINESS_TIMEOUT_MS = 2_000;
export const DEFAULT_KEY_CACHE_TTL_MS = 60_000;
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 30;

/** A probe's outcome within `ms`: 'ok', or why not. */
async function probe(ms: number, run: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  // A backstop a little after the probe's own deadline, for a probe that does not keep it.
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`unreachable: no answer within ${ms} ms`), ms + 250)));
  try {
    return await Promise.race([run().then(() => 'ok', (e: Error) => `unreachable: ${e.message.split('\n')[0]}`), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  // A request id, the client's (X-Request-Id) or a new one, in every log line and the response,
  // and the request's context for its duration: the Temporal client interceptor carries it into
  // the workflows and activities the request sets to work (common/temporal-client-interceptors.ts).
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    req.requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    res.set('X-Request-Id', req.requestId);
    runWithRequestContext({ requestId: req.requestId }, next);
  });
  const logger = deps.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as express.Request).requestId ?? randomUUID(),
      // requestId as the worker's workflow and activity lines name it
      customProps: (req) => ({ requestId: (req as express.Request).requestId }),
      // Never an API key in the logs.
      serializers: {
        req: (req: { headers?: Record<string, unknown> }) =>
          req.headers?.authorization ? { ...req, headers: { ...req.headers, authorization: '[redacted]' } } : req,
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Each probe has its own short budget: an unreachable database or Temporal is a prompt 503.
  const readinessMs = deps.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  app.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      probe(readinessMs, () => deps.db.$queryRaw`SELECT 1`),
      probe(readinessMs, () => deps.temporal.connection.withDeadline(Date.now() + readinessMs, () => deps.temporal.workflowService.getSystemInfo({}))),
    ]);
    const ready = database === 'ok' && temporal === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', database, temporal });
  });

  const openapi = buildOpenApi();
  const docsPage = renderDocsPage(openapi);
  app.get('/api/docs/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });

  const api = express.Router();
  // Every Temporal call a request makes has a deadline: Temporal unreachable or stuck is a 503 with
  // Retry-After within this budget, not a request left hanging.
  api.use((_req, _res, next) => {
    void withTemporalDeadline(deps.temporal, deps.temporalTimeoutMs, async () => next());
  });
  // Authentication first, before anything reads a body; then the limit per key.
  const failures = new AuthFailureLimiter(deps.db, deps.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE);
  const keyCache = new KeyCache(deps.keyCacheTtlMs ?? DEFAULT_KEY_CACHE_TTL_MS);
  api.use(authenticate(deps.db, { keyCache, failures }));
  api.use(perKeyRateLimit(deps.db, deps.rateLimitPerMinute ?? 600));
  // A body must be JSON (or CSV where an import takes it): anything else is 415, before parsing.
  api.use((req, _res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is('application/json') && !req.is('text/csv')) {
      return next(new HttpError(415, 'unsupported_media_type', `request bodies must be application/json${req.path.endsWith('.csv') ? ' or text/csv' : ''}, not ${req.get('content-type') ?? 'untyped'}`));
    }
    next();
  });
  api.use(express.json({ limit: '1mb', strict: true }));
  api.use(express.text({ type: 'text/csv', limit: '20mb' }));
  api.use('/hazards', hazardRoutes(deps));
  api.use('/campaigns', campaignRoutes(deps));
  api.use('/presets', presetRoutes());
  api.use('/', directoryRoutes(deps.db));
  api.use((req, _res, next) => next(notFound(`no route ${req.method} ${req.baseUrl}${req.path}`)));
  app.use('/api', api);
  app.use((req, _res, next) => next(notFound(`no route ${req.method} ${req.path}`)));
  app.use(createErrorHandler(deps.db));
  return app;
}
