// The zod primitives every edge validates with: the API's request schemas and the configuration.
import { z } from 'zod';
import { isIsoDuration } from './iso-duration';

/** A client-chosen id: 1–64 letters, digits, _ . : - */
export const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1-64 letters, digits, _ . : -');
/** An ISO-8601 instant with its offset. */
export const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant such as 2026-12-01T18:00:00+08:00' });
/** An ISO-8601 duration (P3D, PT30S). */
export const duration = z.string().refine(isIsoDuration, 'must be an ISO-8601 duration such as P3D or PT30S');
/** A calendar date. */
export const localDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
/** Non-empty text of at most `max` characters, trimmed. */
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
