// 报送 and the 隐患台账 in a real Chromium against the real stack (one stack for the file): a
// department opens its campaign link, finds the report due in its 工作台, hands it in through the
// form and sees it leave; the bureau does the same for its monthly report with its account, and the
// dashboard's report grid shows both submitted. The bureau then reads the ledger filtered by 挂牌督办
// — exactly the hazards it put under listed supervision — from the filter and from the dashboard's
// count; the local government has the ledger in its nav. At 390 px and on a desktop.
import type { Page } from 'playwright-core';
import { issueLink } from '../../common/sign-in-links';
import { formatDeadline } from '../../common/time';
import { DESKTOP, PHONE, screenshotPath } from '../support/browser';
import { launchReportingCampaign } from '../support/builders';
import { TEST_LINK_SECRET } from '../support/harness';
import { DAY, eventually, reportHazard, uniqueId } from '../support/hazard-helpers';
import { expectFits, failOnPageErrors, useWebStack } from '../support/web-stack';

const stamp = Date.now().toString(36);
const bureau = { email: `edu-ledger-${stamp}@yufeng.example`, password: '教育局安全股2026' };
const government = { email: `gov-ledger-${stamp}@yufeng.example`, password: '区政府办公室2026' };
const { h, browser, signIn } = useWebStack({ ...bureau, name: '覃股长', role: 'bureau', unitId: 'edu' }, { ...government, name: '韦主任', role: 'government', unitId: 'yufeng' });

/** A page whose script errors fail the test. */
const openWatchedPage = failOnPageErrors();
const openPage = (viewport: typeof PHONE) => openWatchedPage(browser, viewport);

/** The list has loaded and its loading veil has faded (antd's 0.3 s), before a screenshot. */
async function settled(page: Page) {
  await page.waitForFunction("!document.querySelector('.ant-spin-spinning')");
  await page.waitForTimeout(400);
}

/**
 * Opens a report item of the 工作台: a click when the item links to its report form. Until the
 * API's item links there (today it links to the campaign's page), the test opens the form's URL,
 * built from the campaign's state as the item will carry it.
 */
async function openReportItem(page: Page, item: ReturnType<Page['locator']>, campaignId: string, reportPath: string) {
  const href = await item.locator('a').first().getAttribute('href');
  expect([reportPath, `/campaigns/${campaignId}`]).toContain(href);
  if (href === reportPath) await item.click();
  else await page.goto(`${h.baseUrl}${reportPath}`);
  await page.waitForURL((u) => `${u.pathname}${u.search}` === reportPath);
  await page.getByTestId('report-form').waitFor();
}

let campaignId: string;
const CAMPAIGN = '报送与台账测试专项行动';

beforeAll(async () => {
  campaignId = uniqueId('cpl');
  const { launch } = await launchReportingCampaign(h, { id: campaignId, name: CAMPAIGN, monthlyOwners: ['edu', 'market'] });
  if (launch.status !== 201) throw new Error(`launch failed: ${launch.status} ${JSON.stringify(launch.body)}`);
});

const obligation = async (key: string) => (await h.request('GET', `/api/campaigns/${campaignId}`)).body.obligations.find((o: { key: string }) => o.key === key);

/** The cell of `owner` in the report grid of `title` on the dashboard. */
const gridCell = (page: Page, title: string, owner: string) => page.getByTestId('report-grid').filter({ hasText: title }).locator('tbody tr', { hasText: owner });

test('a department hands in a report from its 工作台 through its campaign link, on a phone; the bureau hands in its monthly report with its account; the grid shows both', async () => {
  const plan = await obligation('plan');
  expect(plan.periods).toEqual([expect.objectContaining({ period: 'once', submitted: [] })]);

  // The department opens the link of its report reminder: signed in as 区市场监管局 for this campaign.
  const token = await issueLink(
    h.db,
    { secret: TEST_LINK_SECRET, ttl: 'P14D' },
    { dedupeKey: `${campaignId}:market:test`, role: 'department', unitId: 'market', subject: `campaign:${campaignId}` },
  );
  const page = await openPage(PHONE);
  await page.goto(`${h.baseUrl}/l/${token}`);
  await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
  const items = page.getByTestId('work-item');
  const item = items.filter({ hasText: `${CAMPAIGN}：实施方案` });
  await item.waitFor();
  expect(await item.innerText()).toContain('报送');
  expect(await page.getByTestId('unit-name').textContent()).toBe('区市场监管局');
  expect(await items.count()).toBe(2); // 实施方案 and 月度工作情况

  await openReportItem(page, item, campaignId, `/campaigns/${campaignId}/reports/plan`);
  expect(await page.getByTestId('report-title').textContent()).toBe('报送：实施方案');
  const facts = await page.getByTestId('report-facts').innerText();
  expect(facts).toContain(CAMPAIGN);
  expect(facts).toContain('一次性报送');
  expect(facts).toContain(`${formatDeadline(plan.periods[0].dueAt)}前`);
  expect(facts).toContain('区市场监管局');
  expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);

  // An empty note is refused beside the field, nothing sent.
  await page.getByTestId('submit-report').click();
  await page.getByTestId('report-form').getByText('请填写此项').waitFor();
  expect((await obligation('plan')).periods[0].submitted).toEqual([]);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('report-phone-form'), fullPage: true });

  await page.getByLabel('报送内容').fill('已制定《校园周边食品安全专项整治实施方案》，明确责任分工和时间安排。');
  await page.getByTestId('submit-report').click();
  // Back on its 工作台 (the campaign's, for a link), told it is handed in; the item is gone, the monthly one stays.
  await page.locator('.ant-message').getByText('已报送：实施方案').waitFor();
  await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
  await items.filter({ hasText: '月度工作情况' }).waitFor();
  expect(await items.allInnerTexts()).toEqual([expect.stringContaining(`${CAMPAIGN}：月度工作情况`)]);
  // Its limit as the launch preview and the mails write it ("…日24时前", not "…日0时"), its period by name, not by code.
  const monthlyItem = await items.filter({ hasText: '月度工作情况' }).innerText();
  const monthlyDue = (await obligation('monthly')).periods[0].dueAt as string;
  expect(monthlyItem).toContain(`期限：${formatDeadline(monthlyDue)}前`);
  expect(monthlyItem).toMatch(/日24时前/);
  expect(monthlyItem).toMatch(/月度工作情况（\d{4}年\d{1,2}月）/);
  expect(monthlyItem).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  expect((await obligation('plan')).periods[0].submitted).toEqual(['market']);
  await page.context().close();

  // The bureau, signed in with its account on a desktop, hands in its monthly report (a recurring one: ?period=).
  const monthly = await obligation('monthly');
  expect(monthly.periods).toHaveLength(1);
  const period = monthly.periods[0].period as string;
  const desk = await openPage(DESKTOP);
  await signIn(desk, bureau);
  const mine = desk.getByTestId('work-item').filter({ hasText: `${CAMPAIGN}：月度工作情况` });
  await mine.waitFor();
  await openReportItem(desk, mine, campaignId, `/campaigns/${campaignId}/reports/monthly?period=${period}`);
  const deskFacts = await desk.getByTestId('report-facts').innerText();
  expect(deskFacts).toContain('第1期（共1期）');
  expect(deskFacts).toContain(`${formatDeadline(monthly.periods[0].dueAt)}前`);
  expect(deskFacts).toContain('区教育局');
  await desk.screenshot({ path: screenshotPath('report-desktop-form'), fullPage: true });
  await desk.getByLabel('报送内容').fill('本月排查学校32所，发现隐患5项，已整改3项。');
  await desk.getByTestId('submit-report').click();
  await desk.locator('.ant-message').getByText('已报送：月度工作情况').waitFor();
  await desk.waitForURL((u) => u.pathname === '/');
  await desk.locator('.ant-list, .ant-empty').first().waitFor();
  expect(await desk.getByTestId('work-item').filter({ hasText: CAMPAIGN }).count()).toBe(0);
  expect((await obligation('monthly')).periods[0].submitted).toEqual(['edu']);

  // The same form again says so, and sends nothing.
  await desk.goto(`${h.baseUrl}/campaigns/${campaignId}/reports/monthly?period=${period}`);
  await desk.getByTestId('report-refused').filter({ hasText: '本期已报送' }).waitFor();

  // The dashboard's report grid: both handed in on time; the department's monthly report still to come.
  await desk.goto(`${h.baseUrl}/campaigns/${campaignId}`);
  await desk.getByTestId('report-grid').first().waitFor();
  expect(await gridCell(desk, '实施方案', '区市场监管局').innerText()).toContain('按时');
  expect(await gridCell(desk, '月度工作情况', '区教育局').innerText()).toContain('按时');
  expect(await gridCell(desk, '月度工作情况', '区市场监管局').innerText()).toContain('未到期');
  await desk.context().close();
});

test('the bureau reads the ledger filtered by 挂牌督办 — exactly its listed hazards — from the filter on a phone and from the dashboard on a desktop; the government has it in its nav', async () => {
  // Three major hazards of the campaign, assigned; two of them the bureau puts under 挂牌督办.
  const titles = ['校门口违规占道经营', '学校周边网吧接纳未成年人', '上下学时段校门口交通拥堵'];
  const ids: string[] = [];
  for (const title of titles) {
    const id = uniqueId('hzl');
    ids.push(id);
    await reportHazard(h, { id, campaignId, level: 'major', title });
    const dueAt = new Date((await h.now()) + 10 * DAY).toISOString();
    expect((await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt } })).status).toBe(200);
  }
  for (const id of ids.slice(0, 2)) {
    expect((await h.request('POST', `/api/hazards/${id}/escalation`, { key: 'bureau', body: { reason: '涉及多部门职责，需政府统筹解决' } })).status).toBe(200);
  }
  expect(
    await eventually(
      () => h.db.hazard.count({ where: { campaignId, listedSupervision: true } }),
      (n) => n === 2,
    ),
  ).toBe(2);
  expect(
    await eventually(
      () => h.db.hazard.count({ where: { campaignId, status: 'assigned' } }),
      (n) => n === 3,
    ),
  ).toBe(3);
  const listed = titles.slice(0, 2).sort();

  // On a phone: the nav's 隐患台账, the campaign's hazards, then 挂牌督办 from the filter.
  const page = await openPage(PHONE);
  await signIn(page, bureau);
  await page.getByTestId('nav').getByText('隐患台账').click();
  await page.waitForURL((u) => u.pathname === '/hazards');
  await page.getByTestId('ledger-total').waitFor();
  await page.goto(`${h.baseUrl}/hazards?campaignId=${campaignId}`);
  await page.getByTestId('ledger-total').filter({ hasText: '共3项' }).waitFor();
  await page.getByTestId('toggle-filters').click();
  await page.getByTestId('filter-listedSupervision').locator('.ant-select').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^是$/ }).click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  await page.waitForURL((u) => u.searchParams.get('listedSupervision') === 'true' && u.searchParams.get('campaignId') === campaignId);
  await page.getByTestId('ledger-total').filter({ hasText: '共2项' }).waitFor();
  const rows = page.getByTestId('ledger-row');
  expect((await rows.getByTestId('ledger-link').allInnerTexts()).sort()).toEqual(listed);
  // Each by its 编号, its running number in the campaign (reported first and second), not its id.
  expect((await rows.getByTestId('ledger-number').allInnerTexts()).sort()).toEqual(['第1号', '第2号']);
  for (const text of await rows.allInnerTexts()) expect(text).toMatch(/重大隐患[\s\S]*已交办[\s\S]*挂牌督办[\s\S]*区市场监管局[\s\S]*督办期限：\d{4}年\d{1,2}月\d{1,2}日\d{1,2}时/);
  expect(await page.getByTestId('ledger-active-filters').innerText()).toMatch(new RegExp(`^专项行动：${CAMPAIGN}\\s+挂牌督办\\s+清除全部$`));
  await expectFits(page);
  await settled(page);
  await page.screenshot({ path: screenshotPath('ledger-phone-listed'), fullPage: true });
  // A row opens its hazard.
  await rows.getByTestId('ledger-link').filter({ hasText: titles[0] }).click();
  await page.waitForURL(new RegExp(`/hazards/${ids[0]}$`));
  expect(await page.getByTestId('hazard-title').textContent()).toBe(titles[0]);
  expect(await page.getByTestId('hazard-number').textContent()).toBe('第1号');
  await page.context().close();

  // On a desktop: the dashboard's 挂牌督办 count opens the ledger with that filter.
  const desk = await openPage(DESKTOP);
  await signIn(desk, bureau, `/campaigns/${campaignId}`);
  const count = desk.getByTestId('number-listedSupervision');
  await count.locator('.ant-statistic-content').filter({ hasText: /^2$/ }).waitFor();
  await desk.screenshot({ path: screenshotPath('dashboard-desktop-counts'), fullPage: true });
  await count.click();
  await desk.waitForURL((u) => u.pathname === '/hazards' && u.search === `?campaignId=${campaignId}&listedSupervision=true`);
  await desk.getByTestId('ledger-total').filter({ hasText: '共2项' }).waitFor();
  expect((await desk.getByTestId('ledger-row').getByTestId('ledger-link').allInnerTexts()).sort()).toEqual(listed);
  expect((await desk.getByTestId('ledger-row').getByTestId('ledger-number').allInnerTexts()).sort()).toEqual(['第1号', '第2号']);
  await expectFits(desk);
  await settled(desk);
  await desk.screenshot({ path: screenshotPath('ledger-desktop-listed'), fullPage: true });
  // The department's row of the dashboard opens its ledger.
  await desk.goBack();
  await desk.getByTestId('table-departments').getByRole('link', { name: '区市场监管局' }).click();
  await desk.waitForURL((u) => u.pathname === '/hazards' && u.searchParams.get('departmentId') === 'market' && u.searchParams.get('campaignId') === campaignId);
  await desk.getByTestId('ledger-total').filter({ hasText: '共3项' }).waitFor();
  await desk.context().close();

  // The local government: 工作台 and 隐患台账 in its nav; the ledger has the two under 挂牌督办.
  const gov = await openPage(PHONE);
  await signIn(gov, government);
  expect(await gov.getByTestId('nav').getByRole('link').allInnerTexts()).toEqual(['工作台', '隐患台账']);
  await gov.goto(`${h.baseUrl}/hazards?campaignId=${campaignId}&listedSupervision=true`);
  await gov.getByTestId('ledger-total').filter({ hasText: '共2项' }).waitFor();
  expect((await gov.getByTestId('ledger-row').getByTestId('ledger-link').allInnerTexts()).sort()).toEqual(listed);
  await expectFits(gov);
  await gov.context().close();
});
