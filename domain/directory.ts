// The organisation directory's entries (组织名录): a jurisdiction with its government and lead office,
// a department, a school, as PUT /api/{jurisdictions,departments,schools}/:id takes them. One schema
// each, for the API's validation and OpenAPI (api/directory-routes.ts, api/openapi.ts) and the web's
// edit forms (web/src/pages/DirectoryPage.tsx). Notifications go to the addresses kept here, so every
// contact is validated as an e-mail address.
import { z } from 'zod';
import { SCHOOL_KINDS } from '../common/hazard';
import { email, id, line } from '../common/schema-primitives';

/** A name (a jurisdiction's, a department's, a school's, a contact's): one line of at most 200 characters PostgreSQL can store. */
const name = line(200);

export const jurisdictionSchema = z
  .object({
    name,
    level: z.enum(['city', 'district', 'street']),
    parentId: id.nullable().optional(),
    governmentName: name,
    governmentContactName: name,
    governmentEmail: email,
    leadOfficeName: name,
    leadOfficeEmail: email,
    educationBureauId: id.nullable().optional(),
  })
  .strict();

export const departmentSchema = z
  .object({
    jurisdictionId: id,
    name,
    kind: z.string().regex(/^[a-z_]{2,40}$/, 'lowercase letters and _'),
    contactName: name,
    contactEmails: z.array(email).min(1).max(20),
    leaderName: name,
    leaderEmail: email,
  })
  .strict();

export const schoolSchema = z
  .object({
    jurisdictionId: id,
    name,
    kind: z.enum(SCHOOL_KINDS),
    principalName: name,
    principalEmail: email,
    safetyOfficerName: name.nullable().optional(),
    safetyOfficerEmail: email.nullable().optional(),
  })
  .strict();

export type JurisdictionEntry = z.infer<typeof jurisdictionSchema>;
export type DepartmentEntry = z.infer<typeof departmentSchema>;
export type SchoolEntry = z.infer<typeof schoolSchema>;

/**
 * The entry an edit form sends: what is stored, with the fields the form edits in their place, and
 * nothing the entry's schema does not take (the stored row's id, its record's other fields).
 */
export function entryOf(schema: z.ZodObject, stored: object, edited: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored, ...edited };
  return Object.fromEntries(Object.keys(schema.shape).flatMap((k) => (merged[k] === undefined ? [] : [[k, merged[k]]])));
}
