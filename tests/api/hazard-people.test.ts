// People, not only units (issue 24, item 12): 交办 names the 整改责任人 and the 督办责任人 (平湖
// "逐一落实相关行政部门的督办责任人和学校幼儿园的整改责任人") and the 配合单位 beside the lead unit; the
// hazard goes among its campaign's member departments by task area. What the people concerned
// notice: the 整改通知书 says who answers for it, the co-operating unit gets its copy and sees the
// hazard read-only in its 工作台, the 台账 lists them, and a department outside the campaign is
// refused naming the field.
import { issueApiKey } from '../../api/auth';
import { launchCampaign, timeline } from '../support/builders';
import { useHarness } from '../support/harness';
import { addr, DAY, eventually, isMailOf, reportHazard, sorted, uniqueId } from '../support/hazard-helpers';

const h = useHarness();
const campaignId = uniqueId('cp-people');
let enforcement: string;

beforeAll(async () => {
  const { T } = await timeline(h);
  // 建德's plan, with three member departments only: 区执法局 leads 校园周边“治三乱”, 公安 and 市场监管 take part.
  const launch = await launchCampaign(h, {
    id: campaignId,
    name: '责任人测试专项行动',
    preset: { id: 'jiande-2020', startDate: new Date(T).toISOString().slice(0, 10) },
    participants: { departmentIds: ['enforcement', 'police', 'market'] },
  });
  expect(launch.status).toBe(201);
  // Its member departments as the campaign's row records them (the activity writes it a moment after the launch).
  await eventually(
    () => h.db.campaign.findUnique({ where: { id: campaignId }, select: { departmentIds: true } }),
    (c) => (c?.departmentIds.length ?? 0) === 3,
  );
  enforcement = (await issueApiKey(h.db, 'department', 'enforcement', `test enforcement ${campaignId}`)).key;
});
afterAll(async () => {
  await h.db.apiKey.deleteMany({ where: { label: `test enforcement ${campaignId}` } });
});

test("交办 proposes the participant whose task area covers the category and offers the campaign's member departments only; one outside it is refused naming the field", async () => {
  const id = uniqueId('hz-route');
  await reportHazard(h, { id, campaignId, level: 'major', category: 'surroundings', title: '校门口占道经营' });
  const view = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  expect(view.routing).toEqual({
    area: '校园周边“治三乱”行动',
    areaQuote: '（六）进一步推进校园周边“治三乱”行动……（牵头单位：市城管局、市交通运输局、市交警大队）',
    suggestedDepartmentId: 'enforcement',
    departmentIds: ['enforcement', 'market', 'police'],
  });
  // The launch's preview says who of the participants carries which area.
  const preview = await h.request('POST', '/api/campaigns/preview', {
    key: 'lead',
    body: { name: '责任人测试专项行动', jurisdictionId: 'yufeng', preset: 'jiande-2020', participants: { departmentIds: ['enforcement', 'police', 'market'] } },
  });
  expect(preview.status).toBe(200);
  expect(preview.body.taskAreas.map((a: any) => [a.area, a.departmentIds])).toEqual([
    ['学校安全保障助力行动', []],
    ['食品安全“三二一”行动', ['market']],
    ['交通秩序优化提升行动', []],
    ['文化环境市场净化行动', []],
    ['警校协作强化护学警务行动', ['police']],
    ['校园周边“治三乱”行动', ['enforcement']],
    ['传染病常态化防控和防溺水安全教育行动', []],
  ]);
  // Who may not assign is not told.
  expect((await h.request('GET', `/api/hazards/${id}`, { key: 'school' })).body.routing).toBeUndefined();

  const dueAt = new Date((await h.now()) + 10 * DAY).toISOString();
  const outside = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'traffic', dueAt } });
  expect(outside.status).toBe(400);
  expect(outside.body.error.details).toEqual([{ field: 'body.departmentId', reason: 'not a member department (成员单位) of the campaign' }]);
  const cooperatingOutside = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { cooperatingDepartmentIds: ['police', 'fire'], dueAt } });
  expect(cooperatingOutside.status).toBe(400);
  expect(cooperatingOutside.body.error.details).toEqual([{ field: 'body.cooperatingDepartmentIds.1', reason: 'not a member department (成员单位) of the campaign' }]);
  const badMobile = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { rectificationOwner: { name: '潘科长', mobile: '12345' }, dueAt } });
  expect(badMobile.status).toBe(400);
  expect(badMobile.body.error.details.map((d: any) => d.field)).toEqual(['body.rectificationOwner.mobile']);
  expect((await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body.status).toBe('bureau_review');

  // Without departmentId: the area's lead among the participants, as existing clients send it.
  const assigned = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { dueAt } });
  expect(assigned.status).toBe(200);
  expect(assigned.body).toMatchObject({ departmentId: 'enforcement', cooperatingDepartmentIds: [], rectificationOwner: null, supervisionOwner: null });
});

test('the 整改通知书 names the 整改责任人 and 督办责任人; the 配合单位 gets its copy, sees the hazard read-only in its 工作台, and the 台账 lists them', async () => {
  const id = uniqueId('hz-people');
  await reportHazard(h, { id, campaignId, level: 'major', category: 'food_safety', title: '校门口流动摊点售卖“三无”食品' });
  const dueAt = new Date((await h.now()) + 10 * DAY).toISOString();
  const res = await h.request('POST', `/api/hazards/${id}/assign`, {
    key: 'bureau',
    body: {
      departmentId: 'market',
      cooperatingDepartmentIds: ['enforcement'],
      rectificationOwner: { name: '韦科长', mobile: '13800000001' },
      supervisionOwner: { name: '覃股长' },
      dueAt,
    },
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    departmentId: 'market',
    cooperatingDepartmentIds: ['enforcement'],
    rectificationOwner: { name: '韦科长', mobile: '13800000001' },
    supervisionOwner: { name: '覃股长' },
  });

  // The lead unit's notice, and the co-operating unit's copy (no signed link: it acts on nothing).
  const notice = await h.mail.waitFor(isMailOf(id, 'rectification_notice'));
  expect(notice.to).toEqual(addr.dept('market'));
  expect(sorted(notice.cc)).toEqual(sorted([...addr.school(), ...addr.dept('enforcement')]));
  expect(notice.text).toContain('交办你单位牵头整改，区执法局配合，请限期整改。');
  expect(notice.text).toContain('\n整改责任人：韦科长（13800000001）\n');
  expect(notice.text).toContain('\n督办责任人：覃股长\n');
  // Each copied unit its own copy (with its own read-only link): the school's and the 配合单位's.
  const copies = await h.mail.waitForCount(isMailOf(id, 'rectification_notice', { copy: true }), 2);
  expect(sorted(copies.flatMap((c) => c.envelope.to))).toEqual(sorted([...addr.school(), ...addr.dept('enforcement')]));
  for (const copy of copies) {
    expect(copy.text).toContain('\n配合单位：区执法局\n');
    expect(copy.text).toContain('本邮件抄送你单位知悉');
  }

  // The 配合单位 sees it, may do nothing on it, and finds it in its 工作台 as 配合整改.
  const seen = await h.request('GET', `/api/hazards/${id}`, { key: enforcement });
  expect(seen.status).toBe(200);
  expect(seen.body.actions).toEqual([]);
  const refused = await h.request('POST', `/api/hazards/${id}/rectification`, { key: enforcement, body: { note: '已取缔' } });
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toMatch(/a co-operating unit sees this hazard, but only the lead unit \(department market\)/);
  const work = await eventually(
    () => h.request('GET', '/api/me/work', { key: enforcement }),
    (r) => r.body.items?.some((w: any) => w.hazardId === id),
  );
  expect(work.body.items.filter((w: any) => w.hazardId === id)).toEqual([expect.objectContaining({ kind: 'cooperate', action: '配合整改', dueAt, page: `/hazards/${id}` })]);
  // The lead unit's items are still its own 整改, and the 签收 of its 整改通知书.
  const leadWork = await h.request('GET', '/api/me/work', { key: 'market' });
  expect(leadWork.body.items.filter((w: any) => w.hazardId === id).map((w: any) => w.kind)).toEqual(['rectify', 'acknowledge']);
  // A department neither leading nor co-operating does not see it.
  expect((await h.request('GET', `/api/hazards/${id}`, { key: 'police' })).status).toBe(403);

  // The 台账: 配合单位, 整改责任人, 督办责任人; the co-operating unit's own 台账 has the hazard.
  const csv = async (key: string) => (await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/hazards.csv`, { headers: { authorization: `Bearer ${key}` } })).text();
  const rows = (await csv(h.keys.lead))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(rows[0].split(',').slice(-3)).toEqual(['配合单位', '整改责任人', '督办责任人']);
  // The row by its 编号 (the hazard's running number in the campaign).
  const { number } = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  const row = rows.find((r) => r.startsWith(`第${number}号,`))!;
  expect(row.split(',').slice(-3)).toEqual(['区执法局', '韦科长（13800000001）', '覃股长']);
  const own = (await csv(enforcement))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1);
  expect(own.map((r) => r.split(',')[0])).toContain(`第${number}号`);
});
