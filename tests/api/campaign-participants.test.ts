// Who takes part in a campaign (issue 13, item 10; the contract in briefs/participants-contract.md):
// all schools, schools by kind or a list, some departments; the preview shows a launch without
// starting it; a preset's owners by school kind (黔南: drills monthly for primary and secondary
// schools, quarterly for kindergartens); 建德 extends the action to the middle schools.
import { localInstant } from '../../common/campaign-calendar';
import { campaignMail, launchCampaign, timeline } from '../support/builders';
import { useHarness } from '../support/harness';
import { addr, DAY, uniqueId } from '../support/hazard-helpers';

const h = useHarness();

const ALL_SCHOOLS = Array.from({ length: 32 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
const MIDDLE = ['s14', 's15', 's16', 's17', 's18', 's19', 's20'];
const KINDERGARTENS = ALL_SCHOOLS.slice(23);
const ALL_DEPARTMENTS = ['civil', 'culture', 'cyber', 'edu', 'emergency', 'enforcement', 'fire', 'health', 'housing', 'justice', 'market', 'police', 'traffic', 'transport'];

test('the preview shows the plan and participants of a launch by school kind, and writes or starts nothing', async () => {
  const campaignsBefore = await h.db.campaign.count();
  const body = {
    name: '黔南州平安校园（中学）',
    jurisdictionId: 'yufeng',
    preset: { id: 'qiannan-2020', startDate: '2030-05-18' },
    participants: { schools: { kinds: ['middle', 'kindergarten'] }, departmentIds: ['police', 'edu'] },
  };
  const preview = await h.request('POST', '/api/campaigns/preview', { key: 'lead', body });
  expect(preview.status).toBe(200);
  expect(preview.body.participants).toEqual({ schoolIds: [...MIDDLE, ...KINDERGARTENS], departmentIds: ['edu', 'police'] });
  expect(preview.body).toMatchObject({ name: body.name, jurisdictionId: 'yufeng' });
  expect(preview.body.phases).toEqual([
    { key: 'preparation', startAt: localInstant('2030-05-18'), endAt: localInstant('2030-08-01') },
    { key: 'survey', startAt: localInstant('2030-08-01'), endAt: localInstant('2030-09-01') },
    { key: 'rectification', startAt: localInstant('2030-09-01'), endAt: localInstant('2030-12-01') },
    { key: 'acceptance', startAt: localInstant('2030-12-01'), endAt: localInstant('2031-01-01') },
  ]);
  const obligation = (key: string) => preview.body.obligations.find((o: any) => o.key === key);
  // Drills: the middle schools monthly, the kindergartens once a quarter.
  expect(obligation('monthly_evacuation_drill').ownerIds).toEqual(MIDDLE);
  expect(obligation('monthly_evacuation_drill').dueDates).toEqual(
    ['2030-05-31', '2030-06-30', '2030-07-31', '2030-08-31', '2030-09-30', '2030-10-31', '2030-11-30', '2030-12-31'].map((d) => localInstant(d, '18:00')),
  );
  expect(obligation('kindergarten_drill_q3')).toEqual({
    key: 'kindergarten_drill_q3',
    title: '幼儿园应急疏散演练开展情况（第三季度）',
    ownerIds: KINDERGARTENS,
    dueDates: [localInstant('2030-10-01')],
    addressee: { name: '领导小组办公室', unitIds: ['lead_office'] },
  });
  expect(obligation('joint_meeting_q3').ownerIds).toEqual(['edu']);
  expect(await h.db.campaign.count()).toBe(campaignsBefore);

  // Only primary schools: no kindergarten owes a quarterly drill, so those obligations are left out.
  const primary = await h.request('POST', '/api/campaigns/preview', { key: 'lead', body: { ...body, participants: { schools: { kinds: ['primary'] } } } });
  expect(primary.status).toBe(200);
  expect(primary.body.participants).toEqual({ schoolIds: ALL_SCHOOLS.slice(0, 13), departmentIds: ALL_DEPARTMENTS });
  expect(primary.body.obligations.map((o: any) => o.key)).toEqual(['joint_meeting_q2', 'joint_meeting_q3', 'joint_meeting_q4', 'monthly_evacuation_drill']);

  // The lead only; bad participants refused naming the field.
  expect((await h.request('POST', '/api/campaigns/preview', { key: 'bureau', body })).status).toBe(403);
  const unknown = await h.request('POST', '/api/campaigns/preview', { key: 'lead', body: { ...body, participants: { schools: { ids: ['s01', 'nope'] }, departmentIds: ['edu', 'ghost'] } } });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error.details).toEqual([
    { field: 'body.participants.departmentIds.1', reason: 'ghost is no member department of yufeng' },
    { field: 'body.participants.schools.ids.1', reason: 'nope is no school of yufeng' },
  ]);
  const badKind = await h.request('POST', '/api/campaigns/preview', { key: 'lead', body: { ...body, participants: { schools: { kinds: ['university'] } } } });
  expect(badKind.status).toBe(400);
  expect(JSON.stringify(badKind.body.error.details)).toContain('body.participants.schools');
  const none = await h.request('POST', '/api/campaigns/preview', { key: 'lead', body: { ...body, participants: { schools: { kinds: ['high'] } } } });
  expect(none.status).toBe(400);
  expect(none.body.error.details).toEqual([{ field: 'body.participants.schools', reason: 'selects no school (kinds: high)' }]);
});

test('a campaign launched for a list of schools and departments mails, and accepts, only those', async () => {
  const { at } = await timeline(h);
  const id = uniqueId('cp');
  const body = {
    id,
    name: '鱼峰区护校安园专项行动（部分学校）',
    jurisdictionId: 'yufeng',
    participants: { schools: { ids: ['s15', 's01'] }, departmentIds: ['market'] },
    plan: {
      phases: [{ key: 'survey', startAt: at(DAY), endAt: at(5 * DAY) }],
      obligations: [{ key: 'plan', title: '实施方案', ownerIds: ['market'], dueAt: at(3 * DAY) }],
    },
  };
  // An owner that does not take part is refused.
  const outsider = await h.request('POST', '/api/campaigns', {
    key: 'lead',
    body: { ...body, plan: { ...body.plan, obligations: [{ key: 'plan', title: '实施方案', ownerIds: ['police'], dueAt: at(3 * DAY) }] } },
  });
  expect(outsider.status).toBe(400);
  expect(outsider.body.error.details).toEqual([{ field: 'body.plan.obligations.0.ownerIds', reason: 'police is no participating department, school or lead_office of yufeng' }]);

  const launch = await launchCampaign(h, body);
  expect(launch.status).toBe(201);
  expect(launch.body.participants).toEqual({ schoolIds: ['s01', 's15'], departmentIds: ['market'] });
  expect((await h.request('GET', `/api/campaigns/${id}`)).body.participants).toEqual({ schoolIds: ['s01', 's15'], departmentIds: ['market'] });
  const launched = await h.mail.waitFor(campaignMail(id, 'campaign_launched'));
  expect([...launched.to].sort()).toEqual([...addr.leadOffice(), ...addr.dept('market'), ...addr.school('s01'), ...addr.school('s15')].sort());

  await h.advance(DAY + 3600_000);
  const outside = await h.request('POST', `/api/campaigns/${id}/self-inspections`, { key: 'otherSchool', body: { schoolId: 's02', hazards: [] } });
  expect(outside.status).toBe(400);
  expect((await h.request('POST', `/api/campaigns/${id}/self-inspections`, { key: 'school', body: { schoolId: 's01', hazards: [] } })).status).toBe(201);
  await h.temporal.workflow.getHandle(`campaign-${id}`).terminate('test done');
});

test('建德 2020 (向中学扩面): launched without participants, every school but the vocational one takes part', async () => {
  const id = uniqueId('jiande');
  const launch = await launchCampaign(h, { id, name: '建德市护校安园提质扩面（测试）', preset: { id: 'jiande-2020', startDate: '2031-05-29' } });
  expect(launch.status).toBe(201);
  expect(launch.body.participants).toEqual({ schoolIds: ALL_SCHOOLS.filter((s) => s !== 's23'), departmentIds: ALL_DEPARTMENTS });
  // All schools, when the lead says so.
  const all = await h.request('POST', '/api/campaigns/preview', {
    key: 'lead',
    body: { name: '建德（全部学校）', jurisdictionId: 'yufeng', preset: 'jiande-2020', participants: { schools: { all: true } } },
  });
  expect(all.body.participants.schoolIds).toEqual(ALL_SCHOOLS);
  await h.temporal.workflow.getHandle(`campaign-${id}`).terminate('test done');
});
