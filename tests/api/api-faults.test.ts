// The API when what it depends on fails: the database down (a TCP proxy in front of the tests'
// PostgreSQL, cut) and Temporal unreachable (a client on a port where nothing listens). Answers
// are 503 with Retry-After within a stated bound, never a 500 or a hang; keys verified before the
// outage keep reading what Temporal serves; /readyz says 503 within its 2 s probe budget.
import { Client, Connection } from '@temporalio/client';
import type { AppDeps } from '../../api/app';
import { apiConnectionOptions } from '../../api/temporal-deadline';
import { createDatabase } from '../../common/database';
import { freePort } from '../../devstack/free-port';
import { serveReplica, startHarness, type Harness } from '../support/harness';
import { reportHazard, uniqueId } from '../support/hazard-helpers';
import { startTcpProxy } from '../../devstack/tcp-proxy';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** Another API process on the same Temporal and database unless told otherwise. */
async function serve(deps: Partial<AppDeps>) {
  const { base, close } = await serveReplica(h, deps);
  return {
    /** The answer, and how long it took in ms. */
    async call(method: string, path: string, key?: string, body?: unknown) {
      const started = Date.now();
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: JSON.parse(text), ms: Date.now() - started };
    },
    close,
  };
}

test('database down: keys verified before go on reading from Temporal; everything else is a prompt 503 with Retry-After, and it recovers', async () => {
  const dbUrl = new URL(process.env.TEST_DATABASE_URL!);
  const proxy = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port) });
  const proxiedUrl = new URL(dbUrl);
  proxiedUrl.port = String(proxy.port);
  const db = createDatabase(proxiedUrl.toString());
  const api = await serve({ db });
  try {
    const { id } = await reportHazard(h, { id: uniqueId('dbdown') });
    const before = await api.call('GET', `/api/hazards/${id}`, h.keys.school); // the school's key verified
    expect(before.status).toBe(200);

    await proxy.cut();
    // Bound: each answer within 2 s (connections refused at once; no retries held the request).
    const live = await api.call('GET', `/api/hazards/${id}`, h.keys.school);
    expect(live).toMatchObject({ status: 200, body: { id, schoolId: 's01', status: before.body.status } });
    expect(live.ms).toBeLessThan(2_000);
    const list = await api.call('GET', '/api/hazards?schoolId=s01', h.keys.school); // the read model: in the database
    expect(list).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'unavailable' } } });
    expect(list.ms).toBeLessThan(2_000);
    const unverified = await api.call('GET', `/api/hazards/${id}`, h.keys.lead); // never seen by this process
    expect(unverified).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'unavailable', message: expect.stringContaining('verify the API key') } } });
    expect(unverified.ms).toBeLessThan(2_000);
    const ready = await api.call('GET', '/readyz');
    expect(ready).toMatchObject({ status: 503, body: { status: 'not_ready', temporal: 'ok', database: expect.stringMatching(/^unreachable/) } });
    expect(ready.ms).toBeLessThan(2_500);

    await proxy.restore();
    const back = await api.call('GET', '/api/hazards?schoolId=s01', h.keys.school);
    expect(back.status).toBe(200);
    expect(back.body.items.map((x: { id: string }) => x.id)).toContain(id);
    expect((await api.call('GET', `/api/hazards/${id}`, h.keys.lead)).status).toBe(200);
  } finally {
    await api.close();
    await db.$disconnect();
    await proxy.stop();
  }
});

test('Temporal unreachable: requests answer 503 with Retry-After within 2.5 s, /readyz too', async () => {
  const connection = Connection.lazy(apiConnectionOptions(`127.0.0.1:${await freePort()}`));
  const temporal = new Client({ connection, namespace: 'default' });
  // The default budget for a request's Temporal calls (30 s, for a reachable but busy server); an
  // unreachable one is retried for 2 s only: answers within 2.5 s.
  const api = await serve({ temporal });
  try {
    const read = await api.call('GET', `/api/hazards/${uniqueId('nowhere')}`, h.keys.bureau);
    expect(read).toMatchObject({ status: 503, retryAfter: '5', body: { error: { code: 'unavailable', message: expect.stringContaining('Temporal') } } });
    expect(read.ms).toBeLessThan(2_500);
    const report = await api.call('POST', '/api/hazards', h.keys.bureau, { schoolId: 's01', category: 'fire', level: 'general', title: '灭火器过期' });
    expect(report).toMatchObject({ status: 503, retryAfter: '5' });
    expect(report.ms).toBeLessThan(2_500);
    // What needs only the database still works.
    expect((await api.call('GET', '/api/schools', h.keys.bureau)).status).toBe(200);
    const ready = await api.call('GET', '/readyz');
    expect(ready).toMatchObject({ status: 503, body: { status: 'not_ready', database: 'ok', temporal: expect.stringMatching(/^unreachable/) } });
    expect(ready.ms).toBeLessThan(2_500);
  } finally {
    await api.close();
    await connection.close();
  }
});
