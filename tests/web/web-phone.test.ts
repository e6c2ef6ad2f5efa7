// The app on a phone (issue 26, item 7), in Chromium at 390 px: the header names the system and
// leads every account back to its 工作台; buttons and links are touch targets of 40 px; each page
// names itself in the tab; axe-core finds nothing serious on the sign-in page, the 工作台, a hazard
// page, the ledger and a campaign's page; the deadline picker takes minutes and offers no past
// time; a refusal beside a field goes once the field is fixed; a photo's preview shows under the
// app's CSP; an unknown hazard leads back to the 工作台; the dashboard's "今天（…）" is not cut off.
import sharp from 'sharp';
import type { Locator, Page } from 'playwright-core';
import { formatDay, zoned, zonedInstant } from '../../common/time';
import { HAZARD_ACTIONS } from '../../domain/hazard/actions';
import { axeFindings } from '../support/axe';
import { PHONE, screenshotPath } from '../support/browser';
import { onePhasePlan, ownCampaign } from '../support/builders';
import { assignedHazard, DAY, reportHazard, uniqueId, waitForMail } from '../support/hazard-helpers';
import { acknowledgeOnPage, expectFits, failOnPageErrors, useWebStack } from '../support/web-stack';

/** The page's document, inside functions run in the browser (the tests compile without the DOM's types). */
declare const document: any;

const stamp = Date.now().toString(36);
const bureau = { email: `bureau-phone-${stamp}@yufeng.example`, password: '教育局安全股2026' };
const inspector = { email: `inspector-phone-${stamp}@yufeng.example`, password: '验收人员韦工2026' };
const government = { email: `gov-phone-${stamp}@yufeng.example`, password: '区政府办公室2026' };
const school = { email: `school-phone-${stamp}@yufeng.example`, password: '学校安全办公室2026' };
const { h, browser, signIn } = useWebStack(
  { ...bureau, name: '覃股长', role: 'bureau', unitId: 'edu' },
  { ...inspector, name: '韦工', role: 'inspector' },
  { ...government, name: '韦主任', role: 'government', unitId: 'yufeng' },
  { ...school, name: '韦老师', role: 'school', unitId: 's01' },
);
const openWatchedPage = failOnPageErrors();
/** A phone's page; the CSP's refusals it reports (Chromium's console) are collected. */
async function openPhone(): Promise<{ page: Page; cspRefusals: string[] }> {
  const page = await openWatchedPage(browser, PHONE);
  const cspRefusals: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspRefusals.push(m.text());
  });
  return { page, cspRefusals };
}

const TOUCH = 40;
/** The element's height and width on screen, each at least 40 px. */
async function expectTouchTarget(target: Locator) {
  const box = await target.boundingBox();
  expect(box).not.toBeNull();
  expect({ height: Math.round(box!.height) >= TOUCH, width: Math.round(box!.width) >= TOUCH }).toEqual({ height: true, width: true });
}
/** No two elements share an id, and every label's `for` names an element inside its own form item. */
async function expectLabelsPointAtTheirBoxes(page: Page) {
  const { duplicates, strayLabels } = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e: any) => e.id as string);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    const strayLabels = [...document.querySelectorAll('label[for]')]
      .filter((l: any) => {
        const target = document.getElementById(l.getAttribute('for'));
        const item = l.closest('.ant-form-item');
        return !target || (item !== null && !item.contains(target));
      })
      .map((l: any) => `${l.textContent} → ${l.getAttribute('for')}`);
    return { duplicates, strayLabels };
  });
  expect({ duplicates, strayLabels }).toEqual({ duplicates: [], strayLabels: [] });
}
const expectNoSeriousFindings = async (page: Page) => expect(await axeFindings(page)).toEqual([]);
const submitOf = (form: Locator) => form.getByRole('button', { name: /提\s?交/ });

test('the sign-in page names the system, its 登录 is a 40 px target, its tab says 登录, and axe finds nothing serious', async () => {
  const { page } = await openPhone();
  await page.goto(`${h.baseUrl}/login`);
  const title = page.locator('.app-header .title');
  await expect(title.innerText()).resolves.toBe('护校安园');
  await expectTouchTarget(page.getByRole('button', { name: /登\s?录/ }));
  expect(await page.title()).toBe('登录 – 护校安园');
  await expectLabelsPointAtTheirBoxes(page);
  await expectNoSeriousFindings(page);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('login-phone') });
  await page.context().close();
});

test.each([
  ['验收人员', inspector, ['工作台']],
  ['属地政府', government, ['工作台', '隐患台账']],
  ['学校', school, ['工作台', '一校一档']],
])('%s on a phone goes from a hazard back to the 工作台 by the header; its links and 退出 are 40 px targets', async (_who, person, nav) => {
  const { id } = await assignedHazard(h, { departmentId: 'market' });
  const { page } = await openPhone();
  await signIn(page, person, `/hazards/${id}`);
  await page.getByTestId('hazard-title').or(page.getByTestId('not-shown')).waitFor();
  expect(await page.getByTestId('nav').locator('a').allInnerTexts()).toEqual(nav);
  for (const link of await page.getByTestId('nav').locator('a').all()) await expectTouchTarget(link);
  await expectTouchTarget(page.getByRole('button', { name: /退\s?出/ }));
  await page.getByTestId('nav').getByText('工作台').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('h4', { hasText: '工作台' }).waitFor();
  expect(await page.title()).toBe('工作台 – 护校安园');
  await expectNoSeriousFindings(page);
  await expectFits(page);
  await page.context().close();
});

test('a hazard page on a phone: its tab names it, its forms’ labels point at their own boxes, 提交 is a 40 px target, axe finds nothing serious', async () => {
  const id = uniqueId('hz-phone');
  await reportHazard(h, { id, level: 'major', title: '学校围墙开裂' });
  const { page } = await openPhone();
  await signIn(page, bureau, `/hazards/${id}`);
  await page.getByTestId('hazard-title').waitFor();
  const form = page.getByTestId('form-assign');
  await form.waitFor();
  await page.waitForFunction((t) => document.title === t, `隐患 学校围墙开裂 – 护校安园`);
  await expectTouchTarget(submitOf(form));
  await expectLabelsPointAtTheirBoxes(page);
  // Each of the three forms (交办, 提请督办, 撤销) opened in turn: all its fields on the page at once.
  for (const action of ['escalation', 'withdraw', 'assign'] as const) {
    await page.getByTestId('actions').locator('.ant-collapse-header', { hasText: HAZARD_ACTIONS[action].label }).click();
    await page.getByTestId(`form-${action}`).waitFor();
    // Opened: its panel's motion over (axe reads the colours as they are painted).
    await page.waitForFunction(() => !document.querySelector('[data-testid=actions] [class*=ant-motion]'));
    await expectLabelsPointAtTheirBoxes(page);
    await expectNoSeriousFindings(page);
  }
  await expectFits(page);
});

test('the deadline picker takes minutes, offers no day or hour gone by; a refusal beside a field goes once it is fixed', async () => {
  const id = uniqueId('hz-phone');
  await reportHazard(h, { id, level: 'major', title: '实验室危化品存放不规范' });
  const { page } = await openPhone();
  await signIn(page, bureau, `/hazards/${id}`);
  const form = page.getByTestId('form-assign');
  await form.waitFor();

  // Sent as it opens (the 责任单位 proposed by the task areas): refused beside 整改期限 and the two persons.
  await submitOf(form).click();
  const ownerItem = form.locator('.ant-form-item').filter({ hasText: '整改责任人' });
  const supervisorItem = form.locator('.ant-form-item').filter({ hasText: '督办责任人' });
  await ownerItem.getByText('请填写此项').waitFor();
  // The persons named: their refusals go, the deadline's stays.
  await ownerItem.getByPlaceholder('姓名').fill('韦科长');
  await supervisorItem.getByPlaceholder('姓名').fill('覃股长');
  await ownerItem.getByText('请填写此项').waitFor({ state: 'detached' });
  await supervisorItem.getByText('请填写此项').waitFor({ state: 'detached' });
  const deadlineItem = form.locator('.ant-form-item').filter({ hasText: '整改期限' });
  expect(await deadlineItem.getByText('请填写此项').count()).toBe(1);

  // Today: the days before are not offered, nor the hours gone by (Beijing time).
  const now = zoned(Date.now());
  await deadlineItem.locator('.ant-picker').first().click();
  const dates = page.locator('.ant-picker-dropdown:visible');
  expect(await dates.locator('.ant-picker-cell-today').getAttribute('class')).not.toContain('ant-picker-cell-disabled');
  if (now.day > 1) expect(await dates.locator(`.ant-picker-cell-in-view[title="${now.minus({ days: 1 }).toISODate()}"]`).getAttribute('class')).toContain('ant-picker-cell-disabled');
  await dates.locator('.ant-picker-cell-today').click();
  await deadlineItem.getByText('请填写此项').waitFor({ state: 'detached' });
  await deadlineItem.getByLabel('时间').click();
  const times = page.locator('.ant-picker-dropdown:visible .ant-picker-time-panel');
  const hours = times.locator('.ant-picker-time-panel-column').first().locator('li');
  await hours.first().waitFor();
  expect(await hours.count()).toBe(24);
  const offered = await hours.evaluateAll((lis: any[]) => lis.filter((li) => !li.className.includes('disabled')).map((li) => Number(li.textContent)));
  expect(offered).toEqual(Array.from({ length: 24 - now.hour }, (_, i) => now.hour + i));
  // Minutes in steps of 5: 00, 05, … 55.
  expect(await times.locator('.ant-picker-time-panel-column').nth(1).locator('li').allInnerTexts()).toEqual(Array.from({ length: 12 }, (_, i) => String(i * 5).padStart(2, '0')));
  await page.keyboard.press('Escape');

  // Tomorrow at 09:30, Beijing time: sent as such.
  const tomorrow = now.plus({ days: 1 });
  await deadlineItem.locator('.ant-picker').first().click();
  if (tomorrow.month !== now.month) await dates.locator('.ant-picker-header-next-btn').click();
  await dates.locator(`.ant-picker-cell-in-view[title="${tomorrow.toISODate()}"]`).click();
  await deadlineItem.getByLabel('时间').click();
  await times.locator('.ant-picker-time-panel-column').first().locator('li', { hasText: /^09$/ }).click();
  await times.locator('.ant-picker-time-panel-column').nth(1).locator('li', { hasText: /^30$/ }).click();
  await page.keyboard.press('Escape');
  await submitOf(form).click();
  await page.getByTestId('status').filter({ hasText: '已交办' }).waitFor();
  const view = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  expect(Date.parse(view.dueAt)).toBe(Date.parse(zonedInstant(tomorrow.toISODate()!, '09:30')));
  expect(await page.locator('main').innerText()).toContain(`${formatDay(Date.parse(view.dueAt))}9时30分`);
});

test('a photo chosen for a report is previewed on the phone (the CSP lets blob: and data: images show)', async () => {
  const { id } = await assignedHazard(h, { departmentId: 'market' });
  const link = /办理入口：(\S+\/l\/\S+)/.exec((await waitForMail(h, id, 'rectification_notice')).text)![1];
  const { page, cspRefusals } = await openPhone();
  await page.goto(link);
  // 签收 first (the page opens on it while the 整改通知书 awaits it); then the report's form is open.
  await acknowledgeOnPage(page);
  const form = page.getByTestId('form-rectification');
  await form.waitFor();
  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 40, g: 160, b: 90 } } })
    .jpeg()
    .toBuffer();
  await form.locator('input[type=file]').setInputFiles({ name: '整改后.jpg', mimeType: 'image/jpeg', buffer: photo });
  // The upload list's thumbnail, drawn from the file before the server has it, is shown.
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="form-rectification"] .ant-upload-list-item-thumbnail img');
    return !!img && img.complete && img.naturalWidth > 0;
  });
  expect(cspRefusals).toEqual([]);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('hazard-phone-photo-preview') });
  await page.context().close();
});

test('an unknown hazard says so, names itself in the tab and leads back to the 工作台', async () => {
  const { page } = await openPhone();
  await signIn(page, inspector, '/hazards/hz-no-such-hazard');
  await expect(page.getByTestId('not-shown').innerText()).resolves.toBe('隐患不存在');
  expect(await page.title()).toBe('隐患不存在 – 护校安园');
  const home = page.getByTestId('home-link');
  await expectTouchTarget(home);
  await home.click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.locator('h4', { hasText: '工作台' }).waitFor();
  // An address the app does not know: the same way back.
  await page.goto(`${h.baseUrl}/no-such-page`);
  await expect(page.getByTestId('not-shown').innerText()).resolves.toBe('页面不存在');
  await page.getByTestId('home-link').click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.context().close();
});

test('the ledger and a campaign’s dashboard on a phone: named in the tab, nothing serious for axe, "今天（…）" whole on screen', async () => {
  // Today a little before the campaign's end: its label at the right edge of the timeline.
  await ownCampaign(h, 'phone', '手机页面测试专项行动', (at) => ({ plan: onePhasePlan('survey', at(-29 * DAY), at(DAY / 2)), participants: { schools: { ids: ['s01'] } } }));
  const { page } = await openPhone();
  await signIn(page, bureau, '/hazards');
  await page.getByTestId('ledger-total').waitFor();
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'));
  expect(await page.title()).toBe('隐患台账 – 护校安园');
  await expectNoSeriousFindings(page);
  await expectFits(page);

  await page.getByTestId('nav').getByText('专项行动').click();
  await page.getByText('手机页面测试专项行动').first().click();
  await page.getByTestId('campaign-name').waitFor();
  await page.waitForFunction((t) => document.title === t, '手机页面测试专项行动 – 护校安园');
  const today = page.getByTestId('today');
  expect(await today.innerText()).toBe(`今天（${formatDay(Date.now())}）`);
  const label = (await today.boundingBox())!;
  const track = (await page.locator('.phase-axis').boundingBox())!;
  expect({ left: label.x >= track.x - 0.5, right: label.x + label.width <= track.x + track.width + 0.5 }).toEqual({ left: true, right: true });
  await page.getByTestId('numbers').waitFor();
  await expectNoSeriousFindings(page);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('dashboard-phone-today'), fullPage: true });
  await page.context().close();
});
