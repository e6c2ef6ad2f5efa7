// The Express application: JSON over HTTP under /api (SPEC.md, API contract).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { createLogger } from '../common/logger';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../common/config';
import type { Database } from '../common/database';
import type { CampaignPolicy } from '../common/campaign';
import type { HazardPolicy } from '../common/hazard';
import { campaignDashboardRoutes } from './campaign-dashboard';
import { csvBodyText } from './campaign-csv';
import { campaignRoutes, presetRoutes } from './campaign-routes';
import { campaignDocumentRoutes } from './campaign-documents';
import { XLSX_TYPE } from './campaign-xlsx';
import { directoryRoutes } from './directory-routes';
import { authenticate, KeyCache } from './auth';
import { createErrorHandler, HttpError, notFound } from './errors';
import { AuthFailureLimiter, PerKeyRateLimit } from './rate-limit';
import { withTemporalDeadline } from './temporal-deadline';
import { runWithRequestContext } from '../common/request-context-storage';
import { hazardRoutes } from './hazard-routes';
import { buildOpenApi, renderDocsPage } from './openapi';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { peopleRoutes } from './people-routes';
import { operationsRoutes } from './operations-routes';
import { sessionRoutes, type SessionSettings } from './sessions';
import { invitationPageRoutes, invitationRoutes } from './invitations';
import { localUploadStore, s3UploadStore, uploadRoutes, type UploadStore } from './uploads';

export interface AppDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  defaultPolicy: HazardPolicy;
  defaultCampaignPolicy: CampaignPolicy;
  /** The time a report is received (default the machine's clock; the tests' time-skipping server gives its own). */
  clock?: () => number | Promise<number>;
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
  /** The web app: sign-in settings, photo store and the built pages. */
  web?: WebDeps;
}

export interface WebDeps {
  sessions: SessionSettings;
  uploads: UploadStore;
  maxUploadBytes: number;
  publicUrl?: string;
  /** The built web app (index.html and assets), served at / with the SPA fallback. */
  distDir?: string;
}

/** The web side's defaults: links off, photos in a folder, cookies Secure when PUBLIC_URL is https. */
export function webDepsFromConfig(c: AppConfig, root: string): WebDeps {
  return {
    sessions: {
      linkSecret: c.LINK_SECRET,
      sessionTtl: c.SESSION_TTL,
      linkSessionTtl: c.LINK_SESSION_TTL,
      secureCookies: c.SESSION_COOKIE_SECURE ? c.SESSION_COOKIE_SECURE === 'true' : (c.PUBLIC_URL ?? '').startsWith('https:'),
    },
    uploads: c.S3_BUCKET
      ? s3UploadStore({
          bucket: c.S3_BUCKET,
          endpoint: c.S3_ENDPOINT,
          region: c.S3_REGION,
          accessKeyId: c.S3_ACCESS_KEY_ID,
          secretAccessKey: c.S3_SECRET_ACCESS_KEY,
          forcePathStyle: c.S3_FORCE_PATH_STYLE,
        })
      : localUploadStore(path.resolve(root, c.UPLOAD_DIR ?? path.join(c.DATA_DIR, 'uploads'))),
    maxUploadBytes: c.UPLOAD_MAX_BYTES,
    publicUrl: c.PUBLIC_URL,
    distDir: path.resolve(root, c.WEB_DIST_DIR ?? path.join('dist', 'web')),
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    requestId?: string;
  }
}

/**
 * The API's dependencies from the configuration: the process's connections (`io`), the hazards' and
 * campaigns' default policies, the zone, the limits and budgets (API_* variables) and the web side.
 */
export function appDepsFromConfig(config: AppConfig, io: Pick<AppDeps, 'db' | 'temporal' | 'logger'>, root: string): AppDeps {
  return {
    ...io,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    defaultPolicy: config.hazardPolicy,
    defaultCampaignPolicy: config.campaignPolicy,
    timeZone: config.DISPLAY_TIME_ZONE,
    rateLimitPerMinute: config.API_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: config.API_AUTH_FAILURES_PER_MINUTE,
    keyCacheTtlMs: config.API_KEY_CACHE_TTL_MS,
    temporalTimeoutMs: config.API_TEMPORAL_TIMEOUT_MS,
    web: webDepsFromConfig(config, root),
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
    return await Promise.race([
      run().then(
        () => 'ok',
        (e: Error) => `unreachable: ${e.message.split('\n')[0]}`,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', 'loopback');
  // helmet's defaults, and photos chosen for upload previewed before they are sent: the upload
  // list draws them from the file itself (blob:, then data:).
  app.use(helmet({ contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'blob:'] } } }));
  // A request id, the client's (X-Request-Id) or a new one, in every log line and the response,
  // and the request's context for its duration: the Temporal client interceptor carries it into
  // the workflows and activities the request sets to work (common/temporal-client-interceptors.ts).
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    req.requestId = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    res.set('X-Request-Id', req.requestId);
    runWithRequestContext({ requestId: req.requestId }, next);
  });
  const logger = deps.logger ?? createLogger();
  app.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as express.Request).requestId ?? randomUUID(),
      // requestId as the worker's workflow and activity lines name it
      customProps: (req) => ({ requestId: (req as express.Request).requestId }),
      // Never an API key, a session cookie or a CSRF token in the logs.
      serializers: {
        req: (req: { headers?: Record<string, unknown> }) => {
          const h = req.headers;
          if (!h || !(h.authorization || h.cookie || h['x-csrf-token'])) return req;
          const redacted = Object.fromEntries(['authorization', 'cookie', 'x-csrf-token'].filter((k) => h[k]).map((k) => [k, '[redacted]']));
          return { ...req, headers: { ...h, ...redacted } };
        },
        res: (res: { headers?: Record<string, unknown> }) => (res.headers?.['set-cookie'] ? { ...res, headers: { ...res.headers, 'set-cookie': '[redacted]' } } : res),
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
    // Stuck steps (issue 27) are shown, not a reason to be unready: the service works, a lead must look.
    const stuckSteps = database === 'ok' ? await deps.db.stuckStep.count({ where: { resolvedAt: null } }).catch(() => null) : null;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', database, temporal, stuckSteps });
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
  const web = deps.web;
  if (web) {
    // Sign-in (password, mail link, sign-out) comes before authentication, limited per address;
    // it reads its own small body.
    api.use('/session', ...beforeAuthentication(), sessionRoutes(deps.db, web.sessions));
  }
  // The invitation page's calls (开通邀请: what the link invites to, setting the password) come
  // before authentication too, limited per address; the token is in the body, never in a URL.
  api.use('/invitation', ...beforeAuthentication(), invitationPageRoutes(deps.db));
  // Authentication first, before anything reads a body; then the limit per key.
  const failures = new AuthFailureLimiter(deps.db, deps.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE);
  const keyCache = new KeyCache(deps.keyCacheTtlMs ?? DEFAULT_KEY_CACHE_TTL_MS);
  const perKey = new PerKeyRateLimit(deps.db, deps.rateLimitPerMinute ?? 600);
  api.use(authenticate(deps.db, { keyCache, failures, perKey }));
  api.use(perKey.middleware);
  // A body must be JSON (or CSV where an import takes it): anything else is 415, before parsing.
  api.use((req, _res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    const multipart = req.path === '/uploads' && req.is('multipart/form-data');
    const workbook = req.path.endsWith('.xlsx') && req.is(XLSX_TYPE);
    if (hasBody && !req.is('application/json') && !req.is('text/csv') && !multipart && !workbook) {
      return next(
        new HttpError(
          415,
          'unsupported_media_type',
          `request bodies must be application/json${req.path.endsWith('.csv') ? ' or text/csv' : ''}, not ${req.get('content-type') ?? 'untyped'}`,
        ),
      );
    }
    next();
  });
  api.use(express.json({ limit: '1mb', strict: true }));
  // A CSV import's bytes, read as UTF-8 or GBK/GB18030 (api/campaign-csv.ts), else refused.
  api.use(express.raw({ type: 'text/csv', limit: '20mb' }), csvBodyText);
  // A roster as an Excel workbook (api/school-roster.ts): its bytes.
  api.use(express.raw({ type: XLSX_TYPE, limit: '20mb' }));
  const people = peopleRoutes(deps);
  api.use('/me', people.me);
  api.use('/hazards', people.hazards);
  if (web) api.use('/uploads', uploadRoutes({ ...deps, uploads: web.uploads, maxUploadBytes: web.maxUploadBytes, publicUrl: web.publicUrl }));
  api.use('/hazards', hazardRoutes(deps));
  api.use('/campaigns', campaignDashboardRoutes(deps));
  api.use('/campaigns', campaignDocumentRoutes(deps));
  api.use('/campaigns', campaignRoutes(deps));
  api.use('/presets', presetRoutes());
  api.use('/operations', operationsRoutes(deps));
  api.use('/invitations', invitationRoutes(deps));
  api.use('/', directoryRoutes(deps.db));
  api.use((req, _res, next) => next(notFound(`no route ${req.method} ${req.baseUrl}${req.path}`)));
  app.use('/api', api);
  if (web?.distDir && existsSync(path.join(web.distDir, 'index.html'))) {
    // The web app: its files, and index.html for every page path (the app routes itself).
    const distDir = web.distDir;
    const assetsDir = path.join(distDir, 'assets');
    // Hashed assets (a new build names its files anew): cached for good, and sent as the build
    // compressed them (<file>.br, <file>.gz, web/vite.config.ts) to a browser that takes it.
    app.use(
      '/assets',
      (req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        res.vary('Accept-Encoding');
        for (const [encoding, ext] of [
          ['br', '.br'],
          ['gzip', '.gz'],
        ] as const) {
          if (req.acceptsEncodings(encoding) !== encoding) continue;
          const file = path.join(assetsDir, path.normalize(`/${req.path}`));
          if (!file.startsWith(`${assetsDir}${path.sep}`) || !existsSync(file + ext)) continue;
          res.locals.precompressed = { encoding, type: path.extname(file) };
          req.url = `${req.path}${ext}`;
          break;
        }
        next();
      },
      express.static(assetsDir, {
        index: false,
        immutable: true,
        maxAge: '365d',
        setHeaders: (res) => {
          const r = res;
          const pre = r.locals.precompressed as { encoding: string; type: string } | undefined;
          if (pre) r.set('Content-Encoding', pre.encoding).type(pre.type);
        },
      }),
      // A file no build has (an old page asking for a chunk since replaced): 404, not the app.
      (req: express.Request, _res: express.Response, next: express.NextFunction) => next(notFound(`no asset ${req.path}`)),
    );
    app.use(
      express.static(distDir, {
        index: false,
        maxAge: '1h',
        setHeaders: (res, file) => {
          if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    app.get(/^\/(?!api\/|api$).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(distDir, 'index.html'));
    });
  }
  app.use((req, _res, next) => next(notFound(`no route ${req.method} ${req.path}`)));
  app.use(createErrorHandler(deps.db));
  return app;
}

/** Routes reached before authentication (sign-in, invitations): 30 a minute per address, a small JSON body. */
function beforeAuthentication() {
  return [
    rateLimit({
      windowMs: 60_000,
      limit: 30,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', '尝试过于频繁，请一分钟后再试')),
    }),
    express.json({ limit: '16kb', strict: true }),
  ];
}
