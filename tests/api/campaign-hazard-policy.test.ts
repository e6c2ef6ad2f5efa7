// A campaign's hazard ladder (SPEC: every delay configurable per campaign), on the time-skipping
// server: its hazards follow the campaign's policy and time zone unless one brings its own.
import { hazardStateQuery, hazardWorkflowId } from '../../domain/hazard/messages';
import { onePhasePlan, ownCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { DAY, eventually, HOUR, isMailOf, mailsOf, uniqueId, waitForMail } from '../support/hazard-helpers';

const h = useHarness();

test("a campaign's hazards follow its ladder (reminder 2 days before, escalation after 1 day's grace); a hazard's own policy overrides it", async () => {
  const { id, launch, at } = await ownCampaign(h, 'ladder', '梯度测试专项行动', (at) => ({
    plan: onePhasePlan('rectification', at(DAY), at(60 * DAY)),
    policy: { hazard: { reminderOffsets: ['P2D'], overdueGrace: 'P1D', governmentDeadline: 'P10D' } },
  }));
  expect(launch.body.policy.hazard).toEqual({ reminderOffsets: ['P2D'], overdueGrace: 'P1D', governmentDeadline: 'P10D' });

  // Bad policy: refused naming the field, nothing started.
  const bad = await h.request('POST', '/api/campaigns', {
    key: 'lead',
    body: {
      name: '坏策略',
      jurisdictionId: 'yufeng',
      plan: { phases: [{ key: 'survey', startAt: at(DAY), endAt: at(2 * DAY) }], obligations: [] },
      policy: { hazard: { overdueGrace: '3 days' }, timeZone: 'Mars/Base' },
    },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['body.policy.hazard.overdueGrace', 'body.policy.timeZone']);

  const campaignHazard = uniqueId('ch');
  const ownHazard = uniqueId('oh');
  for (const [hid, extra] of [
    [campaignHazard, {}],
    [ownHazard, { policy: { reminderOffsets: ['P4D'] } }],
  ] as const) {
    const res = await h.request('POST', '/api/hazards', {
      key: 'lead',
      body: { id: hid, campaignId: id, schoolId: 's01', category: 'food_safety', level: 'major', title: `校门口流动摊点${hid.slice(-2)}`, ...extra },
    });
    expect(res.status).toBe(201);
    const assigned = await h.request('POST', `/api/hazards/${hid}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: at(10 * DAY) } });
    expect(assigned.status).toBe(200);
  }
  const policyOf = (hid: string) =>
    h.temporal.workflow
      .getHandle(hazardWorkflowId(hid))
      .query(hazardStateQuery)
      .then((s) => s.policy);
  expect(await policyOf(campaignHazard)).toMatchObject({ reminderOffsets: ['P2D'], overdueGrace: 'P1D', governmentDeadline: 'P10D', lookBackAfter: 'P30D', timeZone: 'Asia/Shanghai' });
  expect(await policyOf(ownHazard)).toMatchObject({ reminderOffsets: ['P4D'], overdueGrace: 'P1D', governmentDeadline: 'P10D' });

  // 6 days in: the hazard with its own policy is reminded 4 days before; the campaign's not yet.
  await h.advance(6 * DAY + HOUR);
  const own = await waitForMail(h, ownHazard, 'deadline_reminder');
  expect(own.subject).toContain('还有4天');
  expect(await mailsOf(h, campaignHazard, 'deadline_reminder')).toHaveLength(0);
  // 8 days in: the campaign's hazard is reminded 2 days before.
  await h.advance(2 * DAY);
  expect((await waitForMail(h, campaignHazard, 'deadline_reminder')).subject).toContain('还有2天');
  // One day's grace after the deadline: the bureau is asked to supervise (level 2), not after the default 3 days.
  await h.advance(3 * DAY);
  await waitForMail(h, campaignHazard, 'escalated_to_bureau');
  expect((await h.mail.messages()).filter(isMailOf(campaignHazard, 'escalated_to_bureau'))).toHaveLength(1);
  // Another day: listed supervision, its deadline 10 days on (the campaign's governmentDeadline).
  await h.advance(DAY);
  await waitForMail(h, campaignHazard, 'listed_supervision');
  const state = await h.temporal.workflow.getHandle(hazardWorkflowId(campaignHazard)).query(hazardStateQuery);
  expect(state.escalationLevel).toBe(3);
  expect(Date.parse(state.governmentDueAt!) - Date.parse(at(12 * DAY))).toBeGreaterThanOrEqual(10 * DAY);
  expect(Date.parse(state.governmentDueAt!) - Date.parse(at(12 * DAY))).toBeLessThan(10 * DAY + HOUR);
});

test("routing by category: the bureau's assignment defaults to the lead department of the hazard's task area, and the list filters by area", async () => {
  const { id, T } = await ownCampaign(h, 'route', '鱼峰区校园安全集中整治', (_at, T) => ({ preset: { id: 'yufeng-2023', startDate: new Date(T + 2 * DAY).toISOString().slice(0, 10) } }));
  const report = async (category: string, title: string) => {
    const hid = uniqueId('rt');
    const res = await h.request('POST', '/api/hazards', { key: 'school', body: { id: hid, campaignId: id, schoolId: 's01', category, level: 'general', title } });
    expect(res.status).toBe(201);
    return hid;
  };
  const food = await report('food_safety', '食堂从业人员无健康证');
  const drowning = await report('drowning', '校外河道无护栏');
  const dueAt = new Date(T + 10 * DAY).toISOString();
  // Yufeng: 食品安全问题 → 市场监管; 溺水事故防范不到位问题 → 教育局 (first of its leads).
  const assignedFood = await h.request('POST', `/api/hazards/${food}/assign`, { key: 'bureau', body: { dueAt } });
  expect(assignedFood.status).toBe(200);
  expect(assignedFood.body.responsible).toEqual({ type: 'department', id: 'market' });
  const assignedDrowning = await h.request('POST', `/api/hazards/${drowning}/assign`, { key: 'bureau', body: { dueAt } });
  expect(assignedDrowning.body.responsible).toEqual({ type: 'department', id: 'edu' });
  // A department named explicitly still wins.
  const other = await report('food_safety', '校门口流动摊点');
  expect((await h.request('POST', `/api/hazards/${other}/assign`, { key: 'bureau', body: { dueAt, departmentId: 'enforcement' } })).body.responsible).toEqual({
    type: 'department',
    id: 'enforcement',
  });

  // The list by area.
  const listed = await eventually(
    () => h.request('GET', `/api/hazards?campaignId=${id}&category=food_safety`, { key: 'bureau' }),
    (r) => r.body.total === 2,
  );
  expect(listed.body.items.map((x: any) => x.id).sort()).toEqual([food, other].sort());
  expect((await h.request('GET', `/api/hazards?campaignId=${id}&category=drowning`, { key: 'bureau' })).body.total).toBe(1);
  const bad = await h.request('GET', '/api/hazards?category=nope', { key: 'bureau' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe('query.category');
});
