// Bearer API keys, stored as sha256 hashes, each bound to a role and (for departments and
// schools) the unit it acts for.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Database } from '../common/database';
import type { Actor, Role } from '../common/hazard';
import { isDatabaseUnavailable, serviceUnavailable, unauthorized } from './errors';
import { tooManyRequests, type AuthFailureLimiter, type PerKeyRateLimit } from './rate-limit';
import { sessionActor } from './sessions';

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export interface IssuedKey {
  id: string;
  key: string;
  role: Role;
  unitId?: string;
}

/** Creates a key; the plain key is returned once and never stored. */
export async function issueApiKey(db: Database, role: Role, unitId: string | undefined, label: string, key?: string): Promise<IssuedKey> {
  const plain = key ?? `cs_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  await db.apiKey.create({ data: { id, keyHash: hashKey(plain), role, unitId: unitId ?? null, label } });
  return { id, key: plain, role, unitId };
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    /** A failed authentication counted for this request's address: the window it fell in. */
    authFailureWindowEndsAt?: Date;
  }
}

/**
 * Keys verified in the last `ttlMs`, by hash: used only while the database cannot be reached, so
 * that requests served by Temporal go on. A key revoked during an outage is honoured within ttlMs.
 */
export class KeyCache {
  private readonly entries = new Map<string, { actor: Actor; verifiedAt: number }>();

  constructor(
    readonly ttlMs = 60_000,
    readonly maxEntries = 10_000,
  ) {}

  remember(hash: string, actor: Actor): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(hash); // re-inserted last: the Map's order is the order of verification
    this.entries.set(hash, { actor, verifiedAt: Date.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(hash: string): void {
    this.entries.delete(hash);
  }

  recent(hash: string): Actor | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (Date.now() - e.verifiedAt > this.ttlMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return e.actor;
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface AuthOptions {
  keyCache: KeyCache;
  failures: AuthFailureLimiter;
  /** The limit per key: a key's look-up counts the request against it in the same statement. */
  perKey: PerKeyRateLimit;
}

/**
 * Authenticates a request before anything reads its body: either a Bearer API key (unchanged
 * for API clients) or the web app's session cookie (with X-CSRF-Token on state-changing requests;
 * a mail link's session limited to its item); both yield the same Actor, so the same role and
 * unit rules apply. An address with too many failed attempts is refused (429) without a look-up;
 * every failure counts against its address.
 */
export function authenticate(db: Database, { keyCache, failures, perKey }: AuthOptions): RequestHandler {
  return async (req, _res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const blocked = failures.blockedFor(address);
    if (blocked !== undefined) return next(tooManyAttempts(blocked));

    const fail = async (message: string) => {
      try {
        const counted = await failures.record(address);
        req.authFailureWindowEndsAt = counted.windowEndsAt;
        if (counted.retryAfterSeconds !== undefined) return next(tooManyAttempts(counted.retryAfterSeconds));
      } catch {
        // not counted: the failure is answered all the same
      }
      next(unauthorized(message));
    };

    const header = req.get('authorization');
    const match = header && /^Bearer\s+(\S+)$/i.exec(header);
    if (!header) {
      try {
        const actor = await sessionActor(db, req);
        if (actor) {
          req.actor = actor;
          return next();
        }
      } catch (err) {
        return next(isDatabaseUnavailable(err) ? serviceUnavailable('the database cannot be reached to verify the session; retry shortly') : err);
      }
    }
    if (!match) return fail('missing Authorization: Bearer <key> header');
    const hash = hashKey(match[1]);
    let found;
    try {
      found = await perKey.lookUpAndCount(hash);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) return next(err);
      const actor = keyCache.recent(hash);
      if (!actor) return next(serviceUnavailable('the database cannot be reached to verify the API key; retry shortly'));
      req.actor = actor;
      return next();
    }
    if (!found || found.key.revokedAt) {
      keyCache.forget(hash);
      return fail('unknown or revoked API key');
    }
    const { key, count } = found;
    req.actor = { role: key.role as Role, unitId: key.unitId ?? undefined, keyId: key.id };
    req.keyRequestCount = count;
    keyCache.remember(hash, req.actor);
    next();
  };
}

const tooManyAttempts = (retryAfterSeconds: number) => tooManyRequests(`too many failed authentications from this address; retry in ${retryAfterSeconds} s`, retryAfterSeconds);

export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw unauthorized('not authenticated');
  return req.actor;
}
