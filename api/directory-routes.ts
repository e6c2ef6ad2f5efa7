// The organisation directory (组织名录): jurisdictions, departments and schools. Readable by every
// role; created and edited by the lead. Notifications go to the addresses kept here, so every
// contact is validated as an email address.
import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { Database } from '../common/database';
import { invalidateDirectoryCache } from '../common/directory-cache';
import { SCHOOL_KINDS } from '../common/hazard';
import { actorOf } from './auth';
import { documentedRouter } from './route-registry';
import { forbidden, notFound } from './errors';
import { parse } from './parse';
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

export const directoryListQuery = z.object({ jurisdictionId: id.optional() }).strict();

/** What a PUT of the directory needs of a table (jurisdictions, departments, schools). */
interface DirectoryTable<T> {
  findUnique(args: { where: { id: string } }): PromiseLike<unknown>;
  upsert(args: { where: { id: string }; create: T & { id: string }; update: T }): PromiseLike<unknown>;
}

export function directoryRoutes(db: Database): Router {
  const router = documentedRouter('/api');
  const lead = (req: Parameters<typeof actorOf>[0]) => {
    if (actorOf(req).role !== 'lead') throw forbidden('only the lead (领导小组办公室) edits the directory');
  };
  const jurisdictionExists = async (jurisdictionId: string) => {
    if (!(await db.jurisdiction.findUnique({ where: { id: jurisdictionId } }))) throw notFound(`jurisdiction ${jurisdictionId} not found`);
  };
  /**
   * PUT of one entry, by the lead: the body as `schema` has it, in a jurisdiction that exists
   * where it names one; created (201) or replaced (200), and this process's next mail uses it.
   */
  const putEntry =
    <T extends object>(schema: z.ZodType<T>, table: DirectoryTable<T>, inJurisdiction?: (body: T) => string): RequestHandler =>
    async (req, res) => {
      lead(req);
      const entryId = parse(id, req.params.id, 'params');
      const body = parse(schema, req.body);
      if (inJurisdiction) await jurisdictionExists(inJurisdiction(body));
      const existed = !!(await table.findUnique({ where: { id: entryId } }));
      const row = await table.upsert({ where: { id: entryId }, create: { id: entryId, ...body }, update: body });
      invalidateDirectoryCache();
      res.status(existed ? 200 : 201).json(row);
    };
  /** The entries of a list, in one jurisdiction (`?jurisdictionId=`) or all, by id. */
  const listQuery = (query: unknown) => {
    const q = parse(directoryListQuery, query, 'query');
    return { where: q.jurisdictionId ? { jurisdictionId: q.jurisdictionId } : {}, orderBy: { id: 'asc' as const } };
  };

  router.get('/jurisdictions', async (_req, res) => {
    const items = await db.jurisdiction.findMany({ orderBy: { id: 'asc' } });
    res.json({ items, total: items.length });
  });
  router.put('/jurisdictions/:id', putEntry(jurisdictionSchema, db.jurisdiction));

  router.get('/departments', async (req, res) => {
    const items = await db.department.findMany(listQuery(req.query));
    res.json({ items, total: items.length });
  });
  router.put('/departments/:id', putEntry(departmentSchema, db.department, (d) => d.jurisdictionId));

  router.get('/schools', async (req, res) => {
    const items = await db.school.findMany(listQuery(req.query));
    res.json({ items, total: items.length });
  });
  router.put('/schools/:id', putEntry(schoolSchema, db.school, (s) => s.jurisdictionId));

  return router;
}
