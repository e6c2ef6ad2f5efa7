// The API as a client meets it: validation (400 with fields), authentication (401),
// authorisation by role and unit (403), unknown ids (404), refused transitions (409), and
// idempotent creation.
import { issueApiKey } from '../../api/auth';
import { onePhasePlan, ownCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { assignedHazard, DAY, eventually, reportHazard, uniqueId, waitForMail } from '../support/hazard-helpers';

const h = useHarness();

const fields = (body: any) => (body.error.details as { field: string }[]).map((d) => d.field).sort();

describe('authentication', () => {
  test('no key, a malformed header or an unknown key is 401', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
      const res = await h.request('GET', '/api/hazards', { key: null, headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });

  test('a revoked key is 401', async () => {
    const k = await issueApiKey(h.db, 'lead', undefined, 'to revoke');
    expect((await h.request('GET', '/api/hazards', { key: k.key })).status).toBe(200);
    await h.db.apiKey.update({ where: { id: k.id }, data: { revokedAt: new Date() } });
    expect((await h.request('GET', '/api/hazards', { key: k.key })).status).toBe(401);
  });
});

describe('validation', () => {
  test('a report missing its fields is 400 naming each field, and nothing is created', async () => {
    const id = uniqueId('bad');
    const res = await h.request('POST', '/api/hazards', { body: { id } });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.category', 'body.level', 'body.schoolId', 'body.title']);
    expect(await h.db.hazard.findUnique({ where: { id } })).toBeNull();
    await expect(h.temporal.workflow.getHandle(`hazard-${id}`).describe()).rejects.toThrow();
  });

  test('wrong values are 400 with the reason', async () => {
    const res = await h.request('POST', '/api/hazards', {
      body: { schoolId: 's01', category: 'aliens', level: 'huge', title: '', dueAt: 'tomorrow', evidence: ['ftp://x'], extra: 1 },
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body', 'body.category', 'body.dueAt', 'body.evidence.0', 'body.level', 'body.title']);
    const dueAt = res.body.error.details.find((d: any) => d.field === 'body.dueAt');
    expect(dueAt.reason).toContain('ISO-8601 instant');
  });

  test('malformed JSON is 400; an unknown school is 400; a past deadline is 400', async () => {
    const raw = await h.request('POST', '/api/hazards', { body: '{"schoolId": ', headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(400);
    const school = await h.request('POST', '/api/hazards', { body: { schoolId: 'nope', category: 'fire', level: 'general', title: 't' } });
    expect(school.status).toBe(400);
    expect(fields(school.body)).toEqual(['body.schoolId']);
    const past = await h.request('POST', '/api/hazards', {
      body: { schoolId: 's01', category: 'fire', level: 'general', title: 't', dueAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
  });

  test('a bad policy duration is 400', async () => {
    const res = await h.request('POST', '/api/hazards', {
      body: { schoolId: 's01', category: 'fire', level: 'general', title: 't', policy: { overdueGrace: '3 days' } },
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.policy.overdueGrace']);
  });

  test('an assignment to an unknown department is 400; a deadline in the past is 400', async () => {
    const id = uniqueId('v');
    await reportHazard(h, { id, level: 'major' });
    const dept = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'nope', dueAt: new Date((await h.now()) + DAY).toISOString() } });
    expect(dept.status).toBe(400);
    const past = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: new Date((await h.now()) - DAY).toISOString() } });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toContain('dueAt must be in the future');
  });
});

describe('authorisation', () => {
  test('a school reports only for itself; only the lead overrides the policy', async () => {
    const other = await h.request('POST', '/api/hazards', { key: 'school', body: { schoolId: 's02', category: 'fire', level: 'general', title: 't' } });
    expect(other.status).toBe(403);
    const policy = await h.request('POST', '/api/hazards', {
      key: 'bureau',
      body: { schoolId: 's01', category: 'fire', level: 'general', title: 't', policy: { overdueGrace: 'P1D' } },
    });
    expect(policy.status).toBe(403);
    expect(policy.body.error.message).toContain('only the campaign lead');
    const gov = await h.request('POST', '/api/hazards', { key: 'government', body: { schoolId: 's01', category: 'fire', level: 'general', title: 't' } });
    expect(gov.status).toBe(403);
  });

  test('departments see and act only on what is assigned to them; schools on their own; the government on major hazards and what is escalated', async () => {
    const { id } = await assignedHazard(h, { departmentId: 'market' });
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'market' })).status).toBe(200);
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'police' })).status).toBe(403);
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'school' })).status).toBe(200);
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'otherSchool' })).status).toBe(403);
    // A major hazard: the government of its jurisdiction sees it from the start (平湖: 重大隐患报属地党委政府); a general one only once escalated.
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'government' })).status).toBe(200);
    const general = await reportHazard(h, { level: 'general', title: '校门口流动摊点' });
    expect((await h.request('GET', `/api/hazards/${general.id}`, { key: 'government' })).status).toBe(403);

    const wrongUnit = await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'police', body: { note: '不是我们的' } });
    expect(wrongUnit.status).toBe(403);
    expect(wrongUnit.body.error.message).toContain('not within your remit'); // not assigned to it: outside its scope
    const inspectorAssign = await h.request('POST', `/api/hazards/${id}/verification`, { key: 'market', body: { passed: true } });
    expect(inspectorAssign.status).toBe(403);

    const list = await h.request('GET', '/api/hazards?limit=500', { key: 'police' });
    expect(list.status).toBe(200);
    expect(list.body.items.every((x: any) => x.departmentId === 'police')).toBe(true);
    expect(list.body.items.some((x: any) => x.id === id)).toBe(false);

    await h.request('POST', `/api/hazards/${id}/escalation`, { key: 'bureau', body: { reason: '无法解决' } });
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'government' })).status).toBe(200);
    const govList = await eventually(
      () => h.request('GET', '/api/hazards?limit=500', { key: 'government' }),
      (res) => res.body.items?.some((x: any) => x.id === id),
    );
    expect(govList.body.items.map((x: any) => x.id)).toContain(id);
    expect(govList.body.items.every((x: any) => x.listedSupervision || x.level === 'major')).toBe(true);
    expect(govList.body.items.map((x: any) => x.id)).not.toContain(general.id);
  });
});

describe('a local government sees its own jurisdiction only', () => {
  test('hazards escalated in another jurisdiction are neither listed, shown nor exported to it', async () => {
    // A second jurisdiction (a street office's; its id after the sample district's, which the
    // directory test expects first) with a school, and its government's key.
    const jurisdictionId = uniqueId('yufeng-rongjun');
    await h.db.jurisdiction.create({
      data: {
        id: jurisdictionId,
        name: '荣军路街道',
        level: 'street',
        parentId: 'yufeng',
        governmentName: '荣军路街道办事处',
        governmentContactName: '街道办 张主任',
        governmentEmail: 'office@rongjun.example',
        leadOfficeName: '荣军路街道护校安园工作站',
        leadOfficeEmail: 'huxiao@rongjun.example',
        educationBureauId: 'edu',
      },
    });
    const schoolId = uniqueId('lb-school');
    await h.db.school.create({ data: { id: schoolId, jurisdictionId, name: '荣军路小学', kind: 'primary', principalName: '李校长', principalEmail: 'principal@rongjun.example' } });
    const rongjunGovernment = (await issueApiKey(h.db, 'government', jurisdictionId, 'rongjun government')).key;

    const { id: campaignId } = await ownCampaign(h, 'gov-campaign', '两区集中整治', (at) => ({ plan: onePhasePlan('survey', at(DAY), at(9 * DAY)) }));
    const escalated = async (school: string) => {
      const id = uniqueId('gov');
      expect(
        (await h.request('POST', '/api/hazards', { key: 'bureau', body: { id, campaignId, schoolId: school, category: 'traffic_order', level: 'major', title: '校门口无信号灯' } })).status,
      ).toBe(201);
      const dueAt = new Date((await h.now()) + 10 * DAY).toISOString();
      expect((await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt } })).status).toBe(200);
      const res = await h.request('POST', `/api/hazards/${id}/escalation`, { key: 'bureau', body: { reason: '无法解决' } });
      expect(res.body.escalationLevel).toBeGreaterThanOrEqual(3);
      return id;
    };
    const inRongjun = await escalated(schoolId);
    const inYufeng = await escalated('s01');
    for (let i = 0; i < 100 && (await h.db.hazard.count({ where: { id: { in: [inRongjun, inYufeng] }, escalationLevel: { gte: 3 } } })) < 2; i++)
      await new Promise((r) => setTimeout(r, 100));

    expect((await h.request('GET', `/api/hazards/${inRongjun}`, { key: 'government' })).status).toBe(403);
    expect((await h.request('GET', `/api/hazards/${inYufeng}`, { key: 'government' })).status).toBe(200);
    expect((await h.request('GET', `/api/hazards/${inRongjun}`, { key: rongjunGovernment })).status).toBe(200);
    expect((await h.request('GET', `/api/hazards/${inYufeng}`, { key: rongjunGovernment })).status).toBe(403);

    const yufengList = (await h.request('GET', '/api/hazards?limit=500', { key: 'government' })).body.items.map((x: any) => x.id);
    expect(yufengList).toContain(inYufeng);
    expect(yufengList).not.toContain(inRongjun);
    const rongjunList = await h.request('GET', '/api/hazards?limit=500', { key: rongjunGovernment });
    expect(rongjunList.body.items.map((x: any) => x.id)).toEqual([inRongjun]);
    expect(rongjunList.body.total).toBe(1);

    const exported = async (key: string) => {
      const res = await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/hazards.csv`, { headers: { authorization: `Bearer ${key}` } });
      return (await res.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',').slice(0, 2).join(' '));
    };
    // Each government its own school's hazard: 隐患编号 (in the campaign: 荣军路's reported first) and 学校编号.
    expect(await exported(h.keys.government)).toEqual(['第2号 s01']);
    expect(await exported(rongjunGovernment)).toEqual([`第1号 ${schoolId}`]);
  });
});

describe('unknown ids and refused transitions', () => {
  test('an unknown hazard is 404 to read and to act on', async () => {
    expect((await h.request('GET', '/api/hazards/no-such-hazard')).status).toBe(404);
    const res = await h.request('POST', '/api/hazards/no-such-hazard/assign', { key: 'bureau', body: { departmentId: 'market', dueAt: new Date((await h.now()) + DAY).toISOString() } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  test('a transition the state does not allow is 409 with the reason', async () => {
    const { id } = await assignedHazard(h);
    const verify = await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: true } });
    expect(verify.status).toBe(409);
    expect(verify.body.error).toMatchObject({ code: 'invalid_transition' });
    expect(verify.body.error.message).toContain('cannot verify a hazard that is assigned');
    const reassign = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'police', dueAt: new Date((await h.now()) + DAY).toISOString() } });
    expect(reassign.status).toBe(409);
    const noExtension = await h.request('POST', `/api/hazards/${id}/extension/decision`, { key: 'bureau', body: { approved: true } });
    expect(noExtension.status).toBe(409);
    expect(noExtension.body.error.message).toContain('no extension request');
  });
});

describe('idempotent creation', () => {
  test('the same client id twice starts one workflow and answers 200 the second time', async () => {
    const id = uniqueId('idem');
    const body = { id, schoolId: 's01', category: 'public_order', level: 'general', title: '校园周边网吧接纳未成年人' };
    const first = await h.request('POST', '/api/hazards', { key: 'school', body });
    const second = await h.request('POST', '/api/hazards', { key: 'school', body });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(id);
    expect(second.body.history).toHaveLength(first.body.history.length);
    await waitForMail(h, id, 'hazard_reported');
    const notices = await h.db.notification.count({ where: { hazardId: id } });
    expect(notices).toBe(1);
    const clash = await h.request('POST', '/api/hazards', { key: 'school', body: { ...body, title: '另一个隐患' } });
    expect(clash.status).toBe(409);
  });

  test('an Idempotency-Key makes a report without id idempotent', async () => {
    const key = uniqueId('key');
    const body = { schoolId: 's01', category: 'drowning', level: 'general', title: '校外河道缺少防护栏' };
    const a = await h.request('POST', '/api/hazards', { key: 'school', body, headers: { 'idempotency-key': key } });
    const b = await h.request('POST', '/api/hazards', { key: 'school', body, headers: { 'idempotency-key': key } });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.id).toBe(a.body.id);
    expect(
      await eventually(
        () => h.db.hazard.count({ where: { title: '校外河道缺少防护栏', id: a.body.id } }),
        (n) => n > 0,
      ),
    ).toBe(1);
  });

  // The API answers a report itself (issue 14), with the workflow's own triage: the answer, the
  // retried request's answer and the hazard as its page shows it later are one and the same.
  test.each([
    ['a school fixes itself', { level: 'general', selfFixable: true }, 'rectifying'],
    ['the bureau takes over', { level: 'major' }, 'bureau_review'],
  ])('the answer to a report is the hazard its workflow holds (%s)', async (_what, extra, status) => {
    const key = uniqueId('key');
    const body = { schoolId: 's01', category: 'fire', title: '楼道灭火器压力不足', ...extra };
    const a = await h.request('POST', '/api/hazards', { key: 'school', body, headers: { 'idempotency-key': key } });
    expect(a.status).toBe(201);
    expect(a.body.status).toBe(status);
    expect(a.body.history.map((x: any) => x.action)).toEqual(['reported', status === 'rectifying' ? 'school_self_rectification' : 'submitted_to_bureau']);
    const shown = await h.request('GET', `/api/hazards/${a.body.id}`, { key: 'school' });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(a.body);
    const retried = await h.request('POST', '/api/hazards', { key: 'school', body, headers: { 'idempotency-key': key } });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(a.body);
  });
});

describe('lists', () => {
  test('filters by status, level, school and overdue', async () => {
    const { id } = await assignedHazard(h, { departmentId: 'police', dueInMs: 2 * DAY });
    // The list comes from the read model, which follows the transition within moments.
    const assigned = await eventually(
      () => h.request('GET', `/api/hazards?status=assigned&level=major&schoolId=s01&departmentId=police&limit=500`, { key: 'bureau' }),
      (res) => res.body.items?.some((x: any) => x.id === id),
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body.items.map((x: any) => x.id)).toContain(id);
    expect(assigned.body.total).toBeGreaterThanOrEqual(1);
    const bad = await h.request('GET', '/api/hazards?status=nope&limit=0', { key: 'bureau' });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['query.limit', 'query.status']);
  });
});
