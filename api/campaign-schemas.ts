// Request schemas of the campaign endpoints (SPEC.md, API contract).
import { z } from 'zod';
import { PHASE_KEYS } from '../common/campaign';
import { SCHOOL_KINDS } from '../common/hazard';
import { campaignTargetsSchema } from '../domain/campaign/targets';
import { dayLength, duration, id, instant, localDate, reminderOffset, text, timeZone } from '../common/schema-primitives';
import { policySchema as hazardPolicySchema } from '../domain/hazard/schemas';
const dayOfMonth = z.number().int().min(1).max(31);

export const recurrenceSchema = z
  .object({
    dayOfMonth: dayOfMonth.optional(),
    daysOfMonth: z.array(dayOfMonth).min(1).max(31).optional(),
    until: instant,
    time: z
      .string()
      .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:mm (24:00: the end of the day)')
      .optional(),
  })
  .strict()
  .refine((r) => (r.dayOfMonth === undefined) !== (r.daysOfMonth === undefined), { message: 'give dayOfMonth or daysOfMonth', path: ['dayOfMonth'] });

export const planSchema = z
  .object({
    phases: z
      .array(
        z
          .object({
            key: z.enum(PHASE_KEYS),
            startAt: instant,
            endAt: instant,
            asks: text(1000).optional(),
            closing: z.enum(['escalate_to_bureau', 'listed_supervision', 'blacklist', 'none']).optional(),
          })
          .strict()
          .refine((p) => Date.parse(p.startAt) < Date.parse(p.endAt), { message: 'endAt must be after startAt', path: ['endAt'] }),
      )
      .min(1)
      .max(5)
      .refine((ps) => new Set(ps.map((p) => p.key)).size === ps.length, 'each phase once'),
    obligations: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z0-9_]{1,64}$/, 'lowercase letters, digits and _'),
            title: text(200),
            ownerIds: z.array(id).min(1).max(2000),
            addressee: z
              .object({ name: text(100), unitIds: z.array(id).min(1).max(50) })
              .strict()
              .optional(),
            dueAt: instant.optional(),
            recurrence: recurrenceSchema.optional(),
          })
          .strict()
          .refine((o) => (o.dueAt === undefined) !== (o.recurrence === undefined), { message: 'give dueAt or recurrence', path: ['dueAt'] }),
      )
      .max(50)
      .refine((os) => new Set(os.map((o) => o.key)).size === os.length, 'obligation keys must be unique'),
  })
  .strict();

export const presetChoiceSchema = z.union([
  id,
  z
    .object({
      id,
      /** The campaign's first day: every date of the preset moves by the same number of days. */
      startDate: localDate.optional(),
      /** A compressed timeline: the preset's first day starts at startAt and each day lasts dayLength. */
      startAt: instant.optional(),
      dayLength: dayLength.optional(),
    })
    .strict()
    .refine((p) => (p.startAt === undefined) === (p.dayLength === undefined), { message: 'startAt and dayLength go together', path: ['dayLength'] })
    .refine((p) => !(p.startDate && p.startAt), { message: 'give startDate or startAt, not both', path: ['startDate'] }),
]);

export const policySchema = z
  .object({
    reminderOffsets: z.array(reminderOffset).max(10),
    overdueGrace: duration,
    /** The campaign's time zone (IANA). */
    timeZone,
    /** "N日前": inclusive (due 24:00 of the Nth) or exclusive (due when the Nth begins). */
    deadlineReading: z.enum(['inclusive', 'exclusive']),
    /** The ladder of the campaign's hazards, unless a hazard overrides it. */
    hazard: hazardPolicySchema.omit({ timeZone: true }),
    /** 责令限期整改: how long a unit on a bulletin's 黑榜 has to rectify and report. */
    rectificationOrderPeriod: duration,
  })
  .partial()
  .strict();

/** Who takes part (absent: every school and member department of the jurisdiction). */
export const participantsSchema = z
  .object({
    schools: z
      .union([
        z.object({ all: z.literal(true) }).strict(),
        z.object({ kinds: z.array(z.enum(SCHOOL_KINDS)).min(1).max(SCHOOL_KINDS.length) }).strict(),
        z.object({ ids: z.array(id).min(1).max(5000) }).strict(),
      ])
      .optional(),
    departmentIds: z.array(id).max(500).optional(),
  })
  .strict();

export const newCampaignSchema = z
  .object({
    id: id.optional(),
    name: text(200),
    jurisdictionId: id,
    preset: presetChoiceSchema.optional(),
    plan: planSchema.optional(),
    policy: policySchema.optional(),
    participants: participantsSchema.optional(),
    /** 工作目标 over the schools' records (domain/campaign/targets.ts); a preset's own when left out, none with [] . */
    targets: campaignTargetsSchema.optional(),
  })
  .strict()
  .refine((c) => (c.preset === undefined) !== (c.plan === undefined), { message: 'give a preset or a plan', path: ['plan'] });

export { reportSchema, selfInspectionSchema } from '../domain/campaign/schemas';

export type NewCampaignBody = z.infer<typeof newCampaignSchema>;

/** A bulletin's number in a path. */
export const bulletinNoSchema = z.coerce.number().int().min(1).max(100000);

/** ?period= of a 统计报表: a month YYYY-MM or a half month YYYY-MM-H1 / -H2 (in the campaign's zone). */
export const statisticsQuery = z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-H[12])?$/, 'must be a month YYYY-MM or a half month YYYY-MM-H1 / YYYY-MM-H2') }).strict();
