// 一校一档 in a real Chromium against the real stack (issue 28's "done when"): the bureau downloads the
// roster's template and imports a roster (xlsx) on the directory page — one bad row named by row and
// field, nothing written; the file fixed, previewed, confirmed; a school edits its own record (a bad
// value refused beside its field); the lead launches a campaign with the preset's targets edited (one
// removed, a goal changed, one added); the campaign page shows each target's rate and the schools
// short of it, at 390 px and on a desktop. Schools of a street of their own: the seeded district stays as it is.
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { addDays, localDate } from '../../common/campaign-calendar';
import { CAMPAIGN_PRESETS } from '../../common/campaign-presets';
import { ROSTER_HEADERS, SCHOOL_RECORD_FLAGS } from '../../domain/school-record';
import { DESKTOP, PHONE, screenshotPath } from '../support/browser';
import { DAY, uniqueId } from '../support/hazard-helpers';
import { launchCampaign, onePhasePlan, timeline } from '../support/builders';
import { choosePresetAndStart, expectFits, failOnPageErrors, numbersSplitAcrossLines, useWebStack } from '../support/web-stack';

const stamp = Date.now().toString(36);
const jurisdictionId = uniqueId('roster-street');
const ids = ['a', 'b', 'c'].map((x) => uniqueId(`wr${x}`));
const NAMES = ['名册测试第一小学', '名册测试寄宿制中学', '名册测试幼儿园'];
const STREET = '名册测试街道';
const lead = { email: `lead-rec-${stamp}@yufeng.example`, password: '领导小组办公室2026' };
const bureau = { email: `bureau-rec-${stamp}@yufeng.example`, password: '教育局名册导入2026' };
const school = { email: `school-rec-${stamp}@yufeng.example`, password: '一校一档填报2026' };
const { h, browser, signIn } = useWebStack(
  { ...lead, name: '覃主任', role: 'lead' },
  { ...bureau, name: '覃股长', role: 'bureau', unitId: 'edu' },
  { ...school, name: '韦老师', role: 'school', unitId: ids[0] },
);
const openPage = failOnPageErrors();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  // A street: the lead office with no jurisdiction of its own keeps 鱼峰区 (the highest level first).
  const street = await h.request('PUT', `/api/jurisdictions/${jurisdictionId}`, {
    key: 'lead',
    body: {
      name: STREET,
      level: 'street',
      governmentName: '名册测试街道办事处',
      governmentContactName: '李主任',
      governmentEmail: 'gov@mingce.example',
      leadOfficeName: '名册测试街道护校安园办',
      leadOfficeEmail: 'office@mingce.example',
    },
  });
  expect(street.status).toBe(201);
  for (const [i, id] of ids.entries()) {
    const body = { jurisdictionId, name: NAMES[i], kind: ['primary', 'middle', 'kindergarten'][i], principalName: '校长', principalEmail: `p-${id}@mingce.example` };
    expect((await h.request('PUT', `/api/schools/${id}`, { key: 'lead', body })).status).toBe(201);
  }
});

/** A roster workbook of our three schools: `boardersOfB` is what the middle school's 寄宿生数 cell says. */
async function roster(boardersOfB: string | number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('名册');
  sheet.addRow([...ROSTER_HEADERS]);
  sheet.addRow([ids[0], NAMES[0], '小学', '城关镇', 820, null, 2, '是', '否', '是', '是', '是']);
  sheet.addRow([ids[1], NAMES[1], '九年一贯制', '新华镇', 1200, boardersOfB, 3, '是', '是', '是', '否', '是']);
  sheet.addRow([ids[2], NAMES[2], '幼儿园', '城南街道', 180, 0, 1, '是', '否', '是', '是', '是']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const recordOf = (id: string) => h.db.school.findUniqueOrThrow({ where: { id } });

/** Chooses a file on the roster import's upload. */
const choose = async (page: Page, name: string, buffer: Buffer) => page.getByTestId('roster-import').locator('input[type=file]').setInputFiles({ name, mimeType: XLSX, buffer });

test('the bureau downloads the template and imports a roster (xlsx) on a phone: a bad row named by row and field, nothing written; the fixed file previewed, then written', async () => {
  const page = await openPage(browser, PHONE);
  await signIn(page, bureau, '/directory');
  await page.getByRole('tab', { name: '名册导入' }).click();
  await page.getByTestId('roster-import').waitFor();

  // The template: the columns the import reads, with Chinese headers, and the schools as they stand.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('roster-template-xlsx').click()]);
  expect(download.suggestedFilename()).toBe('一校一档名册模板.xlsx');
  const template = new ExcelJS.Workbook();
  await template.xlsx.load((await readFile(await download.path())) as unknown as ArrayBuffer);
  const sheet = template.worksheets[0];
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...ROSTER_HEADERS]);
  const rowOf = (id: string) => sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === id);
  expect((rowOf(ids[1])!.values as unknown[]).slice(1, 4)).toEqual([ids[1], NAMES[1], '初级中学']);

  // One bad row: the problem named by its row and field, nothing written.
  await choose(page, '名册.xlsx', await roster('两百'));
  const problems = page.getByTestId('roster-problems');
  await problems.waitFor();
  expect(await problems.innerText()).toContain('名册有1处问题，未导入任何数据。请修改文件后重新选择：');
  expect(await problems.locator('li').allInnerTexts()).toEqual(['第3行“寄宿生数”：“两百”应为不小于0的整数']);
  expect(await page.getByTestId('roster-confirm').count()).toBe(0);
  expect((await recordOf(ids[1])).township).toBeNull();
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('roster-phone-problem'), fullPage: true });

  // The file fixed: each school's changes to check, then confirmed.
  await choose(page, '名册（改）.xlsx', await roster(650));
  const preview = page.getByTestId('roster-preview');
  await preview.waitFor();
  const shown = await preview.innerText();
  expect(shown).toContain('名册共3所学校，其中3所的一校一档将有变更。请核对后确认导入。');
  expect(shown).toContain('学段：初级中学→九年一贯制学校');
  expect(shown).toContain('寄宿生数：未填报→650人');
  expect(shown).toContain('视频监控联网：未填报→未联网');
  expect((await recordOf(ids[1])).township).toBeNull();
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('roster-phone-preview'), fullPage: true });
  await page.getByTestId('roster-confirm').click();
  await page.getByTestId('roster-done').filter({ hasText: '已导入3所学校的一校一档。' }).waitFor();
  expect(await recordOf(ids[1])).toMatchObject({ kind: 'nine_year', township: '新华镇', enrolment: 1200, boarders: 650, securityGuards: 3, cctvLinked: false });
  expect(await recordOf(ids[0])).toMatchObject({ township: '城关镇', boarders: null, guardPost: true, policeRoom: false });

  // Each school's 一校一档 opens from the directory (the 学校 tab's 一校一档 column) for the bureau to edit.
  await page.goto(`${h.baseUrl}/schools/${ids[2]}/record`);
  await page.getByTestId('record-form').waitFor();
  expect(await page.getByTestId('record-summary').innerText()).toContain('学段：幼儿园。各项均已填报。');
  await page.context().close();
});

test('a school edits its own 一校一档 from its header on a phone: a value out of bounds refused beside its field, then saved', async () => {
  const page = await openPage(browser, PHONE);
  await signIn(page, school, '/');
  // Nothing due yet: its 工作台 says so (not its name and a bare colon).
  expect(await page.getByTestId('work-summary').innerText()).toBe('韦老师：暂无待办事项。');
  await page.getByTestId('nav').getByText('一校一档').click();
  await page.waitForURL((u) => u.pathname === '/record');
  const form = page.getByTestId('record-form');
  await form.waitFor();
  expect(await page.locator('h4').innerText()).toBe(`一校一档：${NAMES[0]}`);
  expect(await page.getByTestId('record-summary').innerText()).toContain('尚有1项未填报。');
  expect(await form.getByLabel('在校生数').inputValue()).toBe('820');
  // More boarders than pupils: refused beside the field, nothing written.
  await form.getByLabel('寄宿生数').fill('900');
  await page.getByTestId('record-save').click();
  await form.getByText('不能多于在校生数').waitFor();
  expect((await recordOf(ids[0])).boarders).toBeNull();
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('school-record-phone-refused'), fullPage: true });
  // A day school: no boarders; its 校园警务室 now built.
  await form.getByLabel('寄宿生数').fill('0');
  await form.locator('.ant-form-item', { hasText: '校园警务室' }).getByText('已建成').click();
  await page.getByTestId('record-save').click();
  await page.getByText('一校一档已保存').waitFor();
  await page.getByTestId('record-summary').filter({ hasText: '各项均已填报。' }).waitFor();
  expect(await recordOf(ids[0])).toMatchObject({ boarders: 0, policeRoom: true, enrolment: 820, township: '城关镇' });
  // Another school's record is not its to open.
  await page.goto(`${h.baseUrl}/schools/${ids[1]}/record`);
  await page.getByTestId('not-shown').waitFor();
  await page.context().close();
});

let campaignId: string;

test("the lead launches a campaign with the preset's targets edited: one removed, a goal changed, one added", async () => {
  const preset = CAMPAIGN_PRESETS.find((p) => p.id === 'qiannan-2020')!;
  const startDate = addDays(localDate(await h.now()), 30);
  const page = await openPage(browser, PHONE);
  await signIn(page, lead, '/campaigns/new');
  await choosePresetAndStart(page, preset, startDate);
  await page.locator('input#jurisdictionId').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: STREET }).click();

  // The preset's three targets, quoted from the plan.
  const targets = page.getByTestId('launch-targets');
  await targets.waitFor();
  expect(await targets.locator('[data-testid^="launch-target-"]').count()).toBe(3);
  expect(await page.getByTestId('launch-target-boarding_guards').innerText()).toContain('方案原文：“寄宿制学校至少配备2名专职保安员，在上述标准的基础上每增加300名寄宿生增配1名保安员”');
  // 专职保安员's two numbers edited in their sentence: the requirement follows them (then back to the plan's).
  const guards = page.getByTestId('launch-target-boarding_guards');
  await guards.getByLabel('保安员基数').fill('3');
  await guards.getByLabel('每增配1名对应的寄宿生数').fill('200');
  expect(await guards.innerText()).toContain('达标要求：寄宿制学校至少配备3名专职保安员，每增加200名寄宿生增配1名');
  await guards.getByLabel('保安员基数').fill('2');
  await guards.getByLabel('每增配1名对应的寄宿生数').fill('300');
  // 封闭化管理 removed, the 联网率 goal down to 90%, a target added: 护学岗 and 校园警务室.
  await page.getByTestId('target-remove-closed_management').click();
  await page.getByTestId('launch-target-linked').getByLabel('目标值').fill('90');
  await page.getByTestId('target-add').click();
  const added = page.getByTestId('launch-target-target_1');
  await added.getByText('校园警务室').click();
  expect(await added.getByLabel('目标名称').inputValue()).toBe('护学岗、校园警务室达标率');
  expect(await added.innerText()).toContain('达标要求：已设置“护学岗”，已建成校园警务室');
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('launch-targets-phone'), fullPage: true });

  await page.getByTestId('preview').click();
  await page.getByTestId('preview-targets').waitFor();
  const planned = await page.getByTestId('preview-targets').locator('li').allInnerTexts();
  // At 390 px the goals and the report deadlines wrap between words, never inside a number ("10|0%", "2|8日").
  expect(await numbersSplitAcrossLines(page.getByTestId('preview-result'))).toEqual([]);
  expect(planned).toEqual([
    '一键式紧急报警、视频监控联网率达到90%（一键式紧急报警已联网，视频监控已联网）',
    '寄宿制学校专职保安员配备达标率达到100%（寄宿制学校至少配备2名专职保安员，每增加300名寄宿生增配1名（无寄宿生的学校不计））',
    '护学岗、校园警务室达标率达到100%（已设置“护学岗”，已建成校园警务室）',
  ]);
  await page.getByTestId('confirm').click();
  await page.waitForURL(/\/campaigns\/cp-[\w-]+$/);
  campaignId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  const launched = (await h.request('GET', `/api/campaigns/${campaignId}/dashboard`, { key: 'lead' })).body;
  expect(launched.targets.map((t: { key: string; goal: number }) => [t.key, t.goal])).toEqual([
    ['linked', 90],
    ['boarding_guards', 100],
    ['target_1', 100],
  ]);
  await page.context().close();
});

test("the campaign page shows each target's rate and the schools short of it, from the imported and edited records, on a phone and a desktop", async () => {
  for (const viewport of [PHONE, DESKTOP]) {
    const page = await openPage(browser, viewport);
    await signIn(page, lead, `/campaigns/${campaignId}`);
    const card = (key: string) => page.getByTestId(`target-${key}`);
    await card('linked').waitFor();
    // 联网率: the boarding school's CCTV is not linked — 2 of 3, short of the 90% goal.
    expect(await card('linked').innerText()).toMatch(/66\.7%[\s\S]*目标90% · 达标2\/3所/);
    expect(await page.getByTestId('target-short-linked').locator('li').allInnerTexts()).toEqual([`${NAMES[1]}：视频监控未联网`]);
    // 专职保安员: only the boarding school counts (the other two have no boarders), and it is one short.
    expect(await card('boarding_guards').innerText()).toMatch(/0%[\s\S]*目标100% · 达标0\/1所/);
    expect(await page.getByTestId('target-short-boarding_guards').locator('li').allInnerTexts()).toEqual([`${NAMES[1]}：寄宿生650名，应配专职保安员4名，现有3名`]);
    // 护学岗 and 校园警务室: the kindergarten has no 警务室 (the primary school built its own since).
    expect(await card('target_1').innerText()).toMatch(/66\.7%[\s\S]*目标100% · 达标2\/3所/);
    expect(await page.getByTestId('target-short-target_1').locator('li').allInnerTexts()).toEqual([`${NAMES[2]}：未建校园警务室`]);
    await expectFits(page);
    await page.screenshot({ path: screenshotPath(`campaign-targets-${viewport === PHONE ? 'phone' : 'desktop'}`), fullPage: true });
    await page.getByTestId('targets').screenshot({ path: screenshotPath(`campaign-targets-card-${viewport === PHONE ? 'phone' : 'desktop'}`) });
    await page.context().close();
  }
});

test('on a phone a target short at many schools lists the first five, the rest behind 展开全部', async () => {
  // Eight of the seeded schools, a target of every facility of the 一校一档 (none of them has all).
  const { at } = await timeline(h);
  const many = uniqueId('targets-many');
  const launched = await launchCampaign(h, {
    id: many,
    name: '工作目标展开测试',
    plan: onePhasePlan('survey', at(DAY), at(30 * DAY)),
    participants: { schools: { ids: ['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08'] } },
    targets: [{ key: 'all_facilities', label: '设施全部达标率', goal: 100, rule: { kind: 'facilities', facilities: [...SCHOOL_RECORD_FLAGS] } }],
  });
  expect(launched.status).toBe(201);
  const short: { name: string; reason: string }[] = (await h.request('GET', `/api/campaigns/${many}/dashboard`, { key: 'lead' })).body.targets[0].short;
  expect(short.length).toBeGreaterThan(5);
  const page = await openPage(browser, PHONE);
  await signIn(page, lead, `/campaigns/${many}`);
  const list = page.getByTestId('target-short-all_facilities').locator('li');
  await list.first().waitFor();
  expect(await list.allInnerTexts()).toEqual(short.slice(0, 5).map((s) => `${s.name}：${s.reason}`));
  const toggle = page.getByTestId('target-short-toggle-all_facilities');
  expect((await toggle.innerText()).replace(/\s/g, '')).toBe(`展开全部${short.length}所未达标学校`);
  await toggle.click();
  expect(await list.count()).toBe(short.length);
  expect((await toggle.innerText()).replace(/\s/g, '')).toBe('收起');
  await expectFits(page);
  await page.context().close();
});
