// A whole campaign on the time-skipping server: phases open and close on their dates (two of
// them overlapping), schools self-inspect, reports are submitted and missed, and closing the
// phases escalates what is missing.
import { localDate, localInstant } from '../../common/campaign-calendar';
import { formatDayWindow } from '../../common/time';
import { bulletinReasons, campaignMail, launchCampaign, timeline } from '../support/builders';
import { useHarness } from '../support/harness';
import { addr, DAY, eventually, HOUR, isMailOf, sorted, uniqueId } from '../support/hazard-helpers';

const h = useHarness();

const ALL_SCHOOLS = Array.from({ length: 32 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);

test('a campaign runs its phases and obligations, and closing each phase acts on what is missing', async () => {
  const { T, at } = await timeline(h);
  const reportDay = localDate(T + 10 * DAY);
  const id = uniqueId('cp');
  const launch = await launchCampaign(h, {
    id,
    name: '鱼峰区护校安园专项行动（测试）',
    plan: {
      phases: [
        { key: 'survey', startAt: at(1 * DAY), endAt: at(5 * DAY) },
        { key: 'rectification', startAt: at(5 * DAY), endAt: at(15 * DAY) },
        { key: 'acceptance', startAt: at(15 * DAY), endAt: at(25 * DAY) },
        { key: 'consolidation', startAt: at(15 * DAY), endAt: at(25 * DAY) },
      ],
      obligations: [
        { key: 'implementation_plan', title: '实施方案', ownerIds: ['market', 'police'], dueAt: at(3 * DAY) },
        { key: 'monthly_report', title: '月度工作情况', ownerIds: ['edu'], recurrence: { daysOfMonth: [Number(reportDay.slice(8))], until: at(25 * DAY) } },
      ],
    },
  });
  expect(launch.status).toBe(201);
  expect(launch.body).toMatchObject({
    id,
    status: 'running',
    currentPhases: [],
    participants: { schoolIds: ALL_SCHOOLS, departmentIds: expect.arrayContaining(['edu', 'market', 'police']) },
  });
  expect(launch.body.participants.departmentIds).toHaveLength(14);
  expect(launch.body.obligations[1].periods).toEqual([{ period: reportDay, dueAt: localInstant(reportDay, '24:00'), submitted: [], missed: [] }]);
  const launched = await h.mail.waitFor(campaignMail(id, 'campaign_launched'));
  expect(launched.to).toEqual(expect.arrayContaining([...addr.leadOffice(), ...addr.dept('market'), ...addr.school('s32')]));
  // The phases as people write times, a link to the campaign's page (many units: sign in), the contact.
  expect(launched.text).toContain(`摸排：${formatDayWindow(at(1 * DAY), at(5 * DAY))}`);
  expect(launched.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:|\/api\//);
  expect(launched.text).toContain(`办理入口：${h.baseUrl}/campaigns/${id}\n（请使用本单位账号登录后办理。）`);
  expect(launched.text).toContain('联系人：区教育局安全股 覃股长，电子邮箱：');

  // 摸排 opens on its date.
  await h.advance(DAY + HOUR);
  const opened = await h.mail.waitFor(campaignMail(id, 'phase_opened'));
  expect(opened.subject).toBe('【护校安园】摸排阶段开始：鱼峰区护校安园专项行动（测试）');
  expect((await h.request('GET', `/api/campaigns/${id}`)).body.currentPhases).toEqual(['survey']);

  // A school self-inspects: its hazards become hazard workflows of the campaign.
  const inspection = await h.request('POST', `/api/campaigns/${id}/self-inspections`, {
    key: 'school',
    body: {
      schoolId: 's01',
      hazards: [
        { category: 'fire', level: 'general', title: '实验室灭火器过期', selfFixable: true },
        { category: 'buildings_disaster', level: 'major', title: '围墙开裂存在倒塌风险' },
      ],
    },
  });
  expect(inspection.status).toBe(201);
  expect(inspection.body.hazardIds).toHaveLength(2);
  const [selfFix, major] = inspection.body.hazardIds;
  // The list (read model) follows the reports within moments.
  const listed = await eventually(
    () => h.request('GET', `/api/hazards?campaignId=${id}`, { key: 'bureau' }),
    (res) => res.body.total === 2,
  );
  expect(listed.body.total).toBe(2);
  expect((await h.request('POST', `/api/campaigns/${id}/self-inspections`, { key: 'school', body: { schoolId: 's01', hazards: [] } })).status).toBe(409);

  // Reports: the market bureau submits on time, once; the police do not.
  const report = await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'market', body: { obligationKey: 'implementation_plan', note: '实施方案已印发' } });
  expect(report.status).toBe(201);
  expect(report.body).toMatchObject({ ownerId: 'market', period: 'once', onTime: true });
  expect((await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'market', body: { obligationKey: 'implementation_plan', note: '再次' } })).status).toBe(409);
  expect((await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'school', body: { obligationKey: 'implementation_plan', note: 'x' } })).status).toBe(403);
  expect((await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'market', body: { obligationKey: 'nope', note: 'x' } })).status).toBe(404);

  await h.advance(2 * DAY); // T+3d+1h: past the plan's deadline
  const reminder = await h.mail.waitFor(campaignMail(id, 'report_reminder'));
  expect(reminder.to).toEqual(addr.dept('police'));
  const overdue = await h.mail.waitFor(campaignMail(id, 'report_overdue'));
  expect(overdue.to).toEqual(addr.dept('police'));
  expect(overdue.cc).toEqual(addr.leader('police'));
  expect(overdue.text).toContain('公安鱼峰分局');

  // 摸排 closes: the 31 schools that did not self-inspect were reminded, are overdue and on the bulletin.
  await h.advance(2 * DAY); // T+5d+1h
  const closing = await h.mail.waitForCount(campaignMail(id, 'phase_closing'), 2);
  expect(sorted(closing[0].to)).toEqual(sorted(ALL_SCHOOLS.filter((s) => s !== 's01').flatMap((s) => addr.school(s))));
  const missing = await h.mail.waitFor(campaignMail(id, 'self_inspection_missing'));
  expect(missing.subject).toBe('【护校安园】摸排逾期：31所学校未提交自查');
  expect(missing.text).toContain('鱼峰区荣军路小学');
  const surveyClosed = await h.mail.waitFor((m) => campaignMail(id, 'phase_closed')(m) && m.subject.includes('摸排'));
  expect(surveyClosed.to).toEqual(addr.leadOffice());
  const view = (await h.request('GET', `/api/campaigns/${id}`)).body;
  expect(view.phases.find((p: any) => p.key === 'survey')).toMatchObject({ status: 'closed', outcome: { missing: 31 } });
  expect(view.currentPhases).toEqual(['rectification']);

  // The school fixes its own hazard; the major one stays unassigned with the bureau.
  expect(
    (await h.request('POST', `/api/hazards/${selfFix}/self-fix-registration`, { key: 'school', body: { note: '已更换', evidence: ['https://files.example/extinguisher.jpg'] } })).status,
  ).toBe(200);
  await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'bureau', body: { obligationKey: 'monthly_report', ownerId: 'edu', note: '本月情况' } });

  // 整改 closes with a hazard not rectified: it escalates to the bureau (level 2).
  await h.advance(10 * DAY); // T+15d+1h
  await h.mail.waitFor((m) => m.headers['x-campus-safety-key']?.startsWith(`hazard:${major}:`) && m.headers['x-campus-safety-kind'] === 'escalated_to_bureau');
  expect((await h.request('GET', `/api/hazards/${major}`)).body.escalationLevel).toBe(2);
  const overlapping = (await h.request('GET', `/api/campaigns/${id}`)).body;
  expect(overlapping.currentPhases).toEqual(['acceptance', 'consolidation']);

  // 巩固提高 opens: the written-off hazard's look-back (回头看), due 30 days after its write-off,
  // is brought into the phase; the bureau is asked for it now.
  const lookBack = await h.mail.waitFor(isMailOf(selfFix, 'look_back_due'));
  expect(lookBack.to).toEqual(addr.bureau());
  const fixed = (await h.request('GET', `/api/hazards/${selfFix}`, { key: 'bureau' })).body;
  // Due when the phase opened (the moment the hazard heard of it), not at write-off + 30 days.
  expect(Date.parse(fixed.lookBackDueAt)).toBeGreaterThanOrEqual(T + 15 * DAY);
  expect(Date.parse(fixed.lookBackDueAt)).toBeLessThan(T + 15 * DAY + HOUR);
  expect(fixed.history.map((e: any) => e.action)).toEqual(expect.arrayContaining(['look_back_scheduled', 'look_back_due']));
  const lookBackAsked = await h.mail.waitFor((m) => campaignMail(id, 'phase_opened')(m) && m.subject.includes('回头看'));
  expect(lookBackAsked.to).toEqual(addr.bureau());
  expect(lookBackAsked.text).toContain('已销号隐患1项');

  // 验收 closes with it still not written off: listed supervision (挂牌督办).
  await h.advance(10 * DAY); // T+25d+1h
  await h.mail.waitFor((m) => m.headers['x-campus-safety-key']?.startsWith(`hazard:${major}:`) && m.headers['x-campus-safety-kind'] === 'listed_supervision');
  expect((await h.request('GET', `/api/hazards/${major}`)).body).toMatchObject({ escalationLevel: 3, listedSupervision: true });

  const result = await h.temporal.workflow.getHandle(`campaign-${id}`).result();
  expect(result.status).toBe('completed');

  const stats = (await h.request('GET', `/api/campaigns/${id}/stats`, { key: 'lead' })).body;
  expect(stats.hazards).toMatchObject({ total: 2, verified: 1, escalated: 1, listedSupervision: 1, byLevel: { general: 1, major: 1 } });
  expect(stats.closureRate).toBe(0.5);
  expect(stats.selfInspections).toEqual({ submitted: 1, schools: 32 });
  expect(stats.reports).toEqual({ onTime: 2, late: 0 });
  // Every miss is on the bulletin: the police's plan, then each 责令限期整改 order it was given and ignored
  // (after the bulletins of the plan's deadline, the 整改 closing and the 验收 closing).
  expect(stats.missedDeadlines).toEqual(expect.arrayContaining([expect.objectContaining({ unitType: 'department', unitId: 'police', name: '公安鱼峰分局', count: 4 })]));
  expect(await bulletinReasons(h, id, 'police')).toEqual([
    '逾期未报送：实施方案',
    '逾期未报送：第1期通报责令限期整改情况',
    '逾期未报送：第3期通报责令限期整改情况',
    '逾期未报送：第5期通报责令限期整改情况',
  ]);
  const bulletins = (await h.request('GET', `/api/campaigns/${id}/bulletins`)).body.items;
  // A bulletin where there was news; none at the 巩固提高 closing, which found nothing new (issue 24, item 6).
  expect(bulletins.map((b: any) => b.trigger)).toEqual(['report:implementation_plan:once', 'phase:survey', 'report:monthly_report:' + reportDay, 'phase:rectification', 'phase:acceptance']);
  expect(stats.missedDeadlines.filter((m: any) => m.unitType === 'school')).toHaveLength(31);
});

test('launching is for the lead, with a preset or a plan, and owners from the directory', async () => {
  const base = { name: '测试', jurisdictionId: 'yufeng' };
  expect((await h.request('POST', '/api/campaigns', { key: 'bureau', body: { ...base, preset: 'pulu-2021' } })).status).toBe(403);
  const both = await h.request('POST', '/api/campaigns', { body: { ...base, preset: 'pulu-2021', plan: { phases: [], obligations: [] } } });
  expect(both.status).toBe(400);
  const now = await h.now();
  const owner = await h.request('POST', '/api/campaigns', {
    body: {
      ...base,
      plan: {
        phases: [{ key: 'survey', startAt: new Date(now + DAY).toISOString(), endAt: new Date(now + 2 * DAY).toISOString() }],
        obligations: [{ key: 'x', title: 'x', ownerIds: ['nobody'], dueAt: new Date(now + DAY).toISOString() }],
      },
    },
  });
  expect(owner.status).toBe(400);
  expect(owner.body.error.details[0]).toMatchObject({ field: 'body.plan.obligations.0.ownerIds' });
  expect((await h.request('GET', '/api/campaigns/nope')).status).toBe(404);
});

test('a preset launched with a new start date keeps its phases and report days', async () => {
  const res = await launchCampaign(h, { name: '蒲吕街道2027年“护校安园”专项行动', preset: { id: 'pulu-2021', startDate: '2027-04-23' } });
  expect(res.status).toBe(201);
  expect(res.body.presetId).toBe('pulu-2021');
  // Same weekday-free shift of every date: 2021-04-23 → 2027-04-23 is 2191 days.
  expect(res.body.phases.map((p: any) => [p.key, p.startAt, p.endAt])).toEqual([
    ['survey', localInstant('2027-04-23'), localInstant('2027-05-26')],
    ['rectification', localInstant('2027-05-26'), localInstant('2027-11-26')],
    ['acceptance', localInstant('2027-11-26'), localInstant('2028-02-01')],
    ['consolidation', localInstant('2027-11-26'), localInstant('2028-02-01')],
  ]);
  const monthly = res.body.obligations.find((o: any) => o.key === 'monthly_report');
  expect(monthly.ownerIds).toEqual(['edu']);
  expect(monthly.periods.map((p: any) => p.period)).toEqual([
    '2027-04-28',
    '2027-05-28',
    '2027-06-28',
    '2027-07-28',
    '2027-08-28',
    '2027-09-28',
    '2027-10-28',
    '2027-11-28',
    '2027-12-28',
    '2028-01-28',
  ]);
  const summary = res.body.obligations.find((o: any) => o.key === 'summary');
  expect(summary.periods).toEqual([expect.objectContaining({ period: 'once', dueAt: localInstant('2028-01-20', '24:00') })]);
  expect(res.body.currentPhases).toEqual([]);
  const presets = (await h.request('GET', '/api/presets', { key: 'school' })).body;
  expect(presets.items.map((p: any) => p.id)).toContain('pulu-2021');
});

test('a long campaign continues as new, carrying its state and live deadlines', async () => {
  const { T, at } = await timeline(h);
  const id = uniqueId('long');
  const handle = await h.temporal.workflow.start('campaignWorkflow', {
    workflowId: `campaign-${id}`,
    taskQueue: h.taskQueue,
    args: [
      {
        campaign: {
          id,
          name: '长周期专项行动',
          jurisdictionId: 'yufeng',
          plan: {
            phases: [{ key: 'rectification', startAt: at(HOUR), endAt: at(40 * DAY) }],
            // A report every day of the month: many deadlines, many timers, a long history.
            obligations: [{ key: 'daily', title: '每日巡查记录', ownerIds: ['police'], recurrence: { daysOfMonth: Array.from({ length: 31 }, (_, i) => i + 1), until: at(40 * DAY) } }],
          },
          policy: { reminderOffsets: ['PT6H'], overdueGrace: 'PT12H' },
          departmentIds: ['police'],
          schoolIds: ['s01'],
        },
        createdBy: { role: 'lead' },
        historyLimit: 200,
      },
    ],
  });
  const firstRun = handle.firstExecutionRunId;
  await h.advance(20 * DAY);
  // Submitted in a later run: the state carried over knows the periods and who submitted.
  const mid = await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'police', body: { obligationKey: 'daily', note: '巡查正常' } });
  expect(mid.status).toBe(201);
  // Without a period, the earliest one not yet submitted: a late report (补报) of the first day —
  // the day the phase opens at T + 1 h ("N日前" read inclusively: due at the end of that day).
  expect(mid.body).toMatchObject({ period: localDate(T + HOUR), onTime: false });
  const result = await handle.result();
  const daily = result.obligations[0];
  expect(daily.periods.length).toBeGreaterThanOrEqual(39);
  expect(daily.periods.filter((p: any) => p.submitted.includes('police'))).toHaveLength(1);
  expect(daily.periods.filter((p: any) => p.missed.includes('police')).length).toBe(daily.periods.length);
  const last = await h.temporal.workflow.getHandle(`campaign-${id}`).describe();
  expect(last.runId).not.toBe(firstRun);
  expect(last.historyLength).toBeLessThan(400);
});
