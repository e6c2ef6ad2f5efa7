// The organisation directory (组织名录): jurisdictions, departments and schools. Readable by every
// role; created and edited by the lead. Notifications go to the addresses kept here, so every
// contact is validated as an email address.
import type { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../common/database';
import { invalidateDirectoryCache } from '../common/directory-cache';
import { SCHOOL_KINDS } from '../common/hazard';
import { actorOf } from './auth';
import { documentedRouter } from './route-registry';
import { forbidden, notFound } from './errors';
import { parse } from './hazard-routes';
import { id } from './hazard-schemas';

const email = z.email({ message: 'must be an email address' });
const name = z.string().trim().min(1, 'must not be empty').max(200);

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

export function directoryRoutes(db: Database): Router {
  const router = documentedRouter('/api');
  const lead = (req: Parameters<typeof actorOf>[0]) => {
    if (actorOf(req).role !== 'lead') throw forbidden('only the lead (领导小组办公室) edits the directory');
  };
  const jurisdictionExists = async (jurisdictionId: string) => {
    if (!(await db.jurisdiction.findUnique({ where: { id: jurisdictionId } }))) throw notFound(`jurisdiction ${jurisdictionId} not found`);
  };

  router.get('/jurisdictions', async (_req, res) => {
    const items = await db.jurisdiction.findMany({ orderBy: { id: 'asc' } });
    res.json({ items, total: items.length });
  });
  router.put('/jurisdictions/:id', async (req, res) => {
    lead(req);
    const jid = parse(id, req.params.id, 'params');
    const body = parse(jurisdictionSchema, req.body);
    const existed = !!(await db.jurisdiction.findUnique({ where: { id: jid } }));
    const row = await db.jurisdiction.upsert({ where: { id: jid }, create: { id: jid, ...body }, update: body });
    invalidateDirectoryCache(); // the next mail of this process uses the edit
    res.status(existed ? 200 : 201).json(row);
  });

  router.get('/departments', async (req, res) => {
    const q = parse(directoryListQuery, req.query, 'query');
    const items = await db.department.findMany({ where: q.jurisdictionId ? { jurisdictionId: q.jurisdictionId } : {}, orderBy: { id: 'asc' } });
    res.json({ items, total: items.length });
  });
  router.put('/departments/:id', async (req, res) => {
    lead(req);
    const did = parse(id, req.params.id, 'params');
    const body = parse(departmentSchema, req.body);
    await jurisdictionExists(body.jurisdictionId);
    const existed = !!(await db.department.findUnique({ where: { id: did } }));
    const row = await db.department.upsert({ where: { id: did }, create: { id: did, ...body }, update: body });
    invalidateDirectoryCache(); // the next mail of this process uses the edit
    res.status(existed ? 200 : 201).json(row);
  });

  router.get('/schools', async (req, res) => {
    const q = parse(directoryListQuery, req.query, 'query');
    const items = await db.school.findMany({ where: q.jurisdictionId ? { jurisdictionId: q.jurisdictionId } : {}, orderBy: { id: 'asc' } });
    res.json({ items, total: items.length });
  });
  router.put('/schools/:id', async (req, res) => {
    lead(req);
    const sid = parse(id, req.params.id, 'params');
    const body = parse(schoolSchema, req.body);
    await jurisdictionExists(body.jurisdictionId);
    const existed = !!(await db.school.findUnique({ where: { id: sid } }));
    const row = await db.school.upsert({ where: { id: sid }, create: { id: sid, ...body }, update: body });
    invalidateDirectoryCache(); // the next mail of this process uses the edit
    res.status(existed ? 200 : 201).json(row);
  });

  return router;
}
