// One rule, one place (issue 23): what the API accepts, what GET /api/hazards/:id says this viewer
// may do (`actions`), the OpenAPI roles and the 工作台 agree, because all come from the action
// table; and every read is scoped by the one scope (domain/scope.ts).
import { hazardViewSchema } from '../../common/views';
import { HAZARD_ACTIONS, HAZARD_ACTION_KEYS } from '../../domain/hazard/actions';
import { hazardScopeWhere, mayViewHazard } from '../../domain/scope';
import { issueLink } from '../../common/sign-in-links';
import { TEST_LINK_SECRET, useHarness, type KeyName } from '../support/harness';
import { jurisdictionEntry, onePhasePlan, ownCampaign } from '../support/builders';
import { assignedHazard, DAY, eventually, reportHazard, uniqueId, waitForMail } from '../support/hazard-helpers';

const h = useHarness();
const KEYS: KeyName[] = ['lead', 'bureau', 'inspector', 'government', 'market', 'police', 'school', 'otherSchool'];

/** A hazard assigned to 区市场监管局 whose rectification is reported: awaiting 验收. */
async function rectifiedHazard() {
  const { id } = await assignedHazard(h, { departmentId: 'market' });
  const r = await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '摊点已取缔' } });
  expect(r.status).toBe(200);
  return id;
}

test('验收不通过 must say why: refused without a reason (400 naming note, nothing changes); with one, the department is told it', async () => {
  const id = await rectifiedHazard();
  const bare = await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: false } });
  expect(bare.status).toBe(400);
  expect(bare.body.error.details).toEqual([{ field: 'body.note', reason: 'a failed verification must give its reason' }]);
  expect((await h.request('GET', `/api/hazards/${id}`, { key: 'inspector' })).body.status).toBe('rectified');

  const failed = await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: false, note: '仍有两处流动摊点未清理' } });
  expect(failed.status).toBe(200);
  expect(failed.body.status).toBe('rectifying');
  const mail = await waitForMail(h, id, 'verification_failed');
  expect(mail.text).toContain('仍有两处流动摊点未清理');
});

test('who may verify is said once: the inspectors and the bureau — by the rule, in `actions`, in the OpenAPI document and in the 工作台', async () => {
  const id = await rectifiedHazard();
  const roles = HAZARD_ACTIONS.verification.roles;
  expect(roles).toEqual(['inspector', 'bureau']);
  for (const key of KEYS) {
    const view = await h.request('GET', `/api/hazards/${id}`, { key });
    if (view.status === 403) continue; // not within this viewer's remit
    expect([key, view.body.actions.includes('verification')]).toEqual([key, key === 'inspector' || key === 'bureau']);
  }
  const byLead = await h.request('POST', `/api/hazards/${id}/verification`, { key: 'lead', body: { passed: true } });
  expect(byLead.status).toBe(403);
  const doc = (await h.request('GET', '/api/docs/openapi.json', { key: null })).body;
  expect(doc.paths['/api/hazards/{id}/verification'].post.description).toBe('Roles: inspector, bureau.');
  // The answer is documented as it is: the hazard with what this viewer may do now.
  const answer = doc.paths['/api/hazards/{id}'].get.responses['200'].content['application/json'].schema;
  expect(answer.properties.actions.items.enum).toEqual(HAZARD_ACTION_KEYS);
  expect(hazardViewSchema.strict().safeParse((await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body).error).toBeUndefined();
  const workOf = async (key: KeyName) =>
    ((await h.request('GET', '/api/me/work', { key })).body.items as { hazardId?: string; kind: string }[]).filter((w) => w.hazardId === id).map((w) => w.kind);
  expect(await workOf('inspector')).toEqual(['verify']);
  expect(await workOf('bureau')).toEqual(['verify']);
  expect(await workOf('lead')).toEqual([]);
  expect(await workOf('market')).toEqual([]);
});

test("the government's 工作台 lists only its own jurisdiction's hazards under 挂牌督办, each of which it may open and act on", async () => {
  // A second district with a school of its own.
  // Its id sorts after the seeded 鱼峰区 ('yufeng'), which the pages take as the lead office's (the first).
  const district = uniqueId('zz-jd');
  const put = await h.request('PUT', `/api/jurisdictions/${district}`, {
    body: jurisdictionEntry('柳南区', 'district', 'liunan.example', { educationBureauId: 'edu' }),
  });
  expect(put.status).toBe(201);
  const school = uniqueId('ln');
  expect(
    (
      await h.request('PUT', `/api/schools/${school}`, {
        body: { jurisdictionId: district, name: '柳南区实验小学', kind: 'primary', principalName: '覃校长', principalEmail: 'principal@liunan.example' },
      })
    ).status,
  ).toBe(201);

  const ours = (await assignedHazard(h, { departmentId: 'market' })).id;
  const theirs = uniqueId('hz');
  await reportHazard(h, { id: theirs, schoolId: school, level: 'major', title: '校门口违规停车' }, 'lead');
  for (const id of [ours, theirs]) {
    expect((await h.request('POST', `/api/hazards/${id}/escalation`, { key: 'bureau', body: { reason: '涉及多部门，难以协调' } })).status).toBe(200);
  }
  await eventually(
    () => h.db.hazard.count({ where: { id: { in: [ours, theirs] }, listedSupervision: true } }),
    (n) => n === 2,
  );

  const items = (await h.request('GET', '/api/me/work', { key: 'government' })).body.items as { hazardId?: string; kind: string; action: string }[];
  const listed = items.filter((w) => w.hazardId === ours || w.hazardId === theirs);
  expect(listed).toEqual([
    expect.objectContaining({ hazardId: ours, kind: 'listed_supervision', action: '挂牌督办' }),
    expect.objectContaining({ hazardId: ours, kind: 'acknowledge', action: '待签收（挂牌督办）' }),
  ]);
  expect((await h.request('GET', `/api/hazards/${theirs}`, { key: 'government' })).status).toBe(403);

  // Its own: it may report progress, rectification and ask for more time, its 签收 first — and the API takes it.
  const view = await h.request('GET', `/api/hazards/${ours}`, { key: 'government' });
  expect(view.body.actions).toEqual(['acknowledge', 'rectification', 'progress', 'extension']);
  const done = await h.request('POST', `/api/hazards/${ours}/rectification`, { key: 'government', body: { note: '区政府统筹，已完成整改' } });
  expect(done.status).toBe(200);
  expect(done.body.status).toBe('rectified');
  expect(done.body.actions).toEqual([]);
});

test("a campaign's audit trail shows link forensics to the lead office only, and no unit another unit's link use", async () => {
  const { id } = await ownCampaign(h, 'cp', '留痕测试', (at) => ({ plan: onePhasePlan('survey', at(DAY), at(5 * DAY)) }));
  // 区市场监管局 opens the campaign from its mail's link.
  const token = await issueLink(
    h.db,
    { secret: TEST_LINK_SECRET, ttl: 'P14D' },
    { dedupeKey: `campaign:${id}:1:campaign_launched`, role: 'department', unitId: 'market', subject: `campaign:${id}` },
  );
  expect((await h.request('POST', '/api/session/link', { key: null, body: { token } })).status).toBe(200);

  const uses = async (key: KeyName) =>
    ((await h.request('GET', `/api/campaigns/${id}/audit`, { key })).body.items as { action: string; data: Record<string, unknown> }[]).filter((e) => e.action === 'link_used');
  const [forLead] = await uses('lead');
  expect(Object.keys(forLead.data).sort()).toEqual(['ip', 'linkId', 'requestId', 'sessionId', 'userAgent']);
  const forBureau = await uses('bureau');
  expect(forBureau).toHaveLength(1);
  expect(forBureau[0].data).toEqual({});
  expect(await uses('school')).toEqual([]);
  expect(await uses('police')).toEqual([]);
  expect((await uses('market')).map((e) => e.data)).toEqual([{}]);
});

test('every 工作台 item opens for its viewer and is an action its page offers; every list row is one the viewer may open', async () => {
  // Hazards in several states: awaiting 交办, assigned, rectified, under 挂牌督办 (the database also
  // holds other test files' hazards, whose workflows ran on other servers: only these are checked).
  const review = uniqueId('hz');
  await reportHazard(h, { id: review, level: 'major', title: '食堂后厨排水不畅' });
  const assigned = (await assignedHazard(h, { departmentId: 'police' })).id;
  const rectified = await rectifiedHazard();
  const listed = (await assignedHazard(h, { departmentId: 'market' })).id;
  expect((await h.request('POST', `/api/hazards/${listed}/escalation`, { key: 'bureau', body: { reason: '难以解决' } })).status).toBe(200);
  const ours = new Set([review, assigned, rectified, listed]);
  await eventually(
    () => h.db.hazard.count({ where: { id: { in: [...ours] }, escalationLevel: { gte: 0 } } }),
    (n) => n === 4,
  );

  const ACTION_OF_KIND: Record<string, string> = {
    rectify: 'rectification',
    listed_supervision: 'rectification',
    assign: 'assign',
    verify: 'verification',
    extension: 'extensionDecision',
    supervise: 'escalation',
    look_back: 'lookBack',
    acknowledge: 'acknowledge',
  };
  expect(Object.values(ACTION_OF_KIND).every((a) => a in HAZARD_ACTIONS)).toBe(true);
  let checked = 0;
  for (const key of KEYS) {
    const items = (await h.request('GET', '/api/me/work', { key })).body.items as { hazardId?: string; kind: string }[];
    for (const w of items.filter((i) => i.hazardId && ours.has(i.hazardId))) {
      const view = await h.request('GET', `/api/hazards/${w.hazardId}`, { key });
      expect([key, w.hazardId, view.status]).toEqual([key, w.hazardId, 200]);
      expect([key, w.kind, view.body.actions.includes(ACTION_OF_KIND[w.kind])]).toEqual([key, w.kind, true]);
      checked++;
    }
    const list = await h.request('GET', '/api/hazards?limit=500', { key });
    for (const row of (list.body.items as { id: string }[]).filter((r) => ours.has(r.id))) {
      expect([key, row.id, (await h.request('GET', `/api/hazards/${row.id}`, { key })).status]).toEqual([key, row.id, 200]);
    }
  }
  // 交办 (lead, bureau), 整改 (police, market, government under 挂牌督办), 验收 (inspector, bureau), 待签收 (police, government).
  expect(checked).toBe(9);
});

test("the scope as a filter of the read model and as a rule for one hazard say the same, for every role's unit", async () => {
  const rows = await h.db.hazard.findMany({ include: { school: { select: { jurisdictionId: true } } } });
  expect(rows.length).toBeGreaterThan(0);
  const actors = [
    { role: 'lead' as const },
    { role: 'bureau' as const, unitId: 'edu' },
    { role: 'inspector' as const },
    { role: 'government' as const, unitId: 'yufeng' },
    { role: 'department' as const, unitId: 'market' },
    { role: 'department' as const, unitId: 'police' },
    { role: 'school' as const, unitId: 's01' },
    { role: 'school' as const, unitId: 's02' },
  ];
  for (const actor of actors) {
    const filtered = (await h.db.hazard.findMany({ where: hazardScopeWhere(actor), select: { id: true } })).map((r) => r.id).sort();
    const ruled = rows
      .filter((r) => mayViewHazard(actor, { ...r, jurisdictionId: r.school.jurisdictionId }))
      .map((r) => r.id)
      .sort();
    expect([actor, filtered]).toEqual([actor, ruled]);
  }
});

test("a campaign's `actions` are each viewer's duties on it — in its 工作台 as the page that does them — and the API takes them", async () => {
  const { id, launch } = await ownCampaign(h, 'cp', '报送测试', (at) => ({
    plan: {
      phases: [{ key: 'survey', startAt: at(DAY), endAt: at(5 * DAY) }],
      obligations: [{ key: 'plan', title: '实施方案', ownerIds: ['market'], dueAt: at(3 * DAY) }],
    },
  }));
  const actionsOf = async (key: KeyName) => (await h.request('GET', `/api/campaigns/${id}`, { key })).body.actions;
  expect(await actionsOf('market')).toEqual([
    { action: 'report', obligationKey: 'plan', title: '实施方案', period: 'once', dueAt: launch.body.obligations[0].periods[0].dueAt, ownerId: 'market' },
  ]);
  const survey = launch.body.phases.find((p: { key: string }) => p.key === 'survey');
  expect(await actionsOf('school')).toEqual([{ action: 'selfInspection', schoolId: 's01', dueAt: survey.endAt }]);
  expect(await actionsOf('police')).toEqual([]);
  expect(await actionsOf('lead')).toEqual([{ action: 'issueBulletin' }]);

  const work = async (key: KeyName) =>
    ((await h.request('GET', '/api/me/work', { key })).body.items as { campaignId?: string; kind: string; page: string }[]).filter((w) => w.campaignId === id);
  expect((await work('market')).map((w) => [w.kind, w.page])).toEqual([['report', `/campaigns/${id}/reports/plan`]]);
  expect((await work('police')).map((w) => w.kind)).toEqual([]);

  // Not its report: refused; its own: taken, and then nothing is due.
  expect((await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'police', body: { obligationKey: 'plan', note: '已制定' } })).status).toBe(403);
  expect((await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'market', body: { obligationKey: 'plan', note: '实施方案已印发' } })).status).toBe(201);
  expect(await actionsOf('market')).toEqual([]);
  expect(await work('market')).toEqual([]);
  expect((await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'market', body: { obligationKey: 'plan', note: '再报一次' } })).status).toBe(409);
});
