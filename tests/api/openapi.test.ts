// The OpenAPI document is generated from the zod schemas and documents every route there is.
import { registeredRoutes } from '../../api/route-registry';
import { useHarness } from '../support/harness';

const h = useHarness({ temporal: 'none' });

test('every route the API registers is documented, and nothing else', async () => {
  const res = await h.request('GET', '/api/docs/openapi.json', { key: null });
  expect(res.status).toBe(200);
  expect(res.body.openapi).toBe('3.1.0');
  const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  expect(registeredRoutes.size).toBeGreaterThanOrEqual(20);
  expect([...documented].sort()).toEqual([...registeredRoutes].sort());
});

test('request schemas come from the validators', async () => {
  const doc = (await h.request('GET', '/api/docs/openapi.json', { key: null })).body;
  const report = doc.paths['/api/hazards'].post.requestBody.content['application/json'].schema;
  expect(report.required).toEqual(expect.arrayContaining(['schoolId', 'category', 'level', 'title']));
  expect(report.properties.level.enum).toEqual(['general', 'major']);
  expect(report.additionalProperties).toBe(false);
  const page = await fetch(`${h.baseUrl}/api/docs`);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(await page.text()).toContain('POST /api/hazards/{id}/assign');
});
