// Who a closing blames (issue 24, items 1 and 4), on the time-skipping server: a hazard whose
// rectification is reported and waits for 验收 when 验收 closes is the inspector's and the
// bureau's overdue duty — not escalated to 挂牌督办, its department not on the 黑榜, the bureau
// recorded instead; the lead office's own missed report is on the bulletin as the lead office,
// never as "鱼峰区人民政府". And whom a report is handed to (item 10): each obligation carries its
// source's addressee, and a handed-in report reaches it.
import { campaignMail, hazardMail, ownCampaign, presetByTheHour } from '../support/builders';
import { useHarness } from '../support/harness';
import { addr, DAY, eventually, HOUR, uniqueId } from '../support/hazard-helpers';

const h = useHarness();

test('验收 closing: a hazard awaiting 验收 stays where it is and the bureau, not the department, is recorded; the lead office misses as itself', async () => {
  const { id, launch, at } = await ownCampaign(h, 'closing', '验收责任测试专项行动', (at) => ({
    plan: {
      phases: [
        { key: 'rectification', startAt: at(HOUR), endAt: at(3 * DAY) },
        { key: 'acceptance', startAt: at(3 * DAY), endAt: at(5 * DAY) },
      ],
      obligations: [{ key: 'supervision_report', title: '专项督导情况', ownerIds: ['lead_office'], dueAt: at(2 * DAY) }],
    },
    // The hazards' own ladder stays out of the way: only the closing acts.
    policy: { reminderOffsets: ['PT1H'], overdueGrace: 'P30D', hazard: { overdueGrace: 'P30D' } },
  }));
  // A plan given in full keeps the default closings.
  expect(launch.body.phases.map((p: any) => [p.key, p.closing])).toEqual([
    ['rectification', 'escalate_to_bureau'],
    ['acceptance', 'listed_supervision'],
  ]);

  // The market bureau rectifies its hazard in time and reports it; nobody verifies it.
  const hazardId = uniqueId('await');
  expect(
    (await h.request('POST', '/api/hazards', { key: 'lead', body: { id: hazardId, campaignId: id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点' } }))
      .status,
  ).toBe(201);
  expect((await h.request('POST', `/api/hazards/${hazardId}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: at(DAY) } })).status).toBe(200);
  expect((await h.request('POST', `/api/hazards/${hazardId}/rectification`, { key: 'market', body: { note: '流动摊点已取缔' } })).status).toBe(200);

  // Past 验收's end: the hazard is not escalated; the bureau's overdue 验收 is on the bulletin.
  await h.advance(5 * DAY + HOUR);
  const acceptance = await eventually(
    () => h.request('GET', `/api/campaigns/${id}`).then((r) => r.body.phases.find((p: any) => p.key === 'acceptance')),
    (p) => p.outcome !== null && p.outcome !== undefined,
  );
  expect(acceptance.outcome).toEqual({ missing: 0, note: '全部隐患已整改或尚在整改期限内；1项隐患已报告整改仍未验收，请教育局尽快组织验收' });
  const hazard = (await h.request('GET', `/api/hazards/${hazardId}`, { key: 'bureau' })).body;
  expect(hazard).toMatchObject({ status: 'rectified', listedSupervision: false, escalationLevel: 0 });
  expect(hazard.history.map((e: any) => e.action)).not.toContain('escalated_to_government');

  const entries = await eventually(
    () => h.db.bulletinEntry.findMany({ where: { campaignId: id }, orderBy: { id: 'asc' } }),
    (r) => r.length === 2,
  );
  expect(entries.map((e) => [e.unitType, e.unitId, e.reason])).toEqual([
    ['lead_office', 'lead_office', '逾期未报送：专项督导情况'],
    ['department', 'edu', '验收阶段结束隐患已报告整改仍未验收'],
  ]);

  // The bulletins name the lead office as itself, never its government.
  const bulletins = await eventually(
    () => h.request('GET', `/api/campaigns/${id}/bulletins`, { key: 'lead' }),
    (r) => r.body.items.some((b: any) => b.trigger === 'phase:acceptance'),
  );
  const names = bulletins.body.items.flatMap((b: any) => b.content.blacklist.map((u: any) => [u.unitType, u.name]));
  expect(names).toEqual(
    expect.arrayContaining([
      ['lead_office', '鱼峰区护校安园专项行动领导小组办公室'],
      ['department', '区教育局'],
    ]),
  );
  expect(JSON.stringify(bulletins.body)).not.toContain('鱼峰区人民政府');
  expect(names).not.toContainEqual(['department', '区市场监管局']);
  const csv = await fetch(`${h.baseUrl}/api/campaigns/${id}/bulletin.csv`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  expect(csv.status).toBe(200);
  expect(await csv.text()).toContain('领导小组办公室,lead_office,鱼峰区护校安园专项行动领导小组办公室,逾期未报送：专项督导情况');
});

test('a handed-in report reaches whom its source hands it to: 蒲吕 "报送工作总结到派出所", 鱼峰 "报市教育局" through the lead office', async () => {
  const { id: pulu, launch, T } = await ownCampaign(h, 'pulu', '蒲吕报送对象测试', (_at, T) => ({ preset: presetByTheHour('pulu-2021', T) }));
  const monthly = launch.body.obligations.find((o: any) => o.key === 'monthly_report');
  expect(monthly.addressee).toEqual({ name: '派出所', unitIds: ['police'] });
  const handed = await h.request('POST', `/api/campaigns/${pulu}/reports`, { key: 'bureau', body: { obligationKey: 'monthly_report', ownerId: 'edu', note: '4月工作情况及统计表已汇总' } });
  expect(handed.status).toBe(201);
  const received = await h.mail.waitFor(campaignMail(pulu, 'report_received'));
  expect(received.to).toEqual(addr.dept('police'));
  expect(received.subject).toMatch(/^【护校安园】报送材料：区教育局报送.*行动工作情况及统计表/);
  expect(received.text).toContain('报送对象：派出所');
  expect(received.text).toContain('4月工作情况及统计表已汇总');

  // 鱼峰's monthly report goes to 市教育局, outside the district: the lead office receives it to forward.
  const { id: yufeng, launch: yf } = await ownCampaign(h, 'yf', '鱼峰报送对象测试', () => ({ preset: presetByTheHour('yufeng-2023', T) }));
  expect(yf.body.obligations.find((o: any) => o.key === 'implementation_plan').addressee).toEqual({ name: '市教育局', unitIds: ['lead_office'] });
  expect(
    (await h.request('POST', `/api/campaigns/${yufeng}/reports`, { key: 'bureau', body: { obligationKey: 'implementation_plan', ownerId: 'edu', note: '实施方案已印发' } })).status,
  ).toBe(201);
  const forwarded = await h.mail.waitFor(campaignMail(yufeng, 'report_received'));
  expect(forwarded.to).toEqual(addr.leadOffice());
  expect(forwarded.text).toContain('请按要求转报市教育局。');
  // The lead office's own report is handed to nobody else: no mail to itself.
  expect((await h.request('POST', `/api/campaigns/${yufeng}/reports`, { key: 'lead', body: { obligationKey: 'summary', note: '总结' } })).status).toBe(201);
  await new Promise((r) => setTimeout(r, 1000));
  expect((await h.mail.messages()).filter(campaignMail(yufeng, 'report_received'))).toHaveLength(1);
});

test('鱼峰 "重大问题第一时间报送": a major hazard is mailed at once to the lead office to forward to 市教育局; a general one, or 蒲吕’s major one, is not', async () => {
  const { id: yufeng, launch: yf, T } = await ownCampaign(h, 'yf-major', '鱼峰重大问题报送测试', (_at, T) => ({ preset: presetByTheHour('yufeng-2023', T) }));
  expect(yf.body.policy.majorHazardReport).toEqual({ addressee: '市教育局', source: '至6月底前，每月25日前向市教育局报送集中整治工作情况，重大问题第一时间报送' });
  const { id: pulu } = await ownCampaign(h, 'pulu-major', '蒲吕重大问题测试', () => ({ preset: presetByTheHour('pulu-2021', T) }));
  const report = (id: string, campaignId: string, level: string) =>
    h.request('POST', '/api/hazards', {
      key: 'school',
      body: { id, campaignId, schoolId: 's01', category: 'buildings_disaster', level, title: level === 'major' ? '教学楼墙体裂缝' : '操场围栏松动' },
    });
  const major = uniqueId('yf-major-hz');
  const general = uniqueId('yf-general-hz');
  const puluMajor = uniqueId('pulu-major-hz');
  for (const [id, campaignId, level] of [
    [major, yufeng, 'major'],
    [general, yufeng, 'general'],
    [puluMajor, pulu, 'major'],
  ])
    expect((await report(id, campaignId, level)).status).toBe(201);
  const sentUp = await h.mail.waitFor(hazardMail(major, 'major_hazard_report'));
  expect(sentUp.to).toEqual(addr.leadOffice());
  expect(sentUp.subject).toBe('【护校安园】【重大隐患】重大问题报送：鱼峰区第一实验小学“教学楼墙体裂缝”');
  expect(sentUp.text).toContain('鱼峰区第一实验小学上报一项重大隐患“教学楼墙体裂缝”，已报区教育局交办整改。按照“重大问题第一时间报送”的要求，现予报送。');
  expect(sentUp.text).toContain('请即转报市教育局');
  // Sent with the report, before anything on its ladder: the bureau's report mail goes as before.
  await h.mail.waitFor(hazardMail(major, 'hazard_reported'));
  await h.mail.waitFor(hazardMail(general, 'hazard_reported'));
  await h.mail.waitFor(hazardMail(puluMajor, 'hazard_reported'));
  await new Promise((r) => setTimeout(r, 1000));
  const sentUpMails = (await h.mail.messages()).filter((m) => [major, general, puluMajor].some((id) => hazardMail(id, 'major_hazard_report')(m)));
  expect(sentUpMails.map((m) => m.subject)).toEqual([sentUp.subject]);
});
