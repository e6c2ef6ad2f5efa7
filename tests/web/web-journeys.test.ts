// Whole journeys in a real Chromium against the real stack (Temporal, PostgreSQL, SMTP sink, the
// API serving the built web app): a department acts from the link in its 整改通知书, an inspector
// signs in and verifies, bad links are refused, a link opens its own item only; at 390 px wide.
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { issueLink, revokeLinks } from '../../common/sign-in-links';
import { formatDeadline, formatHour } from '../../common/time';
import { DESKTOP, openPage, PHONE, screenshotPath } from '../support/browser';
import { TEST_LINK_SECRET, type Harness } from '../support/harness';
import { assignedHazard, DAY, isMailOf, waitForMail } from '../support/hazard-helpers';
import { acknowledgeOnPage, expectFits, startWebStack, stopWebStack } from '../support/web-stack';

let h: Harness;
let browser: Browser;
const inspector = { email: `inspector-web-${Date.now()}@yufeng.example`, password: '验收专用密码2026' };

beforeAll(async () => {
  ({ h, browser } = await startWebStack({ ...inspector, name: '韦工', role: 'inspector' }));
});
afterAll(() => stopWebStack(h, browser));

const linkOf = (text: string) => {
  const m = /办理入口：(\S+\/l\/\S+)/.exec(text);
  if (!m) throw new Error(`no sign-in link in:\n${text}`);
  return m[1];
};

/** A phone photo: a JPEG of 1200×900. */
const photo = () =>
  sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .toBuffer();

let hazardId: string;

test('a department clerk opens the link in the 整改通知书 on a phone, uploads a photo and reports rectification', async () => {
  const { id, dueAt } = await assignedHazard(h, { departmentId: 'market', dueInMs: 10 * DAY });
  hazardId = id;
  const notice = await waitForMail(h, id, 'rectification_notice');
  const page = await openPage(browser, PHONE);
  await page.goto(linkOf(notice.text));

  // Signed in as the department, on the hazard's page.
  await page.getByTestId('hazard-title').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/hazards/${id}`);
  expect(await page.getByTestId('hazard-title').textContent()).toBe('校门口占道经营，影响学生通行');
  expect(await page.getByTestId('unit-name').textContent()).toBe('区市场监管局');
  expect(await page.getByTestId('status').textContent()).toBe('已交办');
  const body = await page.locator('main').innerText();
  expect(body).toMatch(new RegExp(`整改期限\\t${formatDeadline(dueAt)}前（还剩\\d+天(\\d+小时)?）`));
  expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  // The ladder: what comes next and when.
  const ladder = await page.getByTestId('ladder').innerText();
  expect(ladder).toContain(`${formatHour(Date.parse(dueAt) - 3 * DAY)} 整改期限提醒（提前3天）`);
  expect(ladder).toContain(`${formatHour(dueAt)} 逾期通知（通知责任单位及分管领导）`);
  expect(ladder).toContain(`${formatHour(Date.parse(dueAt) + 6 * DAY)} 挂牌督办（报属地政府）`);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('hazard-phone-department'), fullPage: true });

  // The 整改通知书 awaits its 签收: the page opens on it, and one tap acknowledges it; 报告整改情况 opens next.
  await acknowledgeOnPage(page);

  // An empty report is refused beside the field, in Chinese, with nothing sent.
  const form = page.getByTestId('form-rectification');
  await form
    .getByRole('button', { name: '提 交' })
    .or(form.getByRole('button', { name: '提交' }))
    .click();
  await form.getByText('请填写此项').waitFor();

  // A photo from the phone, then the report.
  await form.locator('input[type=file]').setInputFiles({ name: '整改后.jpg', mimeType: 'image/jpeg', buffer: await photo() });
  await form.locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)').first().waitFor();
  await form.getByPlaceholder('写明采取的整改措施和整改结果').fill('摊点已依法取缔，已安排每日巡查');
  await form.getByRole('button', { name: /提\s?交/ }).click();

  await page.getByTestId('status').filter({ hasText: '已整改待验收' }).waitFor();
  const thumb = page.getByTestId('evidence').locator('img').first();
  await thumb.waitFor();
  expect(await thumb.getAttribute('src')).toMatch(/^\/api\/uploads\/[0-9a-f-]{36}\/thumbnail$/);
  // The thumbnail loads through the app (320 px wide).
  await page.waitForFunction("(() => { const img = document.querySelector('[data-testid=evidence] img'); return !!img && img.complete && img.naturalWidth === 320; })()");
  expect(await page.getByTestId('history').innerText()).toContain('区市场监管局 报告整改完成\n摊点已依法取缔，已安排每日巡查');
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('hazard-phone-rectified'), fullPage: true });

  // The API shows it too: the photo is the evidence.
  const view = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  expect(view.status).toBe('rectified');
  expect(view.evidence).toEqual([expect.stringMatching(new RegExp(`^${h.baseUrl}/api/uploads/[0-9a-f-]{36}$`))]);
  expect(await h.db.upload.count({ where: { hazardId: id } })).toBe(1);
  await page.context().close();
});

test('an inspector signs in, finds the verification on the 工作台 and verifies', async () => {
  const page = await openPage(browser, DESKTOP);
  await page.goto(`${h.baseUrl}/`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('电子邮箱').fill(inspector.email);
  await page.getByLabel('密码').fill('wrong password');
  await page.getByRole('button', { name: /登\s?录/ }).click();
  await page.getByText('邮箱或密码不正确').waitFor();
  await page.getByLabel('密码').fill(inspector.password);
  await page.getByRole('button', { name: /登\s?录/ }).click();

  const item = page.getByTestId('work-item').filter({ hasText: '校门口占道经营，影响学生通行' }).filter({ hasText: '验收' }).first();
  await item.waitFor();
  await page.screenshot({ path: screenshotPath('work-desktop-inspector'), fullPage: true });
  await page.locator(`[data-testid=work-item]:has(a[href="/hazards/${hazardId}"])`).click();
  await page.waitForURL(new RegExp(`/hazards/${hazardId}$`));
  const form = page.getByTestId('form-verification');
  await form.getByText('验收通过，予以销号').click();
  await form.getByRole('textbox').fill('现场核查合格');
  await form.getByRole('button', { name: /提\s?交/ }).click();
  await page.getByTestId('status').filter({ hasText: '已销号' }).waitFor();
  expect(await page.getByTestId('history').innerText()).toContain('验收人员 验收通过，予以销号\n现场核查合格');
  await page.screenshot({ path: screenshotPath('hazard-desktop-closed'), fullPage: true });
  expect((await h.request('GET', `/api/hazards/${hazardId}`)).body.status).toBe('closed');

  // The 工作台 at a phone's width fits too.
  await page.setViewportSize(PHONE);
  await page.goto(`${h.baseUrl}/`);
  await page.locator('.ant-list, .ant-empty').first().waitFor();
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('work-phone-inspector'), fullPage: true });
  await page.context().close();
});

test('expired, revoked and tampered links are refused with a clear page', async () => {
  const since = new Date();
  const { id } = await assignedHazard(h, { departmentId: 'market' });
  const good = linkOf((await waitForMail(h, id, 'rectification_notice')).text);
  const base = good.slice(0, good.indexOf('/l/') + 3);
  const req = { role: 'department' as const, unitId: 'market', subject: `hazard:${id}` };
  const expired = await issueLink(h.db, { secret: TEST_LINK_SECRET, ttl: 'PT1M' }, { ...req, dedupeKey: `${id}:expired` }, Date.now() - 3_600_000);
  const revoked = await issueLink(h.db, { secret: TEST_LINK_SECRET, ttl: 'P14D' }, { ...req, dedupeKey: `${id}:revoked` });
  await revokeLinks(h.db, { linkId: (await h.db.signInLink.findFirstOrThrow({ where: { dedupeKey: `${id}:revoked` } })).id });
  const token = good.slice(good.indexOf('/l/') + 3);
  const tampered = token.replace(/^(.)/, (c) => (c === 'e' ? 'f' : 'e'));

  for (const [token, title] of [
    [expired, '链接已过期'],
    [revoked, '链接已停用'],
    [tampered, '链接无效'],
  ] as const) {
    const page = await openPage(browser, PHONE);
    await page.goto(base + token);
    await page.getByTestId('link-error').filter({ hasText: title }).waitFor();
    expect(await page.locator('main').innerText()).toContain('联系');
    await expectFits(page);
    if (title === '链接已过期') await page.screenshot({ path: screenshotPath('link-expired-phone'), fullPage: true });
    // Nothing signed in.
    expect((await page.context().cookies()).filter((c) => c.name === 'cs_session')).toEqual([]);
    await page.context().close();
  }
  // Each refusal audited once.
  const refused = await h.db.auditEvent.findMany({ where: { action: 'link_refused', at: { gte: since } }, select: { note: true } });
  expect(refused.map((r) => r.note).sort()).toEqual(['expired', 'revoked', 'tampered']);
});

test("a department's link cannot open another department's hazard", async () => {
  const mine = await assignedHazard(h, { departmentId: 'market' });
  const theirs = await assignedHazard(h, { departmentId: 'police' });
  const page = await openPage(browser, PHONE);
  await page.goto(linkOf((await waitForMail(h, mine.id, 'rectification_notice')).text));
  await page.getByTestId('hazard-title').waitFor();
  await page.goto(`${h.baseUrl}/hazards/${theirs.id}`);
  await page.getByText('无权查看此隐患').waitFor();
  expect(await page.locator('main').innerText()).not.toContain('校门口占道经营');
  await expectFits(page);
  // The login page fits a phone too.
  await page.goto(`${h.baseUrl}/login`);
  await page.getByLabel('电子邮箱').waitFor();
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('login-phone'), fullPage: true });
  await page.context().close();
});

test("a principal opens the read-only link of its Cc copy on a phone: the hazard's facts and timeline, no buttons; the link against another hazard is refused in Chinese", async () => {
  const { id } = await assignedHazard(h, { departmentId: 'market' });
  const other = await assignedHazard(h, { departmentId: 'market' });
  const copy = await h.mail.waitFor(isMailOf(id, 'rectification_notice', { copy: true }));
  const link = /查看入口：(\S+\/l\/\S+)/.exec(copy.text)![1];
  const page = await openPage(browser, PHONE);
  await page.goto(link);
  await page.getByTestId('hazard-title').waitFor();
  await page.getByTestId('read-only').waitFor();
  expect(await page.getByTestId('hazard-title').innerText()).toBe('校门口占道经营，影响学生通行');
  expect(await page.getByTestId('status').innerText()).toBe('已交办');
  expect(await page.getByTestId('acknowledgement').innerText()).toMatch(/^整改通知书于\d{4}年\d{1,2}月\d{1,2}日\d{1,2}时(\d{1,2}分)?发出，待签收$/);
  expect(await page.getByTestId('ladder').locator('li').count()).toBe(5);
  expect((await page.getByTestId('history').innerText()).length).toBeGreaterThan(0);
  // No form, no button to act, no nav: the page reads the hazard and does nothing.
  await page.waitForTimeout(500);
  expect([await page.getByTestId('actions').count(), await page.getByTestId('actions-loading').count(), await page.getByTestId('nav').count()]).toEqual([0, 0, 0]);
  expect(await page.locator('main button, main .ant-btn').count()).toBe(0);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('cc-read-only-phone'), fullPage: true });
  // The same link's session against another hazard: refused, in Chinese, nothing of it shown.
  await page.goto(`${h.baseUrl}/hazards/${other.id}`);
  await page.getByText('无权查看此隐患').waitFor();
  expect(await page.locator('main').innerText()).toContain('本链接为抄送单位的查看链接，仅可查看邮件所述隐患的办理情况，不能办理，也不能查看其他事项。');
  expect(await page.locator('main').innerText()).not.toContain(other.id);
  await expectFits(page);
  await page.context().close();
});
