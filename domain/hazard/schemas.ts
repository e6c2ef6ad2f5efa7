// The request bodies of the hazard actions (SPEC.md, API contract), as zod schemas: the API parses
// with them, the OpenAPI document is generated from them and the web app's forms check with them.
// Unknown fields are refused.
import { z } from 'zod';
import { HAZARD_CATEGORIES, HAZARD_LEVELS, HAZARD_ORIGINS } from '../../common/hazard';
import { deadline, duration, httpUrl, id, line, mobile, reminderOffset, text, timeZone } from '../../common/schema-primitives';

export const evidenceSchema = z.array(httpUrl).max(50);

/** A person named at 交办 (整改责任人, 督办责任人): a name, optionally a mobile. */
export const responsiblePersonSchema = z.object({ name: line(50), mobile: mobile.optional() }).strict();

/**
 * 交办: to a department (the lead unit, 牵头单位); without one, the API picks the participant whose
 * task area covers the hazard's category (domain/hazard/routing.ts). Optionally the co-operating
 * units (配合单位) and the two persons of 平湖's "逐一落实": all optional for the API's clients.
 */
export const assignSchema = z
  .object({
    departmentId: id.optional(),
    cooperatingDepartmentIds: z
      .array(id)
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'must not name a unit twice' })
      .optional(),
    rectificationOwner: responsiblePersonSchema.optional(),
    supervisionOwner: responsiblePersonSchema.optional(),
    dueAt: deadline,
    note: text(2000).optional(),
  })
  .strict()
  .refine((v) => !v.departmentId || !v.cooperatingDepartmentIds?.includes(v.departmentId), {
    message: 'the lead unit (departmentId) is not also a co-operating unit',
    path: ['cooperatingDepartmentIds'],
  });
export const progressSchema = z.object({ note: text(5000) }).strict();
/** 签收: nothing to say but the tap; a note is optional. */
export const acknowledgeSchema = z.object({ note: text(500).optional() }).strict();
export const rectificationSchema = z.object({ note: text(5000), evidence: evidenceSchema.optional() }).strict();
/** 登记销号: a school's own general hazard, fixed and registered with its photos (at least one). */
export const selfFixRegistrationSchema = z.object({ note: text(5000), evidence: evidenceSchema.min(1, 'at least one photo of the rectification') }).strict();

/** 验收 and 回头看: a failed check says why (the unit's mail carries it); a new deadline only when it fails. */
const checkResult = (what: string) =>
  z
    .object({ passed: z.boolean(), note: text(2000).optional(), newDueAt: deadline.optional() })
    .strict()
    .refine((v) => !(v.passed && v.newDueAt), { message: `newDueAt applies only when the ${what} fails`, path: ['newDueAt'] })
    .refine((v) => v.passed || v.note !== undefined, { message: `a failed ${what} must give its reason`, path: ['note'] });
export const verificationSchema = checkResult('verification');
export const lookBackSchema = checkResult('look-back');
/** 抽查: the bureau's spot check of a hazard a school closed itself. */
export const spotCheckSchema = checkResult('spot check');

export const extensionRequestSchema = z.object({ requestedDueAt: deadline, reason: text(2000) }).strict();
export const extensionDecisionSchema = z.object({ approved: z.boolean(), note: text(2000).optional() }).strict();
export const escalationSchema = z.object({ reason: text(2000) }).strict();
export const withdrawSchema = z.object({ reason: text(2000) }).strict();

/** A lead's override of the deadline policy: each duration within its bounds (common/schema-primitives.ts, DURATION_BOUNDS). */
export const policySchema = z
  .object({
    reminderOffsets: z.array(reminderOffset).max(10),
    overdueGrace: duration,
    governmentDeadline: duration,
    lookBackAfter: duration,
    rectificationPeriod: duration,
    timeZone,
  })
  .partial()
  .strict();

/** 上报: a hazard as reported. */
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
    evidence: evidenceSchema.optional(),
    selfFixable: z.boolean().optional(),
    dueAt: deadline.optional(),
    /** How it was found (default by who reports: a school 自查, a department 抽查暗访, an office or inspector 督导检查). */
    origin: z.enum(HAZARD_ORIGINS).optional(),
    policy: policySchema.optional(),
  })
  .strict();
