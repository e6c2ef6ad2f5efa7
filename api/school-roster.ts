// 一校一档 from a roster (名册): a CSV or an Excel sheet with a header row — 学校编号, and any of 学校名称,
// 学段 and the record's columns (domain/school-record.ts: 乡镇（街道）, 在校生数, 寄宿生数, 专职保安员数,
// 护学岗, 校园警务室, 一键式紧急报警联网, 视频监控联网, 封闭化管理; yes/no as 是/否, 有/无 or the fact's own
// words, 已建成/未建成). An empty cell leaves that fact as it is. Read whole first: every bad row and
// field is named, and nothing is written unless every row is good; the preview says what each
// school's record would become.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { SCHOOL_KIND_LABELS, SCHOOL_KINDS, type SchoolKind } from '../common/hazard';
import {
  BOARDERS_EXCEED_ENROLMENT,
  ROSTER_HEADERS,
  SCHOOL_RECORD_FACTS,
  SCHOOL_RECORD_FIELDS,
  SCHOOL_RECORD_FLAGS,
  SCHOOL_RECORD_LABELS,
  schoolRecordSchema,
  type SchoolRecordEdit,
  type SchoolRecordField,
} from '../domain/school-record';

export interface RosterProblem {
  row: number;
  field: string;
  reason: string;
}

/** A good row: the school, and what it changes (its 学段, its record's facts). */
export interface RosterRow {
  row: number;
  schoolId: string;
  kind?: SchoolKind;
  record: SchoolRecordEdit;
}

const FIELD_BY_HEADER = new Map<string, SchoolRecordField>(SCHOOL_RECORD_FIELDS.map((f) => [SCHOOL_RECORD_LABELS[f], f]));
// A header as people type it: 乡镇(街道) with ASCII brackets, or 乡镇 / 街道 alone.
FIELD_BY_HEADER.set('乡镇(街道)', 'township').set('乡镇', 'township').set('街道', 'township').set('专职保安员', 'securityGuards');
const KIND_BY_LABEL = new Map<string, SchoolKind>([
  ...SCHOOL_KINDS.map((k) => [k, k] as [string, SchoolKind]),
  ...SCHOOL_KINDS.map((k) => [SCHOOL_KIND_LABELS[k], k] as [string, SchoolKind]),
  ['初中', 'middle'],
  ['高中', 'high'],
  ['九年一贯制', 'nine_year'],
  ['中职', 'vocational'],
]);
// 是/否, and each fact's own words as a page shows them (已建成 / 未建成: domain/school-record.ts).
const YES = new Set(['是', '有', ...SCHOOL_RECORD_FLAGS.map((f) => SCHOOL_RECORD_FACTS[f].yes), 'Y', 'y', 'yes', '1', 'true']);
const NO = new Set(['否', '无', ...SCHOOL_RECORD_FLAGS.map((f) => SCHOOL_RECORD_FACTS[f].no), 'N', 'n', 'no', '0', 'false']);
const FLAGS = new Set<string>(SCHOOL_RECORD_FLAGS);

/** The roster's cells: a CSV's text (its header row first). */
export const rosterCellsOfCsv = (text: string): string[][] => parseCsv(text.replace(/^\uFEFF/, ''), { relaxColumnCount: true, skipEmptyLines: true });

/** The roster's cells: an Excel workbook's first sheet, each cell as its text. */
export async function rosterCellsOfXlsx(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => (cells[c - 1] = cell.text ?? ''));
    rows.push(Array.from(cells, (c) => c ?? ''));
  });
  return rows;
}

/** The roster read whole: its good rows, or every problem (row numbers as a spreadsheet shows them, the header being 1). */
export function parseRoster(cells: string[][], knownSchools: Set<string>): { rows: RosterRow[]; problems: RosterProblem[] } {
  const problems: RosterProblem[] = [];
  const [header = [], ...body] = cells;
  const columns = header.map((h) => h.trim());
  const idCol = columns.indexOf('学校编号');
  if (idCol < 0) return { rows: [], problems: [{ row: 1, field: '学校编号', reason: `缺少“学校编号”列；可用的列：${ROSTER_HEADERS.join('，')}` }] };
  columns.forEach((h, i) => {
    if (h && i !== idCol && h !== '学校名称' && h !== '学段' && !FIELD_BY_HEADER.has(h))
      problems.push({ row: 1, field: h, reason: `不认识的列“${h}”；可用的列：${ROSTER_HEADERS.join('，')}` });
  });
  if (!body.length) problems.push({ row: 2, field: '学校编号', reason: '名册中没有学校' });
  const seen = new Map<string, number>();
  const rows: RosterRow[] = [];
  body.forEach((cellsOfRow, i) => {
    const row = i + 2;
    const cell = (c: number) => (cellsOfRow[c] ?? '').trim();
    const schoolId = cell(idCol);
    const bad = (field: string, reason: string) => problems.push({ row, field, reason });
    if (!schoolId) return bad('学校编号', '不能为空');
    if (!knownSchools.has(schoolId)) return bad('学校编号', `名录中没有学校“${schoolId}”`);
    if (seen.has(schoolId)) return bad('学校编号', `与第${seen.get(schoolId)}行重复`);
    seen.set(schoolId, row);
    const edit: Record<string, unknown> = {};
    let kind: SchoolKind | undefined;
    const before = problems.length;
    columns.forEach((h, c) => {
      const v = cell(c);
      if (!v || c === idCol || h === '学校名称') return;
      if (h === '学段') {
        kind = KIND_BY_LABEL.get(v);
        if (!kind) bad('学段', `“${v}”不是学段；可填：${SCHOOL_KINDS.map((k) => SCHOOL_KIND_LABELS[k]).join('、')}`);
        return;
      }
      const field = FIELD_BY_HEADER.get(h);
      if (!field) return;
      if (field === 'township') edit.township = v;
      else if (FLAGS.has(field)) {
        if (YES.has(v)) edit[field] = true;
        else if (NO.has(v)) edit[field] = false;
        else bad(h, `“${v}”应填“是”或“否”`);
      } else if (/^\d+$/.test(v)) edit[field] = Number(v);
      else bad(h, `“${v}”应为不小于0的整数`);
    });
    if (problems.length > before) return;
    const parsed = schoolRecordSchema.safeParse(edit);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const f = String(issue.path[0] ?? '');
        bad(SCHOOL_RECORD_LABELS[f as SchoolRecordField] ?? f, issue.message === BOARDERS_EXCEED_ENROLMENT ? '寄宿生数不能多于在校生数' : issue.message);
      }
      return;
    }
    rows.push({ row, schoolId, ...(kind ? { kind } : {}), record: parsed.data });
  });
  return { rows, problems };
}

/** A school as the template writes it: its directory entry and its record (the School table's row, prisma/schema.prisma). */
type TemplateSchool = { id: string; name: string; kind: string } & Partial<Record<SchoolRecordField, unknown>>;

/**
 * The roster's template: the columns the parser reads (ROSTER_HEADERS), one row per school with its
 * 学段 and its record as it stands (是/否; an empty cell for what is not filled in, which an import
 * leaves as it is) — filled in and sent back, it changes only what was changed.
 */
export function rosterTemplateCells(schools: TemplateSchool[]): string[][] {
  const cellOf = (s: TemplateSchool, f: SchoolRecordField): string => {
    const v = s[f];
    if (v === null || v === undefined) return '';
    if (typeof v === 'boolean') return v ? '是' : '否';
    return typeof v === 'number' || typeof v === 'string' ? String(v) : '';
  };
  return [[...ROSTER_HEADERS], ...schools.map((s) => [s.id, s.name, SCHOOL_KIND_LABELS[s.kind as SchoolKind] ?? s.kind, ...SCHOOL_RECORD_FIELDS.map((f) => cellOf(s, f))])];
}

/** The template as an Excel workbook: the header frozen, widths that fit, 学段 and 是/否 as drop-down lists, a sheet of how to fill it in. */
export async function rosterTemplateXlsx(cells: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '护校安园专项行动';
  book.created = new Date();
  const sheet = book.addWorksheet('一校一档名册');
  for (const row of cells) sheet.addRow(row.map((c) => (c === '' ? null : c)));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }];
  const width = (text: string) => [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  ROSTER_HEADERS.forEach((_, c) => {
    sheet.getColumn(c + 1).width = Math.min(40, Math.max(8, ...cells.map((r) => width(r[c] ?? '') + 2)));
  });
  const last = Math.max(cells.length, 2) + 200;
  // On the model, not on cells: rows without values stay absent (an import reads no empty rows).
  const validations = (sheet as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const list = (col: number, values: string[]) => {
    for (let r = 2; r <= last; r++) validations.add(`${sheet.getColumn(col).letter}${r}`, { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`] });
  };
  list(
    3,
    SCHOOL_KINDS.map((k) => SCHOOL_KIND_LABELS[k]),
  );
  SCHOOL_RECORD_FIELDS.forEach((f, i) => FLAGS.has(f) && list(4 + i, ['是', '否']));
  const help = book.addWorksheet('填写说明');
  help.addRows([
    ['列', '填写要求'],
    ['学校编号', '必填，按名录中的编号填写，不得重复'],
    ['学校名称', '仅供核对，导入时不修改'],
    ['学段', `可填：${SCHOOL_KINDS.map((k) => SCHOOL_KIND_LABELS[k]).join('、')}`],
    ...SCHOOL_RECORD_FIELDS.map((f) => {
      const fact = SCHOOL_RECORD_FACTS[f];
      return [
        fact.label,
        fact.kind === 'flag'
          ? `填“是”或“否”（${fact.yes}为“是”）`
          : fact.kind === 'count'
            ? `不小于0、不大于${fact.max}的整数${f === 'boarders' ? '，不多于在校生数' : ''}`
            : `不超过${fact.maxLength}个字`,
      ];
    }),
    ['', '留空的单元格保持原有数据不变。任一行有误，整个文件不予导入。'],
  ]);
  help.getRow(1).font = { bold: true };
  help.getColumn(1).width = 22;
  help.getColumn(2).width = 70;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The template's file names. */
export const rosterTemplateName = (ext: 'csv' | 'xlsx') => `一校一档名册模板.${ext}`;
