// Bad input never crashes or half-writes: thousands of generated malformed bodies, ids, query
// strings, oversized payloads and wrong content types against every route.
import fc from 'fast-check';
import { registeredRoutes } from '../../api/route-registry';
import { useHarness } from '../support/harness';

const h = useHarness({ rateLimitPerMinute: 1_000_000 });

async function rowCounts() {
  const d = h.db;
  const [hazards, campaigns, reports, inspections, schools, departments, jurisdictions, notifications, imports] = await Promise.all([
    d.hazard.count(),
    d.campaign.count(),
    d.reportSubmission.count(),
    d.selfInspection.count(),
    d.school.count(),
    d.department.count(),
    d.jurisdiction.count(),
    d.notification.count(),
    d.hazardImport.count(),
  ]);
  return { hazards, campaigns, reports, inspections, schools, departments, jurisdictions, notifications, imports };
}

const segment = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('', '..', '%00', '%ZZ', ' ', '💥', '<script>', "' OR 1=1 --", 'a'.repeat(300), 'nope'));
const junkBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"a":', 'null', '[]', '"x"', '{"schoolId": 1}', '{"__proto__": {"admin": true}}', '\u0000'),
  fc
    .dictionary(
      fc.constantFrom(
        'id',
        'schoolId',
        'category',
        'level',
        'title',
        'dueAt',
        'passed',
        'departmentId',
        'name',
        'plan',
        'preset',
        'hazards',
        'obligationKey',
        'note',
        'jurisdictionId',
        'policy',
      ),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map((v) => JSON.stringify(v)),
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'text/csv', undefined);
const query = fc.dictionary(fc.constantFrom('status', 'level', 'limit', 'offset', 'overdue', 'schoolId', 'campaignId', 'x', 'jurisdictionId'), fc.string({ maxLength: 30 }), { maxKeys: 4 });

test('thousands of malformed requests to every route: always 4xx, never 5xx, nothing written', async () => {
  const routes = [...registeredRoutes].map((r) => {
    const [method, path] = r.split(' ');
    return { method, path };
  });
  expect(routes.length).toBeGreaterThanOrEqual(25);
  const before = await rowCounts();
  const seen = new Map<number, number>();

  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...routes), segment, junkBody, contentType, query, fc.boolean(), async (route, id, body, type, q, huge) => {
      const path = route.path.replace(/\{\w+\}/g, encodeURIComponent(id) || 'x');
      const qs = new URLSearchParams(q).toString();
      const hasBody = route.method !== 'GET';
      const payload = huge && hasBody ? JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }) : body;
      const res = await fetch(`${h.baseUrl}${path}${qs ? `?${qs}` : ''}`, {
        method: route.method,
        headers: { authorization: `Bearer ${h.keys.lead}`, ...(type && hasBody ? { 'content-type': type } : {}) },
        body: hasBody ? payload : undefined,
      });
      await res.arrayBuffer();
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      // Lists without required input may answer 200; nothing may answer 5xx, and no write succeeds.
      expect(res.status).toBeLessThan(500);
      if (hasBody) expect(res.status).toBeGreaterThanOrEqual(400);
    }),
    { numRuns: 2500, seed: 20261123 },
  );

  expect(await rowCounts()).toEqual(before);
  // The run exercised validation, not just one kind of refusal.
  for (const status of [400, 404, 415]) expect(seen.get(status) ?? 0).toBeGreaterThan(0);
});
