// 开通账号 in the browser, on a phone (390 px): the lead office invites a school's person from the
// directory page; the person opens the mail's link, sets the password (the confirmation must
// match), signs in; the same link a second time says it was used.
import type { CaughtMail } from '../../devstack/mail-catcher';
import { screenshotPath } from '../support/browser';
import { uniqueId } from '../support/hazard-helpers';
import { expectFits, failOnPageErrors, useWebStack } from '../support/web-stack';

const stamp = Date.now().toString(36);
const lead = { email: `lead-invite-${stamp}@yufeng.example`, password: '领导小组办公室2026' };
const { h, browser, signIn } = useWebStack({ ...lead, name: '覃主任', role: 'lead' });
const openPage = failOnPageErrors();
const invitee = `${uniqueId('invitee')}@yufeng.example`.toLowerCase();

afterAll(async () => {
  const users = await h.db.user.findMany({ where: { email: invitee }, select: { id: true } });
  await h.db.session.deleteMany({ where: { userId: { in: users.map((u) => u.id) } } });
  await h.db.user.deleteMany({ where: { email: invitee } });
  await h.db.invitation.deleteMany({ where: { email: invitee } });
});

test('the lead invites a school on a phone; the person sets the password from the mail and signs in', async () => {
  const page = await openPage(browser);
  await signIn(page, lead, '/directory');
  await page.getByRole('tab', { name: '开通账号' }).click();
  const form = page.getByTestId('invite-account');
  await form.waitFor();
  await expectFits(page);

  await form.getByLabel('角色').click();
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: /^学校$/ })
    .click();
  await form.getByLabel('单位').click();
  await form.getByLabel('单位').fill('第一实验');
  await page.locator('.ant-select-item-option').filter({ hasText: '鱼峰区第一实验小学' }).click();
  await form.getByLabel('姓名').fill('蓝老师');
  await form.getByLabel('电子邮箱').fill(invitee);
  await form.getByRole('button', { name: '发送邀请' }).click();
  await page.getByText(`邀请邮件已发送至 ${invitee}，链接7日内有效`).waitFor();
  await form.locator('tr').filter({ hasText: invitee }).filter({ hasText: '待开通' }).waitFor();
  await page.screenshot({ path: screenshotPath('invite-account-phone'), fullPage: true });

  const mail = await h.mail.waitFor((m: CaughtMail) => m.to.includes(invitee) && m.headers['x-campus-safety-kind'] === 'invitation');
  const link = /(http\S+\/invite#\S+)/.exec(mail.text)![1];

  const person = await openPage(browser);
  await person.goto(link);
  await person.getByText('开通账号').first().waitFor();
  const card = person.locator('.ant-card');
  expect(await card.innerText()).toContain('鱼峰区第一实验小学');
  expect(await card.innerText()).toContain(invitee);
  await expectFits(person);
  await person.getByLabel('设置密码').fill('蓝老师的密码2026');
  await person.getByLabel('确认密码').fill('另一个密码2026');
  await person.getByRole('button', { name: '开通账号' }).click();
  await person.getByText('两次输入的密码不一致').waitFor();
  await person.getByLabel('确认密码').fill('蓝老师的密码2026');
  await person.getByRole('button', { name: '开通账号' }).click();
  await person.getByText('账号已开通').waitFor();
  await person.screenshot({ path: screenshotPath('invitation-accepted-phone'), fullPage: true });

  await person.getByRole('button', { name: '去登录' }).click();
  await person.getByLabel('电子邮箱').fill(invitee);
  await person.getByLabel('密码').fill('蓝老师的密码2026');
  await person.getByRole('button', { name: /登\s?录/ }).click();
  await person.waitForURL((u) => u.pathname === '/' || u.pathname === '/work');
  expect((await h.db.user.findUniqueOrThrow({ where: { email: invitee } })).unitId).toBe('s01');

  // The link again: used, said in words, with the way to sign in.
  const again = await openPage(browser);
  await again.goto(link);
  await again.getByText('邀请链接已使用，账号已开通，请直接登录').waitFor();
  await expectFits(again);
});
