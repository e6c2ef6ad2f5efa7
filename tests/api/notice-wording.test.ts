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
  // To every participant: addressed as a notice to many is, not by 46 names nor to the lead office that signs it.
  expect(lines[0]).toBe('各成员单位、各学校：');
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
  const state = await eventually(
    () => h.request('GET', `/api/campaigns/${id}`),
    (r) => r.body.obligations.find((o: any) => o.key === 'monthly_report').periods[0].submitted.length === 1,
  );
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
  // It names the hazard, gives the cause once, and says 统筹 and 挂牌督办 once each in its own words.
  expect(listed.subject).toBe('【护校安园】【重大隐患】挂牌督办：鱼峰区第一实验小学“围墙开裂存在倒塌风险”');
  const words = listed.text
    .split('\n')
    .filter((l) => !/^(督办状态|挂牌督办期限)：/.test(l))
    .join('\n');
  expect(listed.text.split('\n\n')[1]).toMatch(
    /^鱼峰区第一实验小学“围墙开裂存在倒塌风险”因涉及多部门，需属地政府统筹，现报请鱼峰区人民政府挂牌督办，督办期限为\d{4}年\d{1,2}月\d{1,2}日(24|\d{1,2})时前。$/,
  );
  expect(listed.text).not.toMatch(/(^|\n)该隐患/);
  expect(listed.text.split('统筹解决')).toHaveLength(1);
  expect(words.split('挂牌督办')).toHaveLength(2);
  expectOfficialNotice(listed, T);
});

test('the overdue notice speaks to the unit, gives the grace period with its date and says the miss is on the 通报; a campaign writes its dates in its own zone', async () => {
  const T = await h.now();
  // A campaign kept in Tokyo time, on a deployment in Beijing time: its report falls due at the end of a Tokyo day.
  const id = uniqueId('zone');
  const startDate = addDays(localDate(T, 'Asia/Tokyo'), 1);
  const dueDay = addDays(startDate, 5);
  const launched = await launchCampaign(h, {
    id,
    name: '时区测试“护校安园”专项行动',
    plan: {
      phases: [{ key: 'rectification', startAt: localInstant(startDate, '00:00', 'Asia/Tokyo'), endAt: localInstant(addDays(startDate, 30), '00:00', 'Asia/Tokyo') }],
      obligations: [{ key: 'work', title: '“双减”工作情况', ownerIds: ['edu'], dueAt: localInstant(dueDay, '24:00', 'Asia/Tokyo') }],
    },
    policy: { timeZone: 'Asia/Tokyo', reminderOffsets: ['P1D'] },
  });
  expect(launched.status).toBe(201);
  const dueAt = localInstant(dueDay, '24:00', 'Asia/Tokyo');
  await h.advance(Date.parse(dueAt) - DAY + HOUR - (await h.now()));
  const reminder = await h.mail.waitFor(isCampaignMailOf(id, 'report_reminder'));
  const [y, m, d] = dueDay.split('-').map(Number);
  // The limit as the campaign reads it (the end of that Tokyo day), the title's own quotation marks single inside.
  expect(reminder.text).toContain(`要求报送的“‘双减’工作情况”（一次性报送）应于${y}年${m}月${d}日24时（Asia/Tokyo）前报送`);
  expect(reminder.subject).toBe('【护校安园】报送提醒：“‘双减’工作情况”距报送期限还有1天');

  // A hazard of a campaign, assigned, left past its limit.
  const hz = uniqueId('overdue');
  await reportHazard(h, { id: hz, campaignId: id, title: '校门口“三无”流动摊点' }, 'lead');
  // Its dates in its campaign's zone too.
  const hazardDue = localInstant(addDays(localDate(await h.now(), 'Asia/Tokyo'), 3), '24:00', 'Asia/Tokyo');
  expect((await h.request('POST', `/api/hazards/${hz}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: hazardDue } })).status).toBe(200);
  await h.advance(Date.parse(hazardDue) + HOUR - (await h.now()));
  const overdue = await waitForMail(h, hz, 'overdue_notice');
  // The harness's grace period: P3D.
  const graceEndsAt = new Date(Date.parse(hazardDue) + 3 * DAY).toISOString();
  expect(overdue.to).toEqual(addr.dept('market'));
  expect(overdue.text.split('\n\n')[1]).toBe(
    `你单位负责整改的鱼峰区第一实验小学“校门口‘三无’流动摊点”整改期限为${formatDeadline(hazardDue, 'Asia/Tokyo')}前，现已逾期，仍未报告整改完成，已列入专项行动通报。本通知同时抄送你单位分管领导。`,
  );
  expect(formatDeadline(graceEndsAt, 'Asia/Tokyo')).toMatch(/24时（Asia\/Tokyo）$/);
  expect(overdue.text).toContain(`请于${formatDeadline(graceEndsAt, 'Asia/Tokyo')}前完成整改`);
  expect(overdue.text).not.toContain('区市场监管局负责整改');
});
