// Bearer API keys, stored as sha256 hashes, each bound to a role and (for departments and
// schools) the unit it acts for.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Database } from '../common/database';
import type { Actor, Role } from '../common/hazard';
import { unauthorized } from './errors';
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
  }
}

/**
 * Either a Bearer API key (unchanged for API clients) or the web app's session cookie (with
 * X-CSRF-Token on state-changing requests; a mail link's session limited to its item): both
 * yield the same Actor, so the same role and unit rules apply.
 */
export function authenticate(db: Database): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    const match = header && /^Bearer\s+(\S+)$/i.exec(header);
    if (!match && !header) {
      try {
        const actor = await sessionActor(db, req);
        if (actor) {
          req.actor = actor;
          return next();
        }
      } catch (err) {
        return next(err);
      }
    }
    if (!match) return next(unauthorized('missing Authorization: Bearer <key> header'));
    const key = await db.apiKey.findUnique({ where: { keyHash: hashKey(match[1]) } });
    if (!key || key.revokedAt) return next(unauthorized('unknown or revoked API key'));
    req.actor = { role: key.role as Role, unitId: key.unitId ?? undefined, keyId: key.id };
    next();
  };
}

export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw unauthorized('not authenticated');
  return req.actor;
}
