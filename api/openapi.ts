// The OpenAPI 3.1 document, generated from the same zod schemas that validate the requests
// (never written twice), and a browsable page of it. Served at /api/docs.
import { z } from 'zod';
import { CAMPAIGN_ACTIONS } from '../domain/campaign/actions';
import { newCampaignSchema, statisticsQuery } from './campaign-schemas';
import { sessionLinkSchema, sessionLoginSchema } from './sessions';
import { invitationAcceptSchema, invitationSchema, invitationTokenSchema } from './invitations';
import { uploadQuerySchema } from './uploads';
import { channelListQuery, directoryListQuery, rosterQuery, unitChannelSchema } from './directory-routes';
import { departmentSchema, jurisdictionSchema, schoolSchema } from '../domain/directory';
import { schoolRecordSchema } from '../domain/school-record';
import { hazardViewSchema, timelineRungSchema, workItemSchema } from '../common/views';
import { HAZARD_ACTIONS, HAZARD_ACTION_KEYS } from '../domain/hazard/actions';
import { hazardListQuerySchema, newHazardSchema } from './hazard-schemas';

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** No authentication (the sign-in routes). */
  public?: boolean;
  /** multipart/form-data request (a photo). */
  multipart?: boolean;
  path: string;
  summary: string;
  roles: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  created?: boolean;
  /** Answered 202: accepted, carried on by a workflow (a job to follow). */
  accepted?: boolean;
  /** The request or response body is CSV. */
  csv?: 'request' | 'response';
  /** The request body is a file of this type (an Excel workbook). */
  upload?: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  /** The answer is a file of this type (a PDF, an Excel workbook). */
  file?: 'application/pdf' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  /** The answer's JSON schema, where the API has one (common/views.ts). */
  response?: z.ZodType;
}

/** A campaign action's operation, from its entry in the action table. */
const campaignAction = (d: { path: string; summary: string; rolesNote: string; schema?: z.ZodType }): Operation => ({
  method: 'post',
  path: `/api/campaigns/{id}/${d.path}`,
  summary: d.summary,
  roles: d.rolesNote,
  ...(d.schema ? { body: d.schema } : {}),
  created: true,
});

const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/api/hazards',
    summary: '上报 Report a hazard (idempotent by id or Idempotency-Key); answered with its 编号 (`number`, its running number in its campaign) given once',
    roles: 'school (its own), bureau, lead, inspector',
    body: newHazardSchema,
    created: true,
    response: hazardViewSchema,
  },
  {
    method: 'get',
    path: '/api/hazards',
    summary: 'List hazards (台账)',
    roles: 'all, scoped',
    query: hazardListQuerySchema,
    response: z.object({ items: z.array(hazardViewSchema), total: z.number(), limit: z.number(), offset: z.number() }),
  },
  {
    method: 'get',
    path: '/api/hazards/{id}',
    summary: 'A hazard with its history and `actions`: what this viewer may do now (from the action table)',
    roles: 'all, scoped',
    response: hazardViewSchema,
  },
  // The hazard's actions, from the action table: path, summary, roles and request schema.
  ...HAZARD_ACTION_KEYS.map((key): Operation => {
    const def = HAZARD_ACTIONS[key];
    return { method: 'post', path: `/api/hazards/{id}/${def.path}`, summary: def.summary, roles: def.rolesNote ?? def.roles.join(', '), body: def.schema, response: hazardViewSchema };
  }),
  {
    method: 'get',
    path: '/api/hazards/{id}/timeline',
    summary: 'The deadline ladder as a timeline: rungs fired (from the history) and to come (planned from the policy and deadline)',
    roles: 'all, scoped',
    response: z.object({ hazardId: z.string(), rungs: z.array(timelineRungSchema) }),
  },
  {
    method: 'post',
    path: '/api/session',
    summary: 'Sign in with an account (web app): sets the httpOnly session cookie, returns the CSRF token; 5 failures in 15 minutes lock the account',
    roles: 'anyone',
    body: sessionLoginSchema,
    public: true,
  },
  {
    method: 'post',
    path: '/api/session/link',
    summary: "Sign in with a mail link's token: a session as the addressed unit, limited to the link's item (400 tampered, 410 expired or revoked)",
    roles: 'anyone',
    body: sessionLinkSchema,
    public: true,
  },
  { method: 'delete', path: '/api/session', summary: 'Sign out (X-CSRF-Token)', roles: 'a session' },
  {
    method: 'post',
    path: '/api/invitations',
    summary:
      'Invite a person to an account (开通邀请): a mail with a link that sets the password once within 7 days; a new invitation to the same address voids the open ones (403 when the role may not invite that role: domain/accounts.ts; 409 when the address has an account)',
    roles: 'lead (any role), bureau (schools)',
    body: invitationSchema,
    created: true,
  },
  { method: 'get', path: '/api/invitations', summary: 'The invitations of the roles one may invite, newest first: pending, accepted, expired or revoked', roles: 'lead, bureau' },
  {
    method: 'post',
    path: '/api/invitation',
    summary: 'The invitation page: what the link (its token) invites to (404 unknown; 410 expired, used or revoked)',
    roles: 'anyone',
    body: invitationTokenSchema,
    public: true,
  },
  {
    method: 'post',
    path: '/api/invitation/accept',
    summary: 'The invitation page: set the password, creating the account (once; 410 expired, used or revoked)',
    roles: 'anyone',
    body: invitationAcceptSchema,
    public: true,
    created: true,
  },
  { method: 'get', path: '/api/me', summary: 'Who is signed in: role, unit and its name, how (account, link, API key), the CSRF token of a session', roles: 'all' },
  {
    method: 'get',
    path: '/api/me/work',
    summary:
      '工作台: what is due from me now — hazards to rectify, assignments, extensions and verifications to decide, look-backs, listed supervision, report periods, the self-inspection — overdue first, then by deadline',
    roles: 'all',
    response: z.object({ items: z.array(workItemSchema), total: z.number() }),
  },
  {
    method: 'post',
    path: '/api/uploads',
    summary: 'Upload a photo (multipart field "photo": JPEG, PNG or WebP, at most UPLOAD_MAX_BYTES) for a hazard; returns its URL for evidence and a thumbnail URL',
    roles: 'those who may see the hazard',
    query: uploadQuerySchema,
    multipart: true,
    created: true,
  },
  { method: 'get', path: '/api/uploads/{id}', summary: 'An uploaded photo', roles: 'those who may see its hazard' },
  { method: 'get', path: '/api/uploads/{id}/thumbnail', summary: "An uploaded photo's thumbnail (320 px)", roles: 'those who may see its hazard' },
  { method: 'get', path: '/api/presets', summary: 'The plans of the source documents', roles: 'all' },
  { method: 'get', path: '/api/operations/stuck-steps', summary: '卡住的处理步骤: side effects parked after failing for good (unresolved)', roles: 'lead' },
  { method: 'post', path: '/api/operations/stuck-steps/{id}/retry', summary: 'Retry a stuck step after a fix: `done`, or parked again with the new `error`', roles: 'lead' },
  { method: 'post', path: '/api/campaigns', summary: 'Launch a campaign from a plan or a preset', roles: 'lead', body: newCampaignSchema, created: true },
  {
    method: 'post',
    path: '/api/campaigns/preview',
    summary: 'Preview a launch (same body as POST /api/campaigns): phases, obligations with due dates, participants; nothing written or started',
    roles: 'lead',
    body: newCampaignSchema,
  },
  { method: 'get', path: '/api/campaigns', summary: 'The campaigns, newest first: dates, open phases, hazards found and written off', roles: 'lead, bureau' },
  {
    method: 'get',
    path: '/api/campaigns/{id}/dashboard',
    summary: 'The campaign dashboard: phases, the numbers of /stats, counts over time (from the audit trail), the report grid (owner × period), the bulletin',
    roles: 'lead, bureau',
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}',
    summary: 'A campaign: phases, obligations, statistics, and `actions`: what this viewer may do on it now (报送 periods due, the self-inspection, 通报)',
    roles: 'all',
  },
  { method: 'get', path: '/api/campaigns/{id}/stats', summary: 'Statistics of the monthly report', roles: 'all' },
  campaignAction(CAMPAIGN_ACTIONS.report),
  campaignAction(CAMPAIGN_ACTIONS.selfInspection),
  {
    method: 'get',
    path: '/api/campaigns/{id}/hazards.csv',
    summary: "Export the campaign's hazards (UTF-8 with BOM, Chinese headers)",
    roles: 'all (a school its own hazards, a department those assigned to it as 牵头单位 or 配合单位)',
    csv: 'response',
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/hazards.xlsx',
    summary:
      "隐患排查整治台账 as Excel: the hazards.csv columns (Chinese headers on frozen rows, times and deadlines as dates in the campaign's zone), and a sheet 按学校汇总 with each school's counts and the 合计",
    roles: 'all (a school its own hazards, a department those assigned to it as 牵头单位 or 配合单位)',
    file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/hazards.csv',
    summary:
      '一校一表 Import hazard lists (text/csv: 学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料); any bad row refuses the file; a good one is imported by a workflow (202 with its progress and statusUrl; 200 for the same file again)',
    roles: 'school (its rows), bureau, lead',
    csv: 'request',
    accepted: true,
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/imports/{importId}',
    summary: 'The progress of a hazard list import: status (running, completed, failed), rows, processed, started, alreadyImported',
    roles: 'lead, bureau; the unit that uploaded it',
  },
  campaignAction(CAMPAIGN_ACTIONS.issueBulletin),
  {
    method: 'get',
    path: '/api/campaigns/{id}/bulletins/preview',
    summary: 'The next 通报 as it would be issued now (lead): its number, 文号, content, and whether it has news; nothing written',
    roles: 'lead',
  },
  { method: 'get', path: '/api/campaigns/{id}/bulletins', summary: 'The bulletins issued (at each report deadline, each phase closing, on demand), in order', roles: 'all' },
  {
    method: 'get',
    path: '/api/campaigns/{id}/bulletins/{no}.pdf',
    summary: 'A bulletin as an A4 PDF document (GB/T 9704 layout: 发文机关标志, 文号, 标题, 主送机关, 正文, 落款, 成文日期); the file its mail carries',
    roles: 'all',
    file: 'application/pdf',
  },
  { method: 'get', path: '/api/campaigns/{id}/bulletins/{no}.csv', summary: 'A bulletin as CSV (UTF-8 with BOM, Chinese headers)', roles: 'all', csv: 'response' },
  {
    method: 'get',
    path: '/api/campaigns/{id}/audit',
    summary: "留痕 The campaign's steps: launched, phases opened and closed, reports and self-inspections submitted, bulletins issued — who, when, what",
    roles: 'all',
  },
  { method: 'get', path: '/api/campaigns/{id}/bulletin.csv', summary: 'Export the bulletin (通报): units that missed deadlines', roles: 'all', csv: 'response' },
  {
    method: 'get',
    path: '/api/campaigns/{id}/statistics',
    summary:
      "统计报表 of a report period (?period=YYYY-MM, the campaign's zone), from the audit trail: per department, school, 乡镇（街道）, 学段, category and level — found, rectified, verified, overdue, escalated, open at the end, cumulative, closure rate — and each dimension's 合计 (totals); `targets`: each 工作目标's rate and the schools short of it (the dashboard's), over the schools of the reader's remit",
    roles: 'all',
    query: statisticsQuery,
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/statistics.csv',
    summary: 'The statistics table of a report period as CSV (?period=YYYY-MM); a campaign with targets adds the sections 工作目标完成情况 and 未达标学校',
    roles: 'all',
    csv: 'response',
    query: statisticsQuery,
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}/statistics.xlsx',
    summary:
      "统计报表 of a report period as Excel (?period=YYYY-MM or YYYY-MM-H1/-H2): the CSV's columns, each dimension's rows followed by its 合计, the period's first and last day as dates, rates as percentages; a unit reads the rows of its own hazards; a campaign with targets adds the sheets 工作目标 and 未达标学校",
    roles: 'all',
    query: statisticsQuery,
    file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  { method: 'get', path: '/api/jurisdictions', summary: 'Jurisdictions', roles: 'all' },
  { method: 'put', path: '/api/jurisdictions/{id}', summary: 'Create or edit a jurisdiction', roles: 'lead', body: jurisdictionSchema },
  { method: 'get', path: '/api/departments', summary: 'Member departments', roles: 'all', query: directoryListQuery },
  { method: 'put', path: '/api/departments/{id}', summary: 'Create or edit a department', roles: 'lead', body: departmentSchema },
  { method: 'get', path: '/api/schools', summary: 'Schools', roles: 'all', query: directoryListQuery },
  { method: 'put', path: '/api/schools/{id}', summary: 'Create or edit a school', roles: 'lead', body: schoolSchema },
  {
    method: 'get',
    path: '/api/schools/{id}/record',
    summary: '一校一档 of one school: `{ schoolId, name, kind, jurisdictionId, record, mayEdit }` — its record (null where 未填报) and whether the reader may edit it',
    roles: 'all',
  },
  {
    method: 'put',
    path: '/api/schools/{id}/record',
    summary:
      "一校一档: edit a school's record — 乡镇（街道）, 在校生数, 寄宿生数 (at most 在校生数), 专职保安员数, 护学岗, 校园警务室, 一键式紧急报警联网, 视频监控联网, 封闭化管理; each field may be left out (kept) or null (未填报)",
    roles: 'the school (its own), bureau, lead',
    body: schoolRecordSchema,
  },
  {
    method: 'post',
    path: '/api/schools/roster.csv',
    summary:
      '一校一档 from a roster (text/csv: 学校编号, and any of 学校名称, 学段, 乡镇（街道）, 在校生数, 寄宿生数, 专职保安员数, 护学岗, 校园警务室, 一键式紧急报警联网, 视频监控联网, 封闭化管理; 是/否; an empty cell keeps the fact): any bad row refuses the file, each row and field named; a good one answers its preview (each school before and after), written only with ?confirm=true',
    roles: 'bureau, lead',
    csv: 'request',
    query: rosterQuery,
  },
  {
    method: 'post',
    path: '/api/schools/roster.xlsx',
    summary: '一校一档 from a roster as an Excel workbook: the roster.csv columns on its first sheet; preview, or written with ?confirm=true',
    roles: 'bureau, lead',
    query: rosterQuery,
    upload: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  {
    method: 'get',
    path: '/api/schools/roster-template.csv',
    summary:
      "The roster's template (名册模板) as CSV: the columns roster.csv reads, Chinese headers, one row per school (?jurisdictionId=) with its 学段 and its record as it stands (是/否, empty where 未填报)",
    roles: 'bureau, lead',
    query: directoryListQuery,
    csv: 'response',
  },
  {
    method: 'get',
    path: '/api/schools/roster-template.xlsx',
    summary: "The roster's template as an Excel workbook: the same rows, the header frozen, 学段 and 是/否 as drop-down lists, and a sheet 填写说明 with each column's bounds",
    roles: 'bureau, lead',
    query: directoryListQuery,
    file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  {
    method: 'get',
    path: '/api/channels',
    summary: "通知渠道: the units' group robots (钉钉 with its 加签 secret, 企业微信) and mobiles; webhooks and secrets masked (last four characters)",
    roles: 'lead',
    query: channelListQuery,
  },
  {
    method: 'put',
    path: '/api/channels/{unitType}/{unitId}',
    summary: "Set a unit's channels (unitType school, department, government, lead_office); a webhook or secret left out is kept, null removes it",
    roles: 'lead',
    body: unitChannelSchema,
  },
];

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
const responseSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' });
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [
      ...[...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, s]) => ({ name, in: 'query', required: false, schema: schema(s as z.ZodType) })),
      ...(op.method === 'post' ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }] : []),
    ];
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      description: `Roles: ${op.roles}.`,
      parameters: params,
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body) } } } } : {}),
      ...(op.csv === 'request' ? { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } } } : {}),
      ...(op.upload ? { requestBody: { required: true, content: { [op.upload]: { schema: { type: 'string', format: 'binary' } } } } } : {}),
      ...(op.multipart
        ? {
            requestBody: {
              required: true,
              content: { 'multipart/form-data': { schema: { type: 'object', required: ['photo'], properties: { photo: { type: 'string', format: 'binary' } } } } },
            },
          }
        : {}),
      ...(op.public ? { security: [] } : {}),
      responses: {
        [op.created ? '201' : op.accepted ? '202' : '200']: {
          description: 'OK',
          content:
            op.csv === 'response'
              ? { 'text/csv': { schema: { type: 'string' } } }
              : op.file
                ? { [op.file]: { schema: { type: 'string', format: 'binary' } } }
                : { 'application/json': { schema: op.response ? responseSchema(op.response) : { type: 'object' } } },
        },
        ...(op.body || op.query || op.csv === 'request' || op.multipart || op.upload ? { 400: errorResponse('Invalid input: each offending field (or CSV row) with its reason') } : {}),
        401: errorResponse('Missing or unknown API key'),
        403: errorResponse('The role or unit may not do this'),
        ...(op.path.includes('{') ? { 404: errorResponse('Unknown id') } : {}),
        ...(op.method !== 'get' ? { 409: errorResponse('The current state does not allow it') } : {}),
        429: errorResponse('Over the limit per API key, or too many failed authentications from this address; Retry-After says when to come back'),
        503: errorResponse('The database or Temporal cannot be reached or did not answer in time; retry after Retry-After seconds'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '护校安园 campus-safety campaigns API',
      version: '1.0.0',
      description: 'Hazards, campaigns and the directory. Times are ISO-8601 instants, durations ISO-8601 durations.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'cs_session',
          description: "The web app's session (POST /api/session or /api/session/link); unsafe methods also need the X-CSRF-Token header",
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
        },
      },
    },
    paths,
  };
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page a person can read: every operation with its roles and its request schema. */
export function renderDocsPage(doc: ReturnType<typeof buildOpenApi>): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const o = op as { summary: string; description: string; requestBody?: { content: Record<string, { schema: unknown }> }; parameters: { name: string; in: string }[] };
      const [type, content] = Object.entries(o.requestBody?.content ?? {})[0] ?? [];
      const body = content ? `<p>Body (${escape(type)}):</p><pre>${escape(JSON.stringify(content.schema, null, 2))}</pre>` : '';
      const query = o.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      return `<details><summary><code>${method.toUpperCase()} ${escape(path)}</code> — ${escape(o.summary)}</summary><p>${escape(o.description)}${query.length ? ` Query: ${query.map(escape).join(', ')}.` : ''}</p>${body}</details>`;
    }),
  );
  return `<!doctype html><meta charset="utf-8"><title>${escape(doc.info.title)}</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}summary{cursor:pointer;padding:.3em 0}pre{background:#f4f4f4;padding:.5em;overflow:auto}</style><h1>${escape(doc.info.title)}</h1><p>${escape(doc.info.description)} Machine-readable: <a href="/api/docs/openapi.json">openapi.json</a>. Authorization: Bearer &lt;API key&gt;.</p>${ops.join('\n')}`;
}
