// Who a closing blames (issue 24, items 1 and 4), on the time-skipping server: a hazard whose
// rectification is reported and waits for 验收 when 验收 closes is the inspector's and the
// bureau's overdue duty — not escalated to 挂牌督办, its department not on the 黑榜, the bureau
// recorded instead; the lead office's own missed report is on the bulletin as the lead office,
// never as "鱼峰区人民政府".
import { launchCampaign, timeline } from '../support/builders';
import { useHarness } from '../support/harness';
import { DAY, eventually, HOUR, uniqueId } from '../support/hazard-helpers';

const h = useHarness();

test('验收 closing: a hazard awaiting 验收 stays where it is and the bureau, not the department, is recorded; the lead office misses as itself', async () => {
  const { at } = await timeline(h);
  const id = uniqueId('closing');
  const launch = await launchCampaign(h, {
    id,
    name: '验收责任测试专项行动',
    plan: {
      phases: [
        { key: 'rectification', startAt: at(HOUR), endAt: at(3 * DAY) },
        { key: 'acceptance', startAt: at(3 * DAY), endAt: at(5 * DAY) },
      ],
      obligations: [{ key: 'supervision_report', title: '专项督导情况', ownerIds: ['lead_office'], dueAt: at(2 * DAY) }],
    },
    // The hazards' own ladder stays out of the way: only the closing acts.
    policy: { reminderOffsets: ['PT1H'], overdueGrace: 'P30D', hazard: { overdueGrace: 'P30D' } },
  });
  expect(launch.status).toBe(201);
  // A plan given in full keeps the default closings.
  expect(launch.body.phases.map((p: any) => [p.key, p.closing])).toEqual([
    ['rectification', 'escalate_to_bureau'],
    ['acceptance', 'listed_supervision'],
  ]);

  // The market bureau rectifies its hazard in time and reports it; nobody verifies it.
  const hazardId = uniqueId('await');
  expect((await h.request('POST', '/api/hazards', { key: 'lead', body: { id: hazardId, campaignId: id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点' } })).status).toBe(201);
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

  const entries = await eventually(() => h.db.bulletinEntry.findMany({ where: { campaignId: id }, orderBy: { id: 'asc' } }), (r) => r.length === 2);
  expect(entries.map((e) => [e.unitType, e.unitId, e.reason])).toEqual([
    ['lead_office', 'lead_office', '逾期未报送：专项督导情况'],
    ['department', 'edu', '验收阶段结束隐患已报告整改仍未验收'],
  ]);

  // The bulletins name the lead office as itself, never its government.
  const bulletins = await eventually(() => h.request('GET', `/api/campaigns/${id}/bulletins`, { key: 'lead' }), (r) => r.body.items.some((b: any) => b.trigger === 'phase:acceptance'));
  const names = bulletins.body.items.flatMap((b: any) => b.content.blacklist.map((u: any) => [u.unitType, u.name]));
  expect(names).toEqual(expect.arrayContaining([['lead_office', '鱼峰区护校安园专项行动领导小组办公室'], ['department', '区教育局']]));
  expect(JSON.stringify(bulletins.body)).not.toContain('鱼峰区人民政府');
  expect(names).not.toContainEqual(['department', '区市场监管局']);
  const csv = await fetch(`${h.baseUrl}/api/campaigns/${id}/bulletin.csv`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  expect(csv.status).toBe(200);
  expect(await csv.text()).toContain('领导小组办公室,lead_office,鱼峰区护校安园专项行动领导小组办公室,逾期未报送：专项督导情况');
});
