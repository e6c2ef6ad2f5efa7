// 组织名录 › 通知渠道 in the browser, on a phone: the lead gives a department a 钉钉 group (webhook
// and 加签 secret), a 企业微信 group and mobiles; a wrong mobile is named; the secret is never shown
// back, only its last characters; saving again without it keeps it (docs/channels.md).
import { PHONE, screenshotPath } from '../support/browser';
import { expectFits, failOnPageErrors, useWebStack } from '../support/web-stack';

const stamp = Date.now().toString(36);
const lead = { email: `lead-channels-${stamp}@yufeng.example`, password: '领导小组办公室2026' };
const { h, browser, signIn } = useWebStack({ ...lead, name: '覃主任', role: 'lead' });
const openPage = failOnPageErrors();

const TOKEN = `tok${stamp}abcd`;
const SECRET = `SEC${stamp}0123456789abcdefwxyz`;

afterAll(async () => {
  await h.db.unitChannel.deleteMany({ where: { unitType: 'department', unitId: 'culture' } });
  await h.db.channelDelivery.deleteMany({ where: { target: 'department:culture' } });
});

test("the lead sets a department's groups and mobiles on a phone; the 加签 secret is never shown back", async () => {
  const page = await openPage(browser, PHONE);
  await signIn(page, lead, '/directory');
  // On a phone the directory's last tabs sit behind the tab bar's "…" (名册导入 came before 通知渠道).
  await page.locator('.ant-tabs-nav-more').click();
  await page.locator('.ant-tabs-dropdown-menu-item', { hasText: '通知渠道' }).click();
  await page.getByTestId('channels-department-culture').click();
  const modal = page.locator('.ant-modal');
  await modal.getByLabel('联系人手机（短信、群内@提醒）').fill('1380000');
  await modal.getByRole('button', { name: /保\s?存/ }).click();
  await modal.getByText('请填写11位手机号码').waitFor();
  await modal.getByLabel('联系人手机（短信、群内@提醒）').fill('13800000011，13800000012');
  await modal.getByLabel('分管领导手机').fill('13900000011');
  await modal.getByLabel('钉钉群机器人 Webhook').fill(`https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`);
  await modal.getByLabel('钉钉加签密钥（SEC开头）').fill(SECRET);
  await modal.getByLabel('企业微信群机器人 Webhook').fill(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=key${stamp}`);
  await modal.getByRole('button', { name: /保\s?存/ }).click();
  const row = page.getByTestId('table-channels').locator('tr', { hasText: '区文体广旅局' });
  await row.getByText('13800000011，13800000012').waitFor();
  expect(await row.innerText()).toContain('已登记');
  expect(await h.db.unitChannel.findUnique({ where: { unitType_unitId: { unitType: 'department', unitId: 'culture' } } })).toMatchObject({
    contactMobiles: ['13800000011', '13800000012'],
    leaderMobiles: ['13900000011'],
    dingtalkSecret: SECRET,
    dingtalkWebhook: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`,
  });

  // Opened again: the robots shown by their last characters only; saved with the mobiles alone, they are kept.
  await page.getByTestId('channels-department-culture').click();
  await modal.getByText(`已登记 ••••${SECRET.slice(-4)}，留空则保持不变`).waitFor();
  expect(await page.content()).not.toContain(SECRET);
  expect(await page.content()).not.toContain(TOKEN);
  await expectFits(page);
  await page.screenshot({ path: screenshotPath('directory-channels-phone'), fullPage: true });
  await modal.getByLabel('分管领导手机').fill('');
  await modal.getByRole('button', { name: /保\s?存/ }).click();
  await modal.waitFor({ state: 'hidden' });
  await page.context().close();
  expect(await h.db.unitChannel.findUnique({ where: { unitType_unitId: { unitType: 'department', unitId: 'culture' } } })).toMatchObject({ leaderMobiles: [], dingtalkSecret: SECRET });
});
