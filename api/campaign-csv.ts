// CSV with Chinese headers: a campaign's hazards (export and bulk import, 一校一表) and its
// bulletin (通报). Exports open correctly in Excel (UTF-8 with a byte-order mark). An import is
// read as UTF-8 (with or without its byte-order mark) or, when it is not, as GBK/GB18030 (what
// Excel in Chinese saves as "CSV (逗号分隔)"); a file that is neither is refused, asking for "CSV UTF-8".
import { UNIT_TYPE_LABELS } from '../common/event-labels';
import { campaignUnitNames } from '../common/unit-names';
import { parse as parseCsv } from 'csv-parse/sync';
import type { RequestHandler } from 'express';
import { badRequest } from './errors';
import type { Database } from '../common/database';
import { DEFAULT_TIME_ZONE, formatDeadline, formatInstant, zonedInstant } from '../common/time';

/** The end of a local date (24:00, the next day's 00:00) in the zone; a date that is not one is left to the schema. */
const endOfLocalDay = (date: string, timeZone: string): string => {
  try {
    return zonedInstant(date, '24:00', timeZone);
  } catch {
    return date;
  }
};
import { HAZARD_CATEGORIES, HAZARD_CATEGORY_LABELS, HAZARD_LEVEL_LABELS, HAZARD_STATUS_LABELS, personLabel, type HazardCategory, type HazardStatus } from '../common/hazard';
import { personOfColumns } from '../common/hazard-row';
import type { NewHazardBody } from './hazard-reporting';
import type { BulletinView } from '../activities/bulletin-issue';
import { newHazardSchema } from './hazard-schemas';
import { csvCell, FORMULA_START, toCsv } from '../common/csv';
import { hazardNumberText, quoted, rateText } from '../common/wording';

export { csvCell, toCsv };

/** An import cell written by csvCell (an exported file edited and sent back) as it was before. */
const fromCsvCell = (value: string): string => (value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value);

export { HAZARD_IMPORT_HEADERS as IMPORT_HEADERS } from '../common/hazard';
import { HAZARD_IMPORT_HEADERS as IMPORT_HEADERS } from '../common/hazard';

/**
 * A cell of the hazard ledger (台账) before it is written: text, a count, or an instant — a time
 * (上报时间, 销号时间) or a deadline (整改期限, "24时" at the end of its day). The CSV writes an
 * instant as people write it, the xlsx as a date in the campaign's zone (api/campaign-xlsx.ts).
 */
export type LedgerCell = string | number | { instant: Date; deadline?: boolean } | null;

/** The 台账's columns, in order, with their Chinese headers. */
export const LEDGER_HEADERS = [
  '隐患编号',
  '学校编号',
  '学校名称',
  '隐患类别',
  '隐患等级',
  '隐患名称',
  '隐患描述',
  '隐患位置',
  '状态',
  '责任部门',
  '整改期限',
  '是否逾期',
  '督办级别',
  '挂牌督办',
  '验收未通过次数',
  '上报时间',
  '销号时间',
  // 平湖 "逐一落实相关行政部门的督办责任人和学校幼儿园的整改责任人", and who co-operates (配合单位).
  '配合单位',
  '整改责任人',
  '督办责任人',
] as const;

/** A hazard of the 台账: its cells, and what the per-school 合计 counts. */
export interface LedgerRow {
  cells: LedgerCell[];
  schoolId: string;
  schoolName: string;
  major: boolean;
  closed: boolean;
  overdue: boolean;
  listedSupervision: boolean;
}

/** The campaign's hazards within `scope` (the reader's remit), row by row in the 台账's columns: one read for the CSV and the xlsx. */
export async function hazardLedger(db: Database, campaignId: string, scope: Record<string, unknown> = {}): Promise<LedgerRow[]> {
  const [hazards, schools, departments] = await Promise.all([
    db.hazard.findMany({ where: { AND: [{ campaignId }, scope] }, orderBy: [{ schoolId: 'asc' }, { number: 'asc' }, { createdAt: 'asc' }] }),
    db.school.findMany({ select: { id: true, name: true } }),
    db.department.findMany({ select: { id: true, name: true } }),
  ]);
  const name = new Map([...schools, ...departments].map((u) => [u.id, u.name]));
  const t = (d: Date | null): LedgerCell => (d ? { instant: d } : null);
  return hazards.map((h) => ({
    schoolId: h.schoolId,
    schoolName: name.get(h.schoolId) ?? '',
    major: h.level === 'major',
    closed: h.status === 'closed',
    overdue: h.overdue,
    listedSupervision: h.listedSupervision,
    cells: [
      hazardNumberText(h),
      h.schoolId,
      name.get(h.schoolId) ?? '',
      HAZARD_CATEGORY_LABELS[h.category as HazardCategory] ?? h.category,
      HAZARD_LEVEL_LABELS[h.level as 'general' | 'major'] ?? h.level,
      h.title,
      h.description ?? '',
      h.location ?? '',
      HAZARD_STATUS_LABELS[h.status as HazardStatus] ?? h.status,
      h.departmentId ? (name.get(h.departmentId) ?? h.departmentId) : '',
      h.dueAt ? { instant: h.dueAt, deadline: true } : null,
      h.overdue ? '是' : '否',
      h.escalationLevel,
      h.listedSupervision ? '是' : '否',
      h.rejectionCount,
      t(h.createdAt),
      t(h.closedAt),
      h.cooperatingDepartmentIds.map((id) => name.get(id) ?? id).join('、'),
      personLabel(personOfColumns(h.rectificationOwnerName, h.rectificationOwnerMobile)) ?? '',
      personLabel(personOfColumns(h.supervisionOwnerName, h.supervisionOwnerMobile)) ?? '',
    ],
  }));
}

/** The campaign's hazards within `scope` (the reader's remit) as CSV. */
export async function hazardsCsv(db: Database, campaignId: string, timeZone: string, scope: Record<string, unknown> = {}): Promise<string> {
  const text = (c: LedgerCell) => (c === null ? '' : typeof c === 'object' ? (c.deadline ? formatDeadline(c.instant, timeZone) : formatInstant(c.instant.toISOString(), timeZone)) : c);
  return toCsv([[...LEDGER_HEADERS], ...(await hazardLedger(db, campaignId, scope)).map((r) => r.cells.map(text))]);
}

export async function bulletinCsv(db: Database, campaignId: string, timeZone: string): Promise<string> {
  const [entries, name, campaignHazards] = await Promise.all([
    db.bulletinEntry.findMany({ where: { campaignId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    campaignUnitNames(db, campaignId),
    db.hazard.findMany({ where: { campaignId }, select: { id: true, number: true, title: true } }),
  ]);
  const type = UNIT_TYPE_LABELS;
  // A hazard's miss names the hazard as people know it: 隐患第12号“…”, not its id.
  const hazardNameBySubject = new Map(campaignHazards.map((h) => [`hazard:${h.id}`, `隐患${hazardNumberText(h)}${quoted(h.title)}`]));
  const rows = entries.map((e) => [
    type[e.unitType] ?? e.unitType,
    e.unitId,
    name.get(e.unitId) ?? '',
    e.reason,
    e.subject ? (hazardNameBySubject.get(e.subject) ?? e.subject) : '',
    formatInstant(e.at.toISOString(), timeZone),
  ]);
  return toCsv([['单位类型', '单位编号', '单位名称', '事由', '事项', '时间'], ...rows]);
}

/**
 * A numbered bulletin (通报) as CSV: one section per part — 黑榜, hazards overdue, under 挂牌督办,
 * closure rate per unit — each with its own header row.
 */
export function issuedBulletinCsv(b: BulletinView, timeZone: string): string {
  const c = b.content;
  const type = UNIT_TYPE_LABELS;
  const t = (iso: string | null) => (iso ? formatInstant(iso, timeZone) : '');
  const hazardRows = (lines: BulletinView['content']['overdueHazards']) =>
    lines.map((h) => [
      hazardNumberText({ id: h.hazardId, number: h.number }),
      h.title,
      HAZARD_LEVEL_LABELS[h.level as 'general' | 'major'] ?? h.level,
      h.schoolName,
      h.responsible,
      h.dueAt ? formatDeadline(h.dueAt, timeZone) : '',
    ]);
  return toCsv([
    [`第${b.no}期通报`, `发布时间：${t(b.issuedAt)}`, ...(b.docNo ? [`文号：${b.docNo}`] : [])],
    [],
    ['一、黑榜（未按时完成任务的单位）'],
    ['单位类型', '单位编号', '单位名称', '事由', '次数'],
    ...c.blacklist.flatMap((u) => u.reasons.map((r) => [type[u.unitType] ?? u.unitType, u.unitId, u.name, r.reason, r.count])),
    [],
    ['二、逾期未整改隐患'],
    ['隐患编号', '隐患名称', '隐患等级', '学校', '责任单位', '整改期限'],
    ...hazardRows(c.overdueHazards),
    [],
    ['三、挂牌督办隐患'],
    ['隐患编号', '隐患名称', '隐患等级', '学校', '责任单位', '督办期限'],
    ...hazardRows(c.listedSupervision),
    [],
    ['四、各单位隐患整改销号率'],
    ['单位类型', '单位编号', '单位名称', '隐患数', '已销号', '销号率'],
    ...c.closureByUnit.map((u) => [type[u.unitType] ?? u.unitType, u.unitId, u.name, u.total, u.closed, rateText(u.closureRate, u.total)]),
    [
      '合计',
      '',
      '',
      c.closureByUnit.reduce((n, u) => n + u.total, 0),
      c.closureByUnit.reduce((n, u) => n + u.closed, 0),
      rateText(
        c.closureRate,
        c.closureByUnit.reduce((n, u) => n + u.total, 0),
      ),
    ],
  ]);
}

export interface ImportProblem {
  row: number;
  field: string;
  reason: string;
}

const LEVELS: Record<string, 'general' | 'major'> = { 一般: 'general', 一般隐患: 'general', general: 'general', 重大: 'major', 重大隐患: 'major', major: 'major' };
const CATEGORY_BY_LABEL = new Map<string, HazardCategory>([
  ...HAZARD_CATEGORIES.map((c) => [c, c] as [string, HazardCategory]),
  ...HAZARD_CATEGORIES.map((c) => [HAZARD_CATEGORY_LABELS[c], c] as [string, HazardCategory]),
]);
const YES = new Set(['是', 'yes', 'true', 'Y', 'y', '1']);
const NO = new Set(['否', 'no', 'false', 'N', 'n', '0', '']);

/** What an import that cannot be read as text is told (the web app shows it as it is). */
export const CSV_ENCODING_HINT =
  '无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）：请在 Excel 中“另存为”，保存类型选择“CSV UTF-8（逗号分隔）(*.csv)”后重新上传 (save the file as "CSV UTF-8")';

/**
 * Why a file is not CSV that can be read, as its sender is told (csv-parse's refusal, its line named):
 * 不是可读取的CSV文件：第3行引号未闭合.
 */
export function csvUnreadable(err: unknown): string {
  const { code, lines } = (err ?? {}) as { code?: string; lines?: number };
  const where = typeof lines === 'number' && lines > 0 ? `第${lines}行` : '';
  const what =
    code === 'CSV_QUOTE_NOT_CLOSED'
      ? '引号未闭合'
      : code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'INVALID_OPENING_QUOTE'
        ? '有单元格中的引号未成对（含引号的单元格须整体加引号，其中的引号写作两个“""”）'
        : '无法读取';
  return `不是可读取的CSV文件：${where}${what}。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）(*.csv)”后重新上传`;
}

/** Charsets that name GBK or its superset GB18030 (decoded as GB18030, which reads both). */
const GB_CHARSETS = new Set(['gbk', 'gb2312', 'gb18030', 'x-gbk', 'cp936', 'ms936', 'windows-936', 'chinese', 'csgb2312', 'iso-ir-58']);

/**
 * The text of an uploaded hazard list: as its declared charset says when that is GBK/GB18030;
 * otherwise UTF-8 if the bytes are valid UTF-8 (a browser or client saying "utf-8" often does not
 * know), else GB18030 if they are valid GB18030; undefined when they are neither.
 */
export function decodeCsvBytes(bytes: Uint8Array, charset?: string): { text: string; encoding: 'utf-8' | 'gb18030' } | undefined {
  const attempt = (encoding: 'utf-8' | 'gb18030') => {
    try {
      return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
    } catch {
      return undefined;
    }
  };
  if (charset && GB_CHARSETS.has(charset.toLowerCase())) return attempt('gb18030');
  return attempt('utf-8') ?? attempt('gb18030');
}

/** The charset parameter of a Content-Type. */
const charsetOf = (contentType: string | undefined) => /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];

/**
 * After `express.raw({ type: 'text/csv' })`: a text/csv body's bytes as text (decodeCsvBytes), or
 * a 400 saying to save the file as "CSV UTF-8".
 */
export const csvBodyText: RequestHandler = (req, _res, next) => {
  if (!Buffer.isBuffer(req.body) || !req.is('text/csv')) return next();
  const decoded = decodeCsvBytes(req.body, charsetOf(req.get('content-type')));
  if (!decoded) return next(badRequest(CSV_ENCODING_HINT, [{ row: 0, field: 'file', reason: CSV_ENCODING_HINT }]));
  req.body = decoded.text;
  next();
};

/** Parses and validates every row; returns the hazards, or every problem with its row number (the header is row 1). */
/**
 * What a school with no hazard writes in its 一校一表 list: one row with its 学校编号 and 零隐患 as
 * the 隐患名称, the other cells blank — an explicit report, where an empty file says nothing.
 */
export const ZERO_HAZARDS = '零隐患';

export function parseHazardImport(
  text: string,
  participants: Set<string>,
  timeZone: string = DEFAULT_TIME_ZONE,
): { hazards: (NewHazardBody & { row: number })[]; zeroHazardSchools: string[]; problems: ImportProblem[] } {
  // U+FFFD: bytes that were not UTF-8, replaced when something read the file as UTF-8 before (a
  // browser's file.text()); what they were is lost, so the file is sent back.
  if (text.includes('\uFFFD')) return { hazards: [], zeroHazardSchools: [], problems: [{ row: 0, field: 'file', reason: CSV_ENCODING_HINT }] };
  let records: string[][];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    return { hazards: [], zeroHazardSchools: [], problems: [{ row: 0, field: 'file', reason: csvUnreadable(err) }] };
  }
  const [header, ...rows] = records;
  const problems: ImportProblem[] = [];
  const missing = IMPORT_HEADERS.slice(0, 4).filter((h) => !header?.includes(h));
  if (!header || missing.length) {
    return { hazards: [], zeroHazardSchools: [], problems: [{ row: 1, field: 'header', reason: `required columns: ${IMPORT_HEADERS.join(', ')} (missing ${missing.join(', ')})` }] };
  }
  if (rows.length === 0) problems.push({ row: 1, field: 'file', reason: `no rows (a school without hazards writes one row: its 学校编号 and ${ZERO_HAZARDS} as the 隐患名称)` });
  if (rows.length > 10_000) return { hazards: [], zeroHazardSchools: [], problems: [{ row: 1, field: 'file', reason: 'at most 10,000 rows per file' }] };
  const col = (r: string[], h: (typeof IMPORT_HEADERS)[number]) => fromCsvCell(r[header.indexOf(h)] ?? '');
  const hazards: (NewHazardBody & { row: number })[] = [];
  const zero = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = i + 2;
    const bad = (field: string, reason: string) => problems.push({ row, field, reason });
    const schoolId = col(r, '学校编号');
    if (!participants.has(schoolId)) bad('学校编号', schoolId ? `${schoolId} is no school of this campaign` : 'required');
    if (col(r, '隐患名称') === ZERO_HAZARDS) {
      // 零隐患: the school's report that it found none; a hazard's cells filled in contradict it.
      for (const h of IMPORT_HEADERS) if (h !== '学校编号' && h !== '隐患名称' && col(r, h)) bad(h, `must be blank in a ${ZERO_HAZARDS} row`);
      zero.set(schoolId, row);
      return;
    }
    const category = CATEGORY_BY_LABEL.get(col(r, '隐患类别'));
    if (!category) bad('隐患类别', `must be one of ${HAZARD_CATEGORIES.map((c) => HAZARD_CATEGORY_LABELS[c]).join('、')}`);
    const level = LEVELS[col(r, '隐患等级')];
    if (!level) bad('隐患等级', 'must be 一般 or 重大');
    const fix = col(r, '能否自行整改');
    if (!YES.has(fix) && !NO.has(fix)) bad('能否自行整改', 'must be 是 or 否');
    const due = col(r, '整改期限');
    // A date is a limit to the end of that day in the campaign's zone ("11月28日24时前").
    const dueAt = due ? (/^\d{4}-\d{2}-\d{2}$/.test(due) ? endOfLocalDay(due, timeZone) : due) : undefined;
    const candidate = {
      schoolId,
      category: category ?? 'other',
      level: level ?? 'general',
      title: col(r, '隐患名称'),
      ...(col(r, '隐患描述') ? { description: col(r, '隐患描述') } : {}),
      ...(col(r, '隐患位置') ? { location: col(r, '隐患位置') } : {}),
      ...(col(r, '佐证材料') ? { evidence: col(r, '佐证材料').split(/\s+/).filter(Boolean) } : {}),
      selfFixable: YES.has(fix),
      ...(dueAt ? { dueAt } : {}),
    };
    const checked = newHazardSchema.safeParse(candidate);
    if (!checked.success) {
      const field: Record<string, string> = { title: '隐患名称', description: '隐患描述', location: '隐患位置', evidence: '佐证材料', dueAt: '整改期限' };
      for (const issue of checked.error.issues) bad(field[String(issue.path[0])] ?? String(issue.path[0]), issue.message);
    } else if (dueAt && Date.parse(dueAt) <= Date.now()) {
      bad('整改期限', 'must be in the future');
    } else {
      hazards.push({ ...checked.data, row });
    }
  });
  // A school cannot report 零隐患 and hazards in one list.
  for (const h of hazards)
    if (zero.has(h.schoolId)) problems.push({ row: zero.get(h.schoolId)!, field: '隐患名称', reason: `${ZERO_HAZARDS} for ${h.schoolId}, whose hazards the list also names (row ${h.row})` });
  return problems.length ? { hazards: [], zeroHazardSchools: [], problems } : { hazards, zeroHazardSchools: [...zero.keys()], problems };
}
