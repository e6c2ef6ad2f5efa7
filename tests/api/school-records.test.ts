// 一校一档 and the plans' targets: a school edits its own record, the bureau any; a roster (CSV or
// Excel) is previewed, refused whole when any row is bad (each bad row and field named), written on
// confirm; a campaign's targets (the presets' quoted lines, or those named at launch) give the
// dashboard each target's rate and the schools short of it. Schools of a jurisdiction of its own,
// so the seeded district stays as it is.
import ExcelJS from 'exceljs';
import { issueApiKey } from '../../api/auth';
import { PRESET_TARGETS } from '../../domain/campaign/targets';
import { ROSTER_HEADERS } from '../../domain/school-record';
import { localDate } from '../../common/campaign-calendar';
import { jurisdictionEntry, launchCampaign, timeline } from '../support/builders';
import { useHarness } from '../support/harness';
import { DAY, uniqueId } from '../support/hazard-helpers';

const h = useHarness();
const jurisdictionId = uniqueId('town');
const ids = ['a', 'b', 'c'].map((x) => uniqueId(`rs${x}`));
let ownKey: string;
/** The campaign of the targets' test, for the 统计报表's. */
let targetsCampaign: string;

beforeAll(async () => {
  const town = await h.request('PUT', `/api/jurisdictions/${jurisdictionId}`, {
    key: 'lead',
    // A street: the lead office with no jurisdiction of its own takes the highest level, first by id
    // (a district named town-… would come before 'yufeng' and take the later files' lead office away).
    body: jurisdictionEntry('档案测试街道', 'street', 'dangan.example'),
  });
  expect(town.status).toBe(201);
  for (const [i, id] of ids.entries()) {
    const body = {
      jurisdictionId,
      name: ['城关第一小学', '新华寄宿制中学', '城南幼儿园'][i],
      kind: ['primary', 'middle', 'kindergarten'][i],
      principalName: '校长',
      principalEmail: `p-${id}@dangan.example`,
    };
    expect((await h.request('PUT', `/api/schools/${id}`, { key: 'lead', body })).status).toBe(201);
  }
  ownKey = (await issueApiKey(h.db, 'school', ids[0], 'test school record')).key;
});

const postRoster = async (body: string | Buffer, opts: { confirm?: boolean; key?: string; xlsx?: boolean } = {}) => {
  const res = await fetch(`${h.baseUrl}/api/schools/roster.${opts.xlsx ? 'xlsx' : 'csv'}${opts.confirm ? '?confirm=true' : ''}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${opts.key ?? h.keys.bureau}`,
      'content-type': opts.xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
};
const recordOf = async (id: string) => {
  const s = await h.db.school.findUniqueOrThrow({ where: { id } });
  return {
    kind: s.kind,
    township: s.township,
    enrolment: s.enrolment,
    boarders: s.boarders,
    securityGuards: s.securityGuards,
    guardPost: s.guardPost,
    policeRoom: s.policeRoom,
    alarmLinked: s.alarmLinked,
    cctvLinked: s.cctvLinked,
    closedManagement: s.closedManagement,
  };
};

test('a school edits its own record only, the bureau any; bad values are refused naming the field, nothing written', async () => {
  const mine = await h.request('PUT', `/api/schools/${ids[0]}/record`, { key: ownKey, body: { township: '城关镇', enrolment: 820, guardPost: true } });
  expect(mine.status).toBe(200);
  expect(await recordOf(ids[0])).toMatchObject({ township: '城关镇', enrolment: 820, guardPost: true, policeRoom: null });
  expect((await h.request('PUT', `/api/schools/${ids[1]}/record`, { key: ownKey, body: { guardPost: true } })).status).toBe(403);
  expect((await h.request('PUT', `/api/schools/${ids[1]}/record`, { key: 'market', body: { guardPost: true } })).status).toBe(403);
  const bad = await h.request('PUT', `/api/schools/${ids[1]}/record`, { key: 'bureau', body: { enrolment: -3, guardPost: '有' } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['body.enrolment', 'body.guardPost']);
  const tooMany = await h.request('PUT', `/api/schools/${ids[0]}/record`, { key: 'bureau', body: { boarders: 900 } });
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.error.details).toEqual([expect.objectContaining({ field: 'body.boarders' })]);
  expect((await recordOf(ids[0])).boarders).toBeNull();
});

test('a roster with bad rows is refused whole, each bad row and field named; a good one previewed, then written on confirm', async () => {
  const header = '学校编号,学校名称,学段,乡镇（街道）,在校生数,寄宿生数,专职保安员数,护学岗,校园警务室,一键式紧急报警联网,视频监控联网,封闭化管理';
  const bad = [
    header,
    `${ids[1]},新华寄宿制中学,初中,新华镇,1200,两百,3,是,是,是,否,是`,
    `nope,不存在的学校,小学,,,,,,,,,`,
    `${ids[2]},城南幼儿园,托儿所,城南街道,180,0,1,是,也许,是,是,是`,
  ].join('\n');
  const refused = await postRoster(bad, { confirm: true });
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toContain('nothing was written');
  expect(refused.body.error.details).toEqual([
    { row: 2, field: '寄宿生数', reason: '“两百”应为不小于0的整数' },
    { row: 3, field: '学校编号', reason: '名录中没有学校“nope”' },
    { row: 4, field: '学段', reason: expect.stringContaining('“托儿所”不是学段') },
    { row: 4, field: '校园警务室', reason: '“也许”应填“是”或“否”' },
  ]);
  expect((await recordOf(ids[1])).township).toBeNull();
  // What is not CSV at all (an unclosed quote) is refused naming the body, not answered 500.
  const notCsv = await postRoster(`${header}\n"${ids[1]},新华寄宿制中学`, { confirm: true });
  expect(notCsv.status).toBe(400);
  expect(notCsv.body.error.details).toEqual([{ field: 'body', reason: expect.stringMatching(/^不是可读取的CSV文件：第2行引号未闭合。请在 Excel 中/) }]);
  expect((await recordOf(ids[1])).township).toBeNull();

  const good = [header, `${ids[1]},新华寄宿制中学,九年一贯制,新华镇,1200,650,3,是,是,是,否,是`, `${ids[2]},城南幼儿园,幼儿园,城南街道,180,0,1,是,否,是,是,是`].join('\n');
  const preview = await postRoster(good);
  expect(preview.status).toBe(200);
  expect(preview.body).toMatchObject({ written: false, total: 2 });
  expect(preview.body.rows[0]).toMatchObject({
    row: 2,
    schoolId: ids[1],
    name: '新华寄宿制中学',
    kind: 'nine_year',
    kindBefore: 'middle',
    after: { township: '新华镇', boarders: 650, cctvLinked: false },
  });
  expect(preview.body.rows[0].changed).toHaveLength(9);
  expect((await recordOf(ids[1])).township).toBeNull();
  // A school may not import a roster.
  expect((await postRoster(good, { key: ownKey })).status).toBe(403);

  const written = await postRoster(good, { confirm: true });
  expect(written.status).toBe(200);
  expect(written.body.written).toBe(true);
  expect(await recordOf(ids[1])).toEqual({
    kind: 'nine_year',
    township: '新华镇',
    enrolment: 1200,
    boarders: 650,
    securityGuards: 3,
    guardPost: true,
    policeRoom: true,
    alarmLinked: true,
    cctvLinked: false,
    closedManagement: true,
  });
  expect(await recordOf(ids[2])).toMatchObject({ kind: 'kindergarten', township: '城南街道', boarders: 0, policeRoom: false });
});

test('a roster as an Excel workbook: the same columns on its first sheet; an empty cell leaves the fact as it is', async () => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('名册');
  sheet.addRow(['学校编号', '学校名称', '乡镇(街道)', '专职保安员数', '校园警务室', '一键式紧急报警联网', '视频监控联网', '封闭化管理', '寄宿生数']);
  sheet.addRow([ids[0], '城关第一小学', '城关镇', 2, '否', '是', '是', '是', null]);
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  const res = await postRoster(bytes, { xlsx: true, confirm: true });
  expect(res.status).toBe(200);
  expect(await recordOf(ids[0])).toEqual({
    kind: 'primary',
    township: '城关镇',
    enrolment: 820,
    boarders: null,
    securityGuards: 2,
    guardPost: true,
    policeRoom: false,
    alarmLinked: true,
    cctvLinked: true,
    closedManagement: true,
  });
  const notABook = await postRoster(Buffer.from('not a workbook'), { xlsx: true });
  expect(notABook.status).toBe(400);
});

test("a school's record reads back with whether the reader may edit it; the roster's template has the import's columns and each school's record, and goes back in unchanged", async () => {
  const own = await h.request('GET', `/api/schools/${ids[0]}/record`, { key: ownKey });
  expect(own.status).toBe(200);
  expect(own.body).toMatchObject({
    schoolId: ids[0],
    name: '城关第一小学',
    kind: 'primary',
    jurisdictionId,
    mayEdit: true,
    record: { township: '城关镇', enrolment: 820, boarders: null, policeRoom: false },
  });
  expect((await h.request('GET', `/api/schools/${ids[1]}/record`, { key: ownKey })).body.mayEdit).toBe(false);
  expect((await h.request('GET', `/api/schools/${ids[1]}/record`, { key: 'bureau' })).body.mayEdit).toBe(true);
  expect((await h.request('GET', '/api/schools/nope/record', { key: 'bureau' })).status).toBe(404);

  // The template as CSV: the columns the import reads (Chinese headers), a row per school of the jurisdiction.
  const csv = await fetch(`${h.baseUrl}/api/schools/roster-template.csv?jurisdictionId=${jurisdictionId}`, { headers: { authorization: `Bearer ${h.keys.bureau}` } });
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-disposition')).toContain('.csv');
  const lines = (await csv.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines).toEqual([
    ROSTER_HEADERS.join(','),
    `${ids[0]},城关第一小学,小学,城关镇,820,,2,是,否,是,是,是`,
    `${ids[1]},新华寄宿制中学,九年一贯制学校,新华镇,1200,650,3,是,是,是,否,是`,
    `${ids[2]},城南幼儿园,幼儿园,城南街道,180,0,1,是,否,是,是,是`,
  ]);
  expect((await h.request('GET', '/api/schools/roster-template.csv', { key: ownKey })).status).toBe(403);

  // As Excel: the same rows, the header frozen, 是/否 and 学段 as drop-down lists, a sheet of how to fill it in.
  const res = await fetch(`${h.baseUrl}/api/schools/roster-template.xlsx?jurisdictionId=${jurisdictionId}`, { headers: { authorization: `Bearer ${h.keys.bureau}` } });
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual(['一校一档名册', '填写说明']);
  const sheet = book.worksheets[0];
  expect(sheet.rowCount).toBe(4);
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...ROSTER_HEADERS]);
  expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual([ids[1], '新华寄宿制中学', '九年一贯制学校', '新华镇', '1200', '650', '3', '是', '是', '是', '否', '是']);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheet.getCell('H2').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
  expect(sheet.getCell('C2').dataValidation?.formulae?.[0]).toContain('九年一贯制学校');
  expect(sheet.getCell('D2').dataValidation).toBeUndefined();
  expect(book.worksheets[1].getColumn(2).values).toEqual(expect.arrayContaining(['必填，按名录中的编号填写，不得重复', '不小于0、不大于20000的整数，不多于在校生数']));
  // Sent back as it came: every school read, nothing changed.
  const back = await postRoster(bytes, { xlsx: true });
  expect(back.status).toBe(200);
  expect(back.body.rows.map((r: any) => [r.schoolId, r.changed, r.kind === r.kindBefore])).toEqual(ids.map((id) => [id, [], true]));
});

test("a campaign's targets: the presets' quoted lines, each target's rate on the dashboard with the schools short of it", async () => {
  // After the roster: a — 城关镇, 820 pupils, no boarders filled in, 护学岗 yes, 警务室 no, both linked;
  // b — 650 boarders, 3 guards (needs 2 + 650/300 → 4), 护学岗, 警务室, alarm linked, CCTV not; c — no boarders.
  const { at } = await timeline(h);
  const id = (targetsCampaign = uniqueId('targets'));
  const targets = [...PRESET_TARGETS['jiande-2020'], ...PRESET_TARGETS['qiannan-2020']];
  expect(targets.map((t) => t.source)).toEqual(
    expect.arrayContaining(['实现“护学岗”设置100%，校园警务室建设100%', '寄宿制学校至少配备2名专职保安员，在上述标准的基础上每增加300名寄宿生增配1名保安员']),
  );
  const launch = await launchCampaign(h, {
    id,
    name: '档案测试县护校安园专项行动',
    jurisdictionId,
    plan: { phases: [{ key: 'rectification', startAt: at(300 * DAY), endAt: at(330 * DAY) }], obligations: [] },
    participants: { schools: { all: true } },
    targets,
  });
  expect(launch.status).toBe(201);
  const dash = await h.request('GET', `/api/campaigns/${id}/dashboard`, { key: 'lead' });
  expect(dash.status).toBe(200);
  const target = (key: string) => dash.body.targets.find((t: any) => t.key === key);
  expect(target('guard_post')).toMatchObject({ label: '“护学岗”设置率', goal: 100, applicable: 3, met: 3, rate: 1, reached: true, short: [] });
  expect(target('police_room')).toMatchObject({ applicable: 3, met: 1, rate: 0.3333, reached: false });
  expect(target('police_room').short).toEqual([
    { schoolId: ids[0], name: '城关第一小学', reason: '未建校园警务室' },
    { schoolId: ids[2], name: '城南幼儿园', reason: '未建校园警务室' },
  ]);
  expect(target('linked')).toMatchObject({ applicable: 3, met: 2, short: [{ schoolId: ids[1], name: '新华寄宿制中学', reason: '视频监控未联网' }] });
  // A day school (0 boarders) is not counted; one not filled in is short of it.
  expect(target('boarding_guards')).toMatchObject({ applicable: 2, met: 0, rate: 0 });
  expect(target('boarding_guards').short).toEqual([
    { schoolId: ids[0], name: '城关第一小学', reason: '未填报寄宿生数' },
    { schoolId: ids[1], name: '新华寄宿制中学', reason: '寄宿生650名，应配专职保安员4名，现有3名' },
  ]);

  // A preset's launch carries its own targets; the presets list shows them.
  const presets = await h.request('GET', '/api/presets', { key: 'lead' });
  expect(presets.body.items.find((p: any) => p.id === 'jiande-2020').targets.map((t: any) => t.key)).toEqual(['guard_post', 'police_room']);
  expect(presets.body.items.find((p: any) => p.id === 'pulu-2021').targets).toEqual([]);
  // A bad target is refused naming the field.
  const bad = await h.request('POST', '/api/campaigns/preview', {
    key: 'lead',
    body: {
      name: 'x',
      jurisdictionId,
      plan: { phases: [{ key: 'rectification', startAt: at(300 * DAY), endAt: at(330 * DAY) }], obligations: [] },
      targets: [{ key: 'x', label: '联网率', goal: 120, rule: { kind: 'facilities', facilities: ['wifi'] } }],
    },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['body.targets.0.goal', 'body.targets.0.rule.facilities.0']);
});

test("the 统计报表 carries the targets: each one's rate and the schools short of it, in the JSON, a CSV section and two Excel sheets; a school reads its own", async () => {
  const period = localDate(await h.now()).slice(0, 7);
  const stats = await h.request('GET', `/api/campaigns/${targetsCampaign}/statistics?period=${period}`, { key: 'lead' });
  expect(stats.status).toBe(200);
  const dash = await h.request('GET', `/api/campaigns/${targetsCampaign}/dashboard`, { key: 'lead' });
  // The dashboard's function: the same figures.
  expect(stats.body.targets).toEqual(dash.body.targets);

  const csv = await fetch(`${h.baseUrl}/api/campaigns/${targetsCampaign}/statistics.csv?period=${period}`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  const lines = (await csv.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  const from = lines.indexOf('工作目标完成情况（一校一档，截至导出时）');
  expect(from).toBeGreaterThan(0);
  expect(lines.slice(from + 1, from + 7)).toEqual([
    '工作目标,目标值,适用学校数,达标学校数,达标率,是否达到目标',
    '“护学岗”设置率,100%,3,3,100.0%,已达到',
    '校园警务室建成率,100%,3,1,33.3%,未达到',
    '一键式紧急报警、视频监控联网率,100%,3,2,66.7%,未达到',
    '寄宿制学校专职保安员配备达标率,100%,2,0,0.0%,未达到',
    '封闭化管理达标率,100%,3,3,100.0%,已达到',
  ]);
  const short = lines.slice(lines.indexOf('未达标学校') + 1);
  expect(short).toEqual([
    '工作目标,学校编号,学校名称,未达标原因',
    `校园警务室建成率,${ids[0]},城关第一小学,未建校园警务室`,
    `校园警务室建成率,${ids[2]},城南幼儿园,未建校园警务室`,
    `一键式紧急报警、视频监控联网率,${ids[1]},新华寄宿制中学,视频监控未联网`,
    `寄宿制学校专职保安员配备达标率,${ids[0]},城关第一小学,未填报寄宿生数`,
    `寄宿制学校专职保安员配备达标率,${ids[1]},新华寄宿制中学,寄宿生650名，应配专职保安员4名，现有3名`,
  ]);

  const res = await fetch(`${h.baseUrl}/api/campaigns/${targetsCampaign}/statistics.xlsx?period=${period}`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual(['统计报表', '工作目标', '未达标学校']);
  const goals = book.getWorksheet('工作目标')!;
  expect(goals.getCell('A1').value).toBe('档案测试县护校安园专项行动工作目标完成情况（一校一档，截至导出时）');
  expect((goals.getRow(3).values as unknown[]).slice(1)).toEqual(['工作目标', '目标值', '适用学校数', '达标学校数', '达标率', '是否达到目标']);
  expect((goals.getRow(5).values as unknown[]).slice(1)).toEqual(['校园警务室建成率', 1, 3, 1, 0.3333, '未达到']);
  expect(goals.getRow(5).getCell(5).numFmt).toBe('0.0%');
  expect(goals.rowCount).toBe(3 + 5);
  const shortSheet = book.getWorksheet('未达标学校')!;
  expect(shortSheet.rowCount).toBe(3 + 5);
  expect((shortSheet.getRow(8).values as unknown[]).slice(1)).toEqual(['寄宿制学校专职保安员配备达标率', ids[1], '新华寄宿制中学', '寄宿生650名，应配专职保安员4名，现有3名']);

  // A school: its own record against each target; a department: none.
  const own = await h.request('GET', `/api/campaigns/${targetsCampaign}/statistics?period=${period}`, { key: ownKey });
  expect(own.body.targets.map((t: any) => [t.key, t.applicable, t.met, t.short.map((s: any) => s.schoolId)])).toEqual([
    ['guard_post', 1, 1, []],
    ['police_room', 1, 0, [ids[0]]],
    ['linked', 1, 1, []],
    ['boarding_guards', 1, 0, [ids[0]]],
    ['closed_management', 1, 1, []],
  ]);
  expect((await h.request('GET', `/api/campaigns/${targetsCampaign}/statistics?period=${period}`, { key: 'market' })).body.targets).toEqual([]);
});
