// The sign-in lockout tells no one which addresses have accounts: wrong passwords for an address
// without an account are counted and locked exactly as an account's are (POST /api/session), so
// both answer alike — the same 401s, then the same 429 with the same message and Retry-After.
import { createUser, LOCKOUT, unknownAddressKey } from '../../api/sessions';
import { useHarness } from '../support/harness';

const h = useHarness({ temporal: 'none' });

async function signIn(email: string, password: string) {
  const res = await fetch(`${h.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'jest-lockout/1.0' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code: string; message: string } } };
}

/** A known and an unknown address, each tried with the same wrong password side by side. */
async function bothTried(known: string, unknown: string, password: string) {
  const [k, u] = await Promise.all([signIn(known, password), signIn(unknown, password)]);
  return { k, u };
}

/** The same answer but for the Retry-After, compared apart (see below). */
const answer = (r: Awaited<ReturnType<typeof signIn>>) => ({ status: r.status, body: r.body, retryAfter: r.retryAfter !== null });

let known: string;
let unknown: string;
beforeEach(async () => {
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  known = `known-${stamp}@yufeng.example`;
  unknown = `unknown-${stamp}@yufeng.example`;
  await createUser(h.db, { email: known, name: '教育局 覃股长', role: 'bureau', unitId: 'edu', password: 'the right password' });
});

test('five wrong passwords lock a known and an unknown address alike: the same status, code, message and Retry-After', async () => {
  expect(LOCKOUT.failures).toBe(5);
  for (let i = 0; i < LOCKOUT.failures; i++) {
    // The address as typed, in any case and with spaces around it, counts for the address.
    const { k, u } = await bothTried(i % 2 ? known.toUpperCase() : known, i % 2 ? `  ${unknown.toUpperCase()} ` : unknown, `wrong ${i}`);
    expect(k.status).toBe(401);
    expect(answer(u)).toEqual(answer(k));
  }
  // The sixth: the account is refused even its right password; the unknown address the same way.
  const [k, u] = await Promise.all([signIn(known, 'the right password'), signIn(unknown, 'the right password')]);
  expect(k.status).toBe(429);
  expect(k.body.error).toEqual({ code: 'locked', message: '账号因多次密码错误已锁定，请于15分钟后再试' });
  expect(answer(u)).toEqual(answer(k));
  // Both locked for the window from their fifth failure, asked for side by side: the same wait
  // (to the second, but for the milliseconds between the two requests).
  const [kWait, uWait] = [Number(k.retryAfter), Number(u.retryAfter)];
  expect(kWait).toBeGreaterThan(LOCKOUT.windowMs / 1000 - 60);
  expect(kWait).toBeLessThanOrEqual(LOCKOUT.windowMs / 1000);
  expect(Math.abs(uWait - kWait)).toBeLessThanOrEqual(1);

  // The audit trail keeps every attempt of both.
  const user = await h.db.user.findUniqueOrThrow({ where: { email: known } });
  const count = (where: object) => h.db.auditEvent.count({ where });
  expect(await count({ actor: `user:${user.id}`, action: 'sign_in_failed' })).toBe(5);
  expect(await count({ actor: 'anonymous', action: 'sign_in_failed', note: unknown })).toBe(5);
  expect(await count({ actor: `user:${user.id}`, action: 'sign_in_locked' })).toBe(1);
  expect(await count({ actor: 'anonymous', action: 'sign_in_locked', note: unknown })).toBe(1);
});

test('once the lock is over, both count afresh from one failure', async () => {
  for (let i = 0; i < LOCKOUT.failures; i++) await bothTried(known, unknown, `wrong ${i}`);
  const locked = await bothTried(known, unknown, 'wrong 5');
  expect(locked.k.status).toBe(429);
  expect(answer(locked.u)).toEqual(answer(locked.k));
  // The window passes: the stored times moved back by it.
  const back = (d: Date | null) => (d ? new Date(d.getTime() - LOCKOUT.windowMs - 1000) : d);
  const user = await h.db.user.findUniqueOrThrow({ where: { email: known } });
  await h.db.user.update({ where: { id: user.id }, data: { failedSince: back(user.failedSince), lockedUntil: back(user.lockedUntil) } });
  const counter = await h.db.rateLimitCounter.findUniqueOrThrow({ where: { key: unknownAddressKey(unknown) } });
  await h.db.rateLimitCounter.update({ where: { key: counter.key }, data: { resetAt: back(counter.resetAt)! } });

  const { k, u } = await bothTried(known, unknown, 'wrong again');
  expect(k.status).toBe(401);
  expect(answer(u)).toEqual(answer(k));
  expect((await h.db.user.findUniqueOrThrow({ where: { email: known } })).failedCount).toBe(1);
  expect((await h.db.rateLimitCounter.findUniqueOrThrow({ where: { key: counter.key } })).hits).toBe(1);
  // And the account's right password signs in again.
  expect((await signIn(known, 'the right password')).status).toBe(200);
});
