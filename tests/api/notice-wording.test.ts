// Limits as people write them and mails that read like official notices, on the time-skipping
// server: "28日前" read inclusively (a report on the 28th is on time), the phases with their
// real last days, the salutation, the signature, and the hazard mails' marks and wording.
import { addDays, localDate, localInstant } from '../../common/campaign-calendar';
import { SAMPLE_JURISDICTION } from '../../prisma/seed-directory';
import { formatDate, formatDayWindow, formatDeadline } from '../../common/time';
import { launchCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { addr, DAY, eventually, HOUR, isCampaignMailOf, reportHazard, uniqueId, waitForMail } from '../support/hazard-helpers';
import type { ParsedMail } from '../support/mail-sink';

const h = useHarness();

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** What every mail must read like: no API path, no raw instant, signed by the lead office with the date and a contact. */
function expectOfficialNotice(mail: ParsedMail, dateMs: number) {
  expect(mail.text).not.toMatch(ISO_INSTANT);
  expect(mail.text).not.toContain('/api/');
  expect(mail.text).not.toContain('专项行动专项行动');
  expect(mail.text).toMatch(/联系人：区教育局安全股 覃股长，电子邮箱：\S+@\S+/);
  expect(mail.text).toContain(`\n${SAMPLE_JURISDICTION.leadOfficeName}\n${formatDate(dateMs)}\n`);
}

test('"28日前" is read inclusively: the reminder says "28日24时前", a report submitted on the 28th is on time; the launch mail gives each phase its real last day', async () => {
  const T = await h.now();
  const startDate = addDays(localDate(T), 1);
  const id = uniqueId('pulu');
  const res = await launchCampaign(h, { id, name: '蒲吕街道“护校安园”专项行动', preset: { id: 'pulu-2021', startDate } });
  expect(res.status).toBe(201);
  expect(res.body.policy).toMatchObject({ timeZone: 'Asia/Shanghai', deadlineReading: 'inclusive' });
  const survey = res.body.phases.find((p: any) => p.key === 'survey');
  // 摸排 runs 33 days from the start, through its last day (the source's "至5月25日").
  expect(survey.endAt).toBe(localInstant(addDays(startDate, 33)));

  const launched = await h.mail.waitFor(isCampaignMailOf(id, 'campaign_launched'));
  expect(launched.subject).toBe('【护校安园】蒲吕街道“护校安园”专项行动已启动');
  const lines = launched.text.split('\n');
  // The salutation names the units only: no principal, no leader.
  expect(lines[0]).toMatch(/^鱼峰区护校安园专项行动领导小组办公室、.*鱼峰区第一实验小学.*：$/);
  expect(lines[0]).not.toMatch(/校长|分管领导/);
  const [y, m, d] = startDate.split('-').map(Number);
  const last = addDays(startDate, 32).split('-').map(Number);
  expect(launched.text).toContain(`摸排：自${y}年${m}月${d}日起至${last[0] === y ? '' : `${last[0]}年`}${last[1]}月${last[2]}日止`);
  expect(launched.text).toContain(`摸排：${formatDayWindow(survey.startAt, survey.endAt)}`);
  expectOfficialNotice(launched, T);

  // The first monthly report: "每月28日前", due at the end of the 28th.
  const monthly = res.body.obligations.find((o: any) => o.key === 'monthly_report');
  const first = monthly.periods[0];
  expect(first.period.slice(8)).toBe('28');
  expect(first.dueAt).toBe(localInstant(first.period, '24:00'));
  const [py, pm] = first.period.split('-').map(Number);

  // One day before: the reminder writes the limit as people do.
  const due = Date.parse(first.dueAt);
  await h.advance(due - DAY + HOUR - (await h.now()));
  const reminder = await h.mail.waitFor((mail) => isCampaignMailOf(id, 'report_reminder')(mail) && mail.subject.includes('1天'));
  expect(reminder.to).toEqual(addr.bureau());
  expect(reminder.text).toContain(`应于${py}年${pm}月28日24时前报送`);
  expect(reminder.text).toContain(`应于${formatDeadline(first.dueAt)}前报送`);
  expect(reminder.text.split('\n')[0]).toBe('区教育局：');
  expectOfficialNotice(reminder, due - DAY + HOUR);

  // On the 28th at 20:00 local (past its start, before its end) the bureau submits: on time.
  await h.advance(Date.parse(localInstant(first.period, '20:00')) - (await h.now()));
  const submitted = await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'bureau', body: { obligationKey: 'monthly_report', ownerId: 'edu', note: '本月情况及统计表' } });
  expect(submitted.status).toBe(201);
  expect(submitted.body).toMatchObject({ period: first.period, onTime: true });

  // Past the deadline: nothing is missed, nobody is on the bulletin for it.
  await h.advance(due + HOUR - (await h.now()));
  const state = await eventually(() => h.request('GET', `/api/campaigns/${id}`), (r) => r.body.obligations.find((o: any) => o.key === 'monthly_report').periods[0].submitted.length === 1);
  expect(state.body.obligations.find((o: any) => o.key === 'monthly_report').periods[0]).toMatchObject({ submitted: ['edu'], missed: [] });
  expect(await h.db.bulletinEntry.count({ where: { campaignId: id } })).toBe(0);
});

test('a hazard mail: 【重大隐患】 once, "尚未启动督办" before any escalation, limits as people write them, the salutation the unit only', async () => {
  const id = uniqueId('wording');
  const T = await h.now();
  await reportHazard(h, { id, level: 'major', title: '围墙开裂存在倒塌风险' });
  const reported = await waitForMail(h, id, 'hazard_reported');
  expect(reported.subject.split('【重大隐患】')).toHaveLength(2);
  expect(reported.text).toContain('督办状态：尚未启动督办');
  expect(reported.text).not.toContain('未升级');
  expect(reported.text.split('\n')[0]).toBe('区教育局：');
  expectOfficialNotice(reported, T);

  // Assigned with a limit at the end of a day: written "…日24时前".
  const dueDay = addDays(localDate(T), 10);
  const dueAt = localInstant(dueDay, '24:00');
  expect((await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt, note: '请限期整改' } })).status).toBe(200);
  const notice = await waitForMail(h, id, 'rectification_notice');
  const [y, m, d] = dueDay.split('-').map(Number);
  expect(notice.subject).toBe(`【护校安园】【重大隐患】整改通知书：请区市场监管局于${y}年${m}月${d}日24时前整改“围墙开裂存在倒塌风险”`);
  expect(notice.text.split('\n')[0]).toBe('区市场监管局：');

  // Listed supervision: the mark once, the government named as the unit.
  expect((await h.request('POST', `/api/hazards/${id}/escalation`, { key: 'bureau', body: { reason: '涉及多部门，需属地政府统筹' } })).status).toBe(200);
  const listed = await waitForMail(h, id, 'listed_supervision');
  expect(listed.subject.split('【重大隐患】')).toHaveLength(2);
  expect(listed.text.split('\n')[0]).toBe('鱼峰区人民政府：');
  expect(listed.text).toContain('督办状态：已报属地政府挂牌督办');
  expectOfficialNotice(listed, T);
});
