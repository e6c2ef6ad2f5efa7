// A retried activity never sends a second mail or writes a second row.
import { createDatabase, type Database } from '../../common/database';
import { recordHazardTransition, recordHazardTransitions } from '../../activities/hazard-record';
import { createMailTransport } from '../../activities/mailer';
import { MailSendInFlightError, messageIdFor, sendCampaignNotification, sendNotification } from '../../activities/notification';
import type { Actor, HazardState, HazardStatus } from '../../common/hazard';
import type { NotificationRequest } from '../../common/notification';
import { DEFAULT_TIME_ZONE } from '../../common/time';
import { addr, uniqueId } from '../support/hazard-helpers';
import { startMailSink, type MailSink } from '../support/mail-sink';
import { TEST_LINK_SECRET } from '../support/harness';

let db: Database;
let mail: MailSink;
let transport: ReturnType<typeof createMailTransport>;

beforeAll(async () => {
  db = createDatabase(process.env.TEST_DATABASE_URL!);
  mail = await startMailSink();
  transport = createMailTransport({ SMTP_HOST: '127.0.0.1', SMTP_PORT: mail.smtpPort, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined });
});
afterAll(async () => {
  transport?.close();
  await mail?.stop();
  await db?.$disconnect();
});

const deps = () => ({ db, transport, from: 'test <noreply@campus-safety.local>', timeZone: DEFAULT_TIME_ZONE });

function request(id: string): NotificationRequest {
  return {
    dedupeKey: `hazard:${id}:2:rectification_notice`,
    kind: 'rectification_notice',
    hazard: {
      id,
      schoolId: 's03',
      departmentId: 'traffic',
      category: 'traffic_order',
      level: 'general',
      title: '上下学时段校门口交通拥堵',
      evidence: [],
      status: 'assigned',
      dueAt: '2026-12-01T10:00:00.000Z',
      escalationLevel: 0,
      rejectionCount: 0,
    },
    to: [{ kind: 'department', departmentId: 'traffic' }],
    cc: [{ kind: 'school', schoolId: 's03' }],
  };
}

test('the same notification sent twice reaches the sink once and is logged once', async () => {
  const id = uniqueId('act');
  const first = await sendNotification(deps(), request(id));
  const second = await sendNotification(deps(), request(id));
  expect(first.sentNow).toBe(true);
  expect(second).toMatchObject({ sentNow: false, messageId: first.messageId });
  const received = await mail.waitFor((m) => m.headers['x-campus-safety-key'] === `hazard:${id}:2:rectification_notice`);
  expect(received.to).toEqual(addr.dept('traffic'));
  expect(received.subject).toBe('【护校安园】整改通知书：请鱼峰交警大队于2026年12月1日18时前整改“上下学时段校门口交通拥堵”');
  expect(received.text).toContain('所在学校：鱼峰区箭盘山小学');
  // Give a duplicate time to arrive, then count.
  await new Promise((r) => setTimeout(r, 500));
  expect((await mail.messages()).filter((m) => m.headers['x-campus-safety-key']?.startsWith(`hazard:${id}:`))).toHaveLength(1);
  expect(await db.notification.count({ where: { hazardId: id } })).toBe(1);
});

test('a failed SMTP hand-off is logged and the retry sends the mail once', async () => {
  const id = uniqueId('act');
  const broken = createMailTransport({ SMTP_HOST: '127.0.0.1', SMTP_PORT: 1, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined });
  await expect(sendNotification({ ...deps(), transport: broken }, request(id))).rejects.toThrow();
  broken.close();
  const logged = await db.notification.findUniqueOrThrow({ where: { dedupeKey: `hazard:${id}:2:rectification_notice` } });
  expect(logged).toMatchObject({ status: 'pending', attempts: 1 });
  expect(logged.lastError).toBeTruthy();
  const retry = await sendNotification(deps(), request(id));
  expect(retry.sentNow).toBe(true);
  expect(await db.notification.findUniqueOrThrow({ where: { dedupeKey: `hazard:${id}:2:rectification_notice` } })).toMatchObject({ status: 'sent', attempts: 2 });
});

test('an attempt cut off while its relay is slow, and retried elsewhere meanwhile, sends the mail once', async () => {
  const id = uniqueId('act');
  // The relay takes 1.5 s to accept: the first attempt is still sending when the retry comes.
  const slow = {
    sendMail: async (message: any) => {
      await new Promise((r) => setTimeout(r, 1500));
      return transport.sendMail(message);
    },
  } as unknown as typeof transport;
  const first = sendNotification({ ...deps(), transport: slow }, request(id));
  await new Promise((r) => setTimeout(r, 300));
  await expect(sendNotification(deps(), request(id))).rejects.toBeInstanceOf(MailSendInFlightError);
  expect((await first).sentNow).toBe(true);
  // The retry after it finds the mail sent.
  expect(await sendNotification(deps(), request(id))).toMatchObject({ sentNow: false, messageId: (await first).messageId });
  const ofHazard = (m: { headers: Record<string, string> }) => m.headers['x-campus-safety-key'] === `hazard:${id}:2:rectification_notice`;
  await mail.waitFor(ofHazard);
  await new Promise((r) => setTimeout(r, 500));
  expect((await mail.messages()).filter(ofHazard)).toHaveLength(1);
  expect(await db.notification.findUniqueOrThrow({ where: { dedupeKey: `hazard:${id}:2:rectification_notice` } })).toMatchObject({ status: 'sent', attempts: 1 });
});

test('a signed mail and its Cc copy: a failure between the two sends only the copy on the retry', async () => {
  const id = uniqueId('act');
  const withLinks = { ...deps(), publicUrl: 'http://127.0.0.1:9', links: { secret: TEST_LINK_SECRET, ttl: 'P14D' } };
  // The relay takes the addressed unit's mail, then refuses the Cc copy once.
  let refusedCopy = false;
  const flaky = {
    sendMail: async (message: any) => {
      if (message.headers?.['X-Campus-Safety-Copy'] === 'cc' && !refusedCopy) {
        refusedCopy = true;
        throw new Error('421 try again later');
      }
      return transport.sendMail(message);
    },
  } as unknown as typeof transport;
  await expect(sendNotification({ ...withLinks, transport: flaky }, request(id))).rejects.toThrow('421');
  expect((await sendNotification({ ...withLinks, transport: flaky }, request(id))).sentNow).toBe(true);
  const ofHazard = (m: { headers: Record<string, string> }) => m.headers['x-campus-safety-key'] === `hazard:${id}:2:rectification_notice`;
  await mail.waitForCount(ofHazard, 2);
  await new Promise((r) => setTimeout(r, 500));
  const received = (await mail.messages()).filter(ofHazard);
  expect(received.map((m) => m.headers['x-campus-safety-copy'] ?? 'addressed').sort()).toEqual(['addressed', 'cc']);
  expect(await db.notification.findUniqueOrThrow({ where: { dedupeKey: `hazard:${id}:2:rectification_notice` } })).toMatchObject({ status: 'sent', attempts: 2 });
});

test('a report reminder with its statistics table: a failed hand-off, then the retry sends it once, attachment and Message-ID the same', async () => {
  const id = uniqueId('act-stats');
  const dedupeKey = `campaign:${id}:report:monthly:2099-05-28:reminder:P3D`;
  const req = {
    dedupeKey,
    kind: 'report_reminder' as const,
    campaign: { id, name: '统计报表重试测试', jurisdictionId: 'yufeng' },
    to: [{ kind: 'school' as const, schoolId: 's01' }],
    details: { obligationTitle: '上月工作情况及统计表', period: '2099-05-28', dueAt: '2099-05-28T16:00:00.000Z', offset: 'P3D' },
  };
  const broken = createMailTransport({ SMTP_HOST: '127.0.0.1', SMTP_PORT: 1, SMTP_SECURE: false, SMTP_USER: undefined, SMTP_PASSWORD: undefined });
  await expect(sendCampaignNotification({ ...deps(), transport: broken }, req)).rejects.toThrow();
  broken.close();
  expect((await sendCampaignNotification(deps(), req)).sentNow).toBe(true);
  expect((await sendCampaignNotification(deps(), req)).sentNow).toBe(false);
  const received = await mail.waitFor((m) => m.headers['x-campus-safety-key'] === dedupeKey);
  await new Promise((r) => setTimeout(r, 500));
  expect((await mail.messages()).filter((m) => m.headers['x-campus-safety-key'] === dedupeKey)).toHaveLength(1);
  expect(received.messageId).toBe(messageIdFor(dedupeKey));
  // Due on 28 May: the table of April (no hazards in this campaign: the header row alone).
  expect(received.attachments.map((a) => [a.filename, a.text])).toEqual([
    [`${id}-statistics-2099-04.csv`, '\uFEFF统计期,统计维度,编号,名称,本期发现,本期整改,本期验收销号,本期逾期,本期督办,期末未销号,累计发现,销号率\r\n'],
  ]);
  expect(received.text).toContain('附件：2099年4月隐患排查整治统计报表');
  expect(await db.notification.findUniqueOrThrow({ where: { dedupeKey } })).toMatchObject({ status: 'sent', attempts: 2 });
});

test('a transition recorded twice is one audit row, and an older write never overwrites a newer state', async () => {
  const id = uniqueId('rec');
  const base: HazardState = {
    id,
    schoolId: 's01',
    category: 'fire',
    level: 'general',
    title: '消防通道堵塞',
    evidence: [],
    selfFixable: true,
    status: 'rectifying',
    responsible: { type: 'school', id: 's01' },
    escalationLevel: 0,
    listedSupervision: false,
    rejectionCount: 0,
    overdue: false,
    overdueCount: 0,
    reportedBy: { role: 'school', unitId: 's01' },
    reportedAt: '2026-11-23T00:00:00.000Z',
    lookBackDone: false,
    policy: { reminderOffsets: [], overdueGrace: 'P1D', governmentDeadline: 'P1D', lookBackAfter: 'P1D', rectificationPeriod: 'P1D' },
    seq: 2,
    history: [],
  };
  /** A transition of the audit trail, as the workflow records it. */
  const event = (seq: number, at: string, actor: Actor, action: string, [from, to]: [HazardStatus, HazardStatus], note?: string) => ({
    seq,
    at,
    actor,
    action,
    from,
    to,
    ...(note ? { note } : {}),
  });
  const event2 = event(2, '2026-11-23T00:00:01.000Z', { role: 'system' }, 'school_self_rectification', ['reported', 'rectifying']);
  const event3 = event(3, '2026-11-23T00:00:02.000Z', { role: 'school', unitId: 's01' }, 'rectification_reported', ['rectifying', 'rectified']);
  await recordHazardTransition(db, { dedupeKey: `hazard:${id}:3`, hazard: { ...base, status: 'rectified', seq: 3 }, event: event3 });
  await recordHazardTransition(db, { dedupeKey: `hazard:${id}:2`, hazard: base, event: event2 });
  await recordHazardTransition(db, { dedupeKey: `hazard:${id}:2`, hazard: base, event: event2 });
  expect(await db.auditEvent.count({ where: { hazardId: id } })).toBe(2);
  expect(await db.hazard.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'rectified', seq: 3 });
  // Instants, lists and the audit's data as the API reads them back (one raw statement writes them).
  const later = { ...base, status: 'rectifying' as const, seq: 4, dueAt: '2026-11-30T16:00:00.000Z', evidence: ['a.jpg', '照片,2.jpg'] };
  const event4 = event(4, '2026-11-23T08:30:00.250Z', { role: 'bureau', unitId: 'yufeng-edu' }, 'verification_failed', ['rectified', 'rectifying'], '复查未通过');
  await recordHazardTransition(db, { dedupeKey: `hazard:${id}:4`, hazard: later, event: event4 });
  const row = await db.hazard.findUniqueOrThrow({ where: { id } });
  expect({ dueAt: row.dueAt?.toISOString(), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), evidence: row.evidence, closedAt: row.closedAt }).toEqual({
    dueAt: '2026-11-30T16:00:00.000Z',
    createdAt: '2026-11-23T00:00:00.000Z',
    updatedAt: '2026-11-23T08:30:00.250Z',
    evidence: ['a.jpg', '照片,2.jpg'],
    closedAt: null,
  });
  const audit = await db.auditEvent.findUniqueOrThrow({ where: { dedupeKey: `hazard:${id}:4` } });
  expect({ at: audit.at.toISOString(), actor: audit.actor, note: audit.note, data: audit.data }).toEqual({
    at: '2026-11-23T08:30:00.250Z',
    actor: 'bureau:yufeng-edu',
    note: '复查未通过',
    data: { seq: 4, actor: { role: 'bureau', unitId: 'yufeng-edu' } },
  });

  // Transitions of one instant in one statement (a batch of the outbox): an audit row each, the
  // latest state in the read model whatever their order; written again, nothing more.
  const event5 = { seq: 5, at: '2026-11-24T00:00:00.000Z', actor: { role: 'system' as const }, action: 'overdue', from: 'rectifying' as const, to: 'rectifying' as const };
  const event6 = { seq: 6, at: '2026-11-24T00:00:00.000Z', actor: { role: 'system' as const }, action: 'escalated_to_supervisor', from: 'rectifying' as const, to: 'rectifying' as const };
  const both = [
    { dedupeKey: `hazard:${id}:6`, hazard: { ...later, overdue: true, escalationLevel: 1 as const, seq: 6 }, event: event6 },
    { dedupeKey: `hazard:${id}:5`, hazard: { ...later, overdue: true, seq: 5 }, event: event5 },
  ];
  await recordHazardTransitions(db, both);
  await recordHazardTransitions(db, both);
  const audits = await db.auditEvent.findMany({ where: { hazardId: id } });
  const stepOf = (a: (typeof audits)[number]) => (a.data as { seq: number }).seq;
  expect(audits.sort((a, b) => stepOf(a) - stepOf(b)).map((a) => a.action)).toEqual([
    'school_self_rectification',
    'rectification_reported',
    'verification_failed',
    'overdue',
    'escalated_to_supervisor',
  ]);
  expect(await db.hazard.findUniqueOrThrow({ where: { id } })).toMatchObject({ seq: 6, overdue: true, escalationLevel: 1, updatedAt: new Date('2026-11-24T00:00:00.000Z') });
});
