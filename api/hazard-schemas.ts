// Request schemas of the hazard endpoints (SPEC.md, API contract): the report and the list; the
// actions' are the action table's (domain/hazard/schemas.ts). Unknown fields are refused.
import { z } from 'zod';
import { HAZARD_CATEGORIES, HAZARD_LEVELS, HAZARD_STATUSES } from '../common/hazard';
import { duration, id, instant, text } from '../common/schema-primitives';
import { isTimeZone } from '../common/time';
import { evidenceSchema as evidence } from '../domain/hazard/schemas';

export { id };

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
