// Excel beside the CSVs: the hazard ledger (台账) and a period's 统计报表 as .xlsx, read back with
// ExcelJS — Chinese headers on frozen rows, each unit's rows and their 合计, times and deadlines as
// date cells in the campaign's zone, and the same remit as the CSV (a school reads its own rows).
import ExcelJS from 'exceljs';
import { localDate, localInstant } from '../../common/campaign-calendar';
import { zoned } from '../../common/time';
import { LEDGER_HEADERS } from '../../api/campaign-csv';
import { closeOneMajorLeaveOneGeneral, onePhasePlan, ownCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { DAY, eventually } from '../support/hazard-helpers';

const h = useHarness();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(path: string, key: 'lead' | 'school' | 'bureau' = 'lead') {
  const res = await fetch(`${h.baseUrl}${path}`, { headers: { authorization: `Bearer ${h.keys[key]}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain(XLSX);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return { book, disposition: res.headers.get('content-disposition') ?? '' };
}

const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

let id: string;
let T: number;
let major: string;
let dueDay: string;

beforeAll(async () => {
  ({ id, T } = await ownCampaign(h, 'xlsx', 'Excel测试专项行动', (at) => ({ plan: onePhasePlan('rectification', at(DAY), at(20 * DAY)) })));
  // A deadline at the end of a day ("24时"): a date without a time in the sheet.
  dueDay = localDate(T + 5 * DAY);
  ({ major } = await closeOneMajorLeaveOneGeneral(h, id, localInstant(dueDay, '24:00'), 'xl'));
  await eventually(
    () => h.request('GET', `/api/campaigns/${id}/statistics?period=${localDate(T).slice(0, 7)}`, { key: 'lead' }),
    (r) => r.status === 200 && r.body.rows.some((x: any) => x.dimension === 'level' && x.key === 'major' && x.verified === 1),
  );
});

test('the 台账 as Excel: Chinese headers on frozen rows, a row per hazard, deadlines and times as dates in Beijing time, each school with its 合计', async () => {
  const { book, disposition } = await workbook(`/api/campaigns/${id}/hazards.xlsx`);
  expect(disposition).toContain(`${id}-hazards.xlsx`);
  expect(book.worksheets.map((s) => s.name)).toEqual(['隐患台账', '按学校汇总']);
  const ledger = book.getWorksheet('隐患台账')!;
  expect(ledger.getCell('A1').value).toBe('Excel测试专项行动隐患排查整治台账');
  // The 台账's columns (one table for the CSV and the xlsx), 隐患编号 first; after 销号时间 the people and units of 交办 (issue 24, item 12).
  expect(values(ledger, 3)).toEqual([...LEDGER_HEADERS]);
  expect([LEDGER_HEADERS[0], ...LEDGER_HEADERS.slice(-4)]).toEqual(['隐患编号', '销号时间', '配合单位', '整改责任人', '督办责任人']);
  expect(ledger.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  expect(ledger.rowCount).toBe(5);
  const majorRow = ledger.getRow(4);
  // 隐患编号: each hazard's running number in the campaign (reported first, second), not its id.
  expect(majorRow.getCell(1).value).toBe('第1号');
  expect([2, 3, 5, 6, 9, 10, 12, 14].map((c) => majorRow.getCell(c).value)).toEqual(['s01', expect.any(String), '重大隐患', '食堂后厨无防鼠设施', '已销号', '区市场监管局', '否', '否']);
  // The deadline "…日24时" is that day, a date cell; the report time the wall time in Beijing.
  const due = majorRow.getCell(11);
  expect(due.type).toBe(ExcelJS.ValueType.Date);
  expect((due.value as Date).toISOString().slice(0, 10)).toBe(dueDay);
  expect(due.numFmt).toBe('yyyy"年"m"月"d"日"');
  const reported = majorRow.getCell(16);
  expect(reported.type).toBe(ExcelJS.ValueType.Date);
  const hazard = (await h.request('GET', `/api/hazards/${major}`, { key: 'lead' })).body;
  const local = zoned(hazard.createdAt ?? hazard.reportedAt ?? T, 'Asia/Shanghai');
  expect((reported.value as Date).getUTCHours()).toBe(local.hour);
  expect((reported.value as Date).getUTCDate()).toBe(local.day);
  expect(majorRow.getCell(17).type).toBe(ExcelJS.ValueType.Date);
  // The open hazard has no 销号时间.
  expect(ledger.getRow(5).getCell(1).value).toBe('第2号');
  expect(ledger.getRow(5).getCell(17).value).toBeNull();
  // Widths fit: the hazard number's column at least as wide as the number.
  expect(ledger.getColumn(1).width).toBeGreaterThanOrEqual('第1号'.length);

  const bySchool = book.getWorksheet('按学校汇总')!;
  expect(values(bySchool, 3)).toEqual(['学校编号', '学校名称', '隐患数', '重大隐患', '已销号', '逾期', '挂牌督办', '销号率']);
  expect(bySchool.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  expect(values(bySchool, 4).filter((_, i) => i !== 1)).toEqual(['s01', 1, 1, 1, 0, 0, 1]);
  expect(values(bySchool, 5).filter((_, i) => i !== 1)).toEqual(['s02', 1, 0, 0, 0, 0, 0]);
  expect(values(bySchool, 6)).toEqual(['合计', '2所学校', 2, 1, 1, 0, 0, 0.5]);
  expect(bySchool.getCell('H6').numFmt).toBe('0.0%');
  expect(bySchool.rowCount).toBe(6);
});

test('a school downloads the 台账 of its own hazards only, as with the CSV', async () => {
  const { book } = await workbook(`/api/campaigns/${id}/hazards.xlsx`, 'school');
  const ledger = book.getWorksheet('隐患台账')!;
  expect(ledger.rowCount).toBe(4);
  expect(ledger.getRow(4).getCell(1).value).toBe('第1号');
  expect(values(book.getWorksheet('按学校汇总')!, 5)).toEqual(['合计', '1所学校', 1, 1, 1, 0, 0, 1]);
});

test("the period's 统计报表 as Excel: the plan's columns, each dimension's rows and its 合计, the period's days as dates, rates as percentages", async () => {
  const period = localDate(T).slice(0, 7);
  const [y, m] = period.split('-').map(Number);
  const { book, disposition } = await workbook(`/api/campaigns/${id}/statistics.xlsx?period=${period}`);
  expect(disposition).toContain(`${id}-statistics-${period}.xlsx`);
  const sheet = book.getWorksheet('统计报表')!;
  expect(sheet.getCell('A1').value).toBe(`Excel测试专项行动${y}年${m}月隐患排查整治统计报表`);
  expect(sheet.getCell('B2').value).toBe(`${y}年${m}月`);
  expect(sheet.getCell('D2').type).toBe(ExcelJS.ValueType.Date);
  expect((sheet.getCell('D2').value as Date).toISOString().slice(0, 10)).toBe(`${period}-01`);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  expect((sheet.getCell('F2').value as Date).toISOString().slice(0, 10)).toBe(`${period}-${lastDay}`);
  expect(values(sheet, 3)).toEqual(['统计维度', '编号', '名称', '本期发现', '本期整改', '本期验收销号', '本期逾期', '本期督办', '期末未销号', '累计发现', '销号率']);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  const body = Array.from({ length: sheet.rowCount - 3 }, (_, i) => values(sheet, i + 4));
  expect(body.map((r) => r.slice(0, 2).join(':'))).toEqual([
    '责任部门:market',
    '责任部门:合计',
    '学校:s01',
    '学校:s02',
    '学校:合计',
    '乡镇（街道）:unfilled',
    '乡镇（街道）:合计',
    '学段:primary',
    '学段:合计',
    '隐患类别:food_safety',
    '隐患类别:traffic_order',
    '隐患类别:合计',
    '隐患等级:general',
    '隐患等级:major',
    '隐患等级:合计',
  ]);
  expect(body[7]).toEqual(['学段', 'primary', '小学', 2, 1, 1, 0, 0, 1, 2, 0.5]);
  expect(body[13]).toEqual(['隐患等级', 'major', '重大隐患', 1, 1, 1, 0, 0, 0, 1, 1]);
  expect(body[14]).toEqual(['隐患等级', '合计', '', 2, 1, 1, 0, 0, 1, 2, 0.5]);
  expect(sheet.getRow(18).getCell(11).numFmt).toBe('0.0%');
  expect(sheet.getRow(18).font?.bold).toBe(true);

  // The JSON has the same 合计.
  const json = (await h.request('GET', `/api/campaigns/${id}/statistics?period=${period}`, { key: 'lead' })).body;
  expect(json.totals.find((t: any) => t.dimension === 'level')).toEqual({
    dimension: 'level',
    found: 2,
    rectified: 1,
    verified: 1,
    overdue: 0,
    escalated: 0,
    openAtEnd: 1,
    cumulative: 2,
    closureRate: 0.5,
  });

  // A school: the rows of its own hazards; a bad period refused naming the field.
  const own = (await workbook(`/api/campaigns/${id}/statistics.xlsx?period=${period}`, 'school')).book.getWorksheet('统计报表')!;
  expect(own.rowCount).toBe(3 + 12);
  const bad = await h.request('GET', `/api/campaigns/${id}/statistics.xlsx?period=2026-13`, { key: 'lead' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe('query.period');
});
