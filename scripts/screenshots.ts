// Screenshots of the main pages at a phone's width (390 px) and a desktop's, into
// docs/screenshots/, against a running `npm start` (its laptop keys and accounts):
//   npm run screenshots        (BASE_URL default http://127.0.0.1:3000, MAIL_URL http://127.0.0.1:1080)
// It reports two hazards (one assigned to 区市场监管局, one awaiting the bureau) and photographs
// the department's page from the link in its 整改通知书, the bureau's 工作台 and assignment form,
// and the sign-in page. Then the lead's view: it launches a campaign from a preset (the launch
// page with its dates, then the dashboard once a school has self-inspected), the campaign list,
// a 通报 it issues (the list and the bulletin) and the campaign's 工作留痕, the directory, and a
// school's 摸排 form (an account for 鱼峰区第一实验小学 made with `npm run users`).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, launchBrowser, openPage, PHONE } from '../tests/support/browser';

const BASE = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const MAIL = (process.env.MAIL_URL ?? 'http://127.0.0.1:1080').replace(/\/$/, '');
const OUT = path.resolve(__dirname, '..', 'docs', 'screenshots');
const stamp = Date.now().toString(36);

async function call(key: string, method: string, p: string, body?: unknown) {
  const res = await fetch(`${BASE}${p}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function linkFor(hazardId: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const mails = (await (await fetch(`${MAIL}/api/messages`)).json()) as { text: string; headers: Record<string, string> }[];
    // The addressed department's mail (its link signs it in), not the Cc recipients' copy.
    const m = mails.find(
      (x) =>
        x.headers['x-campus-safety-key']?.startsWith(`hazard:${hazardId}:`) && x.headers['x-campus-safety-kind'] === 'rectification_notice' && x.headers['x-campus-safety-copy'] !== 'cc',
    );
    const link = m && /办理入口：(\S+)/.exec(m.text)?.[1];
    if (link) return link;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no 整改通知书 for ${hazardId} at ${MAIL}`);
}

async function shot(page: Page, name: string) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}

async function signIn(page: Page, email: string) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel('密码').fill(process.env.LAPTOP_PASSWORD ?? 'dev-password');
  await page.getByRole('button', { name: /登\s?录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const assigned = `SHOT-${stamp}-1`;
  const waiting = `SHOT-${stamp}-2`;
  await call('dev-school-s01', 'POST', '/api/hazards', {
    id: assigned,
    schoolId: 's01',
    category: 'food_safety',
    level: 'major',
    title: '校门口无证流动摊点售卖“三无”食品',
    location: '鱼峰区第一实验小学南门',
    description: '放学时段有3处流动摊点，售卖无标签食品',
  });
  await call('dev-bureau', 'POST', `/api/hazards/${assigned}/assign`, { departmentId: 'market', dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), note: '请依法取缔并加强巡查' });
  await call('dev-school-s01', 'POST', '/api/hazards', {
    id: waiting,
    schoolId: 's01',
    category: 'traffic_order',
    level: 'general',
    title: '校门口路段缺少减速带和人行横道标线',
    location: '南门外柳石路',
  });
  const link = await linkFor(assigned);

  const browser = await launchBrowser();
  try {
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const dept = await openPage(browser, viewport);
      await dept.goto(link);
      await dept.getByTestId('hazard-title').waitFor();
      await shot(dept, `hazard-department-${size}`);
      await dept.context().close();

      const bureau = await openPage(browser, viewport);
      await signIn(bureau, 'bureau@laptop.example');
      await bureau.getByTestId('work-item').first().waitFor();
      await shot(bureau, `work-bureau-${size}`);
      await bureau.goto(`${BASE}/hazards/${waiting}`);
      await bureau.getByTestId('form-assign').waitFor();
      await shot(bureau, `hazard-assign-${size}`);
      await bureau.context().close();

      const login = await openPage(browser, viewport);
      await login.goto(`${BASE}/login`);
      await login.getByLabel('电子邮箱').waitFor();
      await shot(login, `login-${size}`);
      await login.context().close();
    }
  } finally {
    await browser.close();
  }
}

const PASSWORD = process.env.LAPTOP_PASSWORD ?? 'dev-password';

/** The lead's launch form filled in (preset 鱼峰区校园安全集中整治, starting today) and previewed. */
async function previewLaunch(page: Page) {
  await page.goto(`${BASE}/campaigns/new`);
  await page.getByTestId('preset').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '鱼峰区校园安全集中整治' }).click();
  await page.getByTestId('preview').click();
  await page.getByTestId('preview-result').waitFor();
}

async function leadsView() {
  const school = `school-s01-${stamp}@laptop.example`;
  const made = spawnSync('npm', ['run', '--silent', 'users', '--', 'create', '--role', 'school', '--unit', 's01', '--name', '鱼峰区第一实验小学 安全办', '--email', school], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, USER_PASSWORD: PASSWORD },
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`npm run users: ${made.stderr}`);

  const browser = await launchBrowser();
  try {
    // Launched once, on a desktop.
    const lead = await openPage(browser, DESKTOP);
    await signIn(lead, 'lead@laptop.example');
    await previewLaunch(lead);
    await shot(lead, 'launch-desktop');
    await lead.getByTestId('confirm').click();
    await lead.waitForURL(/\/campaigns\/cp-/);
    const campaignId = decodeURIComponent(new URL(lead.url()).pathname.split('/')[2]);
    await lead.context().close();
    // The school's 摸排 form, a row being filled in.
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const s = await openPage(browser, viewport);
      await s.goto(`${BASE}/login`);
      await s.getByLabel('电子邮箱').fill(school);
      await s.getByLabel('密码').fill(PASSWORD);
      await s.getByRole('button', { name: /登\s?录/ }).click();
      await s.waitForURL((u) => !u.pathname.startsWith('/login'));
      await s.goto(`${BASE}/campaigns/${campaignId}`);
      await s.getByTestId('self-inspection').waitFor();
      await s.getByTestId('add-row').click();
      await s.getByLabel('隐患名称').fill('教学楼二楼灭火器压力不足');
      await s.getByLabel('隐患位置').fill('教学楼二楼东侧走廊');
      await shot(s, `self-inspection-${size}`);
      await s.context().close();
    }
    // The school self-inspects (two hazards) through the API.
    await call('dev-school-s01', 'POST', `/api/campaigns/${campaignId}/self-inspections`, {
      schoolId: 's01',
      hazards: [
        { category: 'fire', level: 'general', title: '教学楼二楼灭火器压力不足', location: '教学楼二楼东侧走廊', selfFixable: true },
        { category: 'traffic_order', level: 'major', title: '校门口路段缺少减速带和人行横道标线', location: '南门外柳石路' },
      ],
    });

    // The lead office issues a 通报 now (its steps are in the 工作留痕 too).
    await call('dev-lead', 'POST', `/api/campaigns/${campaignId}/bulletins`);

    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      const page = await openPage(browser, viewport);
      await signIn(page, 'lead@laptop.example');
      if (size === 'phone') {
        await previewLaunch(page);
        await shot(page, 'launch-phone');
      }
      await page.goto(`${BASE}/campaigns`);
      await page.getByTestId('campaign-item').first().waitFor();
      await shot(page, `campaigns-${size}`);
      await page.goto(`${BASE}/campaigns/${campaignId}`);
      await page.getByTestId('trend-chart').locator('canvas').waitFor();
      await shot(page, `dashboard-${size}`);
      // From the dashboard: the 通报 list, the latest bulletin, the 工作留痕.
      await page.getByTestId('open-bulletins').click();
      await page.getByTestId('bulletin-item').first().waitFor();
      await shot(page, `bulletins-${size}`);
      await page
        .getByTestId('bulletin-item')
        .first()
        .getByRole('link', { name: /第\d+期通报/ })
        .click();
      await page.getByTestId('bulletin-facts').waitFor();
      await shot(page, `bulletin-${size}`);
      await page.goto(`${BASE}/campaigns/${campaignId}/audit`);
      await page.getByTestId('audit-item').first().waitFor();
      await shot(page, `audit-${size}`);
      await page.goto(`${BASE}/directory`);
      await page.getByTestId('table-departments').locator('tr').nth(3).waitFor();
      await shot(page, `directory-${size}`);
      await page.context().close();
    }
  } finally {
    await browser.close();
  }
}

main()
  .then(leadsView)
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
