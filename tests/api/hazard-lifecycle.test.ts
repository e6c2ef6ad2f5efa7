// The hazard closed loop on the time-skipping Temporal server: days pass in milliseconds,
// and every mail is asserted at the SMTP sink with its exact recipients and content.
import { createUser } from '../../api/sessions';
import { useHarness } from '../support/harness';
import { addr, assignedHazard, beijing, DAY, eventually, HOUR, isMailOf, mailsOf, reportHazard, sorted, uniqueId, waitForMail } from '../support/hazard-helpers';

const h = useHarness();
/** A photo of the rectification, as the school's form sends it (its address). */
const PHOTO = 'https://files.example/extinguisher-after.jpg';

/** An inspector's account (验收人员): told when a rectification awaits 验收 (issue 25). */
const inspector = { email: `inspector-lifecycle-${Date.now()}@yufeng.example`, name: '韦工', role: 'inspector' as const, password: '验收人员韦工2026' };
beforeAll(async () => {
  await createUser(h.db, inspector);
});
afterAll(async () => {
  await h.db.user.deleteMany({ where: { email: inspector.email } });
});

/**
 * How long after `instant` each of the hazard's reminders fired, by the workflow's clock (its
 * history), in whole seconds: a timer fires at its time plus the milliseconds a workflow task takes.
 */
async function remindedAfter(id: string, instant: number): Promise<number[]> {
  const view = (await h.request('GET', `/api/hazards/${id}`)).body;
  return view.history.filter((e: any) => e.action === 'deadline_reminder').map((e: any) => Math.floor((Date.parse(e.at) - instant) / 1000));
}

describe('triage (黔南 item 12)', () => {
  test('a general hazard the school can fix stays with the school, which rectifies it and closes it by registering it with photos; the bureau spot-checks it (抽查)', async () => {
    const id = uniqueId('self');
    const view = await reportHazard(h, { id, selfFixable: true, category: 'fire', title: '教学楼灭火器过期' });
    expect(view).toMatchObject({ id, status: 'rectifying', responsible: { type: 'school', id: 's01' }, escalationLevel: 0 });
    // Default rectification period: 7 days from the report.
    expect(Date.parse(view.dueAt) - Date.parse(view.history[0].at)).toBe(7 * DAY);
    expect(view.history.map((e: any) => [e.action, e.from, e.to])).toEqual([
      ['reported', null, 'reported'],
      ['school_self_rectification', 'reported', 'rectifying'],
    ]);

    const mail = await waitForMail(h, id, 'self_fix_registered');
    expect(sorted(mail.to)).toEqual(sorted(addr.school()));
    expect(mail.cc).toEqual(addr.bureau());
    expect(mail.subject).toBe('【护校安园】隐患登记：鱼峰区第一实验小学自行整改“教学楼灭火器过期”');
    expect(mail.text).toContain('隐患类别：消防安全');
    expect(mail.text).toContain(`整改期限：${beijing(view.dueAt)}`);

    // "对自身能够解决的一般风险隐患完成整改后进行登记": not reported for 验收 — the school closes it itself, with its photos.
    expect(view.actions).toEqual(expect.arrayContaining(['selfFixRegistration']));
    expect(view.actions).not.toContain('rectification');
    const held = await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'school', body: { note: '已更换全部灭火器' } });
    expect(held.status).toBe(409);
    const photoless = await h.request('POST', `/api/hazards/${id}/self-fix-registration`, { key: 'school', body: { note: '已更换全部灭火器', evidence: [] } });
    expect(photoless.status).toBe(400);
    expect(photoless.body.error.details).toEqual([expect.objectContaining({ field: 'body.evidence' })]);
    const done = await h.request('POST', `/api/hazards/${id}/self-fix-registration`, { key: 'school', body: { note: '已更换全部灭火器', evidence: [PHOTO] } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'closed', selfRegistered: true, spotChecked: false, escalationLevel: 0 });
    const registered = await waitForMail(h, id, 'self_fix_closed');
    expect(registered.to).toEqual(addr.bureau());
    expect(registered.text).toContain('已更换全部灭火器');
    expect(await mailsOf(h, id, 'rectification_reported')).toHaveLength(0);
    // No inspector is waited for: 验收 is refused; the bureau's 抽查 is in its 工作台.
    expect((await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: true } })).status).toBe(409);
    const work = await eventually(
      () => h.request('GET', '/api/me/work', { key: 'bureau' }),
      (r) => r.body.items.some((w: any) => w.hazardId === id),
    );
    expect(work.body.items.filter((w: any) => w.hazardId === id).map((w: any) => [w.kind, w.action])).toEqual([['spot_check', '抽查']]);
    expect((await h.request('POST', `/api/hazards/${id}/spot-check`, { key: 'school', body: { passed: true } })).status).toBe(403);
    const checked = await h.request('POST', `/api/hazards/${id}/spot-check`, { key: 'bureau', body: { passed: true, note: '抽查合格' } });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ status: 'closed', selfRegistered: true, spotChecked: true });
    expect((await h.request('POST', `/api/hazards/${id}/spot-check`, { key: 'bureau', body: { passed: true } })).status).toBe(409);

    // The read model and the audit trail hold every step (written beside the mail, within moments).
    const row = await eventually(
      () => h.db.hazard.findUnique({ where: { id } }),
      (r) => r?.seq === 4,
    );
    expect(row).toMatchObject({ status: 'closed', responsibleUnitType: 'school', selfRegistered: true, spotChecked: true, origin: 'self_inspection', seq: 4 });
    const audit = await eventually(
      () => h.db.auditEvent.findMany({ where: { hazardId: id }, orderBy: { at: 'asc' } }),
      (rows) => rows.length === 4,
    );
    expect(audit.map((e) => e.action).sort()).toEqual(['reported', 'school_self_rectification', 'self_fix_closed', 'spot_check_passed'].sort());
  });

  test('a spot check (抽查) that fails reopens the hazard with the school, with a new deadline', async () => {
    const id = uniqueId('spot');
    await reportHazard(h, { id, selfFixable: true, category: 'fire', title: '楼道应急灯损坏' });
    expect((await h.request('POST', `/api/hazards/${id}/self-fix-registration`, { key: 'school', body: { note: '已修复', evidence: [PHOTO] } })).status).toBe(200);
    const failed = await h.request('POST', `/api/hazards/${id}/spot-check`, { key: 'bureau', body: { passed: false, note: '三楼应急灯仍不亮' } });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'rectifying', selfRegistered: false, responsible: { type: 'school', id: 's01' }, closedAt: null });
    const mail = await waitForMail(h, id, 'spot_check_failed');
    expect(sorted(mail.to)).toEqual(sorted(addr.school()));
    expect(mail.text).toContain('三楼应急灯仍不亮');
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'school' })).body.actions).toContain('selfFixRegistration');
  });

  test('departments report what they find (抽查暗访, 整改通知书), and every hazard records how it was found', async () => {
    const found = uniqueId('dept');
    const res = await h.request('POST', '/api/hazards', {
      key: 'market',
      body: { id: found, schoolId: 's02', category: 'food_safety', level: 'general', title: '校门口流动摊点售卖“三无”食品' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'bureau_review', origin: 'spot_check', responsible: { type: 'bureau' } });
    const mail = await waitForMail(h, found, 'hazard_reported');
    expect(mail.to).toEqual(addr.bureau());
    expect(mail.text).toContain('抽查暗访发现鱼峰区');
    expect(mail.text).toContain('隐患来源：抽查暗访');
    const row = await eventually(
      () => h.db.hazard.findUnique({ where: { id: found } }),
      (r) => r !== null,
    );
    expect(row).toMatchObject({ origin: 'spot_check', reportedBy: 'department:market' });
    // A report may say how it was found; a school's own is 自查; the local government reports none.
    const tip = await h.request('POST', '/api/hazards', {
      key: 'bureau',
      body: { schoolId: 's01', category: 'traffic_order', level: 'general', title: '群众反映校门口车辆乱停', origin: 'public_report' },
    });
    expect(tip.body.origin).toBe('public_report');
    expect((await reportHazard(h, { id: uniqueId('own'), title: '食堂留样不规范' })).origin).toBe('self_inspection');
    expect((await h.request('POST', '/api/hazards', { key: 'government', body: { schoolId: 's01', category: 'other', level: 'general', title: 'x' } })).status).toBe(403);
    const bad = await h.request('POST', '/api/hazards', { key: 'market', body: { schoolId: 's01', category: 'other', level: 'general', title: 'x', origin: 'rumour' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'body.origin' })]);
  });

  test('a general hazard the school cannot fix goes to the education bureau', async () => {
    const id = uniqueId('gen');
    const view = await reportHazard(h, { id, selfFixable: false, category: 'traffic_order', title: '校门口缺少减速带' });
    expect(view).toMatchObject({ status: 'bureau_review', responsible: { type: 'bureau' } });
    const mail = await waitForMail(h, id, 'hazard_reported');
    expect(mail.to).toEqual(addr.bureau());
    expect(sorted(mail.cc)).toEqual(sorted(addr.school()));
    expect(mail.text).toContain('学校无法自行整改，报教育局');
  });

  test('a major hazard always goes to the bureau, and the local government is informed', async () => {
    const id = uniqueId('major');
    const view = await reportHazard(h, { id, level: 'major', selfFixable: true, category: 'buildings_disaster', title: '教学楼外墙瓷砖脱落' });
    expect(view.status).toBe('bureau_review');
    const mail = await waitForMail(h, id, 'hazard_reported');
    expect(mail.to).toEqual(addr.bureau());
    expect(sorted(mail.cc)).toEqual(sorted([...addr.school(), ...addr.government()]));
    expect(mail.subject).toBe('【护校安园】【重大隐患】隐患上报：鱼峰区第一实验小学“教学楼外墙瓷砖脱落”待交办');
  });
});

describe('deadline ladder: reminders, overdue, escalation to listed supervision (挂牌督办)', () => {
  test('assignment sends the 整改通知书; a missed deadline climbs every rung up to the local government', async () => {
    const t0 = await h.now();
    const { id, dueAt } = await assignedHazard(h, { departmentId: 'market', dueInMs: 10 * DAY });

    const notice = await waitForMail(h, id, 'rectification_notice');
    expect(notice.to).toEqual(addr.dept('market'));
    expect(sorted(notice.cc)).toEqual(sorted(addr.school()));
    expect(notice.subject).toBe(`【护校安园】【重大隐患】整改通知书：请区市场监管局于${beijing(dueAt)}前整改“校门口占道经营，影响学生通行”`);
    expect(notice.text).toContain('交办意见：请依法取缔');
    expect(notice.text).toContain('责任单位：区市场监管局');

    // 3 days before, at that instant (the history is timed by the workflow's clock), once.
    await h.advance(7 * DAY + HOUR - ((await h.now()) - t0));
    const r3 = await waitForMail(h, id, 'deadline_reminder');
    expect(await remindedAfter(id, Date.parse(dueAt) - 3 * DAY)).toEqual([0]);
    expect(await mailsOf(h, id, 'deadline_reminder')).toHaveLength(1);
    expect(r3.to).toEqual(addr.dept('market'));
    expect(r3.cc).toEqual([]);
    expect(r3.subject).toContain('距整改期限还有3天');

    await h.advance(2 * DAY);
    await h.mail.waitForCount((m) => m.headers['x-campus-safety-key']?.startsWith(`hazard:${id}:`) && m.subject.includes('距整改期限还有1天'), 1);

    // At the deadline: overdue notice to the unit and its supervising leader.
    await h.advance(DAY);
    const overdue = await waitForMail(h, id, 'overdue_notice');
    expect(overdue.to).toEqual(addr.dept('market'));
    expect(overdue.cc).toEqual(addr.leader('market'));
    expect((await h.request('GET', `/api/hazards/${id}`)).body).toMatchObject({ escalationLevel: 1, overdue: true, listedSupervision: false });

    // After the grace period: to the bureau and the lead office.
    await h.advance(3 * DAY);
    const toBureau = await waitForMail(h, id, 'escalated_to_bureau');
    expect(sorted(toBureau.to)).toEqual(sorted([...addr.bureau(), ...addr.leadOffice()]));
    expect(sorted(toBureau.cc)).toEqual(sorted([...addr.dept('market'), ...addr.leader('market')]));
    expect((await h.request('GET', `/api/hazards/${id}`)).body.escalationLevel).toBe(2);

    // After another grace period: the local government, listed supervision with its own deadline.
    await h.advance(3 * DAY);
    const listed = await waitForMail(h, id, 'listed_supervision');
    expect(listed.to).toEqual(addr.government());
    expect(sorted(listed.cc)).toEqual(sorted([...addr.leadOffice(), ...addr.bureau(), ...addr.dept('market')]));
    const view = (await h.request('GET', `/api/hazards/${id}`)).body;
    expect(view).toMatchObject({ escalationLevel: 3, listedSupervision: true, status: 'assigned' });
    expect(listed.subject).toContain('挂牌督办');
    expect(listed.text).toContain(`督办期限为${beijing(view.governmentDueAt)}`);
    // 15 days counted from the escalation's instant (6 days after the deadline).
    const escalatedAt = Date.parse(view.history.find((e: any) => e.action === 'escalated_to_government').at);
    expect(escalatedAt - Date.parse(dueAt)).toBeGreaterThanOrEqual(6 * DAY);
    expect(escalatedAt - Date.parse(dueAt)).toBeLessThan(6 * DAY + 60_000);
    expect(Date.parse(view.governmentDueAt) - escalatedAt).toBe(15 * DAY);

    // Listed supervision has its own reminders, and its deadline missed goes to the bulletin (通报).
    await h.advance(12 * DAY + HOUR);
    const govReminder = await waitForMail(h, id, 'listed_supervision_reminder');
    expect(sorted(govReminder.to)).toEqual(sorted([...addr.government(), ...addr.dept('market')]));
    expect(govReminder.cc).toEqual(addr.leadOffice());
    await h.advance(3 * DAY);
    const govOverdue = await waitForMail(h, id, 'listed_supervision_overdue');
    expect(sorted(govOverdue.to)).toEqual(sorted([...addr.government(), ...addr.leadOffice()]));
    // Every miss reaches the bulletin: the department's first one, then the government's.
    const bulletin = await eventually(
      () => h.db.bulletinEntry.findMany({ where: { hazardId: id }, orderBy: { at: 'asc' } }),
      (rows) => rows.length > 1,
    );
    expect(bulletin).toHaveLength(2);
    expect(bulletin[0]).toMatchObject({ unitType: 'department', unitId: 'market', reason: '逾期未完成整改' });
    expect(bulletin[1]).toMatchObject({ unitType: 'government', unitId: 'yufeng', reason: '挂牌督办隐患逾期未整改' });

    const row = await eventually(
      () => h.db.hazard.findUnique({ where: { id } }),
      (r) => r?.escalationLevel === 3,
    );
    expect(row).toMatchObject({ escalationLevel: 3, listedSupervision: true, departmentId: 'market' });
    // Each reminder went exactly once.
    expect(await mailsOf(h, id, 'deadline_reminder')).toHaveLength(2);
    expect(await mailsOf(h, id, 'listed_supervision_reminder')).toHaveLength(2);
  });

  test('the bureau declares a hazard cannot be solved: listed supervision at once', async () => {
    const { id } = await assignedHazard(h, { departmentId: 'police' });
    const res = await h.request('POST', `/api/hazards/${id}/escalation`, { key: 'bureau', body: { reason: '涉及多部门职责，需政府统筹' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ escalationLevel: 3, listedSupervision: true });
    const mail = await waitForMail(h, id, 'listed_supervision');
    expect(mail.to).toEqual(addr.government());
    expect(mail.text).toContain('涉及多部门职责，需政府统筹');
    const again = await h.request('POST', `/api/hazards/${id}/escalation`, { key: 'bureau', body: { reason: '再次' } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('already under listed supervision');
  });

  test('rectification reported stops the clock', async () => {
    const t0 = await h.now();
    const { id } = await assignedHazard(h, { dueInMs: 5 * DAY });
    await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '摊点已取缔', evidence: ['https://files.example/photo1.jpg'] } });
    const verify = await waitForMail(h, id, 'rectification_reported');
    expect(verify.to).toEqual(addr.bureau());
    // The inspectors, whom the action table lets verify, are told too (issue 25), apart from the bureau.
    const inspectors = await waitForMail(h, id, 'verification_requested');
    expect(inspectors.to).toContain(inspector.email);
    expect(inspectors.to.filter((a: string) => addr.bureau().includes(a))).toEqual([]);
    expect(inspectors.subject).toMatch(/^【护校安园】(【重大隐患】)?整改完成待验收：鱼峰区第一实验小学“.+”$/);
    expect(inspectors.text).toContain('摊点已取缔');
    expect(inspectors.text).toContain('请验收人员按期组织现场验收');
    await h.advance(10 * DAY - ((await h.now()) - t0));
    const view = (await h.request('GET', `/api/hazards/${id}`)).body;
    expect(view).toMatchObject({ status: 'rectified', escalationLevel: 0, evidence: ['https://files.example/photo1.jpg'] });
    expect(view.history.map((e: any) => e.action)).toEqual(['reported', 'submitted_to_bureau', 'assigned', 'rectification_reported']);
    // A later mail has arrived before the count: nothing of the stopped clock is still on its way.
    await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: true } });
    await waitForMail(h, id, 'verification_passed');
    expect(sorted((await mailsOf(h, id)).map((m) => m.headers['x-campus-safety-kind']))).toEqual(
      sorted(['hazard_reported', 'rectification_notice', 'rectification_reported', 'verification_requested', 'verification_passed']),
    );
  });
});

describe('verification (验收)', () => {
  test('a failed verification sends the unit back with a new deadline; a second failure goes to the bulletin', async () => {
    const { id } = await assignedHazard(h, { dueInMs: 5 * DAY });
    await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '已整改' } });
    const newDueAt = new Date((await h.now()) + 4 * DAY).toISOString();
    const failed = await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: false, note: '摊点仍在', newDueAt } });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'rectifying', rejectionCount: 1, dueAt: newDueAt });
    const mail = await waitForMail(h, id, 'verification_failed');
    expect(mail.to).toEqual(addr.dept('market'));
    expect(mail.subject).toContain(`请于${beijing(newDueAt)}前重新整改`);
    expect(mail.text).toContain('第1次');

    // The new deadline has its own reminders (1 day before: 3 days after the failure).
    await h.advance(3 * DAY + HOUR);
    const reminder = await waitForMail(h, id, 'deadline_reminder');
    expect(reminder.text).toContain(beijing(newDueAt));

    await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '再次整改' } });
    const second = await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: false, note: '仍不合格' } });
    expect(second.body).toMatchObject({ rejectionCount: 2, status: 'rectifying' });
    // Without newDueAt: the policy's rectification period (7 days).
    expect(Date.parse(second.body.dueAt) - Date.parse(second.body.history.at(-1).at)).toBe(7 * DAY);
    await waitForMail(h, id, 'verification_failed');
    const bulletin = await eventually(
      () => h.db.bulletinEntry.findMany({ where: { hazardId: id } }),
      (rows) => rows.length > 0,
    );
    expect(bulletin).toEqual([expect.objectContaining({ unitType: 'department', unitId: 'market', reason: '验收2次未通过' })]);
  });
});

describe('extension (延期)', () => {
  test('an approved extension moves the live timer: no reminder at the old times, reminders at the new', async () => {
    const t0 = await h.now();
    const { id, dueAt } = await assignedHazard(h, { dueInMs: 5 * DAY });
    const requestedDueAt = new Date(Date.parse(dueAt) + 10 * DAY).toISOString();
    const req = await h.request('POST', `/api/hazards/${id}/extension`, { key: 'market', body: { requestedDueAt, reason: '需协调城管联合执法' } });
    expect(req.status).toBe(200);
    expect(req.body.pendingExtension).toMatchObject({ requestedDueAt, reason: '需协调城管联合执法' });
    const asked = await waitForMail(h, id, 'extension_requested');
    expect(asked.to).toEqual(addr.bureau());

    const ok = await h.request('POST', `/api/hazards/${id}/extension/decision`, { key: 'bureau', body: { approved: true, note: '同意' } });
    expect(ok.body).toMatchObject({ dueAt: requestedDueAt, pendingExtension: null });
    const approved = await waitForMail(h, id, 'extension_approved');
    expect(approved.text).toContain(`由${beijing(dueAt)}延至${beijing(requestedDueAt)}`);

    // Past the old deadline and all its rungs, to the new deadline's first reminder, 3 days before
    // it (day 12): the only reminder so far, and no overdue notice.
    await h.advance(12 * DAY + HOUR - ((await h.now()) - t0));
    const r = await waitForMail(h, id, 'deadline_reminder');
    expect(r.text).toContain(`整改期限（${beijing(requestedDueAt)}）还有3天`);
    expect(await remindedAfter(id, Date.parse(requestedDueAt) - 3 * DAY)).toEqual([0]);
    expect(await mailsOf(h, id, 'deadline_reminder')).toHaveLength(1);
    expect(await mailsOf(h, id, 'overdue_notice')).toHaveLength(0);
    await h.advance(2 * DAY);
    await h.mail.waitForCount((m) => m.headers['x-campus-safety-key']?.startsWith(`hazard:${id}:`) && m.headers['x-campus-safety-kind'] === 'deadline_reminder', 2);
  });

  test('a refused extension keeps the deadline', async () => {
    const { id, dueAt } = await assignedHazard(h, { dueInMs: 5 * DAY });
    const requestedDueAt = new Date(Date.parse(dueAt) + 5 * DAY).toISOString();
    await h.request('POST', `/api/hazards/${id}/extension`, { key: 'market', body: { requestedDueAt, reason: '人手不足' } });
    const refused = await h.request('POST', `/api/hazards/${id}/extension/decision`, { key: 'bureau', body: { approved: false, note: '理由不充分' } });
    expect(refused.body).toMatchObject({ dueAt, pendingExtension: null });
    const mail = await waitForMail(h, id, 'extension_refused');
    expect(mail.to).toEqual(addr.dept('market'));
    expect(mail.text).toContain(`整改期限仍为${beijing(dueAt)}`);
    const again = await h.request('POST', `/api/hazards/${id}/extension/decision`, { key: 'bureau', body: { approved: true } });
    expect(again.status).toBe(409);
  });
});

describe('withdraw and look-back (回头看)', () => {
  test('a withdrawn hazard is closed for good', async () => {
    const { id } = await assignedHazard(h);
    const res = await h.request('POST', `/api/hazards/${id}/withdraw`, { key: 'bureau', body: { reason: '误报：摊点属合法经营' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    const mail = await waitForMail(h, id, 'withdrawn');
    expect(sorted(mail.to)).toEqual(sorted([...addr.dept('market'), ...addr.school()]));
    const after = await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: 'x' } });
    expect(after.status).toBe(409);
    expect((await h.request('GET', `/api/hazards/${id}`)).body.status).toBe('withdrawn');
  });

  test('the look-back after write-off can reopen the hazard', async () => {
    const { id } = await assignedHazard(h, { dueInMs: 5 * DAY });
    await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '已整改' } });
    await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: true } });
    await h.advance(30 * DAY + HOUR);
    const due = await waitForMail(h, id, 'look_back_due');
    expect(due.to).toEqual(addr.bureau());
    expect(sorted(due.cc)).toEqual(sorted(addr.school()));

    const reopened = await h.request('POST', `/api/hazards/${id}/look-back`, { key: 'inspector', body: { passed: false, note: '摊点回潮' } });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'rectifying', responsible: { type: 'department', id: 'market' } });
    const mail = await waitForMail(h, id, 'reopened');
    expect(mail.to).toEqual(addr.dept('market'));
    expect(mail.text).toContain('摊点回潮');
    // Its new deadline runs: a reminder 3 days before the 7-day period ends.
    await h.advance(4 * DAY + HOUR);
    await waitForMail(h, id, 'deadline_reminder');
  });

  test('a passed look-back ends the loop', async () => {
    const { id } = await assignedHazard(h, { dueInMs: 5 * DAY });
    await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '已整改' } });
    await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: true } });
    const ok = await h.request('POST', `/api/hazards/${id}/look-back`, { key: 'inspector', body: { passed: true, note: '无反弹' } });
    expect(ok.body.history.at(-1)).toMatchObject({ action: 'look_back_passed', to: 'closed' });
    const result = await h.temporal.workflow.getHandle(`hazard-${id}`).result();
    expect(result.status).toBe('closed');
    const again = await h.request('POST', `/api/hazards/${id}/look-back`, { key: 'inspector', body: { passed: true } });
    expect(again.status).toBe(409);
  });

  test('a look-back never recorded is a missed obligation of the bureau: reminded, then overdue to the bureau and the lead office, and on the bulletin', async () => {
    const { id } = await assignedHazard(h, { dueInMs: 5 * DAY });
    await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '已整改' } });
    await h.request('POST', `/api/hazards/${id}/verification`, { key: 'inspector', body: { passed: true } });
    await h.advance(30 * DAY + HOUR);
    await waitForMail(h, id, 'look_back_due');
    // Reminded 3 days and 1 day before its window closes (one period after it was asked).
    await h.advance(27 * DAY);
    const first = await waitForMail(h, id, 'look_back_reminder');
    expect(first.to).toEqual(addr.bureau());
    expect(first.subject).toContain('距回头看登记期限还有3天');
    await h.advance(2 * DAY);
    await h.mail.waitForCount((m) => isMailOf(id, 'look_back_reminder')(m) && m.subject.includes('还有1天'), 1);
    await h.advance(DAY);
    const result = await h.temporal.workflow.getHandle(`hazard-${id}`).result();
    expect(result.history.at(-1)).toMatchObject({ action: 'look_back_window_closed', to: 'closed' });
    const overdue = await waitForMail(h, id, 'look_back_overdue');
    expect(sorted(overdue.to)).toEqual(sorted([...addr.bureau(), ...addr.leadOffice()]));
    expect(overdue.cc).toEqual(addr.school('s01'));
    expect(overdue.subject).toBe('【护校安园】【重大隐患】回头看逾期：“校门口占道经营，影响学生通行”未在期限内开展回头看，列入通报');
    const entries = await eventually(
      () => h.db.bulletinEntry.findMany({ where: { hazardId: id } }),
      (rows) => rows.length > 0,
    );
    expect(entries.map((e) => [e.unitType, e.unitId, e.reason])).toEqual([['department', 'edu', '回头看逾期未开展']]);
    expect(await mailsOf(h, id, 'look_back_reminder')).toHaveLength(2);
    // The loop has ended: the read model and the audit trail answer.
    const view = (await h.request('GET', `/api/hazards/${id}`)).body;
    expect(view.status).toBe('closed');
    expect(view.history.map((e: any) => e.action)).toContain('look_back_window_closed');
  });
});

describe('what every mail tells a person', () => {
  test('no mail names an API path; each links to its page and names a contact of the sender', async () => {
    const all = (await h.mail.messages()).filter((m) => (m.headers['x-campus-safety-key'] ?? '').startsWith('hazard:'));
    expect(all.length).toBeGreaterThan(50);
    for (const m of all) {
      expect(m.text).not.toMatch(/\/api\/|POST |GET /);
      // A copy's 查看入口 is the copied unit's own read-only link.
      expect(m.text).toMatch(new RegExp(`(办理|查看)入口：${h.baseUrl.replace(/[.]/g, '\\.')}/(l|hazards)/\\S+`));
      expect(m.text).toContain('联系人：区教育局安全股 覃股长，电子邮箱：');
      // Times as people write them, never an ISO instant.
      expect(m.text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    }
  });
});
