// The API on a city's network: refusals in the audit trail (failed authentications one row per
// address and window), a rate limit per key shared by replicas, failed authentications limited
// per address, no body read before authentication, security headers, body size limits, and
// readiness that tells when the database is unreachable.
import http from 'node:http';
import { randomInt } from 'node:crypto';
import { createDatabase } from '../../common/database';
import type { AppDeps } from '../../api/app';
import { issueApiKey } from '../../api/auth';
import { freePort } from '../../devstack/free-port';
import { serveReplica, useHarness } from '../support/harness';
import { uniqueId } from '../support/hazard-helpers';

const h = useHarness({ rateLimitPerMinute: 30 });

/** A client address of its own (the API trusts X-Forwarded-For from loopback, as behind a proxy). */
const someAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** More API processes (replicas) on the same database and Temporal. */
async function replica(deps: Partial<AppDeps> = {}) {
  const db = createDatabase(process.env.TEST_DATABASE_URL!);
  const { base, close } = await serveReplica(h, { db, ...deps });
  return {
    base,
    get: async (path: string, headers: Record<string, string>) => {
      const res = await fetch(`${base}${path}`, { headers });
      await res.arrayBuffer();
      return { status: res.status, retryAfter: res.headers.get('retry-after'), rateLimit: res.headers.get('ratelimit') };
    },
    close: async () => {
      await close();
      await db.$disconnect();
    },
  };
}

test('every refusal is in the audit trail: who, what and why', async () => {
  const path = `/api/hazards?schoolId=${uniqueId('audit')}`;
  const address = someAddress();
  expect((await h.request('GET', path, { key: 'no-such-key', headers: { 'x-forwarded-for': address } })).status).toBe(401);
  const forbidden = await h.request('POST', '/api/campaigns', { key: 'market', body: { name: '越权', jurisdictionId: 'yufeng', preset: 'pulu-2021' } });
  expect(forbidden.status).toBe(403);

  const unauthenticated = await h.db.auditEvent.findFirst({ where: { action: 'refused_unauthenticated', data: { path: ['path'], equals: path } } });
  expect(unauthenticated).toMatchObject({ actor: 'anonymous', note: 'unknown or revoked API key', data: { clientAddress: address, count: 1, method: 'GET' } });
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

test('two API replicas on one database enforce one limit per key', async () => {
  const [a, b] = [await replica({ rateLimitPerMinute: 10 }), await replica({ rateLimitPerMinute: 10 })];
  try {
    const { key } = await issueApiKey(h.db, 'inspector', undefined, 'replicas');
    const auth = { authorization: `Bearer ${key}` };
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await (i % 2 ? b : a).get('/api/schools', auth));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    // Each answer tells how many requests are left in the window, counted across both replicas.
    expect(answers.map((r) => r.rateLimit?.replace(/, reset=\d+$/, ''))).toEqual(Array.from({ length: 10 }, (_, i) => `limit=10, remaining=${9 - i}`));
    for (const replicaOf of [a, b]) {
      const limited = await replicaOf.get('/api/schools', auth);
      expect(limited.status).toBe(429);
      expect(limited.rateLimit).toMatch(/^limit=10, remaining=0, reset=\d+$/);
      expect(Number(limited.retryAfter)).toBeGreaterThan(0);
      expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    }
    expect((await a.get('/api/schools', { authorization: `Bearer ${h.keys.government}` })).status).toBe(200);
  } finally {
    await a.close();
    await b.close();
  }
});

test('failed authentications are limited per client address across replicas: 1,000 bogus keys, 20 answered 401, one audit row', async () => {
  const [a, b] = [await replica({ authFailuresPerMinute: 20 }), await replica({ authFailuresPerMinute: 20 })];
  const address = someAddress();
  try {
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 1000; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, (_, j) => (j % 2 ? b : a).get('/api/hazards', { authorization: `Bearer bogus-${i + j}`, 'x-forwarded-for': address })));
      for (const r of batch) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
    expect(statuses).toEqual({ 401: 20, 429: 980 });
    // Over the limit, the address is refused before its key is looked up, a valid key too, for the rest of the window.
    const blocked = await a.get('/api/schools', { authorization: `Bearer ${h.keys.lead}`, 'x-forwarded-for': address });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await b.get('/api/schools', { authorization: `Bearer ${h.keys.lead}`, 'x-forwarded-for': someAddress() })).status).toBe(200);
    const rows = await h.db.auditEvent.findMany({ where: { action: 'refused_unauthenticated', data: { path: ['clientAddress'], equals: address } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'anonymous', note: 'unknown or revoked API key', data: { clientAddress: address, count: 20, method: 'GET', path: '/api/hazards' } });
  } finally {
    await a.close();
    await b.close();
  }
});

test('no body is read before authentication: an unauthenticated 20 MB upload is answered 401 after its first kilobyte', async () => {
  const answer = await new Promise<{ status: number; connection?: string }>((resolve, reject) => {
    const req = http.request(`${h.baseUrl}/api/campaigns/any/hazards.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'content-length': String(20 * 1024 * 1024), 'x-forwarded-for': someAddress() },
    });
    // Were the body read first, no answer would come: the other 20 MB are never sent.
    const timer = setTimeout(() => (req.destroy(), reject(new Error('no answer within 5 s: the body was waited for'))), 5_000);
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      res.resume();
      req.destroy();
    });
    req.on('error', (err) => (clearTimeout(timer), reject(err)));
    req.write('学校编号,隐患类别\n'.padEnd(1024, 'x'));
  });
  expect(answer).toEqual({ status: 401, connection: 'close' });
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
  expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', temporal: 'ok', stuckSteps: expect.any(Number) }); // stuck steps (other files' too) do not make it unready

  // The same API with its database on a port where nothing listens.
  const db = createDatabase(`postgresql://postgres:postgres@127.0.0.1:${await freePort()}/campus`);
  const { base, close } = await serveReplica(h, { db });
  try {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toMatchObject({ status: 'not_ready', temporal: 'ok' });
    expect(body.database).toMatch(/^unreachable/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  } finally {
    await close();
    await db.$disconnect();
  }
});
