// The notice channels beside the mail (docs/channels.md): a unit's 钉钉 and 企业微信 group robots
// and its people's mobiles, edited by the lead and shown back masked; a hazard's ladder reaching a
// department through mail, 钉钉, 企业微信 and SMS, each message verified by the local servers that
// implement the providers' contracts (devstack/channel-servers.ts); a storm of 200 notices to one
// robot arriving as digests within its quota, none lost, none twice; a robot and SMS outage that
// loses nothing and holds no transition back.
import { issueApiKey } from '../../api/auth';
import { enqueueChannelNotice } from '../../activities/channel-notices';
import { LAPTOP_SMS_TEMPLATES, startChannelServers, type ChannelServers } from '../../devstack/channel-servers';
import { DEFAULT_TIME_ZONE } from '../../common/time';
import { ACKNOWLEDGEMENT_REMINDER_KIND, climbOf } from '../../domain/hazard/acknowledgement';
import { isWorkingInstant } from '../../domain/working-hours';
import { jurisdictionEntry } from '../support/builders';
import { useHarness } from '../support/harness';
import { DAY, eventually, HOUR, isMailOf, uniqueId } from '../support/hazard-helpers';

const u = uniqueId('zz-ch');
const ids = { jurisdiction: `${u}-street`, bureau: `${u}-edu`, dept: `${u}-market`, stormDept: `${u}-police`, school: `${u}-school`, ackDept: `${u}-traffic` };
const ROBOT = {
  token: `${u}-dt-token`,
  secret: `SEC${'0a1b2c3d'.repeat(8)}`,
  key: `${u}-wecom-key`,
  schoolKey: `${u}-school-key`,
  stormToken: `${u}-storm-token`,
  stormKey: `${u}-storm-key`,
};
const SMS = { accessKeyId: `${u}-ak`, accessKeySecret: 'test-access-key-secret-0123456789', signName: '护校安园' };
const MOBILES = { contact: '13800000001', leader: '13900000002', principal: '13700000003', ackContact: '13800000011', ackLeader: '13900000012' };

let servers: ChannelServers;
beforeAll(async () => {
  servers = await startChannelServers({
    dingtalk: { [ROBOT.token]: ROBOT.secret, [ROBOT.stormToken]: ROBOT.secret },
    wecom: [ROBOT.key, ROBOT.schoolKey, ROBOT.stormKey],
    sms: { ...SMS, templates: LAPTOP_SMS_TEMPLATES },
  });
});
afterAll(() => servers?.stop());

const h = useHarness(() => ({
  channels: {
    robotPerMinute: 18,
    smsPerMinute: 5,
    pollMs: 100,
    retryMs: 300,
    throttleMs: 600_000,
    sms: { endpoint: servers.smsEndpoint, ...SMS, templateNotice: 'SMS_CS_NOTICE', templateDigest: 'SMS_CS_DIGEST' },
  },
}));

const keys = { school: '', bureau: '', dept: '', ackDept: '' };
beforeAll(async () => {
  // A street of its own: the sample district other files count stays as seeded.
  const contact = (name: string) => ({ contactName: `${name}联系人`, contactEmails: [`${name}@${u}.example`], leaderName: `${name}分管领导`, leaderEmail: `${name}-leader@${u}.example` });
  const put = async (path: string, body: unknown) => {
    const res = await h.request('PUT', path, { body });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const jurisdiction = jurisdictionEntry('渠道测试街道', 'street', `${u}.example`);
  // The street first, then its 教育办, then the street again naming it as its bureau.
  await put(`/api/jurisdictions/${ids.jurisdiction}`, jurisdiction);
  await put(`/api/departments/${ids.bureau}`, { jurisdictionId: ids.jurisdiction, name: '渠道测试教育办', kind: 'education_bureau', ...contact('edu') });
  await put(`/api/jurisdictions/${ids.jurisdiction}`, { ...jurisdiction, educationBureauId: ids.bureau });
  await put(`/api/departments/${ids.dept}`, { jurisdictionId: ids.jurisdiction, name: '渠道测试市场监管所', kind: 'market_supervision', ...contact('market') });
  await put(`/api/departments/${ids.stormDept}`, { jurisdictionId: ids.jurisdiction, name: '渠道测试派出所', kind: 'public_security', ...contact('police') });
  await put(`/api/channels/department/${ids.stormDept}`, {
    contactMobiles: [],
    leaderMobiles: [],
    dingtalkWebhook: servers.dingtalkWebhook(ROBOT.stormToken),
    dingtalkSecret: ROBOT.secret,
    wecomWebhook: servers.wecomWebhook(ROBOT.stormKey),
  });
  await put(`/api/schools/${ids.school}`, { jurisdictionId: ids.jurisdiction, name: '渠道测试小学', kind: 'primary', principalName: '王校长', principalEmail: `principal@${u}.example` });
  keys.school = (await issueApiKey(h.db, 'school', ids.school, `channels ${u}`)).key;
  keys.bureau = (await issueApiKey(h.db, 'bureau', ids.bureau, `channels ${u}`)).key;
  keys.dept = (await issueApiKey(h.db, 'department', ids.dept, `channels ${u}`)).key;
  // 签收's department: its own mobiles (their SMS quota its own), the same two robots.
  await put(`/api/departments/${ids.ackDept}`, { jurisdictionId: ids.jurisdiction, name: '渠道测试交警中队', kind: 'traffic_police', ...contact('traffic') });
  await put(`/api/channels/department/${ids.ackDept}`, {
    contactMobiles: [MOBILES.ackContact],
    leaderMobiles: [MOBILES.ackLeader],
    dingtalkWebhook: servers.dingtalkWebhook(ROBOT.token),
    dingtalkSecret: ROBOT.secret,
    wecomWebhook: servers.wecomWebhook(ROBOT.key),
  });
  keys.ackDept = (await issueApiKey(h.db, 'department', ids.ackDept, `channels ${u}`)).key;
});
afterAll(async () => {
  await h.db.unitChannel.deleteMany({ where: { unitId: { in: Object.values(ids) } } });
  await h.db.channelDelivery.deleteMany({
    where: { OR: [{ target: { startsWith: 'department:' + u } }, { target: { startsWith: 'school:' + u } }, { target: { in: Object.values(MOBILES) } }] },
  });
  await h.db.channelMessage.deleteMany({
    where: { OR: [{ target: { startsWith: 'department:' + u } }, { target: { startsWith: 'school:' + u } }, { target: { in: Object.values(MOBILES) } }] },
  });
});

test("the lead sets a unit's robots and mobiles; webhooks and the 加签 secret are never shown back in full; bad input names its field", async () => {
  const path = `/api/channels/department/${ids.dept}`;
  const body = {
    contactMobiles: [MOBILES.contact],
    leaderMobiles: [MOBILES.leader],
    dingtalkWebhook: servers.dingtalkWebhook(ROBOT.token),
    dingtalkSecret: ROBOT.secret,
    wecomWebhook: servers.wecomWebhook(ROBOT.key),
  };
  expect((await h.request('PUT', path, { key: keys.dept, body })).status).toBe(403);
  const bad = await h.request('PUT', path, { body: { ...body, contactMobiles: ['1380000'] } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'body.contactMobiles.0' })]);
  const noToken = await h.request('PUT', path, { body: { ...body, dingtalkWebhook: `${servers.url}/robot/send` } });
  expect(noToken.status).toBe(400);
  expect(noToken.body.error.details).toEqual([expect.objectContaining({ field: 'body.dingtalkWebhook' })]);
  const noSecret = await h.request('PUT', path, { body: { ...body, dingtalkSecret: undefined } });
  expect(noSecret.status).toBe(400);
  expect(noSecret.body.error.details).toEqual([expect.objectContaining({ field: 'body.dingtalkSecret' })]);
  expect(await h.db.unitChannel.findUnique({ where: { unitType_unitId: { unitType: 'department', unitId: ids.dept } } })).toBeNull();

  const created = await h.request('PUT', path, { body });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ contactMobiles: [MOBILES.contact], leaderMobiles: [MOBILES.leader], dingtalkSecret: `••••${ROBOT.secret.slice(-4)}` });
  expect(created.body.dingtalkWebhook).toBe(`${servers.url}/robot/send?access_token=••••${ROBOT.token.slice(-4)}`);
  // Saved again without the webhooks and the secret (a form never has them): they are kept.
  const kept = await h.request('PUT', path, { body: { contactMobiles: [MOBILES.contact], leaderMobiles: [MOBILES.leader] } });
  expect(kept.status).toBe(200);
  const listed = await h.request('GET', '/api/channels?unitType=department');
  const text = JSON.stringify(listed.body);
  expect(text).toContain(ids.dept);
  for (const secret of [ROBOT.secret, ROBOT.token, ROBOT.key]) expect(text).not.toContain(secret);
  expect((await h.request('GET', '/api/channels', { key: 'bureau' })).status).toBe(403);
  const row = await h.db.unitChannel.findUnique({ where: { unitType_unitId: { unitType: 'department', unitId: ids.dept } } });
  expect(row).toMatchObject({ dingtalkSecret: ROBOT.secret, dingtalkWebhook: servers.dingtalkWebhook(ROBOT.token), wecomWebhook: servers.wecomWebhook(ROBOT.key) });
  // The school: a 企业微信 group and the principal's mobile.
  expect(
    (await h.request('PUT', `/api/channels/school/${ids.school}`, { body: { contactMobiles: [MOBILES.principal], leaderMobiles: [], wecomWebhook: servers.wecomWebhook(ROBOT.schoolKey) } }))
      .status,
  ).toBe(201);
  expect((await h.request('PUT', `/api/channels/school/${u}-nowhere`, { body: { contactMobiles: [], leaderMobiles: [] } })).status).toBe(404);
});

/** A hazard reported by the school and assigned to the department, due in `dueInMs`. */
async function assigned(dueInMs: number, departmentId = ids.dept) {
  const id = uniqueId('hz-ch');
  const reported = await h.request('POST', '/api/hazards', {
    key: keys.school,
    body: { id, schoolId: ids.school, category: 'food_safety', level: 'major', title: `校门口无证摊点${id.slice(-4)}` },
  });
  expect(reported.status).toBe(201);
  const dueAt = new Date((await h.now()) + dueInMs).toISOString();
  const res = await h.request('POST', `/api/hazards/${id}/assign`, { key: keys.bureau, body: { departmentId, dueAt, note: '请依法取缔' } });
  expect(res.status).toBe(200);
  // An SMS names the hazard by its 编号 (its running number: here in the test's own street, outside any campaign).
  return { id, title: reported.body.title as string, item: `隐患第${reported.body.number as number}号` };
}

/** A hazard's deliveries, without 签收's climb (due hours later: the last test's). */
const deliveriesOf = (hazardId: string) => h.db.channelDelivery.findMany({ where: { hazardId, kind: { not: ACKNOWLEDGEMENT_REMINDER_KIND } }, orderBy: { id: 'asc' } });
const climbRowsOf = (hazardId: string) => h.db.channelDelivery.findMany({ where: { hazardId, kind: ACKNOWLEDGEMENT_REMINDER_KIND }, orderBy: { id: 'asc' } });
const messageText = (m: { channel: string; body: Record<string, any> }) =>
  m.channel === 'dingtalk' ? String(m.body.markdown?.text) : m.channel === 'wecom' ? String(m.body.markdown?.content ?? m.body.text?.content) : String(m.body.text);

test("a hazard's ladder reaches the department through mail, 钉钉, 企业微信 and SMS, each message verified by its provider's contract", async () => {
  const { id, title, item } = await assigned(3 * DAY);
  // 整改通知书: the mail, and the department's two groups with the signed one-click link, its contact's SMS.
  await h.mail.waitFor(isMailOf(id, 'rectification_notice'));
  const notice = await eventually(
    () => deliveriesOf(id),
    (rows) => rows.length > 0 && rows.every((r) => r.status === 'sent'),
  );
  const noticeRows = notice.filter((r) => r.kind === 'rectification_notice');
  // The school is copied: its group, but no SMS (an SMS goes to those addressed).
  expect(noticeRows.map((r) => `${r.channel} ${r.target} ${r.status}`).sort()).toEqual([
    `dingtalk department:${ids.dept} sent`,
    `sms ${MOBILES.contact} sent`,
    `wecom department:${ids.dept} sent`,
    `wecom school:${ids.school} sent`,
  ]);
  const dingtalk = servers.received({ channel: 'dingtalk', robot: ROBOT.token });
  expect(dingtalk).toHaveLength(1);
  expect(dingtalk[0]).toMatchObject({ accepted: true, answer: { errcode: 0 }, body: { msgtype: 'markdown', at: { atMobiles: [MOBILES.contact] } } });
  expect(messageText(dingtalk[0])).toContain(title);
  expect(messageText(dingtalk[0])).toMatch(/\]\(http:\/\/127\.0\.0\.1:\d+\/l\/[^)]+\)/); // the signed link: the department's own group
  const wecom = servers.received({ channel: 'wecom', robot: ROBOT.key });
  expect(wecom).toHaveLength(1);
  expect(wecom[0]).toMatchObject({ accepted: true, body: { msgtype: 'text', text: { mentioned_mobile_list: [MOBILES.contact] } } });
  expect(messageText(wecom[0])).toContain('/l/');
  // The school is copied: its group gets the page's address, never the signed link.
  const schoolGroup = servers.received({ channel: 'wecom', robot: ROBOT.schoolKey }).filter((m) => messageText(m).includes('整改通知书'));
  expect(schoolGroup).toHaveLength(1);
  // The copied school's own group: the school's own read-only link (查看入口), never the department's that acts.
  const schoolText = messageText(schoolGroup[0]);
  expect(schoolText).toContain('抄送');
  expect(schoolText).toContain('[查看入口](');
  expect(schoolText).not.toContain('[办理入口](');
  const viewToken = /\[查看入口\]\(\S+\/l\/([^)]+)\)/.exec(schoolText)![1];
  const viewLink = await h.db.signInLink.findUniqueOrThrow({ where: { id: JSON.parse(Buffer.from(viewToken.split('.')[0], 'base64url').toString()).l } });
  expect([viewLink.role, viewLink.unitId, viewLink.subject]).toEqual(['school', ids.school, `hazard-view:${id}`]);
  const sms = servers.received({ channel: 'sms' }).filter((m) => m.body.PhoneNumbers === MOBILES.contact);
  expect(sms).toHaveLength(1);
  expect(sms[0]).toMatchObject({ accepted: true, answer: { Code: 'OK' }, body: { SignName: '护校安园', TemplateCode: 'SMS_CS_NOTICE' } });
  expect(JSON.parse(sms[0].body.TemplateParam as string)).toMatchObject({ unit: '渠道测试市场监管所', notice: '整改通知书', item });

  // Reminders, then the overdue notice to the department, its leader copied: the leader @-mentioned in the department's groups (an SMS goes to those addressed).
  await h.advance(3 * DAY + HOUR);
  await h.mail.waitFor(isMailOf(id, 'overdue_notice'));
  const all = await eventually(
    () => deliveriesOf(id),
    (rows) => rows.some((r) => r.kind === 'overdue_notice') && rows.every((r) => r.status === 'sent'),
  );
  const kinds = [...new Set(all.map((r) => r.kind))];
  expect(kinds).toEqual(expect.arrayContaining(['rectification_notice', 'deadline_reminder', 'overdue_notice']));
  const overdue = all.filter((r) => r.kind === 'overdue_notice');
  expect(overdue.map((r) => `${r.channel} ${r.target}`).sort()).toEqual([`dingtalk department:${ids.dept}`, `sms ${MOBILES.contact}`, `wecom department:${ids.dept}`].sort());
  expect(overdue.find((r) => r.channel === 'dingtalk')!.mentions.sort()).toEqual([MOBILES.contact, MOBILES.leader].sort());
  // Each notice once per target: one row per (notice, channel, target), every one sent, carried by messages the servers accepted.
  expect(new Set(all.map((r) => `${r.dedupeKey} ${r.channel} ${r.target}`)).size).toBe(all.length);
  const refused = servers.received({ accepted: false });
  expect(refused).toEqual([]);
  const robotTexts = servers.received({ channel: 'dingtalk', robot: ROBOT.token }).map(messageText).join('\n');
  expect(robotTexts).toContain('逾期通知');
  // The overdue notice reached the contact's phone alone, or — one SMS a minute per number: the reminders and the notice
  // came within a minute of skipped time — in the digest SMS that carried it with them.
  const contactSms = servers.received({ channel: 'sms' }).filter((m) => m.body.PhoneNumbers === MOBILES.contact && m.accepted);
  expect(contactSms.some((m) => /逾期通知/.test(String(m.body.text)) || (m.body.TemplateCode === 'SMS_CS_DIGEST' && /您有[2-9]项隐患通知待办/.test(String(m.body.text))))).toBe(true);
  expect(servers.received({ channel: 'sms' }).some((m) => m.body.PhoneNumbers === MOBILES.leader)).toBe(false);
  // The mail went as it always did.
  expect((await h.mail.messages()).filter(isMailOf(id, 'overdue_notice'))).toHaveLength(1);
});

test('a storm of 200 notices to one robot arrives as digests within its quota: none lost, none twice', async () => {
  const dedupeKeys: string[] = [];
  const storm = uniqueId('storm');
  // 200 overdue notices at 24:00, queued as the mail activities queue them (twenty bursts of ten).
  for (let burst = 0; burst < 20; burst++) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const n = burst * 10 + i;
        const dedupeKey = `${storm}:${n}:overdue`;
        dedupeKeys.push(dedupeKey);
        return enqueueChannelNotice(
          h.db,
          { smsWorkingHoursOnly: false, sms: false },
          {
            dedupeKey,
            kind: 'overdue_notice',
            hazardId: `${storm}-${n}`,
            to: [{ kind: 'department', departmentId: ids.stormDept }],
            cc: [],
            toUnits: [{ role: 'department', unitId: ids.stormDept, name: '渠道测试派出所' }],
            subject: `【护校安园】逾期通知：“${storm}-${n}号隐患”已超过整改期限`,
            text: '渠道测试派出所：\n隐患已到期。',
            link: { url: `${h.baseUrl}/hazards/${storm}-${n}` },
            copyLink: { url: `${h.baseUrl}/hazards/${storm}-${n}`, copy: true },
            item: `${storm}-${n}`,
            timeZone: DEFAULT_TIME_ZONE,
          },
        );
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
  }
  // Queued again (a retried step): nothing more.
  expect(
    await enqueueChannelNotice(
      h.db,
      { smsWorkingHoursOnly: false, sms: false },
      {
        dedupeKey: dedupeKeys[0],
        kind: 'overdue_notice',
        to: [{ kind: 'department', departmentId: ids.stormDept }],
        cc: [],
        toUnits: [],
        subject: 'x',
        text: 'x',
        item: 'x',
        timeZone: DEFAULT_TIME_ZONE,
      },
    ),
  ).toBe(0);
  const rows = await eventually(
    () => h.db.channelDelivery.findMany({ where: { dedupeKey: { in: dedupeKeys } } }),
    (r) => r.length === 400 && r.every((x) => x.status === 'sent'),
    90_000,
  );
  expect(rows.filter((r) => r.status === 'sent')).toHaveLength(400); // 200 on each of the two robots
  for (const robot of [ROBOT.stormToken, ROBOT.stormKey]) {
    const got = servers.received({ robot });
    expect(got.every((m) => m.accepted)).toBe(true); // never over the quota, never throttled
    expect(got.length).toBeLessThanOrEqual(18);
    const texts = got.map(messageText).join('\n');
    for (let n = 0; n < 200; n++) expect(texts.split(`“${storm}-${n}号隐患”`).length - 1).toBe(1); // each notice exactly once
    expect(got.some((m) => /隐患通知|条通知待办/.test(messageText(m)))).toBe(true); // digests
  }
}, 120_000);

test('a 钉钉, 企业微信 and SMS outage loses nothing and holds no transition back', async () => {
  servers.clear();
  for (const c of ['dingtalk', 'wecom', 'sms'] as const) servers.outage(c, true);
  const t0 = Date.now();
  const { id, item } = await assigned(3 * DAY);
  // The transition and its mail are not held back by the channels.
  await h.mail.waitFor(isMailOf(id, 'rectification_notice'));
  expect((await h.request('GET', `/api/hazards/${id}`, { key: keys.bureau })).body.status).toBe('assigned');
  // The 隐患上报 copied to the school's group, the 整改通知书 on four targets: all held, none lost.
  const waiting = await eventually(
    () => deliveriesOf(id),
    (r) => r.length === 5 && r.every((x) => x.lastError !== null),
  );
  expect(waiting.map((r) => `${r.kind} ${r.channel} ${r.status}`).sort()).toEqual([
    'hazard_reported wecom pending',
    'rectification_notice dingtalk pending',
    'rectification_notice sms pending',
    'rectification_notice wecom pending',
    'rectification_notice wecom pending',
  ]);
  await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - t0))));
  for (const c of ['dingtalk', 'wecom', 'sms'] as const) servers.outage(c, false);
  const done = await eventually(
    () => deliveriesOf(id),
    (r) => r.every((x) => x.status === 'sent'),
    20_000,
  );
  expect(done.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
  expect(done.every((r) => r.attempts >= 2)).toBe(true);
  // Each notice once on each target (alone or within a digest).
  const texts = (robot: string) => servers.received({ robot }).map(messageText).join('\n');
  const times = (text: string, what: string) => text.split(what).length - 1;
  expect(times(texts(ROBOT.token), `整改通知书：请渠道测试市场监管所`)).toBe(1);
  expect(times(texts(ROBOT.key), `整改通知书：请渠道测试市场监管所`)).toBe(1);
  expect(times(texts(ROBOT.schoolKey), `整改通知书：请渠道测试市场监管所`)).toBe(1);
  expect(times(texts(ROBOT.schoolKey), '隐患上报：')).toBe(1);
  const sms = servers.received({ channel: 'sms' });
  expect(sms).toHaveLength(1);
  expect(JSON.parse(String(sms[0].body.TemplateParam))).toMatchObject({ notice: '整改通知书', item });
  expect(servers.received({ accepted: false })).toEqual([]);
});

test("签收: an unacknowledged 整改通知书 climbs the department's groups, SMS and its leader; an acknowledged one stops climbing; the deadline never moves", async () => {
  servers.clear();
  const a = await assigned(3 * DAY, ids.ackDept); // never acknowledged
  const b = await assigned(3 * DAY, ids.ackDept); // acknowledged by the department
  await h.mail.waitFor(isMailOf(a.id, 'rectification_notice'));
  await h.mail.waitFor(isMailOf(b.id, 'rectification_notice'));
  // The climb is written with the notice: its groups after 2 working hours, SMS after 3, the leader after 4.
  const climb = await eventually(
    () => climbRowsOf(a.id),
    (rows) => rows.length === 6,
  );
  const aDueAt = (await h.request('GET', `/api/hazards/${a.id}`, { key: keys.bureau })).body.dueAt;
  expect(climb.map((r) => `${r.dedupeKey.split(':').at(-1)} ${r.channel} ${r.target}`).sort()).toEqual(
    [
      `ack-leader dingtalk department:${ids.ackDept}`,
      `ack-leader sms ${MOBILES.ackLeader}`,
      `ack-leader wecom department:${ids.ackDept}`,
      `ack-robot dingtalk department:${ids.ackDept}`,
      `ack-robot wecom department:${ids.ackDept}`,
      `ack-sms sms ${MOBILES.ackContact}`,
    ].sort(),
  );
  const planned = climbOf(climb[0].createdAt, DEFAULT_TIME_ZONE);
  for (const row of climb) {
    const step = planned.find((p) => row.dedupeKey.endsWith(`:ack-${p.step}`))!;
    expect(Math.abs(row.notBefore.getTime() - step.at.getTime())).toBeLessThan(10_000);
    expect(isWorkingInstant(row.notBefore, DEFAULT_TIME_ZONE)).toBe(true);
    expect(row.status).toBe('pending');
  }

  // Until then the department's 工作台 lists each as 待签收, opening its page on 签收 (the action table's item).
  const work = async () => (await h.request('GET', '/api/me/work', { key: keys.ackDept })).body.items as { kind: string; action: string; page: string; hazardId: string }[];
  const toAcknowledge = (items: Awaited<ReturnType<typeof work>>) => items.filter((w) => w.kind === 'acknowledge' && [a.id, b.id].includes(w.hazardId));
  expect(
    toAcknowledge(await work())
      .map((w) => [w.hazardId, w.action, w.page])
      .sort(),
  ).toEqual(
    [
      [a.id, '待签收', `/hazards/${a.id}?action=acknowledge`],
      [b.id, '待签收', `/hazards/${b.id}?action=acknowledge`],
    ].sort(),
  );
  // Not in anyone else's: the bureau's and the school's.
  for (const key of [keys.bureau, keys.school])
    expect(((await h.request('GET', '/api/me/work', { key })).body.items as { kind: string }[]).filter((w) => w.kind === 'acknowledge')).toEqual([]);

  // 签收 with one tap: only the addressed department, once; its instant in the history; the deadline where it was.
  const before = (await h.request('GET', `/api/hazards/${b.id}`, { key: keys.ackDept })).body;
  expect(before.acknowledgement).toMatchObject({ notice: 'rectification_notice', acknowledgedAt: null, acknowledgedBy: null });
  expect(before.actions).toContain('acknowledge');
  expect((await h.request('POST', `/api/hazards/${b.id}/acknowledgement`, { key: keys.school, body: {} })).status).toBe(403);
  const ack = await h.request('POST', `/api/hazards/${b.id}/acknowledgement`, { key: keys.ackDept, body: {} });
  expect(ack.status).toBe(200);
  expect(ack.body.dueAt).toBe(before.dueAt);
  expect(ack.body.status).toBe('assigned');
  expect(ack.body.history.at(-1)).toMatchObject({ action: 'acknowledged', note: '签收整改通知书' });
  expect(ack.body.actions).not.toContain('acknowledge');
  expect((await h.request('POST', `/api/hazards/${b.id}/acknowledgement`, { key: keys.ackDept, body: {} })).status).toBe(409);
  const dropped = await eventually(
    () => climbRowsOf(b.id),
    (rows) => rows.length === 6 && rows.every((r) => r.status === 'dropped'),
  );
  expect(dropped.every((r) => r.lastError === '已签收')).toBe(true);
  // The read model has the 签收 (instant and who), as the page and the 工作台 read it; the 工作台 lists only A now.
  const acknowledgedAt = ack.body.acknowledgement.acknowledgedAt;
  expect(Math.abs(Date.parse(acknowledgedAt) - Date.parse(ack.body.history.at(-1).at))).toBeLessThan(1000);
  const rows = await eventually(
    () => h.db.hazard.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { id: 'asc' } }),
    (r) => r.find((x) => x.id === b.id)?.acknowledgedAt !== null,
  );
  const rowOf = (id: string) => rows.find((r) => r.id === id)!;
  expect([a.id, b.id].map(rowOf).map((r) => [r.acknowledgementNotice, r.noticeIssuedAt !== null, r.acknowledgedAt?.toISOString() ?? null, r.acknowledgedBy])).toEqual([
    ['rectification_notice', true, null, null],
    ['rectification_notice', true, acknowledgedAt, `department:${ids.ackDept}`],
  ]);
  expect(toAcknowledge(await work()).map((w) => w.hazardId)).toEqual([a.id]);

  // The working hours pass (each step's instant brought to now): A climbs, step by step; B's dropped climb stays silent.
  for (const step of ['robot', 'sms', 'leader']) {
    await h.db.channelDelivery.updateMany({
      where: { hazardId: { in: [a.id, b.id] }, kind: ACKNOWLEDGEMENT_REMINDER_KIND, dedupeKey: { endsWith: `:ack-${step}` } },
      data: { notBefore: new Date() },
    });
    await eventually(
      () => climbRowsOf(a.id),
      (rows) => rows.filter((r) => r.dedupeKey.endsWith(`:ack-${step}`)).every((r) => r.status === 'sent'),
      20_000,
    );
  }
  // The leader is told by mail too: A's mail, held with the notice until the leader's step, goes then, once; B's never.
  const leaderMailOf = (id: string) => h.db.notification.findFirst({ where: { hazardId: id, kind: 'acknowledgement_overdue' } });
  const heldForA = (await leaderMailOf(a.id))!;
  expect(heldForA.status).toBe('held');
  expect(Math.abs(heldForA.notBefore!.getTime() - planned.find((p) => p.step === 'leader')!.at.getTime())).toBeLessThan(10_000);
  expect(await leaderMailOf(b.id)).toMatchObject({ status: 'replaced', notSentReason: '未发送：整改通知书在告知分管领导前已签收（或已报告整改、撤销）' });
  await h.db.notification.updateMany({ where: { hazardId: { in: [a.id, b.id] }, kind: 'acknowledgement_overdue' }, data: { notBefore: new Date() } });
  const leaderMail = await h.mail.waitFor(isMailOf(a.id, 'acknowledgement_overdue'));
  expect(leaderMail.envelope.to).toEqual([`traffic-leader@${u}.example`]);
  expect(leaderMail.subject).toMatch(/^【护校安园】【重大隐患】未签收告知分管领导：渠道测试交警中队尚未签收“.+”整改通知书$/);
  expect(leaderMail.text).toContain('已过4个工作小时仍未签收。本通知发送你单位分管领导。');
  expect(leaderMail.text).toMatch(/办理入口：\S+\/l\/\S+/);
  await new Promise((r) => setTimeout(r, 500));
  expect((await h.mail.messages()).filter(isMailOf(a.id, 'acknowledgement_overdue'))).toHaveLength(1);
  expect((await h.mail.messages()).filter(isMailOf(b.id, 'acknowledgement_overdue'))).toHaveLength(0);
  expect((await leaderMailOf(a.id))!.status).toBe('sent');

  // The climb's messages (the notices themselves came first, to both, each asking for its 签收).
  const texts = (robot: string) =>
    servers
      .received({ robot })
      .map(messageText)
      .filter((t) => /请签收|未签收/.test(t))
      .join('\n');
  for (const robot of [ROBOT.token, ROBOT.key]) {
    expect(servers.received({ robot }).filter((m) => messageText(m).includes('请签收：')).length).toBe(1); // once, not twice
    expect(texts(robot)).toContain(a.title);
    expect(texts(robot)).toContain('未签收告知分管领导');
    expect(texts(robot)).toMatch(/\/l\//); // the signed link: the department's own group
    expect(texts(robot)).not.toContain(b.title);
  }
  const leaderInGroup = servers.received({ channel: 'dingtalk', robot: ROBOT.token }).find((m) => messageText(m).includes('未签收告知分管领导'))!;
  expect((leaderInGroup.body as { at: { atMobiles: string[] } }).at.atMobiles).toEqual([MOBILES.ackLeader]);
  const sms = servers.received({ channel: 'sms' });
  const smsTo = (phone: string) => sms.filter((m) => m.body.PhoneNumbers === phone).map((m) => String(m.body.text));
  expect(smsTo(MOBILES.ackContact).filter((t) => t.includes('整改通知书待签收'))).toHaveLength(1);
  expect(smsTo(MOBILES.ackLeader)).toEqual([expect.stringContaining('整改通知书未签收')]);
  expect(servers.received({ accepted: false })).toEqual([]);
  expect((await climbRowsOf(b.id)).every((r) => r.status === 'dropped')).toBe(true);
  // Neither deadline moved.
  expect((await h.request('GET', `/api/hazards/${a.id}`, { key: keys.bureau })).body.dueAt).toBe(aDueAt);
  expect((await h.request('GET', `/api/hazards/${b.id}`, { key: keys.bureau })).body.dueAt).toBe(before.dueAt);
});
