// A request's parts, parsed at the edge: the body, query or params by their zod schema (400
// naming each offending field), the Idempotency-Key header, and the Update id it makes.
import type { Request } from 'express';
import type { z } from 'zod';
import type { Actor } from '../common/hazard';
import { fromZod } from './errors';
import { idempotencyKeySchema } from './hazard-schemas';

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params' = 'body'): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw fromZod(r.error, where);
  return r.data;
}

export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  return key === undefined ? undefined : parse(idempotencyKeySchema, key, 'params');
}

/** The same Idempotency-Key from the same key is the same Update: Temporal runs it once. */
export function updateIdOf(actor: Actor, key: string | undefined): { updateId?: string } {
  return key ? { updateId: `${actor.keyId}:${key}` } : {};
}
