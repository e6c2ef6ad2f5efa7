// A campaign's 通报 and 工作留痕 in a real Chromium against the real stack (time-skipping server):
// from the dashboard the lead opens the bulletins — each with its number, date, what set it off,
// the 黑榜, the hazards overdue and under 挂牌督办, the closure rate per unit, and its CSV — and
// the audit trail (who, when, what, in Chinese, Beijing time); a hazard's history names the
// government's progress report. At 390 px and on a desktop.
import type { Browser, Page } from 'playwright-core';
import { formatDeadline, formatHour } from '../../common/time';
import type { BulletinView, CampaignAuditItem } from '../../common/views';
import { PHONE, screenshotPath } from '../support/browser';
import { pdfText } from '../support/pdf-text';
import { launchCampaign, timeline } from '../support/builders';
import type { Harness } from '../support/harness';
import { DAY, eventually, HOUR, uniqueId } from '../support/hazard-helpers';
import { expectFits, failOnPageErrors, signIn as signInAs, startWebStack, stopWebStack, textsCutOff, VIEWPORTS } from '../support/web-stack';

let h: Harness;
let browser: Browser;
const stamp = Date.now().toString(36);
const lead = { email: `lead-bulletins-${stamp}@yufeng.example`, password: '领导小组办公室2026' };

beforeAll(async () => {
  ({ h, browser } = await startWebStack({ ...lead, name: '覃主任', role: 'lead' }));
});
afterAll(() => stopWebStack(h, browser));

const openWatchedPage = failOnPageErrors();
const openPage = (viewport: typeof PHONE) => openWatchedPage(browser, viewport);
const signIn = (page: Page, next: string) => signInAs(page, h.baseUrl, lead, next);

const ok = (status: number) => (res: { status: number; body: unknown }) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as any;
};

const title = '月度隐患排查整治情况';
let campaignId: string;
const hazards = { overdue: uniqueId('wb'), listed: uniqueId('wb'), closed: uniqueId('wb') };

beforeAll(async () => {
  const { at } = await timeline(h);
  campaignId = uniqueId('web-bulletins');
  ok(201)(
    await launchCampaign(h, {
      id: campaignId,
      name: '通报页面测试专项行动',
      plan: { phases: [{ key: 'rectification', startAt: at(HOUR), endAt: at(30 * DAY) }], obligations: [{ key: 'monthly', title, ownerIds: ['s01', 's02'], dueAt: at(2 * HOUR) }] },
      participants: { schools: { ids: ['s01', 's02'] } },
      policy: { reminderOffsets: ['PT30M'], overdueGrace: 'PT6H' },
    }),
  );
  // s02's report comes in through the lead office; s01 misses it (黑榜 on the deadline's bulletin).
  ok(201)(await h.request('POST', `/api/campaigns/${campaignId}/reports`, { key: 'lead', body: { obligationKey: 'monthly', ownerId: 's02', note: '本月排查隐患3项，已整改2项' } }));
  // One hazard overdue, one under 挂牌督办 (with the government's progress), one written off.
  const report = async (id: string, schoolId: string, level: string, hazardTitle: string) =>
    ok(201)(await h.request('POST', '/api/hazards', { key: 'lead', body: { id, campaignId, schoolId, category: 'buildings_disaster', level, title: hazardTitle } }));
  await report(hazards.overdue, 's01', 'general', '教学楼外墙瓷砖脱落');
  await report(hazards.listed, 's02', 'major', '围墙开裂存在倒塌风险');
  await report(hazards.closed, 's01', 'general', '消防通道堆放杂物');
  ok(200)(await h.request('POST', `/api/hazards/${hazards.overdue}/assign`, { key: 'bureau', body: { departmentId: 'housing', dueAt: at(HOUR) } }));
  ok(200)(await h.request('POST', `/api/hazards/${hazards.listed}/assign`, { key: 'bureau', body: { departmentId: 'housing', dueAt: at(10 * DAY) } }));
  ok(200)(await h.request('POST', `/api/hazards/${hazards.listed}/escalation`, { key: 'bureau', body: { reason: '涉及多部门，需政府统筹' } }));
  ok(200)(await h.request('POST', `/api/hazards/${hazards.listed}/progress`, { key: 'government', body: { note: '区政府已召开专题会，住建部门正在组织加固' } }));
  ok(200)(await h.request('POST', `/api/hazards/${hazards.closed}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: at(5 * DAY) } }));
  ok(200)(await h.request('POST', `/api/hazards/${hazards.closed}/rectification`, { key: 'market', body: { note: '杂物已清理' } }));
  ok(200)(await h.request('POST', `/api/hazards/${hazards.closed}/verification`, { key: 'inspector', body: { passed: true } }));

  // Past the report's deadline: bulletin 1; then the lead issues bulletin 2.
  await h.advance(3 * HOUR);
  await eventually(
    () => h.request('GET', `/api/campaigns/${campaignId}/bulletins`, { key: 'lead' }),
    (r) => r.body.total === 1,
  );
  await eventually(
    () => h.db.hazard.findUnique({ where: { id: hazards.overdue } }),
    (x) => x?.overdue === true,
  );
  await eventually(
    () => h.db.hazard.findUnique({ where: { id: hazards.closed } }),
    (x) => x?.status === 'closed',
  );
  ok(201)(await h.request('POST', `/api/campaigns/${campaignId}/bulletins`, { key: 'lead' }));
});

const bulletins = async (): Promise<BulletinView[]> => (await h.request('GET', `/api/campaigns/${campaignId}/bulletins`, { key: 'lead' })).body.items;
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** A page at `viewport`, signed in as the lead on the campaign's dashboard, gone by `testId` to /campaigns/:id/`path`. */
async function openFromDashboard(viewport: typeof PHONE, testId: string, path: string) {
  const page = await openPage(viewport);
  await signIn(page, `/campaigns/${campaignId}`);
  await page.getByTestId(testId).click();
  await page.waitForURL(new RegExp(`/campaigns/${campaignId}/${path}$`));
  return page;
}

test.each(VIEWPORTS)('the lead opens the bulletins from the dashboard and reads each one, with its CSV, on a %s', async (name, viewport) => {
  const [b1, b2] = await bulletins();
  expect([b1.no, b2.no, b1.trigger, b2.trigger]).toEqual([1, 2, 'report:monthly:once', 'on_demand']);
  const page = await openFromDashboard(viewport, 'open-bulletins', 'bulletins');

  // The list, newest first: number, date, what set it off, the figures.
  const items = page.getByTestId('bulletin-item');
  await items.first().waitFor();
  expect(await items.count()).toBe(2);
  const [second, first] = await items.allInnerTexts();
  expect(second).toContain('第2期通报');
  expect(second).toContain(`${formatHour(b2.issuedAt)}发布 · 领导小组办公室发布`);
  expect(first).toContain('第1期通报');
  expect(first).toContain(`${formatHour(b1.issuedAt)}发布 · “${title}”报送期限届满`);
  expect(first).toContain(
    `黑榜${b1.content.blacklist.length}个单位 · 逾期未整改隐患${b1.content.overdueHazards.length}项 · 挂牌督办隐患${b1.content.listedSupervision.length}项 · 总体销号率${percent(b1.content.closureRate)}`,
  );
  expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T|on_demand|report:/);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath(`bulletins-${name}-list`), fullPage: true });

  // Bulletin 2: its facts, the hazards overdue and under 挂牌督办 with their limits, the closure rate per unit.
  await page.getByRole('link', { name: '第2期通报' }).click();
  await page.waitForURL(new RegExp(`/campaigns/${campaignId}/bulletins/2$`));
  const facts = await page.getByTestId('bulletin-facts').innerText();
  for (const text of ['第2期', formatHour(b2.issuedAt), '领导小组办公室发布', percent(b2.content.closureRate)]) expect(facts).toContain(text);
  // Each section's title whole, at 390 px too: 五、签收不及时的单位（…，规定4个工作小时内签收） wraps rather than ending in "…".
  expect(await page.getByTestId('bulletin-slow-acknowledgements').locator('.ant-card-head-title').innerText()).toMatch(/^五、签收不及时的单位（\d+项，规定4个工作小时内签收）$/);
  expect(await textsCutOff(page.locator('main'))).toEqual([]);
  expect(b2.content.overdueHazards.map((x) => x.hazardId)).toEqual([hazards.overdue]);
  expect(b2.content.listedSupervision.map((x) => x.hazardId)).toEqual([hazards.listed]);
  const row = async (card: string, text: string) => {
    const tr = page.getByTestId(card).locator('tr', { hasText: text });
    await tr.first().waitFor();
    return (await tr.locator('td').allInnerTexts()).map((t) => t.trim());
  };
  // Each hazard's row: 编号 (its running number in the campaign: reported first, second — not its id), 隐患, 等级, 学校, 责任单位, 整改期限.
  const hazardRows = [
    ['bulletin-overdue', '第1号', '教学楼外墙瓷砖脱落', '一般隐患', '鱼峰区第一实验小学', b2.content.overdueHazards[0].dueAt],
    ['bulletin-listed', '第2号', '围墙开裂存在倒塌风险', '重大隐患', '鱼峰区荣军路小学', b2.content.listedSupervision[0].dueAt],
  ] as const;
  for (const [card, no, title, level, school, dueAt] of hazardRows) expect(await row(card, title)).toEqual([no, title, level, school, '区住建局', formatDeadline(dueAt)]);
  for (const u of b2.content.closureByUnit) {
    expect(await row('bulletin-closure', u.name)).toEqual([`${u.name}（${u.unitType === 'school' ? '学校' : '成员单位'}）`, String(u.total), String(u.closed), percent(u.closureRate)]);
  }
  expect(await row('bulletin-closure', '鱼峰区第一实验小学')).toEqual(['鱼峰区第一实验小学（学校）', '2', '1', '50%']);
  // Its CSV, as the download gives it.
  const csv = page.getByTestId('bulletin-csv');
  expect(await csv.getAttribute('href')).toBe(`/api/campaigns/${campaignId}/bulletins/2.csv`);
  const download = await page.request.get(`${h.baseUrl}/api/campaigns/${campaignId}/bulletins/2.csv`);
  expect(download.status()).toBe(200);
  expect((await download.text()).replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^第2期通报,发布时间：/);
  expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath(`bulletins-${name}-2`), fullPage: true });

  // Bulletin 1: s01 on the 黑榜 for the missed report.
  await page.getByRole('link', { name: '全部通报' }).click();
  await page.getByRole('link', { name: '第1期通报' }).click();
  await page.waitForURL(new RegExp(`/campaigns/${campaignId}/bulletins/1$`));
  await page.getByTestId('page-title').filter({ hasText: '第1期通报' }).waitFor();
  expect(await row('bulletin-blacklist', '鱼峰区第一实验小学')).toEqual(['鱼峰区第一实验小学（学校）', `逾期未报送：${title}`, '1']);
  expect(await page.getByTestId('bulletin-blacklist').locator('tbody tr.ant-table-row').count()).toBe(b1.content.blacklist.flatMap((u) => u.reasons).length);
  await expectFits(page);
  await page.context().close();
});

test.each(VIEWPORTS)('the lead reads the campaign’s audit trail from the dashboard: who, when, what, in Chinese, on a %s', async (name, viewport) => {
  const audit: CampaignAuditItem[] = (await h.request('GET', `/api/campaigns/${campaignId}/audit`, { key: 'lead' })).body.items;
  const page = await openFromDashboard(viewport, 'open-audit', 'audit');
  const items = page.getByTestId('audit-item');
  await items.first().waitFor();
  expect(await items.count()).toBe(audit.length);
  // Newest first, each at its time in Beijing time as people write it.
  expect(await page.getByTestId('audit-at').allInnerTexts()).toEqual([...audit].reverse().map((e) => formatHour(e.at)));
  const lines = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  const [, b2] = await bulletins();
  expect(lines[0]).toBe(`${formatHour(audit.at(-1)!.at)} 发布通报 领导小组办公室：第2期通报（${b2.docNo}）：黑榜0个单位，逾期未整改隐患1项，挂牌督办隐患1项`);
  expect(lines).toContain(`${formatHour(audit.find((e) => e.action === 'report_submitted')!.at)} 报送材料 领导小组办公室：代鱼峰区荣军路小学报送：${title}（一次性报送）按时报送`);
  expect(lines).toContain(`${formatHour(audit.find((e) => e.action === 'phase_opened')!.at)} 阶段开始 系统（按计划自动）：整改阶段开始`);
  expect(lines.at(-1)).toBe(`${formatHour(audit[0].at)} 启动专项行动 领导小组办公室：通报页面测试专项行动启动`);
  expect(lines.filter((l) => l.includes('发布通报 系统（按计划自动）：第1期通报'))).toHaveLength(1);
  expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T|_submitted|_opened|bulletin_issued/);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath(`audit-${name}`), fullPage: true });
  await page.context().close();
});

test('a hazard’s history names the local government’s progress report in Chinese', async () => {
  const page = await openPage(PHONE);
  await signIn(page, `/hazards/${hazards.listed}`);
  const history = page.getByTestId('history').locator('li', { hasText: '报告督办整改进展' });
  await history.first().waitFor();
  expect(await history.first().innerText()).toContain('属地政府 报告督办整改进展');
  expect(await page.locator('main').innerText()).not.toContain('progress_reported');
  await expectFits(page);
  await page.context().close();
});

test.each(VIEWPORTS)('the lead issues a 通报 from the web: the preview with its 文号, confirmed, the new bulletin opens, on a %s', async (name, viewport) => {
  const before = await bulletins();
  const page = await openFromDashboard(viewport, 'open-bulletins', 'bulletins');
  // The button is the action table's (发布通报), offered to the lead while the campaign runs.
  await page.getByTestId('issue-bulletin').click();
  const preview = page.getByTestId('bulletin-preview');
  await preview.waitFor();
  const expectedDocNo = before.at(-1)!.docNo!.replace(/(\d+)号$/, (_m, n) => `${Number(n) + 1}号`);
  expect(await page.getByTestId('preview-doc-no').innerText()).toBe(expectedDocNo);
  const text = await preview.innerText();
  expect(text).toContain('逾期未整改隐患');
  expect(text).toContain('挂牌督办隐患');
  // Nothing new since the last bulletin: the preview says so, and it is issued all the same.
  expect(text).toContain('自上期通报以来没有新的');
  expect(await bulletins()).toHaveLength(before.length);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath(`bulletin-issue-${name}-preview`), fullPage: true });
  await page.getByTestId('confirm-bulletin').click();
  const no = before.length + 1;
  await page.waitForURL(new RegExp(`/campaigns/${campaignId}/bulletins/${no}$`));
  await page
    .getByTestId('page-title')
    .filter({ hasText: `第${no}期通报` })
    .waitFor();
  expect(await page.getByTestId('bulletin-doc-no').innerText()).toBe(expectedDocNo);
  const after = await bulletins();
  expect(after.map((b) => b.no)).toEqual([...before.map((b) => b.no), no]);
  expect(after.at(-1)).toMatchObject({ docNo: expectedDocNo, trigger: 'on_demand', issuedBy: 'lead' });
  // Its document, from its page: the PDF with its 文号.
  expect(await page.getByTestId('bulletin-pdf').getAttribute('href')).toBe(`/api/campaigns/${campaignId}/bulletins/${no}.pdf`);
  const pdf = await page.request.get(`${h.baseUrl}/api/campaigns/${campaignId}/bulletins/${no}.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdfText(Buffer.from(await pdf.body())).texts[0]).toContain(expectedDocNo);
  await expectFits(page);
  await page.context().close();
});

test('others are not offered 发布通报, and the preview refuses them', async () => {
  expect((await h.request('GET', `/api/campaigns/${campaignId}/bulletins/preview`, { key: 'bureau' })).status).toBe(403);
  expect((await h.request('GET', `/api/campaigns/${campaignId}`, { key: 'bureau' })).body.actions.some((a: any) => a.action === 'issueBulletin')).toBe(false);
});

test('the 通报 PDF names each hazard by its 编号, its name in quotation marks', async () => {
  const res = await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/bulletins/2.pdf`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  expect(res.status).toBe(200);
  const flat = pdfText(Buffer.from(await res.arrayBuffer()))
    .texts.join('')
    .replace(/\n/g, '');
  expect(flat).toContain('1.“教学楼外墙瓷砖脱落”（第1号，一般隐患，鱼峰区第一实验小学，责任单位：区住建局，整改期限：');
  expect(flat).toContain('1.“围墙开裂存在倒塌风险”（第2号，重大隐患，鱼峰区荣军路小学，责任单位：区住建局，督办期限：');
  for (const id of Object.values(hazards)) expect(flat).not.toContain(id);
});

test.each(VIEWPORTS)('a 通报 of a campaign that has found no hazard gives its rate as “—（尚未发现隐患）”, as its mail does, not 100%, on a %s', async (name, viewport) => {
  const { at } = await timeline(h);
  const quiet = uniqueId('web-bulletins-none');
  ok(201)(
    await launchCampaign(h, {
      id: quiet,
      name: '零隐患通报测试',
      plan: { phases: [{ key: 'survey', startAt: at(HOUR), endAt: at(30 * DAY) }], obligations: [] },
      participants: { schools: { ids: ['s03'] } },
    }),
  );
  // Its first 通报 has no 上期 to compare with: the preview says there is nothing to report now.
  const first = await openPage(viewport);
  await signIn(first, `/campaigns/${quiet}/bulletins`);
  await first.getByTestId('issue-bulletin').click();
  const said = await first.getByTestId('bulletin-preview').innerText();
  expect(said).toContain('目前没有未按时完成任务的单位、逾期或挂牌督办隐患。');
  expect(said).not.toContain('上期');
  await first.context().close();
  const issued = ok(201)(await h.request('POST', `/api/campaigns/${quiet}/bulletins`, { key: 'lead' }));
  expect(issued.content.closureByUnit).toEqual([]);
  const page = await openPage(viewport);
  await signIn(page, `/campaigns/${quiet}/bulletins`);
  const item = page.getByTestId('bulletin-item');
  await item.first().waitFor();
  expect((await item.first().innerText()).replace(/\s/g, '')).toContain('总体销号率—（尚未发现隐患）');
  await page.getByRole('link', { name: /第1期通报/ }).click();
  await page.waitForURL(new RegExp(`/campaigns/${quiet}/bulletins/1$`));
  expect(await page.getByTestId('bulletin-rate').innerText()).toBe('—（尚未发现隐患）');
  expect(await page.locator('main').innerText()).not.toContain('100%');
  const mail = await h.mail.waitFor((m) => m.subject.includes('零隐患通报测试第1期通报'));
  expect(mail.text).toContain('三、全部隐患整改销号率—（尚未发现隐患）。');
  await expectFits(page);
  await page.screenshot({ path: screenshotPath(`bulletins-${name}-none`), fullPage: true });
  await page.context().close();
});
