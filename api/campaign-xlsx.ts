// Excel (.xlsx, ExcelJS) beside the CSVs: the hazard ledger (隐患排查整治台账) with a sheet of each
// school's figures and their 合计, and a period's 统计报表 in the plan's columns, each dimension's
// rows followed by its 合计. Chinese headers on frozen rows, widths that fit their contents, times
// and dates as date cells showing the campaign's zone (Excel has no zones: a cell holds the local
// wall time), rates as percentages. The rows are the CSV's (api/campaign-csv.ts,
// common/campaign-statistics.ts), read once for both within the same remit (domain/scope.ts).
import ExcelJS from 'exceljs';
import {
  CLOSURE_RATE_HEADER,
  SHORT_TITLE,
  STAT_DIMENSION_LABELS,
  STAT_FIGURES,
  TARGET_HEADERS,
  TARGET_SHORT_HEADERS,
  TARGETS_TITLE,
  targetRateText,
  targetReachedText,
  type PeriodStatistics,
} from '../common/campaign-statistics';
import type { TargetProgress } from '../domain/campaign/targets';
import { zoned } from '../common/time';
import { LEDGER_HEADERS, type LedgerCell, type LedgerRow } from './campaign-csv';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const DATE_TIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm';
const DATE_FORMAT = 'yyyy"年"m"月"d"日"';
const RATE_FORMAT = '0.0%';

/**
 * An instant as a date cell's value: its wall time in the zone (a deadline at 00:00 — "24时" — is
 * the day before, a date without a time). ExcelJS writes a Date's UTC fields, so they carry the local ones.
 */
export function localCellDate(instant: Date | string, timeZone: string, deadline = false): { value: Date; numFmt: string } {
  let d = zoned(instant instanceof Date ? instant : Date.parse(instant), timeZone);
  const midnight = d.hour === 0 && d.minute === 0 && d.second === 0;
  if (deadline && midnight) d = d.minus({ days: 1 });
  return {
    value: new Date(Date.UTC(d.year, d.month - 1, d.day, midnight ? 0 : d.hour, midnight ? 0 : d.minute, midnight ? 0 : d.second)),
    numFmt: midnight ? DATE_FORMAT : DATE_TIME_FORMAT,
  };
}

/** How wide a text shows: a Chinese character is two columns. */
const displayWidth = (text: string) => [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

/** Each column as wide as its widest cell from `fromRow` on (dates as their format shows them), within 8..60. */
function fitWidths(sheet: ExcelJS.Worksheet, fromRow: number) {
  const widths: number[] = [];
  sheet.eachRow((row, r) => {
    if (r < fromRow) return;
    row.eachCell((cell, c) => {
      const v = cell.value;
      const w = v instanceof Date ? (cell.numFmt === DATE_FORMAT ? 16 : 20) : typeof v === 'number' ? String(v).length + 2 : displayWidth(cell.text);
      widths[c] = Math.max(widths[c] ?? 0, w + 2);
    });
  });
  widths.forEach((w, c) => (sheet.getColumn(c).width = Math.min(60, Math.max(8, w))));
}

const bold = { bold: true } as const;
const headerFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFE8EEF7' },
};
const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** A title row merged over `columns`, then the header row; the rows above the body frozen. */
function titled(sheet: ExcelJS.Worksheet, title: string, subtitle: (string | { value: Date; numFmt: string })[], headers: readonly string[]) {
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, headers.length);
  const t = sheet.getCell(1, 1);
  t.font = { bold: true, size: 14 };
  t.alignment = { horizontal: 'center' };
  const sub = sheet.addRow(subtitle.map((c) => (typeof c === 'string' ? c : c.value)));
  subtitle.forEach((c, i) => typeof c !== 'string' && (sub.getCell(i + 1).numFmt = c.numFmt));
  const head = sheet.addRow([...headers]);
  head.eachCell((c) => {
    c.font = bold;
    c.fill = headerFill;
    c.border = thin;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 3 }];
}

const toBuffer = async (book: ExcelJS.Workbook) => Buffer.from(await book.xlsx.writeBuffer());

function newBook(): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = '护校安园专项行动';
  book.created = new Date();
  return book;
}

/** 隐患排查整治台账: the hazards, then a sheet of each school's counts with their 合计. */
export async function hazardLedgerXlsx(rows: LedgerRow[], meta: { campaignName: string; timeZone: string; at: Date }): Promise<Buffer> {
  const book = newBook();
  const sheet = book.addWorksheet('隐患台账');
  titled(sheet, `${meta.campaignName}隐患排查整治台账`, ['导出时间', localCellDate(meta.at, meta.timeZone)], LEDGER_HEADERS);
  const cellOf = (c: LedgerCell) => (c === null ? null : typeof c === 'object' ? localCellDate(c.instant, meta.timeZone, c.deadline) : c);
  for (const r of rows) {
    const cells = r.cells.map(cellOf);
    const row = sheet.addRow(cells.map((c) => (c && typeof c === 'object' ? c.value : c)));
    cells.forEach((c, i) => c && typeof c === 'object' && (row.getCell(i + 1).numFmt = c.numFmt));
  }
  fitWidths(sheet, 3);

  const SUMMARY = ['学校编号', '学校名称', '隐患数', '重大隐患', '已销号', '逾期', '挂牌督办', '销号率'] as const;
  const bySchool = book.addWorksheet('按学校汇总');
  titled(bySchool, `${meta.campaignName}各学校隐患整改情况`, ['导出时间', localCellDate(meta.at, meta.timeZone)], SUMMARY);
  type Count = {
    total: number;
    major: number;
    closed: number;
    overdue: number;
    listed: number;
  };
  const count = (of: LedgerRow[]): Count => ({
    total: of.length,
    major: of.filter((r) => r.major).length,
    closed: of.filter((r) => r.closed).length,
    overdue: of.filter((r) => r.overdue).length,
    listed: of.filter((r) => r.listedSupervision).length,
  });
  const line = (id: string, name: string, c: Count) => {
    const row = bySchool.addRow([id, name, c.total, c.major, c.closed, c.overdue, c.listed, c.total ? c.closed / c.total : null]);
    row.getCell(8).numFmt = RATE_FORMAT;
    return row;
  };
  const schools = [...new Map(rows.map((r) => [r.schoolId, r.schoolName])).entries()];
  for (const [id, name] of schools) line(id, name, count(rows.filter((r) => r.schoolId === id)));
  line('合计', `${schools.length}所学校`, count(rows)).font = bold;
  fitWidths(bySchool, 3);
  return toBuffer(book);
}

/**
 * 统计报表 of a period: the plan's columns, each dimension's rows and its 合计; the period's first and
 * last day as dates. With the campaign's targets, a sheet 工作目标 (each target's rate) and a sheet 未达标学校.
 */
export async function periodStatisticsXlsx(stats: PeriodStatistics, meta: { campaignName: string; timeZone: string; at?: Date }, targets: TargetProgress[] = []): Promise<Buffer> {
  const book = newBook();
  const sheet = book.addWorksheet('统计报表');
  const headers = ['统计维度', '编号', '名称', ...STAT_FIGURES.map((f) => f.header), CLOSURE_RATE_HEADER];
  titled(
    sheet,
    `${meta.campaignName}${stats.label}隐患排查整治统计报表`,
    // Its last day as the date before its end at 00:00.
    ['统计期', stats.label, '起', localCellDate(stats.from, meta.timeZone), '止', localCellDate(stats.to, meta.timeZone, true)],
    headers,
  );
  const rateCol = headers.length;
  for (const total of stats.totals) {
    for (const r of stats.rows.filter((x) => x.dimension === total.dimension)) {
      sheet.addRow([STAT_DIMENSION_LABELS[r.dimension], r.key, r.name, ...STAT_FIGURES.map((f) => r[f.key]), r.closureRate]).getCell(rateCol).numFmt = RATE_FORMAT;
    }
    const sum = sheet.addRow([STAT_DIMENSION_LABELS[total.dimension], '合计', '', ...STAT_FIGURES.map((f) => total[f.key]), total.closureRate]);
    sum.getCell(rateCol).numFmt = RATE_FORMAT;
    sum.font = bold;
  }
  fitWidths(sheet, 3);
  if (targets.length) {
    // 工作目标: each target's rate (a percentage; 不适用 where it applies to no school), then the schools short of it.
    const at = ['导出时间', localCellDate(meta.at ?? new Date(), meta.timeZone)];
    const goals = book.addWorksheet('工作目标');
    titled(goals, `${meta.campaignName}${TARGETS_TITLE}`, at, TARGET_HEADERS);
    for (const t of targets) {
      const row = goals.addRow([t.label, t.goal / 100, t.applicable, t.met, t.rate ?? targetRateText(null), targetReachedText(t)]);
      row.getCell(2).numFmt = '0%';
      if (t.rate !== null) row.getCell(5).numFmt = RATE_FORMAT;
    }
    fitWidths(goals, 3);
    const short = book.addWorksheet(SHORT_TITLE);
    titled(short, `${meta.campaignName}${SHORT_TITLE}`, at, TARGET_SHORT_HEADERS);
    for (const t of targets) for (const x of t.short) short.addRow([t.label, x.schoolId, x.name, x.reason]);
    fitWidths(short, 3);
  }
  return toBuffer(book);
}

/** The file names beside the CSVs'. */
export const ledgerXlsxName = (campaignId: string) => `${campaignId}-hazards.xlsx`;
export const statisticsXlsxName = (campaignId: string, period: string) => `${campaignId}-statistics-${period}.xlsx`;
