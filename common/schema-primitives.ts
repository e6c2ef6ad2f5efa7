// The zod primitives every edge validates with: the API's request schemas (and so the web app's
// forms, which import them), the CSV import and the configuration. Each bound is stated once,
// here: what text may hold, the window an instant must lie in, the least and most a duration may
// be. Whatever passes can be stored by PostgreSQL and computed by the workflows; whatever does not
// is refused with a 400 naming the field (SPEC.md, API contract: "Bad input").
import { z } from 'zod';
import { durationMs, isIsoDuration, parseIsoDuration } from './iso-duration';
import { isTimeZone } from './time';

// ---------------------------------------------------------------------------------------------
// Text

/**
 * What no text may hold: U+0000 (PostgreSQL cannot store it: "invalid byte sequence for encoding
 * UTF8: 0x00"), the other C0 control characters but tab, line feed and carriage return, and
 * surrogates without their pair (no UTF-8 encodes them: they would come back as U+FFFD).
 */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);
const UNSTORABLE_MESSAGE = 'must not contain control characters (U+0000-U+001F other than tab and line breaks) or unpaired surrogates';
/** A one-line text holds no line break or tab either. */
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

/** A refinement run only when the value has passed the checks before it (one reason per field). */
const onlyIfValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** Any string of at most `max` characters that PostgreSQL can store (not trimmed; may be empty). */
export const plain = (max: number) =>
  z
    .string()
    .max(max)
    .refine(isStorableText, { message: UNSTORABLE_MESSAGE, ...onlyIfValid });
/** Non-empty text of at most `max` characters, trimmed, that PostgreSQL can store; line breaks and tabs allowed. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine(isStorableText, { message: UNSTORABLE_MESSAGE, ...onlyIfValid });
/** One line of text (a name): as `text`, without line breaks or tabs. */
export const line = (max: number) => text(max).refine((s) => !LINE_BREAK.test(s), { message: 'must be one line (no line breaks or tabs)', ...onlyIfValid });
/** A client-chosen id: 1–64 letters, digits, _ . : - */
export const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1-64 letters, digits, _ . : -');
/** An email address (ASCII, at most 254 characters, RFC 5321). */
export const email = z.email({ message: 'must be an email address' }).max(254);
/** An http(s) URL (evidence) of at most 2000 characters: the URL parser lets control characters through, so they are refused here. */
export const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  .refine(isStorableText, { message: UNSTORABLE_MESSAGE, ...onlyIfValid });
/** A mainland China mobile number (11 digits, 1[3-9]…): SMS and @-mentions in group robots. */
export const mobile = z.string().regex(/^1[3-9]\d{9}$/, 'must be a mobile number of 11 digits (1[3-9]…)');
/** A webhook of a group robot: an https URL (http on the loopback interface, for the local servers) carrying its credential in the query. */
export const webhookWith = (param: string) =>
  z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .max(500)
    .refine(
      (u) => {
        const url = new URL(u);
        return !!url.searchParams.get(param) && (url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
      },
      { message: `must be an https webhook with its ${param} in the query`, ...onlyIfValid },
    );

/** An IANA time zone (Asia/Shanghai). */
export const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai', ...onlyIfValid });

// ---------------------------------------------------------------------------------------------
// Instants

/**
 * The window every instant the API takes must lie in, checked when the request comes (against
 * the API's clock, Date.now()). Whether a deadline must also be in the future stays with the rules
 * that say so today (the report's, the actions').
 * - Never before 2000-01-01T00:00:00Z: no deadline or plan of this system is older.
 * - A hazard's deadline (a report's or self-fix's dueAt, 交办's dueAt, a failed check's newDueAt,
 *   an extension's requestedDueAt, a CSV row's 整改期限): at most P1Y (a year) ahead. Rectification
 *   takes days to months (the sources' 限期整改); a year covers the longest, and a typo such as
 *   9999-12-31 (whose escalation would never fire) is refused.
 * - A campaign's plan (its phases' startAt/endAt, an obligation's dueAt, a recurrence's until, a
 *   preset's startDate or startAt): at most P5Y ahead. A campaign is planned for a school year or a
 *   few; a preset's own span (up to about two years) comes on top of its start.
 */
export const INSTANT_WINDOW = {
  earliest: '2000-01-01T00:00:00Z',
  hazardDeadlineAhead: 'P1Y',
  campaignPlanAhead: 'P5Y',
} as const;
const EARLIEST_MS = Date.parse(INSTANT_WINDOW.earliest);
/** How far `ahead` reaches from now: as a duration's length counts it (P1Y = 365 days). */
const latestMs = (ahead: string) => Date.now() + durationMs(ahead);

const ISO_INSTANT_MESSAGE = 'must be an ISO-8601 instant such as 2026-12-01T18:00:00+08:00';
const windowed = <S extends z.ZodString | z.ZodISODateTime | z.ZodISODate>(schema: S, toMs: (s: string) => number, ahead: string) =>
  schema
    .refine((s) => Number.isFinite(toMs(s)), { message: ISO_INSTANT_MESSAGE, ...onlyIfValid })
    .refine((s) => toMs(s) >= EARLIEST_MS, { message: `must not be before ${INSTANT_WINDOW.earliest.slice(0, 10)}`, ...onlyIfValid })
    .refine((s) => toMs(s) <= latestMs(ahead), { message: `must not be more than ${ahead} ahead (${describeAhead(ahead)})`, ...onlyIfValid });
const describeAhead = (ahead: string) => (({ P1Y: 'one year', P5Y: 'five years' }) as Record<string, string>)[ahead] ?? ahead;

/** An ISO-8601 instant with its offset, within the campaign plan's window (INSTANT_WINDOW). */
export const instant = windowed(z.iso.datetime({ offset: true, message: ISO_INSTANT_MESSAGE }), Date.parse, INSTANT_WINDOW.campaignPlanAhead);
/** A hazard's deadline: an ISO-8601 instant with its offset, at most INSTANT_WINDOW.hazardDeadlineAhead ahead. */
export const deadline = windowed(z.iso.datetime({ offset: true, message: ISO_INSTANT_MESSAGE }), Date.parse, INSTANT_WINDOW.hazardDeadlineAhead);
/** A calendar date (a campaign's first day), within the campaign plan's window; read at 00:00 UTC. */
export const localDate = windowed(z.iso.date({ message: 'must be a date YYYY-MM-DD' }), (s) => Date.parse(`${s}T00:00:00Z`), INSTANT_WINDOW.campaignPlanAhead);

// ---------------------------------------------------------------------------------------------
// Durations

/**
 * The least and most an ISO-8601 duration of a policy may be, as its length counts from
 * 2001-01-01 (common/iso-duration.ts: P1Y = 365 days, P1M = 31 days):
 * - every duration at least PT1S;
 * - the ladder's and campaign's periods (overdueGrace, governmentDeadline, lookBackAfter,
 *   rectificationPeriod, rectificationOrderPeriod; the configuration's) at most P1Y;
 * - a reminder before a deadline (reminderOffsets) at most P90D;
 * - a compressed preset's day (dayLength, for demonstrations) between PT0.1S and P1D.
 * A duration shiftByDuration cannot compute (P999999999Y) is no duration at all.
 */
export const DURATION_BOUNDS = {
  min: 'PT1S',
  max: 'P1Y',
  reminderMax: 'P90D',
  dayLengthMin: 'PT0.1S',
  dayLengthMax: 'P1D',
} as const;

const ISO_DURATION_MESSAGE = 'must be an ISO-8601 duration such as P3D or PT30S';
/** An ISO-8601 duration between `min` and `max` (inclusive). */
export const boundedDuration = (min: string, max: string) =>
  z
    .string()
    .max(40, ISO_DURATION_MESSAGE)
    .refine((s) => s === s.trim() && parseIsoDuration(s) !== undefined, { message: ISO_DURATION_MESSAGE, ...onlyIfValid })
    .refine((s) => !(durationMs(s) < durationMs(min)), { message: `must be at least ${min}`, ...onlyIfValid })
    // durationMs is NaN for a duration shiftByDuration cannot compute (P999999999Y): beyond any ceiling.
    .refine((s) => isIsoDuration(s) && durationMs(s) <= durationMs(max), { message: `must be at most ${max}`, ...onlyIfValid });
/** An ISO-8601 duration (P3D, PT30S) of a policy: PT1S to P1Y. */
export const duration = boundedDuration(DURATION_BOUNDS.min, DURATION_BOUNDS.max);
/** How long before a deadline a reminder comes: PT1S to P90D. */
export const reminderOffset = boundedDuration(DURATION_BOUNDS.min, DURATION_BOUNDS.reminderMax);
/** A compressed preset's day: PT0.1S to P1D. */
export const dayLength = boundedDuration(DURATION_BOUNDS.dayLengthMin, DURATION_BOUNDS.dayLengthMax);
