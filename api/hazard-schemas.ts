// Request schemas of the hazard endpoints (SPEC.md, API contract). Unknown fields are refused.
import { z } from 'zod';
import { HAZARD_CATEGORIES, HAZARD_LEVELS, HAZARD_STATUSES } from '../common/hazard';
import { duration, id, instant, text } from '../common/schema-primitives';
import { isTimeZone } from '../common/time';

export { id };
const evidence = z.array(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })).max(50);

export const policySchema = z
  .object({
    reminderOffsets: z.array(duration).max(10),
    overdueGrace: duration,
    governmentDeadline: duration,
    lookBackAfter: duration,
    rectificationPeriod: duration,
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  })
  .partial()
  .strict();

export const newHazardSchema = z
  .object({
    id: id.optional(),
    campaignId: id.optional(),
    schoolId: id,
    category: z.enum(HAZARD_CATEGORIES),
    level: z.enum(HAZARD_LEVELS),
    title: text(200),
    description: text(5000).optional(),
    location: text(500).optional(),
    evidence: evidence.optional(),
    selfFixable: z.boolean().optional(),
    dueAt: instant.optional(),
    policy: policySchema.optional(),
  })
  .strict();

/** 交办: to a department; without one, to the lead department (牵头单位) of the hazard's category. */
export const assignSchema = z.object({ departmentId: id.optional(), dueAt: instant, note: text(2000).optional() }).strict();
export const progressSchema = z.object({ note: text(5000) }).strict();
export const rectificationSchema = z.object({ note: text(5000), evidence: evidence.optional() }).strict();
export const verificationSchema = z
  .object({ passed: z.boolean(), note: text(2000).optional(), newDueAt: instant.optional() })
  .strict()
  .refine((v) => !(v.passed && v.newDueAt), { message: 'newDueAt applies only when verification fails', path: ['newDueAt'] });
export const extensionRequestSchema = z.object({ requestedDueAt: instant, reason: text(2000) }).strict();
export const extensionDecisionSchema = z.object({ approved: z.boolean(), note: text(2000).optional() }).strict();
export const escalationSchema = z.object({ reason: text(2000) }).strict();
export const withdrawSchema = z.object({ reason: text(2000) }).strict();
export const lookBackSchema = z
  .object({ passed: z.boolean(), note: text(2000).optional(), newDueAt: instant.optional() })
  .strict()
  .refine((v) => !(v.passed && v.newDueAt), { message: 'newDueAt applies only when the look-back fails', path: ['newDueAt'] });

export const hazardListQuerySchema = z
  .object({
    campaignId: id.optional(),
    departmentId: id.optional(),
    schoolId: id.optional(),
    status: z.enum(HAZARD_STATUSES).optional(),
    level: z.enum(HAZARD_LEVELS).optional(),
    /** The task area: the hazard's category. */
    category: z.enum(HAZARD_CATEGORIES).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    /** Under 挂牌督办 (listed supervision) or not. */
    listedSupervision: z.enum(['true', 'false']).optional(),
    /** Escalated beyond the supervising leader: to the bureau (2) or the local government (3). */
    escalated: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export const idempotencyKeySchema = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII');
