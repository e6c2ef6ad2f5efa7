// People's sign-in for the web app, in the same Express app as the API: accounts with passwords
// (bcrypt, lockout after repeated failures), signed mail links, server-side sessions behind an
// httpOnly cookie, and a synchronizer CSRF token for every state-changing request.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Database } from '../common/database';
import type { Actor, Role } from '../common/hazard';
import { shiftByDuration } from '../common/iso-duration';
import { plain } from '../common/schema-primitives';
import { verifyLink, type LinkRefusal } from '../common/sign-in-links';
import { hazardOfSubject, isReadOnlySubject, subjectOf } from '../common/link-subjects';
import { ACCOUNT_FIELDS, accountUnitProblem, passwordSchema } from '../domain/accounts';
import { HttpError, unauthorized } from './errors';
import { parse } from './parse';
import { documentedRouter } from './route-registry';

export const SESSION_COOKIE = 'cs_session';
const PASSWORD_COST = 12;
/** Lockout: this many failures within the window lock the account for the window. */
export const LOCKOUT = { failures: 5, windowMs: 15 * 60_000 };

export interface SessionSettings {
  /** LINK_SECRET: signs the mail links. Without it, links are refused. */
  linkSecret?: string;
  /** How long an account's session lasts (SESSION_TTL, default PT12H). */
  sessionTtl: string;
  /** How long a link's session lasts at most (LINK_SESSION_TTL, default PT2H; never past the link's expiry). */
  linkSessionTtl: string;
  /** Secure cookies: PUBLIC_URL is https (or SESSION_COOKIE_SECURE=true). */
  secureCookies: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const hashPassword = (password: string) => bcrypt.hash(password, PASSWORD_COST);

export const newUserSchema = z
  .object({ ...ACCOUNT_FIELDS, password: passwordSchema })
  .strict()
  .superRefine((u, ctx) => {
    const problem = accountUnitProblem(u.role, u.unitId);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['unitId'] });
  });

export async function createUser(db: Database, input: z.input<typeof newUserSchema>) {
  const u = newUserSchema.parse(input);
  return db.user.create({
    data: { id: randomUUID(), email: u.email, name: u.name, role: u.role, unitId: u.unitId ?? null, passwordHash: await hashPassword(u.password) },
  });
}

export const sessionLoginSchema = z.object({ email: plain(200).trim().toLowerCase().min(1), password: plain(200).min(1) }).strict();
export const sessionLinkSchema = z.object({ token: plain(2000).min(1) }).strict();

/** A password check that costs the same for unknown accounts. */
const DUMMY_HASH = bcrypt.hashSync('not a password of anyone', PASSWORD_COST);

/**
 * Failed sign-ins of an address no account has, counted as an account's are (else a lockout would
 * tell which addresses have accounts): a row of the rate limits' counters (api/rate-limit.ts) under
 * this key, `hits` failures in the window that ends at `resetAt`, and from the LOCKOUT.failures-th
 * on, locked until `resetAt`. The address is the one submitted, trimmed and lower-cased.
 */
export const unknownAddressKey = (email: string) => `sign-in-failures:${email}`;

/** The answer while an address is locked, known or not: the wait in the message and in Retry-After. */
const lockedOut = (remainingMs: number) =>
  new HttpError(429, 'locked', `账号因多次密码错误已锁定，请于${Math.ceil(remainingMs / 60_000)}分钟后再试`, undefined, Math.max(1, Math.ceil(remainingMs / 1000)));

function clientOf(req: Request) {
  return { ip: req.ip ?? null, userAgent: (req.get('user-agent') ?? '').slice(0, 500) || null };
}

async function audit(db: Database, req: Request, e: { actor: string; action: string; note?: string; hazardId?: string; campaignId?: string; data?: Record<string, unknown> }) {
  const client = clientOf(req);
  await db.auditEvent.create({
    data: {
      dedupeKey: `${e.action}:${randomUUID()}`,
      at: new Date(),
      actor: e.actor,
      action: e.action,
      note: e.note ?? null,
      hazardId: e.hazardId ?? null,
      campaignId: e.campaignId ?? null,
      data: { ...e.data, ip: client.ip, userAgent: client.userAgent, requestId: req.requestId ?? null },
    },
  });
}

const subjectIds = (subject: string | null | undefined) => {
  const { kind, id } = subjectOf(subject);
  return { hazardId: hazardOfSubject(subject), campaignId: kind === 'campaign' ? id : undefined };
};

async function openSession(
  db: Database,
  settings: SessionSettings,
  req: Request,
  res: Response,
  s: { role: string; unitId: string | null; userId?: string; linkId?: string; subject?: string; expiresAt: Date },
) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const row = await db.session.create({
    data: {
      id: randomUUID(),
      tokenHash: hashToken(token),
      csrfToken,
      role: s.role,
      unitId: s.unitId,
      userId: s.userId ?? null,
      linkId: s.linkId ?? null,
      subject: s.subject ?? null,
      expiresAt: s.expiresAt,
      ...clientOf(req),
    },
  });
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: settings.secureCookies, path: '/', expires: s.expiresAt });
  return row;
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export interface WebSession {
  id: string;
  csrfToken: string;
  userId?: string;
  linkId?: string;
  /** A link session is limited to this item. */
  subject?: string;
  expiresAt: Date;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The web session the request came with (not set for Bearer API keys). */
    webSession?: WebSession;
  }
}

/** The session of the request's cookie, if live. */
export async function sessionOf(db: Database, req: Request) {
  const token = readCookie(req, SESSION_COOKIE);
  if (!token || token.length > 200) return undefined;
  const row = await db.session.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return undefined;
  return row;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a link session may reach besides its item: who it is, the directory's names, photos. A
 * copy's read-only link (hazard-view:<id>) reads its hazard, its timeline and its photos: GET only.
 */
function linkAllows(subject: string, method: string, rawPath: string): boolean {
  const { hazardId, campaignId } = subjectIds(subject);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return false;
  }
  if (path === '/me') return method === 'GET';
  if (path === '/departments' || path === '/schools') return method === 'GET';
  if (isReadOnlySubject(subject)) {
    if (!SAFE_METHODS.has(method)) return false;
    return path === `/hazards/${hazardId}` || path === `/hazards/${hazardId}/timeline` || path.startsWith('/uploads/'); // a photo: checked against the hazard there
  }
  if (path === '/uploads' || path.startsWith('/uploads/')) return true; // checked against the hazard there
  if (hazardId) return path === `/hazards/${hazardId}` || path.startsWith(`/hazards/${hazardId}/`);
  if (campaignId) return path === '/me/work' || path === `/campaigns/${campaignId}` || path.startsWith(`/campaigns/${campaignId}/`);
  return false;
}

/** The actor of a session cookie, with CSRF checked on unsafe methods and a link's limit applied. */
export async function sessionActor(db: Database, req: Request): Promise<Actor | undefined> {
  const row = await sessionOf(db, req);
  if (!row) return undefined;
  if (!SAFE_METHODS.has(req.method) && req.get('x-csrf-token') !== row.csrfToken) {
    throw new HttpError(403, 'csrf', 'missing or wrong X-CSRF-Token header for this session');
  }
  if (row.subject && !linkAllows(row.subject, req.method, req.path)) {
    if (isReadOnlySubject(row.subject)) throw new HttpError(403, 'forbidden', READ_ONLY_REFUSAL);
    throw new HttpError(403, 'forbidden', `this link opens ${row.subject} only`);
  }
  req.webSession = { id: row.id, csrfToken: row.csrfToken, userId: row.userId ?? undefined, linkId: row.linkId ?? undefined, subject: row.subject ?? undefined, expiresAt: row.expiresAt };
  return {
    role: row.role as Role,
    ...(row.unitId ? { unitId: row.unitId } : {}),
    keyId: row.userId ? `user:${row.userId}` : `link:${row.linkId}`,
    ...(isReadOnlySubject(row.subject) ? { readOnly: true } : {}),
  };
}

/** The refusal of anything a copy's read-only link does not open (another hazard, a list, an action). */
export const READ_ONLY_REFUSAL = '本链接为抄送单位的查看链接，仅可查看邮件所述隐患的办理情况，不能办理，也不能查看其他事项。';

const LINK_ERRORS: Record<LinkRefusal, string> = {
  tampered: '该链接不完整或已被改动，无法使用。请从通知邮件中重新点击“办理入口”，或与邮件所列联系人联系。',
  expired: '该链接已超过有效期。请与通知邮件所列联系人联系重新发送，或使用本单位账号登录。',
  revoked: '该链接已被停用。请与通知邮件所列联系人联系。',
};

/**
 * The sign-in routes, before `authenticate`: POST /api/session (password), POST /api/session/link
 * (a mail's token), DELETE /api/session (sign out).
 */
export function sessionRoutes(db: Database, settings: SessionSettings): Router {
  const router = documentedRouter('/api/session');

  router.post('/', async (req, res) => {
    const body = parse(sessionLoginSchema, req.body);
    // Both looked up for every address, known or not, so that neither the answer nor its time
    // tells whether the address has an account.
    const [user, unknownFailures] = await Promise.all([
      db.user.findUnique({ where: { email: body.email } }),
      db.rateLimitCounter.findUnique({ where: { key: unknownAddressKey(body.email) } }),
    ]);
    const now = Date.now();
    const lockedUntil = user ? user.lockedUntil : unknownFailures && unknownFailures.hits >= LOCKOUT.failures ? unknownFailures.resetAt : null;
    if (lockedUntil && lockedUntil.getTime() > now) {
      await audit(db, req, { actor: user ? `user:${user.id}` : 'anonymous', action: 'sign_in_locked', note: body.email });
      throw lockedOut(lockedUntil.getTime() - now);
    }
    const ok = await bcrypt.compare(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabledAt) {
      if (user) {
        const inWindow = user.failedSince && now - user.failedSince.getTime() < LOCKOUT.windowMs;
        const failedCount = inWindow ? user.failedCount + 1 : 1;
        await db.user.update({
          where: { id: user.id },
          data: {
            failedCount,
            failedSince: inWindow ? user.failedSince : new Date(now),
            lockedUntil: failedCount >= LOCKOUT.failures ? new Date(now + LOCKOUT.windowMs) : null,
          },
        });
      } else {
        // The same count for an address without an account: hits in the window until resetAt, and
        // from the LOCKOUT.failures-th on, locked until resetAt (a new window once that has passed).
        const inWindow = unknownFailures && unknownFailures.resetAt.getTime() > now;
        const hits = inWindow ? unknownFailures.hits + 1 : 1;
        const resetAt = inWindow && hits < LOCKOUT.failures ? unknownFailures.resetAt : new Date(now + LOCKOUT.windowMs);
        const key = unknownAddressKey(body.email);
        await db.rateLimitCounter.upsert({ where: { key }, create: { key, hits, resetAt }, update: { hits, resetAt } });
      }
      await audit(db, req, { actor: user ? `user:${user.id}` : 'anonymous', action: 'sign_in_failed', note: body.email });
      throw unauthorized('邮箱或密码不正确');
    }
    await db.user.update({ where: { id: user.id }, data: { failedCount: 0, failedSince: null, lockedUntil: null } });
    const session = await openSession(db, settings, req, res, { role: user.role, unitId: user.unitId, userId: user.id, expiresAt: new Date(shiftByDuration(now, settings.sessionTtl)) });
    await audit(db, req, { actor: `user:${user.id}`, action: 'signed_in', note: `${user.name} ${user.email}`, data: { sessionId: session.id } });
    res.json({ role: user.role, unitId: user.unitId, name: user.name, csrfToken: session.csrfToken });
  });

  router.post('/link', async (req, res) => {
    const body = parse(sessionLinkSchema, req.body);
    if (!settings.linkSecret) throw new HttpError(503, 'links_disabled', 'LINK_SECRET is not configured');
    const result = await verifyLink(db, body.token, settings.linkSecret);
    if (!result.ok) {
      await audit(db, req, { actor: 'anonymous', action: 'link_refused', note: result.reason, data: { linkId: result.linkId ?? null } });
      throw new HttpError(result.reason === 'tampered' ? 400 : 410, `link_${result.reason}`, LINK_ERRORS[result.reason]);
    }
    const c = result.claims;
    const expiresAt = new Date(Math.min(c.exp, shiftByDuration(Date.now(), settings.linkSessionTtl)));
    const session = await openSession(db, settings, req, res, { role: c.role, unitId: c.unitId ?? null, linkId: c.linkId, subject: c.subject, expiresAt });
    await audit(db, req, {
      actor: c.unitId ? `${c.role}:${c.unitId}` : c.role,
      action: 'link_used',
      note: c.subject,
      ...subjectIds(c.subject),
      data: { linkId: c.linkId, sessionId: session.id },
    });
    res.json({ role: c.role, unitId: c.unitId ?? null, subject: c.subject, csrfToken: session.csrfToken });
  });

  router.delete('/', async (req, res) => {
    const row = await sessionOf(db, req);
    if (!row) throw unauthorized('not signed in');
    if (req.get('x-csrf-token') !== row.csrfToken) throw new HttpError(403, 'csrf', 'missing or wrong X-CSRF-Token header for this session');
    await db.session.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  return router;
}
