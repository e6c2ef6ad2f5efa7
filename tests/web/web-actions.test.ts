// The hazard page's forms are the viewer's `actions` (issue 23), in Chromium at 390 px: the local
// government under 挂牌督办 can report from its mail's link; 交办 proposes its department by task area,
// and without its 整改责任人, and 验收不通过 without a reason, are refused beside the field, with nothing sent; and for a sample of viewers
// and states the forms shown are exactly those the API would take.
import type { Browser, Page } from 'playwright-core';
import { HAZARD_ACTIONS, type HazardActionKey } from '../../domain/hazard/actions';
import { PHONE, screenshotPath } from '../support/browser';
import type { Harness } from '../support/harness';
import { assignedHazard, reportHazard, uniqueId, waitForMail } from '../support/hazard-helpers';
import { expectFits, failOnPageErrors, signIn, startWebStack, stopWebStack, textsCutOff } from '../support/web-stack';

let h: Harness;
let browser: Browser;
const bureau = { email: `bureau-actions-${Date.now()}@yufeng.example`, password: '教育局安全股2026' };
const openPage = failOnPageErrors();

beforeAll(async () => {
  ({ h, browser } = await startWebStack({ ...bureau, name: '覃股长', role: 'bureau', unitId: 'edu' }));
});
afterAll(() => stopWebStack(h, browser));

const linkOf = (text: string) => {
  const m = /办理入口：(\S+\/l\/\S+)/.exec(text);
  if (!m) throw new Error(`no sign-in link in:\n${text}`);
  return m[1];
};

/** The titles of the forms the page offers. */
async function formsOf(page: Page): Promise<string[]> {
  await page.getByTestId('hazard-title').waitFor();
  // The forms come after the facts (their own chunk): until then a placeholder stands in for them.
  await page.getByTestId('actions-loading').waitFor({ state: 'detached' });
  const card = page.getByTestId('actions');
  if ((await card.count()) === 0) return [];
  return (await card.locator('.ant-collapse-header').allInnerTexts()).map((t) => t.trim());
}
const labelsOf = (actions: HazardActionKey[]) => actions.map((a) => HAZARD_ACTIONS[a].label);
const submit = (page: Page, action: HazardActionKey) =>
  page
    .getByTestId(`form-${action}`)
    .getByRole('button', { name: /提\s?交/ })
    .click();

test('under 挂牌督办 the local government opens its mail link on a phone and reports the rectification', async () => {
  const { id } = await assignedHazard(h, { departmentId: 'market' });
  expect((await h.request('POST', `/api/hazards/${id}/escalation`, { key: 'bureau', body: { reason: '涉及多部门，难以协调' } })).status).toBe(200);
  const notice = await waitForMail(h, id, 'listed_supervision');
  const page = await openPage(browser, PHONE);
  await page.goto(linkOf(notice.text));

  // 签收 comes first and its form is the one open: one button named 签收, nothing to fill in.
  expect(await formsOf(page)).toEqual(['签收', '报告整改情况', '报告整改进展', '申请延期']);
  const acknowledge = page.getByTestId('form-acknowledge');
  await acknowledge.waitFor();
  expect((await acknowledge.getByRole('button').allInnerTexts()).map((t) => t.replace(/\s/g, ''))).toEqual(['签收']);
  expect(await page.getByTestId('unit-name').textContent()).toBe('鱼峰区人民政府');
  await expectFits(page);
  // 签收 the 挂牌督办 with one tap at 390 px: its instant in the history; the deadline where it was.
  const before = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  await acknowledge.getByRole('button', { name: /签\s?收/ }).click();
  await page.getByText('已签收，整改期限不变').first().waitFor();
  const after = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  expect(after.history.at(-1)).toMatchObject({ action: 'acknowledged', note: '签收挂牌督办' });
  expect([after.dueAt, after.governmentDueAt]).toEqual([before.dueAt, before.governmentDueAt]);
  expect(await formsOf(page)).toEqual(['报告整改情况', '报告整改进展', '申请延期']);
  await page.screenshot({ path: screenshotPath('hazard-phone-government'), fullPage: true });
  await page.getByTestId('form-rectification').getByPlaceholder('写明采取的整改措施和整改结果').fill('区政府牵头，市场监管、城管联合取缔，已完成整改');
  await submit(page, 'rectification');
  await page.getByTestId('status').filter({ hasText: '已整改待验收' }).waitFor();
  expect(await formsOf(page)).toEqual([]);
  expect((await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body.status).toBe('rectified');
});

test('交办 proposes the department whose task area covers the category; without 整改责任人 it is refused beside the field and nothing is sent; the page shows the persons and 配合单位 named', async () => {
  const id = uniqueId('hz');
  await reportHazard(h, { id, level: 'major', title: '校门口流动摊点售卖“三无”食品' });
  const page = await openPage(browser, PHONE);
  await signIn(page, h.baseUrl, bureau, `/hazards/${id}`);
  expect(await formsOf(page)).toEqual(labelsOf(['assign', 'escalation', 'withdraw']));
  // 食品安全 → 市场监管 (the default table: no campaign), chosen already and marked 建议.
  const form = page.getByTestId('form-assign');
  const lead = form.locator('.ant-form-item').filter({ hasText: '责任单位（牵头单位）' });
  // The chosen unit's name shows in the field (the options list opens elsewhere, in its own layer), the suggestion whole under it.
  await lead.getByText('建议：区市场监管局（按任务分工牵头）').waitFor();
  expect(await lead.locator('.ant-select').innerText()).toBe('区市场监管局');
  // At 390 px nothing of the form is cut off: no box's text, and no placeholder (手机（可选）), wider than its box.
  expect(await textsCutOff(form)).toEqual([]);
  // Only a date: today, from the picker (the first of the date's and the time's).
  await form.locator('.ant-picker').first().click();
  await page.locator('.ant-picker-dropdown .ant-picker-cell-today').click();
  await submit(page, 'assign');
  await form.locator('.ant-form-item').filter({ hasText: '整改责任人' }).getByText('请填写此项').waitFor();
  await form.locator('.ant-form-item').filter({ hasText: '督办责任人' }).getByText('请填写此项').waitFor();
  expect((await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body.status).toBe('bureau_review');
  await expectFits(page);

  // Assigned with them (through the API), the page names them.
  const dueAt = new Date(Date.now() + 9e8).toISOString();
  const assign = await h.request('POST', `/api/hazards/${id}/assign`, {
    key: 'bureau',
    body: { departmentId: 'market', cooperatingDepartmentIds: ['enforcement'], rectificationOwner: { name: '韦科长', mobile: '13800000001' }, supervisionOwner: { name: '覃股长' }, dueAt },
  });
  expect(assign.status).toBe(200);
  await page.reload();
  await page.getByTestId('rectification-owner').waitFor();
  expect(await page.getByTestId('rectification-owner').innerText()).toBe('韦科长（13800000001）');
  expect(await page.getByTestId('supervision-owner').innerText()).toBe('覃股长');
  expect(await page.getByTestId('cooperating').innerText()).toBe('区执法局');
  await expectFits(page);
});

test('验收不通过 without a reason is refused beside the field; with one it is sent and the hazard goes back to rectifying', async () => {
  const { id } = await assignedHazard(h, { departmentId: 'market' });
  expect((await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '已取缔' } })).status).toBe(200);
  const page = await openPage(browser, PHONE);
  await signIn(page, h.baseUrl, bureau, `/hazards/${id}`);
  expect(await formsOf(page)).toEqual(labelsOf(['verification', 'escalation', 'withdraw']));
  const form = page.getByTestId('form-verification');
  await form.getByText('验收不通过，重新整改').click();
  await submit(page, 'verification');
  await form.locator('.ant-form-item').filter({ hasText: '意见' }).getByText('请填写此项').waitFor();
  expect((await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body.status).toBe('rectified');

  await form.locator('textarea').fill('仍有流动摊点，未整改到位');
  await submit(page, 'verification');
  await page.getByTestId('status').filter({ hasText: '整改中' }).waitFor();
  expect((await waitForMail(h, id, 'verification_failed')).text).toContain('仍有流动摊点，未整改到位');
});

test("the forms a page shows are the viewer's `actions`, and each form not shown is refused by the API", async () => {
  const { id } = await assignedHazard(h, { departmentId: 'market' });
  const page = await openPage(browser, PHONE);
  await signIn(page, h.baseUrl, bureau, `/hazards/${id}`);
  const view = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  expect(await formsOf(page)).toEqual(labelsOf(view.actions));
  expect(view.actions).toEqual(['rectification', 'progress', 'extension', 'escalation', 'withdraw']);
  // Not offered, not taken: 交办 again, 验收 before rectification.
  expect((await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'police', dueAt: new Date(Date.now() + 9e8).toISOString() } })).status).toBe(409);
  expect((await h.request('POST', `/api/hazards/${id}/verification`, { key: 'bureau', body: { passed: true } })).status).toBe(409);
  // Another department sees nothing to do on it, and may not.
  expect((await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'police', body: { note: '已整改' } })).status).toBe(403);
});
