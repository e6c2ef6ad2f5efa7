// The Express application: JSON over HTTP under /api (SPEC.md, API contract).
import type { Client } from '@temporalio/client';
import express from 'express';
import type { Database } from '../activities/database';
import type { CampaignPolicy } from '../common/campaign';
import type { HazardPolicy } from '../common/hazard';
import { campaignRoutes, presetRoutes } from './campaign-routes';
import { directoryRoutes } from './directory-routes';
import { authenticate } from './auth';
import { errorHandler, notFound } from './errors';
import { hazardRoutes } from './hazard-routes';
import { buildOpenApi, renderDocsPage } from './openapi';

export interface AppDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  defaultPolicy: HazardPolicy;
  defaultCampaignPolicy: CampaignPolicy;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      deps.db.$queryRaw`SELECT 1`.then(() => 'ok', (e: Error) => `unreachable: ${e.message}`),
      deps.temporal.workflowService.getSystemInfo({}).then(() => 'ok', (e: Error) => `unreachable: ${e.message}`),
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
  api.use(express.json({ limit: '1mb', strict: true }));
  api.use(authenticate(deps.db));
  api.use('/hazards', hazardRoutes(deps));
  api.use('/campaigns', campaignRoutes(deps));
  api.use('/presets', presetRoutes());
  api.use('/', directoryRoutes(deps.db));
  api.use((req, _res, next) => next(notFound(`no route ${req.method} ${req.baseUrl}${req.path}`)));
  app.use('/api', api);
  app.use((req, _res, next) => next(notFound(`no route ${req.method} ${req.path}`)));
  app.use(errorHandler);
  return app;
}
