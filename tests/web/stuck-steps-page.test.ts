// 卡住的处理步骤 in the lead's web app (issue 27), on a phone (390 px): a hazard's assignment whose
// audit row cannot be written (a trigger of this test raises SQLSTATE 23514) is listed with its
// error; after the fix the lead presses 重试 and it is carried out and leaves the list.
import { DESKTOP, screenshotPath } from '../support/browser';
import { assignedHazard, DAY, eventually, uniqueId } from '../support/hazard-helpers';
import { expectFits, failOnPageErrors, useWebStack } from '../support/web-stack';
import { refuseAssignedAuditRow } from '../support/poison';

const stamp = Date.now().toString(36);
const lead = { email: `lead-stuck-${stamp}@yufeng.example`, password: '领导小组办公室2026' };
const { h, browser, signIn } = useWebStack({ ...lead, name: '覃主任', role: 'lead' });
const openPage = failOnPageErrors();

test('the lead sees the stuck step on a phone and retries it after the fix', async () => {
  const id = uniqueId('stuckweb');
  // The poison: this hazard's 'assigned' audit row violates a check (23514), as bad data would.
  const poison = await refuseAssignedAuditRow(h.db, id);
  try {
    await assignedHazard(h, { id, dueInMs: 10 * DAY });
    const stepId = `hazard:${id}:3`;
    await eventually(
      () => h.db.stuckStep.findUnique({ where: { id: stepId } }),
      (r) => r !== null,
    );

    // On a desk the lead finds it in the nav; on a phone (the nav keeps to daily work) by its address.
    const desk = await openPage(browser, DESKTOP);
    await signIn(desk, lead, '/');
    await desk.getByTestId('nav').getByText('卡住步骤').click();
    await desk.waitForURL((u) => u.pathname === '/stuck-steps');
    await desk.getByTestId('stuck-step').filter({ hasText: stepId }).waitFor();
    const page = await openPage(browser);
    await signIn(page, lead, '/stuck-steps');
    expect(await page.getByTestId('nav').getByText('卡住步骤').isVisible()).toBe(false);
    const card = page.getByTestId('stuck-step').filter({ hasText: stepId });
    await card.waitFor();
    await expectFits(page);
    expect(await card.innerText()).toContain('写入台账和留痕');
    expect(await card.innerText()).toContain('refused by the test');
    await page.screenshot({ path: screenshotPath('stuck-steps-phone'), fullPage: true });

    await poison.lift();
    await card.getByRole('button', { name: /重\s?试/ }).click();
    await page.getByText('已重试成功').waitFor();
    await card.waitFor({ state: 'detached' });
    expect(await h.db.auditEvent.count({ where: { hazardId: id, action: 'assigned' } })).toBe(1);
    expect((await h.db.stuckStep.findUnique({ where: { id: stepId } }))?.resolvedAt).not.toBeNull();
  } finally {
    await poison.remove();
  }
});
