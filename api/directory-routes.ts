// The organisation directory (组织名录): jurisdictions, departments and schools. Readable by every
// role; created and edited by the lead. Notifications go to the addresses kept here, so every
// contact is validated as an email address.
import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { Database } from '../common/database';
import { invalidateDirectoryCache } from '../common/directory-cache';
import type { UnitChannels } from '../common/views';
import { actorOf } from './auth';
import { documentedRouter } from './route-registry';
import { badRequest, forbidden, notFound } from './errors';
import { parse } from './parse';
import { id, mobile, webhookWith } from '../common/schema-primitives';
import {
  BOARDERS_EXCEED_ENROLMENT,
  boardersExceedEnrolment,
  mayImportRoster,
  maySchoolRecordBeEditedBy,
  SCHOOL_RECORD_FIELDS,
  schoolRecordOf,
  schoolRecordSchema,
} from '../domain/school-record';
import { departmentSchema, jurisdictionSchema, schoolSchema } from '../domain/directory';
import { XLSX_TYPE } from './campaign-xlsx';
import { csvUnreadable } from './campaign-csv';
import { parseRoster, rosterCellsOfCsv, rosterCellsOfXlsx, rosterTemplateCells, rosterTemplateName, rosterTemplateXlsx, type RosterRow } from './school-roster';
import { toCsv } from '../common/csv';

/** The units that may have channels (docs/channels.md): schools, departments, a jurisdiction's government and lead office. */
export const CHANNEL_UNIT_TYPES = ['school', 'department', 'government', 'lead_office'] as const;

/**
 * A unit's channels. A webhook or secret left out is kept as stored (they are never shown back in
 * full, so a form cannot send them again); null removes it.
 */
export const unitChannelSchema = z
  .object({
    contactMobiles: z.array(mobile).max(20),
    leaderMobiles: z.array(mobile).max(5),
    dingtalkWebhook: webhookWith('access_token').nullable().optional(),
    /** The robot's 加签 secret, "SEC" and its characters as 钉钉 shows them. */
    dingtalkSecret: z
      .string()
      .regex(/^SEC[A-Za-z0-9]{8,128}$/, 'must be the 加签 secret as 钉钉 shows it (SEC…)')
      .nullable()
      .optional(),
    wecomWebhook: webhookWith('key').nullable().optional(),
  })
  .strict();

/** A secret shown back: its last four characters only. */
const masked = (s: string | null) => (s ? `••••${s.slice(-4)}` : null);
/** A webhook shown back: its address without the credential's value, but for its last four characters. */
function maskedWebhook(url: string | null, param: string): string | null {
  if (!url) return null;
  const u = new URL(url);
  return `${u.origin}${u.pathname}?${param}=${masked(u.searchParams.get(param) ?? '')}`;
}

/** A unit's channels as the API shows them: the mobiles, and the robots masked. */
export const channelView = (c: UnitChannels & { updatedAt?: Date }) => ({
  unitType: c.unitType,
  unitId: c.unitId,
  contactMobiles: c.contactMobiles,
  leaderMobiles: c.leaderMobiles,
  dingtalkWebhook: maskedWebhook(c.dingtalkWebhook, 'access_token'),
  dingtalkSecret: masked(c.dingtalkSecret),
  wecomWebhook: maskedWebhook(c.wecomWebhook, 'key'),
  updatedAt: c.updatedAt,
});

export const channelListQuery = z.object({ unitType: z.enum(CHANNEL_UNIT_TYPES).optional() }).strict();

/** ?confirm=true writes a roster; without it, the preview. */
export const rosterQuery = z.object({ confirm: z.enum(['true', 'false']).optional() }).strict();

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
  /** The entries a request's `?jurisdictionId=` asks for (all without it), by id. */
  const inJurisdiction = (query: unknown): { where: { jurisdictionId?: string }; orderBy: { id: 'asc' } } => {
    const q = parse(directoryListQuery, query, 'query');
    return { where: q.jurisdictionId ? { jurisdictionId: q.jurisdictionId } : {}, orderBy: { id: 'asc' } };
  };
  /** GET of a list: its entries in one jurisdiction or all. */
  const listed =
    (findMany: (q: ReturnType<typeof inJurisdiction>) => Promise<unknown[]>): RequestHandler =>
    async (req, res) => {
      const items = await findMany(inJurisdiction(req.query));
      res.json({ items, total: items.length });
    };
  /** The roster (名册) is the bureau's and the lead office's to import, and its template theirs to download (domain/school-record.ts). */
  const requireRosterImporter = (req: Parameters<RequestHandler>[0]): void => {
    if (!mayImportRoster(actorOf(req))) throw forbidden('only the bureau (教育局) and the lead office import a roster (名册); a school edits its own record');
  };

  router.get('/jurisdictions', async (_req, res) => {
    const items = await db.jurisdiction.findMany({ orderBy: { id: 'asc' } });
    res.json({ items, total: items.length });
  });
  router.put('/jurisdictions/:id', putEntry(jurisdictionSchema, db.jurisdiction));
  // The departments and the schools: listed by jurisdiction, each entry put within its jurisdiction's remit.
  const units: [string, RequestHandler, RequestHandler][] = [
    ['departments', listed((q) => db.department.findMany(q)), putEntry(departmentSchema, db.department, (d) => d.jurisdictionId)],
    ['schools', listed((q) => db.school.findMany(q)), putEntry(schoolSchema, db.school, (s) => s.jurisdictionId)],
  ];
  for (const [path, list, put] of units) {
    router.get(`/${path}`, list);
    router.put(`/${path}/:id`, put);
  }

  // The roster's template (名册模板): the columns the import reads, a row per school with its record as
  // it stands — for the bureau and the lead office, who import it.
  const templateCells = async (req: Parameters<RequestHandler>[0]) => {
    requireRosterImporter(req);
    return rosterTemplateCells(await db.school.findMany(inJurisdiction(req.query)));
  };
  router.get('/schools/roster-template.csv', async (req, res) => {
    const cells = await templateCells(req);
    res.type('text/csv; charset=utf-8').attachment(rosterTemplateName('csv')).send(toCsv(cells));
  });
  router.get('/schools/roster-template.xlsx', async (req, res) => {
    const cells = await templateCells(req);
    res
      .type(XLSX_TYPE)
      .attachment(rosterTemplateName('xlsx'))
      .send(await rosterTemplateXlsx(cells));
  });

  // 一校一档 of one school: its record, and whether the reader may edit it (the school its own, the bureau and the lead any).
  router.get('/schools/:id/record', async (req, res) => {
    const actor = actorOf(req);
    const schoolId = parse(id, req.params.id, 'params');
    const school = await db.school.findUnique({ where: { id: schoolId } });
    if (!school) throw notFound(`school ${schoolId} not found`);
    res.json({ schoolId, name: school.name, kind: school.kind, jurisdictionId: school.jurisdictionId, record: schoolRecordOf(school), mayEdit: maySchoolRecordBeEditedBy(actor, schoolId) });
  });

  // 一校一档: the school edits its own record, the bureau and the lead office any school's (domain/school-record.ts).
  router.put('/schools/:id/record', async (req, res) => {
    const actor = actorOf(req);
    const schoolId = parse(id, req.params.id, 'params');
    if (!maySchoolRecordBeEditedBy(actor, schoolId))
      throw forbidden(actor.role === 'school' ? 'a school edits its own record (一校一档) only' : `role ${actor.role} may not edit a school's record (一校一档)`);
    const body = parse(schoolRecordSchema, req.body);
    const school = await db.school.findUnique({ where: { id: schoolId } });
    if (!school) throw notFound(`school ${schoolId} not found`);
    // The edit with what is stored: 寄宿生数 is at most 在校生数 (domain/school-record.ts).
    if (boardersExceedEnrolment({ ...schoolRecordOf(school), ...body })) {
      throw badRequest(`invalid body: body.boarders ${BOARDERS_EXCEED_ENROLMENT}`, [{ field: 'body.boarders', reason: BOARDERS_EXCEED_ENROLMENT }]);
    }
    const row = await db.school.update({ where: { id: schoolId }, data: body });
    invalidateDirectoryCache();
    res.json(row);
  });

  /**
   * 一校一档 from a roster (CSV or Excel): read whole; any bad row refuses the file, each named (400,
   * nothing written); a good one answers its preview — each school's record before and after — and,
   * with ?confirm=true, is written at once (one transaction).
   */
  const importRoster =
    (cellsOf: (req: Parameters<RequestHandler>[0]) => Promise<string[][]>): RequestHandler =>
    async (req, res) => {
      requireRosterImporter(req);
      const { confirm } = parse(rosterQuery, req.query, 'query');
      const schools = await db.school.findMany();
      const byId = new Map(schools.map((s) => [s.id, s]));
      const { rows, problems } = parseRoster(await cellsOf(req), new Set(byId.keys()));
      if (problems.length) throw badRequest(`${problems.length} problem(s) in the roster; nothing was written`, problems.slice(0, 1000));
      const preview = rows.map((r: RosterRow) => {
        const s = byId.get(r.schoolId)!;
        const before = schoolRecordOf(s);
        const after = { ...before, ...r.record };
        if (boardersExceedEnrolment(after)) problems.push({ row: r.row, field: '寄宿生数', reason: `寄宿生数${after.boarders}多于在校生数${after.enrolment}` });
        const changed = SCHOOL_RECORD_FIELDS.filter((f) => before[f] !== after[f]);
        return { row: r.row, schoolId: r.schoolId, name: s.name, kind: r.kind ?? s.kind, kindBefore: s.kind, before, after, changed };
      });
      if (problems.length) throw badRequest(`${problems.length} problem(s) in the roster; nothing was written`, problems.slice(0, 1000));
      if (confirm === 'true') {
        await db.$transaction(rows.map((r) => db.school.update({ where: { id: r.schoolId }, data: { ...r.record, ...(r.kind ? { kind: r.kind } : {}) } })));
        invalidateDirectoryCache();
      }
      res.json({ written: confirm === 'true', rows: preview, total: preview.length });
    };
  router.post(
    '/schools/roster.csv',
    importRoster(async (req) => {
      if (typeof req.body !== 'string' || !req.is('text/csv')) throw badRequest('send the roster as text/csv (UTF-8, Chinese headers) or as .xlsx to /api/schools/roster.xlsx');
      try {
        return rosterCellsOfCsv(req.body);
      } catch (err) {
        // csv-parse refuses what is not CSV (an unclosed quote, a quote inside a bare cell): the sender's fault.
        throw badRequest('the roster is not CSV that can be read', [{ field: 'body', reason: csvUnreadable(err) }]);
      }
    }),
  );
  router.post(
    '/schools/roster.xlsx',
    importRoster(async (req) => {
      if (!Buffer.isBuffer(req.body) || !req.body.length) throw badRequest(`send the roster as ${XLSX_TYPE}`);
      try {
        return await rosterCellsOfXlsx(req.body);
      } catch {
        throw badRequest('the file is not an Excel workbook (.xlsx) that can be read', [{ field: 'body', reason: '不是可读取的Excel文件（.xlsx）' }]);
      }
    }),
  );

  // 通知渠道: a unit's group robots and its people's mobiles (docs/channels.md), lead only (they hold
  // phone numbers and credentials); shown back masked.
  router.get('/channels', async (req, res) => {
    lead(req);
    const q = parse(channelListQuery, req.query, 'query');
    const items = await db.unitChannel.findMany({ where: q.unitType ? { unitType: q.unitType } : {}, orderBy: [{ unitType: 'asc' }, { unitId: 'asc' }] });
    res.json({ items: items.map(channelView), total: items.length });
  });
  router.put('/channels/:unitType/:unitId', async (req, res) => {
    lead(req);
    const unitType = parse(z.enum(CHANNEL_UNIT_TYPES), req.params.unitType, 'params');
    const unitId = parse(id, req.params.unitId, 'params');
    const body = parse(unitChannelSchema, req.body);
    const unitExists =
      unitType === 'school'
        ? db.school.findUnique({ where: { id: unitId } })
        : unitType === 'department'
          ? db.department.findUnique({ where: { id: unitId } })
          : db.jurisdiction.findUnique({ where: { id: unitId } });
    if (!(await unitExists)) throw notFound(`${unitType === 'lead_office' || unitType === 'government' ? 'jurisdiction' : unitType} ${unitId} not found`);
    const key = { unitType_unitId: { unitType, unitId } };
    const existing = await db.unitChannel.findUnique({ where: key });
    const dingtalkWebhook = body.dingtalkWebhook === undefined ? (existing?.dingtalkWebhook ?? null) : body.dingtalkWebhook;
    const dingtalkSecret = body.dingtalkSecret === undefined ? (existing?.dingtalkSecret ?? null) : body.dingtalkSecret;
    if (dingtalkWebhook && !dingtalkSecret)
      throw badRequest('invalid body: body.dingtalkSecret a 钉钉 robot needs its 加签 secret', [{ field: 'body.dingtalkSecret', reason: 'a 钉钉 robot needs its 加签 secret' }]);
    const data = {
      contactMobiles: [...new Set(body.contactMobiles)],
      leaderMobiles: [...new Set(body.leaderMobiles)],
      dingtalkWebhook,
      dingtalkSecret: dingtalkWebhook ? dingtalkSecret : null,
      wecomWebhook: body.wecomWebhook === undefined ? (existing?.wecomWebhook ?? null) : body.wecomWebhook,
    };
    const row = await db.unitChannel.upsert({ where: key, create: { unitType, unitId, ...data }, update: data });
    invalidateDirectoryCache();
    res.status(existing ? 200 : 201).json(channelView(row));
  });

  return router;
}
