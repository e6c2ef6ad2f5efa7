// The lead's view in a real Chromium against the real stack (one stack for the file): the lead
// launches a campaign from a preset with a new start date and sees every date before confirming;
// a school submits its 摸排 through the form and through the CSV upload; the dashboard shows the
// phases and the numbers of GET /api/campaigns/:id/stats; the lead edits a department's contact
// in the directory and the next mail goes to the new address. At 390 px and on a desktop.
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { PHASE_LABELS } from '../../common/campaign';
import { addDays, localDate } from '../../common/campaign-calendar';
import { CAMPAIGN_PRESETS } from '../../common/campaign-presets';
import { PRESET_TARGETS } from '../../domain/campaign/targets';
import { formatDeadline } from '../../common/time';
import { DESKTOP, PHONE, screenshotPath } from '../support/browser';
import { DAY, eventually, isMailOf, reportHazard, uniqueId } from '../support/hazard-helpers';
import { choosePresetAndStart, dayText, expectFits, failOnPageErrors, useWebStack } from '../support/web-stack';

const stamp = Date.now().toString(36);
const lead = { email: `lead-web-${stamp}@yufeng.example`, password: '领导小组办公室2026' };
const school = { email: `s01-web-${stamp}@yufeng.example`, password: '实验小学自查2026' };
const { h, browser, signIn } = useWebStack({ ...lead, name: '覃主任', role: 'lead' }, { ...school, name: '韦老师', role: 'school', unitId: 's01' });

/** A page whose script errors fail the test. */
const openPage = failOnPageErrors();

const preset = CAMPAIGN_PRESETS.find((p) => p.id === 'yufeng-2023')!;
let campaignId: string;

test('the lead launches a campaign from a preset with a new start date, sees every date before confirming, and its dashboard', async () => {
  // A start ten days from today: the survey phase (摸排) is still to come, the schools may self-inspect.
  const startDate = addDays(localDate(await h.now()), 10);
  const shift = (d: string) => addDays(d, (Date.parse(startDate) - Date.parse(preset.startDate)) / DAY);

  const page = await openPage(browser, DESKTOP);
  await signIn(page, lead, '/campaigns');
  await page.getByTestId('launch').click();
  await page.waitForURL(/\/campaigns\/new$/);
  await choosePresetAndStart(page, preset, startDate);
  // Two schools take part: the list.
  await page.getByText('指定学校').click();
  const picker = page.locator('input#schoolIds');
  for (const name of ['鱼峰区第一实验小学', '鱼峰区荣军路小学']) {
    await picker.click();
    await page.keyboard.type(name.slice(3));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
  }
  await page.keyboard.press('Escape');
  // The preset's summary in Chinese, as the source says it (its English gloss is for developers).
  const summaryText = await page.getByTestId('preset-summary').innerText();
  expect(summaryText).toMatch(/^九类问题集中整治；/);
  expect(summaryText).not.toMatch(/[A-Za-z]/);
  await page.getByTestId('preview').click();

  // Every phase with its dates, as the preset's dates moved to the new start.
  const phases = await page.getByTestId('preview-phases').innerText();
  for (const p of preset.phases) expect(phases).toContain(`${PHASE_LABELS[p.key]}\t${dayText(shift(p.startDate))}至${dayText(shift(p.endDate))}`);
  // Every obligation with every due date the launch will use (the preview's).
  const body = { name: preset.name, jurisdictionId: 'yufeng', preset: { id: preset.id, startDate }, participants: { schools: { ids: ['s01', 's02'] } } };
  const planned = (await h.request('POST', '/api/campaigns/preview', { body })).body;
  expect(planned.participants.schoolIds).toEqual(['s01', 's02']);
  const obligations = await page.getByTestId('preview-obligations').innerText();
  expect(planned.obligations).toHaveLength(preset.obligations.length);
  for (const o of planned.obligations) {
    expect(obligations).toContain(o.title);
    for (const d of o.dueDates) expect(obligations).toContain(`${formatDeadline(d)}前`);
  }
  // One-off deadlines fall on the preset's dates moved too ("5月15日前": by the end of the 14th).
  const summary = preset.obligations.find((o) => o.key === 'summary')!;
  expect(obligations).toContain(`${dayText(shift(summary.dueDate!))}24时前`);
  expect(await page.getByTestId('preview-result').innerText()).toContain('学校2所，成员单位14个');
  expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  await page.screenshot({ path: screenshotPath('launch-desktop-preview'), fullPage: true });

  await page.getByTestId('confirm').click();
  await page.waitForURL(/\/campaigns\/cp-[\w-]+$/);
  campaignId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  const launched = (await h.request('GET', `/api/campaigns/${campaignId}`)).body;
  expect(launched.participants).toEqual({ schoolIds: ['s01', 's02'], departmentIds: expect.any(Array) });
  expect(launched.phases.map((p: { startAt: string }) => localDate(p.startAt))).toEqual(preset.phases.map((p) => shift(p.startDate)));

  // The dashboard: the phases, today's line before them, the numbers of /stats.
  await page.getByTestId('phase').first().waitFor();
  expect(await page.getByTestId('phase').allInnerTexts()).toEqual(preset.phases.map((p) => expect.stringContaining(`${PHASE_LABELS[p.key]}`)));
  const timeline = await page.getByTestId('phases').innerText();
  for (const p of preset.phases) expect(timeline).toContain(`${dayText(shift(p.startDate))}至${dayText(shift(p.endDate))}`);
  expect(await page.getByTestId('today').innerText()).toContain('行动尚未开始');
  await expectNumbersEqualStats(page, campaignId, { found: 0 });
  expect((await page.getByTestId('number-closureRate').innerText()).replace(/\s/g, '')).toBe('动态清零率—（尚未发现隐患）');
  expect(await page.getByTestId('reports').innerText()).toContain('未到期');
  await page.context().close();
});

test('a school submits its self-inspection through the form and more hazards through the CSV upload, on a phone', async () => {
  const page = await openPage(browser, PHONE);
  await signIn(page, school, `/campaigns/${campaignId}`);
  const form = page.getByTestId('self-inspection-form');
  await form.waitFor();
  // An empty row is refused beside its field.
  await page.getByTestId('add-row').click();
  await page.getByTestId('submit-self-inspection').click();
  await form.getByText('请填写此项').first().waitFor();
  const rows = [
    { title: '教学楼二楼灭火器压力不足', category: '消防安全', location: '教学楼二楼东侧走廊' },
    { title: '校门口护栏松动', category: '交通秩序', location: '南门' },
  ];
  for (const [i, r] of rows.entries()) {
    if (i > 0) await page.getByTestId('add-row').click();
    const row = page.getByTestId('hazard-row').nth(i);
    await row.getByLabel('隐患名称').fill(r.title);
    await row.getByLabel('隐患类别').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: r.category }).click();
    // Closed before the next row opens its own: a list still fading out would be taken for the next one's.
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await row.getByLabel('隐患位置').fill(r.location);
  }
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('self-inspection-phone-form'), fullPage: true });
  await page.getByTestId('submit-self-inspection').click();
  await page.getByTestId('self-inspection-done').filter({ hasText: '已提交自查，上报隐患2项。' }).waitFor();
  const stored = await eventually(
    () => h.db.hazard.findMany({ where: { campaignId, schoolId: 's01' }, orderBy: { title: 'asc' } }),
    (r) => r.length === 2,
  );
  expect(stored.map((x) => [x.title, x.category, x.location])).toEqual([
    ['教学楼二楼灭火器压力不足', 'fire', '教学楼二楼东侧走廊'],
    ['校门口护栏松动', 'traffic_order', '南门'],
  ]);
  expect(await h.db.selfInspection.count({ where: { campaignId, schoolId: 's01' } })).toBe(1);

  // The CSV: a bad file is refused whole, with the row and field in Chinese; the template filled in is imported.
  await page.getByRole('tab', { name: '上传表格' }).click();
  const template = decodeURIComponent((await page.getByTestId('download-template').getAttribute('href'))!.replace(/^data:text\/csv;charset=utf-8,/, ''));
  const [header] = template.replace(/^\uFEFF/, '').split('\r\n');
  expect(header).toBe('学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料');
  const upload = page.locator('[data-testid=self-inspection] input[type=file]');
  await upload.setInputFiles({ name: '自查.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${header}\r\ns01,消防安全,严重,疏散指示灯损坏,,,否,,\r\n`) });
  await page.getByTestId('csv-problems').filter({ hasText: '第2行“隐患等级”须为“一般”或“重大”' }).waitFor();
  await upload.setInputFiles({
    name: '自查.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`\uFEFF${header}\r\ns01,消防安全,一般,疏散指示灯损坏,,食堂后门,否,,\r\ns01,食品安全,一般,食堂留样柜温度不达标,,食堂,是,,\r\n`),
  });
  await page.getByTestId('csv-result').filter({ hasText: '已导入2项隐患。' }).waitFor();
  await eventually(
    () => h.db.hazard.count({ where: { campaignId, schoolId: 's01' } }),
    (n) => n === 4,
  );
  expect(await h.db.hazard.count({ where: { campaignId, schoolId: 's01' } })).toBe(4);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('self-inspection-phone-csv'), fullPage: true });
  await page.context().close();
});

/** The dashboard's numbers, as the page shows them, equal GET /api/campaigns/:id/stats. */
async function expectNumbersEqualStats(page: Page, id: string, expected: Partial<Record<string, number>>) {
  const stats = (await h.request('GET', `/api/campaigns/${id}/stats`)).body;
  const shown = async (key: string) => (await page.getByTestId(`number-${key}`).locator('.ant-statistic-content').innerText()).replace(/\s/g, '');
  for (const key of ['found', 'rectified', 'verified', 'overdue', 'escalated', 'listedSupervision']) expect(await shown(key)).toBe(String(stats.hazards[key]));
  // A rate of nothing found is "—（尚未发现隐患）", not 100%: as the 通报 says it.
  expect(await shown('closureRate')).toBe(stats.hazards.total - (stats.hazards.byStatus.withdrawn ?? 0) > 0 ? `${Math.round(stats.closureRate * 1000) / 10}%` : '—（尚未发现隐患）');
  for (const [key, n] of Object.entries(expected)) expect(stats.hazards[key]).toBe(n);
  return stats;
}

test('the dashboard shows the counts of /stats, by school, as the hazards move, on a phone and a desktop', async () => {
  // The school fixes one hazard itself (a general one it may fix: 能否自行整改 是) and writes it off by registering it with its photo (黔南 item 12).
  const [self] = await h.db.hazard.findMany({ where: { campaignId, schoolId: 's01', selfFixable: true } });
  await eventually(
    () => h.request('GET', `/api/hazards/${self.id}`, { key: 'bureau' }),
    (r) => r.body.status === 'rectifying',
  );
  expect(
    (await h.request('POST', `/api/hazards/${self.id}/self-fix-registration`, { key: 'school', body: { note: '已更换留样柜温控器', evidence: ['https://files.example/after.jpg'] } })).status,
  ).toBe(200);
  await eventually(
    () => h.db.hazard.findUnique({ where: { id: self.id } }),
    (x) => x?.status === 'closed',
  );

  for (const viewport of [PHONE, DESKTOP]) {
    const page = await openPage(browser, viewport);
    await signIn(page, lead, `/campaigns/${campaignId}`);
    await page.getByTestId('number-found').waitFor();
    const stats = await expectNumbersEqualStats(page, campaignId, { found: 4, verified: 1 });
    expect(stats.closureRate).toBe(0.25);
    // The chart's last point (today, replayed from the audit trail) has the same counts.
    const { series } = (await h.request('GET', `/api/campaigns/${campaignId}/dashboard`)).body;
    expect(series.at(-1)).toEqual({ date: localDate(Date.now()), found: 4, rectified: 1, verified: 1, overdue: 0, escalated: 0, listedSupervision: 0, closureRate: 0.25 });
    // The table by school: 鱼峰区第一实验小学 with 4 hazards, 3 not written off.
    await page.getByRole('tab', { name: '按学校' }).click();
    const row = page.getByTestId('table-schools').locator('tr', { hasText: '鱼峰区第一实验小学' });
    expect((await row.locator('td').allInnerTexts()).slice(0, 6)).toEqual(['鱼峰区第一实验小学', '4', '3', '0', '0', '1']);
    await page.getByTestId('trend-chart').locator('canvas').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    await expectFits(page);
    await page.screenshot({ path: screenshotPath(`dashboard-${viewport === PHONE ? 'phone' : 'desktop'}`), fullPage: true });
    if (viewport === DESKTOP) {
      // The 台账 and the month's 统计报表 as Excel, downloaded from the buttons beside the CSV's.
      const [ledger] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-hazards-xlsx').click()]);
      expect(ledger.suggestedFilename()).toBe(`${campaignId}-hazards.xlsx`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(await ledger.path());
      expect(book.getWorksheet('隐患台账')!.rowCount).toBe(3 + 4);
      const [table] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-statistics-xlsx').click()]);
      expect(table.suggestedFilename()).toMatch(new RegExp(`^${campaignId}-statistics-\\d{4}-\\d{2}\\.xlsx$`));
    }
    await page.context().close();
  }
});

test('the dashboard refreshes itself while the campaign runs', async () => {
  const page = await openPage(browser, DESKTOP);
  await signIn(page, lead, `/campaigns/${campaignId}?poll=500`);
  await page.getByTestId('number-found').locator('.ant-statistic-content').filter({ hasText: /^4$/ }).waitFor();
  await reportHazard(h, { id: uniqueId('hz'), campaignId, title: '操场围墙裂缝' }, 'school');
  await page.getByTestId('number-found').locator('.ant-statistic-content').filter({ hasText: /^5$/ }).waitFor();
  await expectNumbersEqualStats(page, campaignId, { found: 5 });
  await page.context().close();
});

test('the lead edits a department’s contact in the directory and the next mail goes to the new address', async () => {
  const original = await h.db.department.findUniqueOrThrow({ where: { id: 'culture' } });
  const newAddress = `culture-new-${stamp}@yufeng.example`;
  try {
    const page = await openPage(browser, PHONE);
    await signIn(page, lead, '/directory');
    await page.getByTestId('edit-culture').click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel('联系人').fill('文化市场科 黄科长');
    await modal.getByLabel('联系邮箱').fill('不是邮箱');
    await modal.getByRole('button', { name: /保\s?存/ }).click();
    await modal.getByText('请填写正确的电子邮箱').waitFor();
    await modal.getByLabel('联系邮箱').fill(newAddress);
    await modal.getByRole('button', { name: /保\s?存/ }).click();
    await page.getByTestId('table-departments').locator('tr', { hasText: newAddress }).waitFor();
    expect(await page.getByTestId('table-departments').locator('tr', { hasText: '区文体广旅局' }).innerText()).toContain('文化市场科 黄科长');
    await expectFits(page);
    await page.screenshot({ path: screenshotPath('directory-phone'), fullPage: true });
    await page.context().close();
    expect((await h.db.department.findUniqueOrThrow({ where: { id: 'culture' } })).contactEmails).toEqual([newAddress]);

    // The next 整改通知书 to 区文体广旅局 goes to the new address.
    const id = uniqueId('hz');
    await reportHazard(h, { id, category: 'cultural_market', title: '校园周边网吧接纳未成年人' });
    const dueAt = new Date((await h.now()) + 10 * DAY).toISOString();
    expect((await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'culture', dueAt } })).status).toBe(200);
    const notice = await h.mail.waitFor(isMailOf(id, 'rectification_notice'));
    expect(notice.to).toEqual([newAddress]);
  } finally {
    const { id, ...row } = original;
    await h.db.department.update({ where: { id }, data: row });
  }
});

test("the dashboard shows each target's rate and the schools short of it (一校一档), on a phone and a desktop", async () => {
  const id = uniqueId('targets-web');
  const startAt = new Date(Date.now() + 300 * DAY).toISOString();
  const endAt = new Date(Date.now() + 330 * DAY).toISOString();
  const launched = await h.request('POST', '/api/campaigns', {
    key: 'lead',
    body: {
      id,
      name: '目标测试专项行动',
      jurisdictionId: 'yufeng',
      plan: { phases: [{ key: 'rectification', startAt, endAt }], obligations: [] },
      participants: { schools: { ids: ['s01', 's02'] } },
      targets: PRESET_TARGETS['jiande-2020'],
    },
  });
  expect(launched.status).toBe(201);
  const { targets } = (await h.request('GET', `/api/campaigns/${id}/dashboard`)).body;
  for (const viewport of [PHONE, DESKTOP]) {
    const page = await openPage(browser, viewport);
    await signIn(page, lead, `/campaigns/${id}`);
    const card = page.getByTestId('target-guard_post');
    await card.waitFor();
    const shown = await card.innerText();
    expect(shown).toContain('“护学岗”设置率');
    expect(shown).toContain(targets[0].rate === null ? '不适用' : `${Math.round(targets[0].rate * 1000) / 10}%`);
    expect(shown).toContain('实现“护学岗”设置100%，校园警务室建设100%');
    expect(await page.getByTestId('target-short-guard_post').locator('li').count()).toBe(targets[0].short.length);
    await expectFits(page);
    await page.screenshot({ path: screenshotPath(`dashboard-targets-${viewport === PHONE ? 'phone' : 'desktop'}`), fullPage: true });
    await page.context().close();
  }
});
