// 鱼峰 2023 run on a compressed timeline (each day of the plan an hour) on the time-skipping
// server (issue 13, items 1, 6, 7, 9, 13): the 督导 (验收) closing escalates no hazard — 整改 is
// still open — but puts the units that did not finish on time on the 黑榜 of a numbered bulletin
// and orders them to rectify by a deadline; every miss reaches the bulletin, the first one too;
// a 一校一表 list counts as the school's self-inspection, and a late one is accepted as 补报; the
// campaign's steps are in its audit trail.
import { campaignMail, hazardMail, launchCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { addr, eventually, HOUR, uniqueId } from '../support/hazard-helpers';

const h = useHarness();

test('鱼峰: the 督导 closing blacklists the units that missed and orders them to rectify; no open window escalates; bulletins numbered, kept, mailed', async () => {
  const now = await h.now();
  // The plan's first day starts in an hour; each of its days lasts an hour (5/1 → T0, the end of 6/15 → T0 + 46 h).
  const T0 = Math.ceil((now + HOUR) / HOUR) * HOUR;
  const day = (n: number) => T0 + n * HOUR;
  const advanceTo = async (ms: number) => h.advance(ms - (await h.now()));
  const id = uniqueId('yufeng');
  const launch = await launchCampaign(h, {
    id,
    name: '鱼峰区校园安全集中整治（测试）',
    preset: { id: 'yufeng-2023', startAt: new Date(T0).toISOString(), dayLength: 'PT1H' },
    // The 责令限期整改 runs 5½ hours: its deadline is not the instant 整改 closes (the end of 6/20, 5 hours
    // after the 督导's bulletin), so its miss is on the next bulletin whatever the order of that instant's rungs.
    policy: { reminderOffsets: ['PT30M'], overdueGrace: 'PT2H', rectificationOrderPeriod: 'PT5H30M' },
  });
  expect(launch.status).toBe(201);
  expect(launch.body.phases.find((p: any) => p.key === 'acceptance')).toMatchObject({ closing: 'blacklist' });

  // 摸排 (day 14 to 25): s01 self-inspects through the API, s02 sends its 一校一表 as CSV.
  await advanceTo(day(15));
  const inspection = await h.request('POST', `/api/campaigns/${id}/self-inspections`, {
    key: 'school',
    body: {
      schoolId: 's01',
      hazards: [
        { category: 'buildings_disaster', level: 'major', title: '围墙开裂存在倒塌风险' },
        { category: 'food_safety', level: 'general', title: '食堂留样柜温度不达标' },
      ],
    },
  });
  expect(inspection.status).toBe(201);
  expect(inspection.body.late).toBe(false);
  const [late, open] = inspection.body.hazardIds;
  const csv = ['学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料', 's02,fire,一般,消防通道堆放杂物,,教学楼一楼,否,,'].join('\n');
  const imported = await fetch(`${h.baseUrl}/api/campaigns/${id}/hazards.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.keys.otherSchool}`, 'content-type': 'text/csv; charset=utf-8' },
    body: csv,
  });
  expect(imported.status).toBe(202);
  expect((await h.request('GET', `/api/campaigns/${id}`)).body.selfInspected).toEqual(['s01', 's02']);

  // 整改 (from day 25): the bureau assigns both hazards, one due before the 督导 closes (at the end of day 45), one after it.
  await advanceTo(day(26));
  const survey = (await h.request('GET', `/api/campaigns/${id}`)).body.phases.find((p: any) => p.key === 'survey');
  expect(survey.outcome).toEqual({ missing: 30, note: '30所学校未提交自查' });
  // A late self-inspection is accepted as 补报, recorded late.
  // (s03 has no key in this run: the bureau submits for it.)
  const lateInspection = await h.request('POST', `/api/campaigns/${id}/self-inspections`, { key: 'bureau', body: { schoolId: 's03', hazards: [] } });
  expect(lateInspection.status).toBe(201);
  expect(lateInspection.body).toMatchObject({ late: true, hazardCount: 0 });
  // The row follows the answer (the read model lags the workflow).
  const rows = await eventually(
    () => h.db.selfInspection.findMany({ where: { campaignId: id }, orderBy: { schoolId: 'asc' } }),
    (r) => r.length === 3,
  );
  expect(rows.map((r) => [r.schoolId, r.source, r.late])).toEqual([
    ['s01', 'api', false],
    ['s02', 'csv', false],
    ['s03', 'api', true],
  ]);
  for (const [hazardId, departmentId, due] of [
    [late, 'market', day(40)],
    [open, 'police', day(48)],
  ] as const) {
    const res = await h.request('POST', `/api/hazards/${hazardId}/assign`, { key: 'bureau', body: { departmentId, dueAt: new Date(due).toISOString(), note: '请限期整改' } });
    expect(res.status).toBe(200);
  }

  // The market bureau's deadline passes (day 40): its first miss is on the bulletin at once.
  await advanceTo(day(41));
  await h.mail.waitFor(hazardMail(late, 'overdue_notice'));
  const firstMiss = await eventually(
    () => h.db.bulletinEntry.findMany({ where: { hazardId: late } }),
    (r) => r.length === 1,
  );
  expect(firstMiss).toEqual([expect.objectContaining({ unitType: 'department', unitId: 'market', reason: '逾期未完成整改', campaignId: id })]);

  // The 督导 closes ("6月15日前": at the end of 6/15, day 45) while 整改 runs through 6/20 (day 50): nothing escalates; the market bureau goes on the 黑榜.
  await advanceTo(day(46) + 10 * 60_000);
  const closed = await h.mail.waitFor((m) => campaignMail(id, 'phase_closed')(m) && m.subject.includes('验收'));
  expect(closed.text).toContain('1个单位未按时完成整治任务，予以黑榜通报并责令限期整改');
  for (const hazardId of [late, open]) {
    const view = (await h.request('GET', `/api/hazards/${hazardId}`, { key: 'bureau' })).body;
    expect(view.listedSupervision).toBe(false);
    expect(view.escalationLevel).toBeLessThan(2);
  }
  expect((await h.mail.messages()).filter((m) => hazardMail(late, 'listed_supervision')(m) || hazardMail(open, 'listed_supervision')(m))).toHaveLength(0);

  const bulletins = await eventually(
    () => h.request('GET', `/api/campaigns/${id}/bulletins`, { key: 'school' }),
    (r) => r.body.items.some((b: any) => b.trigger === 'phase:acceptance'),
  );
  const items = bulletins.body.items;
  expect(items.map((b: any) => b.no)).toEqual(items.map((_: unknown, i: number) => i + 1));
  // One bulletin per instant: 组织筹备 and 实施方案 (both "5月15日前": through 5/15), 摸排 and the
  // monthly report ("25日前": through 5/25) — the phase first, as armed — and 督导 with the 抽查暗访 and
  // 督导 reports ("6月15日前"), each with its 文号.
  expect(items.map((b: any) => b.triggers).slice(0, 3)).toEqual([
    ['phase:preparation', 'report:implementation_plan:once'],
    ['phase:survey', 'report:monthly_report:2023-05-25'],
    ['phase:acceptance', 'report:spot_check_report:once', 'report:supervision_report:once'],
  ]);
  const year = (b: any) => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date(b.issuedAt)));
  expect(items.slice(0, 3).map((b: any) => b.docNo)).toEqual(items.slice(0, 3).map((b: any, i: number) => `鱼护校办通〔${year(b)}〕${i + 1}号`));
  const supervision = items[2];
  const market = supervision.content.blacklist.find((u: any) => u.unitId === 'market');
  // Its 抽查暗访 report, due at the same instant, is on the same bulletin.
  expect(market).toEqual({
    unitType: 'department',
    unitId: 'market',
    name: '区市场监管局',
    reasons: [
      { reason: '逾期未完成整改', count: 1 },
      { reason: '验收：未按时完成整治任务', count: 1 },
      { reason: '逾期未报送：本部门抽查暗访情况', count: 1 },
    ],
  });
  expect(supervision.content.overdueHazards.map((x: any) => x.hazardId)).toEqual([late]);
  expect(supervision.content.listedSupervision).toEqual([]);
  expect(supervision.content.closureByUnit).toEqual(expect.arrayContaining([expect.objectContaining({ unitType: 'department', unitId: 'market', total: 1, closed: 0, closureRate: 0 })]));
  // The survey's bulletin named the 30 schools that did not self-inspect; not s02, whose list came as CSV.
  const surveyList = items[1].content.blacklist.filter((u: any) => u.unitType === 'school').map((u: any) => u.unitId);
  expect(surveyList).toHaveLength(30);
  expect(surveyList).not.toContain('s02');

  // Mailed to every participant; the units on the 黑榜 are ordered to rectify by a deadline of their own.
  const mailed = await h.mail.waitFor((m) => campaignMail(id, 'bulletin_issued')(m) && m.subject.includes('第3期'));
  expect(mailed.subject).toBe(`【护校安园】鱼峰区校园安全集中整治（测试）第3期通报（${supervision.docNo}）`);
  expect(mailed.to).toEqual(expect.arrayContaining([...addr.leadOffice(), ...addr.dept('market'), ...addr.dept('cyber'), ...addr.school('s32')]));
  expect(mailed.text).toContain('区市场监管局：逾期未完成整改；验收：未按时完成整治任务');
  expect(mailed.text).toContain('逾期未整改隐患1项，挂牌督办隐患0项');
  expect(mailed.text).not.toMatch(/\d{4}-\d{2}-\d{2}T|\/api\//);
  const order = (await h.request('GET', `/api/campaigns/${id}`)).body.obligations.find((o: any) => o.key === 'order_3');
  expect(order.ownerIds).toContain('market');
  expect(order.periods).toEqual([expect.objectContaining({ period: 'once', dueAt: new Date(Date.parse(supervision.issuedAt) + 5.5 * HOUR).toISOString() })]);
  const ordered = await h.mail.waitFor((m) => campaignMail(id, 'rectification_order')(m) && m.subject.includes('第3期'));
  expect(ordered.to).toEqual(expect.arrayContaining(addr.dept('market')));
  expect(ordered.cc).toEqual(expect.arrayContaining([...addr.leader('market'), ...addr.leadOffice()]));
  expect(ordered.text).toContain('现责令上述单位于');

  // The market bureau reports its rectification under the order; a unit that does not is overdue, and on the next bulletin.
  const done = await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'market', body: { obligationKey: 'order_3', note: '已完成整改' } });
  expect(done.status).toBe(201);
  await advanceTo(Date.parse(order.periods[0].dueAt) + 10 * 60_000);
  const orderOverdue = await h.mail.waitFor((m) => campaignMail(id, 'report_overdue')(m) && m.subject.includes('第3期通报责令限期整改情况'));
  expect(orderOverdue.to).not.toEqual(expect.arrayContaining(addr.dept('market')));
  // The miss is recorded for the bulletin beside its mail, not before it (the campaign's database lane): wait for the row.
  await eventually(
    () => h.db.bulletinEntry.count({ where: { campaignId: id, reason: '逾期未报送：第3期通报责令限期整改情况' } }),
    (n) => n > 0,
  );

  // On demand: the lead issues the next bulletin now; anyone else may not.
  expect((await h.request('POST', `/api/campaigns/${id}/bulletins`, { key: 'bureau' })).status).toBe(403);
  const onDemand = await h.request('POST', `/api/campaigns/${id}/bulletins`, { key: 'lead' });
  expect(onDemand.status).toBe(201);
  expect(onDemand.body).toMatchObject({ trigger: 'on_demand', issuedBy: 'lead' });
  const all = (await h.request('GET', `/api/campaigns/${id}/bulletins`)).body;
  expect(all.items.at(-1).no).toBe(onDemand.body.no);
  expect(all.total).toBe(onDemand.body.no);
  // The order's missers are on it.
  expect(onDemand.body.content.blacklist.some((u: any) => u.reasons.some((r: any) => r.reason === '逾期未报送：第3期通报责令限期整改情况'))).toBe(true);

  // Each bulletin as CSV, for Excel.
  const csvRes = await fetch(`${h.baseUrl}/api/campaigns/${id}/bulletins/3.csv`, { headers: { authorization: `Bearer ${h.keys.school}` } });
  expect(csvRes.status).toBe(200);
  const bytes = new Uint8Array(await csvRes.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.slice(3));
  expect(text.split('\r\n')[0]).toMatch(/^第3期通报,发布时间：/);
  expect(text).toContain('成员单位,market,区市场监管局,逾期未完成整改,1');
  expect(text).toContain('一、黑榜（未按时完成任务的单位）');
  expect((await fetch(`${h.baseUrl}/api/campaigns/${id}/bulletins/99.csv`, { headers: { authorization: `Bearer ${h.keys.lead}` } })).status).toBe(404);

  // 留痕: the campaign's steps, who and when.
  const audit = (await h.request('GET', `/api/campaigns/${id}/audit`)).body.items;
  const actions = (a: string) => audit.filter((e: any) => e.action === a);
  expect(actions('campaign_launched')).toEqual([expect.objectContaining({ actor: 'lead' })]);
  expect(actions('phase_opened').map((e: any) => e.note)).toEqual(['组织筹备阶段开始', '摸排阶段开始', '整改阶段开始', '验收阶段开始', '巩固提高阶段开始']);
  expect(actions('phase_closed').map((e: any) => e.note)).toEqual(expect.arrayContaining(['验收阶段结束：1个单位未按时完成整治任务，予以黑榜通报并责令限期整改']));
  expect(actions('self_inspection_submitted').map((e: any) => [e.actor, e.note])).toEqual([
    ['school:s01', 's01提交自查，上报隐患2项'],
    ['school:s02', 's02提交自查（一校一表导入），上报隐患1项'],
    ['bureau:edu', 's03提交自查，上报隐患0项（逾期补报）'],
  ]);
  expect(actions('report_submitted')).toEqual([expect.objectContaining({ actor: 'department:market', note: '第3期通报责令限期整改情况（一次性报送）按时报送' })]);
  expect(actions('bulletin_issued')).toHaveLength(all.total);
  expect(actions('bulletin_issued').at(-1)).toMatchObject({ actor: 'lead', data: expect.objectContaining({ no: all.total, trigger: 'on_demand' }) });
  await h.temporal.workflow.getHandle(`campaign-${id}`).terminate('test done');
});

test('the local government sees a major hazard of its jurisdiction from the start, and reports progress and rectification once it supervises it', async () => {
  const major = uniqueId('hz');
  const general = uniqueId('hz');
  await h.request('POST', '/api/hazards', { key: 'school', body: { id: major, schoolId: 's01', category: 'buildings_disaster', level: 'major', title: '围墙开裂存在倒塌风险' } });
  await h.request('POST', '/api/hazards', { key: 'school', body: { id: general, schoolId: 's01', category: 'food_safety', level: 'general', title: '校门口无证流动摊点' } });
  // Copied on the major one (平湖: 重大隐患报属地党委政府), it can open it and find it in its list at once.
  expect((await h.request('GET', `/api/hazards/${major}`, { key: 'government' })).status).toBe(200);
  expect((await h.request('GET', `/api/hazards/${general}`, { key: 'government' })).status).toBe(403);
  const list = await eventually(
    () => h.request('GET', '/api/hazards?schoolId=s01&limit=100', { key: 'government' }),
    (r) => r.body.items.some((x: any) => x.id === major),
  );
  expect(list.body.items.map((x: any) => x.id)).toContain(major);
  expect(list.body.items.every((x: any) => x.level === 'major' || x.escalationLevel >= 3)).toBe(true);

  const dueAt = new Date((await h.now()) + 10 * 24 * HOUR).toISOString();
  expect((await h.request('POST', `/api/hazards/${major}/assign`, { key: 'bureau', body: { departmentId: 'housing', dueAt, note: '请组织加固' } })).status).toBe(200);
  // Not under its supervision yet: the workflow's validator says why.
  const early = await h.request('POST', `/api/hazards/${major}/progress`, { key: 'government', body: { note: '已协调住建部门' } });
  expect(early.status).toBe(403);
  expect(JSON.stringify(early.body)).toContain('挂牌督办');

  expect((await h.request('POST', `/api/hazards/${major}/escalation`, { key: 'bureau', body: { reason: '涉及多部门，需政府统筹' } })).status).toBe(200);
  const progress = await h.request('POST', `/api/hazards/${major}/progress`, { key: 'government', body: { note: '区政府已召开专题会，住建部门正在组织加固' } });
  expect(progress.status).toBe(200);
  expect(progress.body.history.at(-1)).toMatchObject({ action: 'progress_reported', actor: 'government:yufeng', note: '区政府已召开专题会，住建部门正在组织加固' });
  expect(progress.body.status).toBe('rectifying');
  const rectified = await h.request('POST', `/api/hazards/${major}/rectification`, { key: 'government', body: { note: '围墙已加固' } });
  expect(rectified.status).toBe(200);
  expect(rectified.body.status).toBe('rectified');
  // A hazard outside its remit (general, not escalated) stays closed to it.
  expect((await h.request('POST', `/api/hazards/${general}/progress`, { key: 'government', body: { note: 'x' } })).status).toBe(403);
});
