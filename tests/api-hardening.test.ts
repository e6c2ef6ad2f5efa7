// The API on a city's network: refusals in the audit trail, a rate limit per key, security
// headers, body size limits, and readiness that tells when the database is unreachable.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase } from '../common/database';
import { createApp } from '../api/app';
import { freePort } from '../devstack/free-port';
import { DEFAULT_TEST_POLICY, useHarness } from './support/harness';
import { uniqueId } from './support/hazard-helpers';

const h = useHarness({ rateLimitPerMinute: 30 });

test('every refusal is in the audit trail: who, what and why', async () => {
  const path = `/api/hazards?schoolId=${uniqueId('audit')}`;
  expect((await h.request('GET', path, { key: 'no-such-key' })).status).toBe(401);
  const forbidden = await h.request('POST', '/api/campaigns', { key: 'market', body: { name: '越权', jurisdictionId: 'yufeng', preset: 'pulu-2021' } });
  expect(forbidden.status).toBe(403);

  const unauthenticated = await h.db.auditEvent.findFirst({ where: { action: 'refused_unauthenticated', data: { path: ['path'], equals: path } } });
  expect(unauthenticated).toMatchObject({ actor: 'anonymous', note: 'unknown or revoked API key' });
  const refused = await h.db.auditEvent.findFirst({ where: { action: 'refused_forbidden', actor: 'department:market' }, orderBy: { id: 'desc' } });
  expect(refused?.note).toBe(forbidden.body.error.message);
  expect(refused?.data).toMatchObject({ method: 'POST', path: '/api/campaigns', status: 403 });
});

test('a key over its rate limit is told to slow down; other keys go on', async () => {
  // The harness allows 30 requests a minute per key.
  const statuses: number[] = [];
  for (let i = 0; i < 32; i++) statuses.push((await h.request('GET', '/api/schools', { key: 'inspector' })).status);
  expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
  const limited = await h.request('GET', '/api/schools', { key: 'inspector' });
  expect(limited.status).toBe(429);
  expect(limited.body.error.code).toBe('rate_limited');
  expect((await h.request('GET', '/api/schools', { key: 'government' })).status).toBe(200);
});

test('security headers, a request id on every answer, and bodies over the limit refused', async () => {
  const res = await fetch(`${h.baseUrl}/api/departments`, { headers: { authorization: `Bearer ${h.keys.bureau}`, 'x-request-id': 'trace-42' } });
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(res.headers.get('x-powered-by')).toBeNull();
  expect(res.headers.get('x-request-id')).toBe('trace-42');

  const huge = await h.request('POST', '/api/hazards', { key: 'bureau', body: { schoolId: 's01', category: 'fire', level: 'general', title: 'x', description: 'x'.repeat(1_100_000) } });
  expect(huge.status).toBe(413);
  expect(huge.body.error.code).toBe('payload_too_large');
});

test('readiness: 200 with Temporal and the database up, 503 naming the database when it is not', async () => {
  const ready = await fetch(`${h.baseUrl}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });

  // The same API with its database on a port where nothing listens.
  const db = createDatabase(`postgresql://postgres:postgres@127.0.0.1:${await freePort()}/campus`);
  const app = createApp({ db, temporal: h.temporal, taskQueue: h.taskQueue, defaultPolicy: DEFAULT_TEST_POLICY, defaultCampaignPolicy: { reminderOffsets: ['P1D'], overdueGrace: 'P1D' } });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ status: 'not_ready', temporal: 'ok' });
    expect(body.database).toMatch(/^unreachable/);
    expect((await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`)).status).toBe(200);
  } finally {
    await new Promise((r) => server.close(r));
    await db.$disconnect();
  }
});
