// Request schemas of the hazard list (SPEC.md, API contract); the report's and the actions' are
// the domain's (domain/hazard/schemas.ts). Unknown fields are refused.
import { z } from 'zod';
import { HAZARD_CATEGORIES, HAZARD_LEVELS, HAZARD_STATUSES } from '../common/hazard';
import { id } from '../common/schema-primitives';

export { id };
export { newHazardSchema, policySchema } from '../domain/hazard/schemas';

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

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII');
