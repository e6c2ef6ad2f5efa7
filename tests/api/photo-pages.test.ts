// A photo's address (/api/uploads/…) opened by a person in a browser that cannot be shown — unknown,
// expired, not signed in, not theirs — answers a page in Chinese with the same status; the API's
// clients still get the JSON error (content negotiation on Accept).
import { useHarness } from '../support/harness';

const h = useHarness({ temporal: 'none' });
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const UNKNOWN = '/api/uploads/0b0e4d56-2222-4c1e-9a0b-2f6a3b1c9d10';

async function open(path: string, accept: string, key?: string) {
  const res = await fetch(`${h.baseUrl}${path}`, { headers: { accept, ...(key ? { authorization: `Bearer ${key}` } : {}) } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

test('an unknown or expired photo opened in a browser: a Chinese page, 404; the API client gets its JSON error', async () => {
  const page = await open(UNKNOWN, BROWSER, h.keys.school);
  expect(page.status).toBe(404);
  expect(page.type).toMatch(/^text\/html/);
  expect(page.text).toContain('<html lang="zh-CN">');
  expect(page.text).toContain('<h1>照片不存在或已过期</h1>');
  expect(page.text).not.toMatch(/not found|"error"/);
  // Its thumbnail, and an address that is no photo id at all, alike.
  expect((await open(`${UNKNOWN}/thumbnail`, BROWSER, h.keys.school)).text).toContain('照片不存在或已过期');
  const malformed = await open('/api/uploads/not-a-photo', BROWSER, h.keys.school);
  expect([malformed.status, malformed.text.includes('照片不存在或已过期')]).toEqual([400, true]);

  const api = await open(UNKNOWN, 'application/json', h.keys.school);
  expect(api.status).toBe(404);
  expect(JSON.parse(api.text)).toEqual({ error: expect.objectContaining({ code: 'not_found' }) });
  expect((await open(UNKNOWN, '*/*', h.keys.school)).type).toMatch(/^application\/json/);
});

test('a photo opened without signing in: a Chinese page saying to sign in, 401', async () => {
  const page = await open(UNKNOWN, BROWSER);
  expect(page.status).toBe(401);
  expect(page.text).toContain('<h1>请先登录</h1>');
  expect(page.text).toContain('<a href="/">返回护校安园督办系统</a>');
  expect((await open(UNKNOWN, 'application/json')).text).toMatch(/^\{"error":/);
});
