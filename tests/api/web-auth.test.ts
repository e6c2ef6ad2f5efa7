// The people's sign-in, through the API: accounts (bcrypt, lockout), sessions behind an httpOnly
// cookie with CSRF on state-changing requests, and the signed links in mails — each use audited,
// a link's session limited to its item, refused when expired, revoked or tampered.
import { createUser } from '../../api/sessions';
import { issueLink, revokeLinks } from '../../common/sign-in-links';
import { TEST_LINK_SECRET, useHarness } from '../support/harness';
import { addr, assignedHazard, eventually, isMailOf, sorted, uniqueId, waitForMail } from '../support/hazard-helpers';

const h = useHarness();

interface Browser {
  cookie?: string;
  csrf?: string;
}

/** A request as the web app makes it: the session cookie, and the CSRF token on unsafe methods. */
async function call(b: Browser, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(b.cookie ? { cookie: b.cookie } : {}),
      ...(b.csrf && method !== 'GET' ? { 'x-csrf-token': b.csrf } : {}),
      'user-agent': 'jest-browser/1.0',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const setCookie = res.headers.get('set-cookie');
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: json, setCookie };
}

async function signIn(email: string, password: string): Promise<Browser & { status: number; body: any; setCookie: string | null }> {
  const r = await call({}, 'POST', '/api/session', { email, password });
  return { ...r, cookie: r.setCookie?.split(';')[0], csrf: r.body?.csrfToken };
}

const linkIn = (text: string) => {
  const m = /办理入口：(\S+)\/l\/(\S+)/.exec(text);
  if (!m) throw new Error(`no link in:\n${text}`);
  return { base: m[1], token: m[2] };
};

async function openLink(token: string): Promise<Browser & { status: number; body: any }> {
  const r = await call({}, 'POST', '/api/session/link', { token });
  return { ...r, cookie: r.setCookie?.split(';')[0], csrf: r.body?.csrfToken };
}

describe('accounts', () => {
  const email = `inspector-${Date.now()}@yufeng.example`;
  beforeAll(async () => {
    await createUser(h.db, { email, name: '验收员 韦工', role: 'inspector', password: 'correct horse battery' });
  });

  test('a password signs in: an httpOnly, SameSite=Lax session cookie, never stored in the clear', async () => {
    const s = await signIn(email.toUpperCase(), 'correct horse battery');
    expect(s.status).toBe(200);
    expect(s.setCookie).toMatch(/^cs_session=[\w-]{43}; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/);
    const me = await call(s, 'GET', '/api/me');
    expect(me.body).toMatchObject({ role: 'inspector', roleLabel: '验收人员', name: '验收员 韦工', via: 'account', csrfToken: s.csrf });
    const user = await h.db.user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    const token = s.cookie!.split('=')[1];
    expect(await h.db.session.count({ where: { tokenHash: token } })).toBe(0); // only its hash is kept
  });

  test('five wrong passwords in a row lock the account for 15 minutes, even against the right one', async () => {
    const locked = `locked-${Date.now()}@yufeng.example`;
    await createUser(h.db, { email: locked, name: '教育局 覃股长', role: 'bureau', unitId: 'edu', password: 'the right password' });
    for (let i = 0; i < 5; i++) expect((await signIn(locked, `wrong ${i}`)).status).toBe(401);
    const refused = await signIn(locked, 'the right password');
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/^账号因多次密码错误已锁定，请于1[45]分钟后再试$/);
    const user = await h.db.user.findUniqueOrThrow({ where: { email: locked } });
    expect(await h.db.auditEvent.count({ where: { actor: `user:${user.id}`, action: 'sign_in_failed' } })).toBe(5);
    expect(await h.db.auditEvent.count({ where: { actor: `user:${user.id}`, action: 'sign_in_locked' } })).toBe(1);
    // An unknown address is refused the same way.
    expect((await signIn(`nobody-${Date.now()}@yufeng.example`, 'x')).body.error.message).toBe('邮箱或密码不正确');
  });

  test('a session acts with its role through the same rules; unsafe methods need the CSRF token', async () => {
    const bureauEmail = `bureau-${Date.now()}@yufeng.example`;
    await createUser(h.db, { email: bureauEmail, name: '教育局 覃股长', role: 'bureau', unitId: 'edu', password: 'bureau password 1' });
    const s = await signIn(bureauEmail, 'bureau password 1');
    const id = uniqueId('csrf');
    await h.request('POST', '/api/hazards', { key: 'school', body: { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口流动摊点' } });
    const dueAt = new Date((await h.now()) + 10 * 86_400_000).toISOString();
    const noToken = await call({ cookie: s.cookie }, 'POST', `/api/hazards/${id}/assign`, { departmentId: 'market', dueAt });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf');
    const assigned = await call(s, 'POST', `/api/hazards/${id}/assign`, { departmentId: 'market', dueAt });
    expect(assigned.status).toBe(200);
    expect(assigned.body.status).toBe('assigned');
    // The audit trail follows the transition within moments (written beside the deadlines).
    const audit = (await eventually(
      () => h.db.auditEvent.findFirst({ where: { hazardId: id, action: 'assigned' } }),
      (row) => row !== null,
    ))!;
    expect(audit.actor).toBe('bureau:edu');
    // What the role may not do is refused as for an API key of that role.
    expect((await call(s, 'PUT', '/api/departments/market', {})).status).toBe(403);
    // Signed out: the cookie no longer works.
    expect((await call(s, 'DELETE', '/api/session')).status).toBe(204);
    expect((await call(s, 'GET', '/api/me')).status).toBe(401);
  });
});

describe('signed links in mails', () => {
  test('the 整改通知书 links to the hazard signed for the department, names a contact, and carries no API path', async () => {
    const { id } = await assignedHazard(h, { departmentId: 'market' });
    const notice = await waitForMail(h, id, 'rectification_notice');
    expect(notice.text).not.toMatch(/\/api\/|POST /);
    expect(notice.text).toContain('通过下方办理入口签收，于');
    expect(notice.text).toContain('并通过同一入口报告整改情况、上传整改前后照片');
    expect(notice.text).toContain('联系人：区教育局安全股 覃股长，电子邮箱：');
    expect(notice.text).toMatch(/（点击上述链接即以区市场监管局身份登录并办理本事项，无需密码，有效期至\d{4}年\d{1,2}月\d{1,2}日\d{1,2}时(\d{1,2}分)?；请勿转发。）/);
    const { base, token } = linkIn(notice.text);
    expect(base).toBe(h.baseUrl);

    const s = await openLink(token);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ role: 'department', unitId: 'market', subject: `hazard:${id}` });
    expect((await call(s, 'GET', '/api/me')).body).toMatchObject({ via: 'link', unitName: '区市场监管局', subject: `hazard:${id}` });
    expect((await call(s, 'GET', `/api/hazards/${id}`)).status).toBe(200);
    const timeline = await call(s, 'GET', `/api/hazards/${id}/timeline`);
    expect(timeline.body.rungs.map((r: any) => r.label)).toEqual([
      '整改期限提醒（提前3天）',
      '整改期限提醒（提前1天）',
      '逾期通知（通知责任单位及分管领导）',
      '逾期督办（提请教育局、领导小组办公室）',
      '挂牌督办（报属地政府）',
    ]);
    // The link opens its item only: not the list, not the directory edits, not another hazard.
    expect((await call(s, 'GET', '/api/hazards')).status).toBe(403);
    const other = await assignedHazard(h, { departmentId: 'market' });
    expect((await call(s, 'GET', `/api/hazards/${other.id}`)).status).toBe(403);
    // It acts as the department on its item.
    const done = await call(s, 'POST', `/api/hazards/${id}/rectification`, { note: '摊点已取缔' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('rectified');
    const rectified = await eventually(
      () => h.db.auditEvent.findFirst({ where: { hazardId: id, action: 'rectification_reported' } }),
      (row) => row !== null,
    );
    expect(rectified?.actor).toBe('department:market');

    // Every use is in the audit trail: who, which link, from where, with what.
    const uses = await h.db.auditEvent.findMany({ where: { hazardId: id, action: 'link_used' } });
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ actor: 'department:market', note: `hazard:${id}` });
    expect(uses[0].data).toMatchObject({ ip: expect.stringMatching(/127\.0\.0\.1/), userAgent: 'jest-browser/1.0', linkId: expect.any(String) });
  });

  test("the Cc recipients get the mail without the addressee's link: their own copy's link reads that hazard and does nothing else", async () => {
    const { id } = await assignedHazard(h, { departmentId: 'market' });
    const notice = await waitForMail(h, id, 'rectification_notice');
    const copy = await h.mail.waitFor(isMailOf(id, 'rectification_notice', { copy: true }));
    // One mail, the same headers; two deliveries.
    expect([copy.subject, copy.to, copy.cc]).toEqual([notice.subject, notice.to, notice.cc]);
    expect(sorted(notice.envelope.to)).toEqual(sorted(addr.dept('market')));
    expect(sorted(copy.envelope.to)).toEqual(sorted(addr.school()));
    const addressed = linkIn(notice.text).token;
    expect(copy.text).not.toContain(addressed);
    expect(copy.text).not.toContain('办理入口：');
    expect(copy.text).toMatch(
      /查看入口：\S+\/l\/\S+\n（本邮件抄送你单位知悉。点击上述链接即可查看本隐患的办理情况和督办时间线（只读，不能办理），无需密码，有效期至\d{4}年\d{1,2}月\d{1,2}日\d{1,2}时(\d{1,2}分)?；办理链接仅发送主送单位。请勿转发。）/,
    );
    expect(copy.text.replace(/查看入口：[\s\S]*?\n\n/, '')).toBe(notice.text.replace(/办理入口：[\s\S]*?\n\n/, ''));
    expect(copy.headers['message-id']).not.toBe(notice.headers['message-id']);

    // The copy's link signs the school in to read this hazard: its facts and timeline, no action.
    const token = /查看入口：\S+\/l\/(\S+)/.exec(copy.text)![1];
    const s = await openLink(token);
    expect(s.status).toBe(200);
    expect(s.body).toMatchObject({ role: 'school', unitId: 's01', subject: `hazard-view:${id}` });
    expect((await call(s, 'GET', '/api/me')).body).toMatchObject({ via: 'link', unitName: '鱼峰区第一实验小学', subject: `hazard-view:${id}` });
    const view = await call(s, 'GET', `/api/hazards/${id}`);
    expect([view.status, view.body.id, view.body.status, view.body.actions]).toEqual([200, id, 'assigned', []]);
    expect(view.body.acknowledgement).toMatchObject({ notice: 'rectification_notice', acknowledgedAt: null });
    expect((await call(s, 'GET', `/api/hazards/${id}/timeline`)).status).toBe(200);
    // Nothing else: no action (the school's own 签收 or report neither), no list, no 工作台, no other hazard.
    const refused = [
      await call(s, 'POST', `/api/hazards/${id}/rectification`, { note: '已整改' }),
      await call(s, 'POST', `/api/hazards/${id}/progress`, { note: '进展' }),
      await call(s, 'POST', `/api/hazards/${id}/acknowledgement`, {}),
      await call(s, 'GET', '/api/hazards'),
      await call(s, 'GET', '/api/me/work'),
      await call(s, 'GET', `/api/campaigns`),
      await call(s, 'GET', `/api/hazards/${(await assignedHazard(h, { departmentId: 'market' })).id}`),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect(refused[6].body.error.message).toBe('本链接为抄送单位的查看链接，仅可查看邮件所述隐患的办理情况，不能办理，也不能查看其他事项。');
    expect((await call(s, 'GET', `/api/hazards/${id}`)).body.status).toBe('assigned');
    const uses = await h.db.auditEvent.findMany({ where: { hazardId: id, action: 'link_used' } });
    expect(uses.map((u) => [u.actor, u.note])).toEqual([['school:s01', `hazard-view:${id}`]]);
  });

  test('a link is the same on every rendering of its mail; expired, revoked and tampered links are refused', async () => {
    const settings = { secret: TEST_LINK_SECRET, ttl: 'P14D' };
    const req = { dedupeKey: `hazard:${uniqueId('x')}:3:rectification_notice`, role: 'department' as const, unitId: 'market', subject: 'hazard:x' };
    const first = await issueLink(h.db, settings, req);
    expect(await issueLink(h.db, settings, req, Date.now() + 60_000)).toBe(first);

    const expired = await issueLink(h.db, { secret: TEST_LINK_SECRET, ttl: 'PT1S' }, { ...req, dedupeKey: `${req.dedupeKey}:old` }, Date.now() - 10_000);
    const e = await openLink(expired);
    expect(e.status).toBe(410);
    expect(e.body.error).toMatchObject({ code: 'link_expired', message: '该链接已超过有效期。请与通知邮件所列联系人联系重新发送，或使用本单位账号登录。' });

    const tampered = first.replace(/.(?=\.)/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await openLink(tampered)).body.error.code).toBe('link_tampered');
    expect((await openLink(`${first}x`)).status).toBe(400);
    // Claims re-signed with another secret are refused too.
    const forged = await issueLink(h.db, { secret: 'another-secret-of-at-least-32-chars!!', ttl: 'P14D' }, { ...req, dedupeKey: `${req.dedupeKey}:forged` });
    expect((await openLink(forged)).body.error.code).toBe('link_tampered');

    const session = await openLink(first);
    expect(session.status).toBe(200);
    const linkId = session.body && (await h.db.session.findFirstOrThrow({ where: { csrfToken: session.csrf } })).linkId;
    expect(await revokeLinks(h.db, { linkId: linkId! })).toBe(1);
    const revoked = await openLink(first);
    expect(revoked.status).toBe(410);
    expect(revoked.body.error.code).toBe('link_revoked');
    // The session it had opened ends with it.
    expect((await call(session, 'GET', '/api/me')).status).toBe(401);
    expect(await h.db.auditEvent.count({ where: { action: 'link_refused', data: { path: ['linkId'], equals: linkId } } })).toBe(1);
  });

  test("a department's link cannot open another department's hazard", async () => {
    const mine = await assignedHazard(h, { departmentId: 'market' });
    const theirs = await assignedHazard(h, { departmentId: 'police' });
    const { token } = linkIn((await waitForMail(h, mine.id, 'rectification_notice')).text);
    const s = await openLink(token);
    const r = await call(s, 'GET', `/api/hazards/${theirs.id}`);
    expect(r.status).toBe(403);
    expect((await call(s, 'POST', `/api/hazards/${theirs.id}/rectification`, { note: 'x' })).status).toBe(403);
    expect((await h.request('GET', `/api/hazards/${theirs.id}`, { key: 'police' })).body.status).toBe('assigned');
  });
});

test('a link opens a hazard whose id has colons (as ids derived for a campaign do)', async () => {
  const id = `cp:s01:${uniqueId('colon')}`;
  await assignedHazard(h, { id, departmentId: 'market' });
  const { token } = linkIn((await waitForMail(h, id, 'rectification_notice')).text);
  const s = await openLink(token);
  expect(s.body.subject).toBe(`hazard:${id}`);
  expect((await call(s, 'GET', `/api/hazards/${id}`)).status).toBe(200);
  expect((await call(s, 'GET', `/api/hazards/${encodeURIComponent(id)}/timeline`)).status).toBe(200);
  expect((await call(s, 'GET', `/api/hazards/cp`)).status).toBe(403);
});
