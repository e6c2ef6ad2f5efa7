// 开通邀请: the lead office invites a person of a unit by mail; the link sets the password once,
// before it expires; who may invite whom is domain/accounts.ts's rule. Only the token's hash is kept.
import type { CaughtMail } from '../../devstack/mail-catcher';
import { hashInvitationToken } from '../../common/invitation-token';
import { useHarness } from '../support/harness';
import { uniqueId } from '../support/hazard-helpers';

const h = useHarness();
const emails: string[] = [];
const newEmail = () => {
  const e = `${uniqueId('invite')}@yufeng.example`.toLowerCase();
  emails.push(e);
  return e;
};

afterAll(async () => {
  const users = await h.db.user.findMany({ where: { email: { in: emails } }, select: { id: true } });
  await h.db.session.deleteMany({ where: { userId: { in: users.map((u) => u.id) } } });
  await h.db.user.deleteMany({ where: { email: { in: emails } } });
  await h.db.invitation.deleteMany({ where: { email: { in: emails } } });
});

const invitationMail = (id: string) => (m: CaughtMail) => m.headers['x-campus-safety-key'] === `invitation:${id}`;
/** The token of the mail's link: /invite#<token>. */
function tokenIn(mail: CaughtMail): string {
  const m = /\/invite#([A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!m) throw new Error(`no invitation link in:\n${mail.text}`);
  return m[1];
}

async function invite(key: string, body: Record<string, unknown>) {
  return h.request('POST', '/api/invitations', { key, body });
}

test('the lead office invites a school: the mail in Chinese, the page, the password set once, then sign-in', async () => {
  const email = newEmail();
  const r = await invite('lead', { role: 'school', unitId: 's01', name: '覃老师', email: email.toUpperCase() });
  expect(r.status).toBe(201);
  expect(r.body).toMatchObject({ email, name: '覃老师', role: 'school', roleLabel: '学校', unitId: 's01', status: 'pending' });
  const days = (Date.parse(r.body.expiresAt) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(6.99);
  expect(days).toBeLessThanOrEqual(7);

  const mail = await h.mail.waitFor(invitationMail(r.body.id));
  expect(mail.to).toEqual([email]);
  expect(mail.subject).toBe(`【护校安园】工作平台账号开通邀请（${r.body.unitName}）`);
  expect(mail.text).toContain('覃老师同志：');
  expect(mail.text).toContain(`登录邮箱：${email}`);
  expect(mail.text).toMatch(/请于\d{4}年\d{1,2}月\d{1,2}日\d{1,2}时(\d{1,2}分)?前打开以下链接，设置登录密码，完成账号开通。链接仅可使用一次，逾期失效：/);
  const token = tokenIn(mail);

  // Only the hash is kept: neither the invitation nor the notification log holds the token.
  const row = await h.db.invitation.findUniqueOrThrow({ where: { id: r.body.id } });
  expect(row.tokenHash).toBe(hashInvitationToken(token));
  const logged = await h.db.notification.findUniqueOrThrow({ where: { dedupeKey: `invitation:${r.body.id}` } });
  expect(logged.body).not.toContain(token);

  const page = await h.request('POST', '/api/invitation', { key: null, body: { token } });
  expect(page.status).toBe(200);
  expect(page.body).toMatchObject({ email, name: '覃老师', roleLabel: '学校', unitName: r.body.unitName, status: 'pending' });

  const short = await h.request('POST', '/api/invitation/accept', { key: null, body: { token, password: 'short' } });
  expect(short.status).toBe(400);
  expect(JSON.stringify(short.body)).toContain('password');
  expect(await h.db.user.count({ where: { email } })).toBe(0);

  const accepted = await h.request('POST', '/api/invitation/accept', { key: null, body: { token, password: 'a long enough password' } });
  expect(accepted.status).toBe(201);
  expect(accepted.body).toEqual({ email, name: '覃老师', role: 'school' });

  // Single use: the same link again is refused, and changes nothing.
  const again = await h.request('POST', '/api/invitation/accept', { key: null, body: { token, password: 'another long password' } });
  expect(again.status).toBe(410);
  expect(again.body.error.code).toBe('invitation_used');
  expect((await h.request('POST', '/api/invitation', { key: null, body: { token } })).status).toBe(410);

  const signIn = await fetch(`${h.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long enough password' }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
  const me = await (await fetch(`${h.baseUrl}/api/me`, { headers: { cookie } })).json();
  expect(me).toMatchObject({ role: 'school', unitId: 's01' });
  const wrong = await fetch(`${h.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'another long password' }),
  });
  expect(wrong.status).toBe(401);

  // An address with an account is not invited again.
  expect((await invite('lead', { role: 'school', unitId: 's01', name: '覃老师', email })).status).toBe(409);
});

test('an expired link sets no password', async () => {
  const email = newEmail();
  const r = await invite('lead', { role: 'department', unitId: 'market', name: '韦科长', email });
  expect(r.status).toBe(201);
  const token = tokenIn(await h.mail.waitFor(invitationMail(r.body.id)));
  // Seven days later (the database's clock is the only one the link is checked against).
  await h.db.invitation.update({ where: { id: r.body.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const page = await h.request('POST', '/api/invitation', { key: null, body: { token } });
  expect(page.status).toBe(410);
  expect(page.body.error).toMatchObject({ code: 'invitation_expired', message: '邀请链接已过期，请联系领导小组办公室重新发送邀请' });
  const accept = await h.request('POST', '/api/invitation/accept', { key: null, body: { token, password: 'a long enough password' } });
  expect(accept.status).toBe(410);
  expect(await h.db.user.count({ where: { email } })).toBe(0);
  const list = await h.request('GET', '/api/invitations', { key: 'lead' });
  expect(list.body.items.find((i: { id: string }) => i.id === r.body.id)).toMatchObject({ status: 'expired' });
});

test('a new invitation to the same address voids the earlier link', async () => {
  const email = newEmail();
  const first = await invite('lead', { role: 'inspector', name: '韦工', email });
  const firstToken = tokenIn(await h.mail.waitFor(invitationMail(first.body.id)));
  const second = await invite('lead', { role: 'inspector', name: '韦工', email });
  expect(second.status).toBe(201);
  const secondToken = tokenIn(await h.mail.waitFor(invitationMail(second.body.id)));
  const old = await h.request('POST', '/api/invitation/accept', { key: null, body: { token: firstToken, password: 'a long enough password' } });
  expect(old.status).toBe(410);
  expect(old.body.error.code).toBe('invitation_revoked');
  expect((await h.request('POST', '/api/invitation/accept', { key: null, body: { token: secondToken, password: 'a long enough password' } })).status).toBe(201);
});

test('who may invite whom: the bureau invites schools only, a department or a school nobody; bad input names its field', async () => {
  const email = newEmail();
  const byBureau = await invite('bureau', { role: 'department', unitId: 'market', name: '韦科长', email });
  expect(byBureau.status).toBe(403);
  const bySchool = await invite('school', { role: 'school', unitId: 's01', name: '韦老师', email });
  expect(bySchool.status).toBe(403);
  const byDepartment = await invite('market', { role: 'school', unitId: 's01', name: '韦老师', email });
  expect(byDepartment.status).toBe(403);
  expect(await h.db.invitation.count({ where: { email } })).toBe(0);

  const noUnit = await invite('lead', { role: 'school', name: '韦老师', email });
  expect(noUnit.status).toBe(400);
  expect(JSON.stringify(noUnit.body)).toContain('unitId');
  const unknownUnit = await invite('lead', { role: 'school', unitId: 'no-such-school', name: '韦老师', email });
  expect(unknownUnit.status).toBe(400);
  expect(JSON.stringify(unknownUnit.body)).toContain('unitId');
  const badEmail = await invite('lead', { role: 'school', unitId: 's01', name: '韦老师', email: 'not-an-address' });
  expect(badEmail.status).toBe(400);
  expect(JSON.stringify(badEmail.body)).toContain('email');
  expect(await h.db.invitation.count({ where: { email } })).toBe(0);

  const schoolByBureau = await invite('bureau', { role: 'school', unitId: 's02', name: '韦老师', email });
  expect(schoolByBureau.status).toBe(201);
  const bureauList = await h.request('GET', '/api/invitations', { key: 'bureau' });
  expect(bureauList.body.items.every((i: { role: string }) => i.role === 'school')).toBe(true);
  expect((await h.request('GET', '/api/invitations', { key: 'market' })).status).toBe(403);
  // An unknown token is a 404, not a hint.
  expect((await h.request('POST', '/api/invitation', { key: null, body: { token: 'x'.repeat(43) } })).status).toBe(404);
});
