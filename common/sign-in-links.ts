// Signed mail links (一键办理): a link signs its recipient in as the mail's addressed unit for one
// item. The token is an HMAC-SHA256 (LINK_SECRET) over { linkId, role, unitId, subject, exp };
// the SignInLink row (upserted when the mail is rendered) makes it revocable and audited. The
// linkId derives from the notification's dedupe key and the unit, so a retried mail activity
// renders the same link, with the expiry the first rendering stored.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from './database';
import { shiftByDuration } from './iso-duration';
import type { Role } from './hazard';

export interface LinkClaims {
  linkId: string;
  role: Role;
  unitId?: string;
  /** What the link opens: "hazard:<id>" or "campaign:<id>". */
  subject: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

export interface LinkSettings {
  secret: string;
  /** ISO-8601 duration (default P14D). */
  ttl: string;
}

export const linkIdFor = (dedupeKey: string, role: Role, unitId?: string): string =>
  createHash('sha256')
    .update(`${dedupeKey}|${role}|${unitId ?? ''}`)
    .digest('base64url')
    .slice(0, 24);

const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** The token of a link: "<payload>.<signature>", both base64url. */
export function signLink(claims: LinkClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ l: claims.linkId, r: claims.role, u: claims.unitId ?? null, s: claims.subject, e: Math.floor(claims.exp / 1000) })).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export type LinkRefusal = 'tampered' | 'expired' | 'revoked';

/** Checks a token's signature and expiry, then its row (not revoked, same claims). */
export async function verifyLink(
  db: Database,
  token: string,
  secret: string,
  nowMs = Date.now(),
): Promise<{ ok: true; claims: LinkClaims } | { ok: false; reason: LinkRefusal; linkId?: string }> {
  const m = /^([A-Za-z0-9_-]{10,1000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'tampered' };
  const expected = Buffer.from(mac(secret, m[1]));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  let raw: { l: string; r: Role; u: string | null; s: string; e: number };
  try {
    raw = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as typeof raw;
  } catch {
    return { ok: false, reason: 'tampered' };
  }
  const claims: LinkClaims = { linkId: raw.l, role: raw.r, unitId: raw.u ?? undefined, subject: raw.s, exp: raw.e * 1000 };
  const row = await db.signInLink.findUnique({ where: { id: claims.linkId } });
  if (!row || row.role !== claims.role || (row.unitId ?? undefined) !== claims.unitId || row.subject !== claims.subject) {
    return { ok: false, reason: 'tampered', linkId: claims.linkId };
  }
  if (row.revokedAt) return { ok: false, reason: 'revoked', linkId: claims.linkId };
  if (claims.exp <= nowMs || row.expiresAt.getTime() <= nowMs) return { ok: false, reason: 'expired', linkId: claims.linkId };
  return { ok: true, claims };
}

/**
 * The link of one notification for one unit: its row upserted (the first rendering fixes the
 * expiry; a retry finds it), its token signed. Returns the token.
 */
export async function issueLink(db: Database, settings: LinkSettings, req: { dedupeKey: string; role: Role; unitId?: string; subject: string }, nowMs = Date.now()): Promise<string> {
  return (await issueLinkWithExpiry(db, settings, req, nowMs)).token;
}

/**
 * issueLink, with the expiry its row holds: one statement, one round trip (issue 14: a mail in a
 * storm or an import is bounded by the worker's round trips). A row already there is returned as
 * it is (the no-op update makes RETURNING yield it); its expiry read as the UTC it is kept in.
 */
export async function issueLinkWithExpiry(
  db: Database,
  settings: LinkSettings,
  req: { dedupeKey: string; role: Role; unitId?: string; subject: string },
  nowMs = Date.now(),
): Promise<{ token: string; expiresAt: Date }> {
  const id = linkIdFor(req.dedupeKey, req.role, req.unitId);
  const [row] = await db.$queryRaw<{ expiresMs: number }[]>`
    INSERT INTO "SignInLink" ("id", "role", "unitId", "subject", "dedupeKey", "expiresAt", "createdAt")
    VALUES (${id}, ${req.role}, ${req.unitId ?? null}, ${req.subject}, ${req.dedupeKey}, ${new Date(shiftByDuration(nowMs, settings.ttl))}, ${new Date(nowMs)})
    ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id"
    RETURNING (extract(epoch FROM "expiresAt") * 1000)::float8 AS "expiresMs"`;
  const expiresAt = new Date(Math.round(row.expiresMs));
  return { token: signLink({ linkId: id, role: req.role, unitId: req.unitId, subject: req.subject, exp: expiresAt.getTime() }, settings.secret), expiresAt };
}

/** Revokes one link, or every link of a unit; returns how many. */
export async function revokeLinks(db: Database, which: { linkId: string } | { role: Role; unitId?: string }): Promise<number> {
  const now = new Date();
  const where = 'linkId' in which ? { id: which.linkId } : { role: which.role, unitId: which.unitId ?? null };
  const { count } = await db.signInLink.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: now } });
  // Sessions opened through the revoked links end too.
  const ids = (await db.signInLink.findMany({ where, select: { id: true } })).map((l) => l.id);
  await db.session.updateMany({ where: { linkId: { in: ids }, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
