// Deadlines keep their time when mail or the database fails: on the real dev server, in real
// time, SMTP or PostgreSQL is taken away (a TCP proxy between them and the worker and API, cut)
// while a hazard's deadline passes and the ladder climbs to 挂牌督办. The transitions happen at
// their instants — the live state and the search attributes show them — and once the service is
// back every mail arrives once, in order, and the read model catches up; the reminder whose
// deadline passed meanwhile is not sent. The same for a campaign's phases and report deadlines.
import type { TcpProxy } from '../../devstack/tcp-proxy';
import { launchCampaign, majorHazard, timeline } from '../support/builders';
import { useDevServerHarness } from '../support/dev-server';
import { eventually, isCampaignMailOf, isMailOf, uniqueId } from '../support/hazard-helpers';

const h = useDevServerHarness({ smtpProxy: true, databaseProxy: true });
const SECOND = 1000;
const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));

/** Every mail of the missed deadline once SMTP and the database answer, in the order of its transitions. */
const HELD_BACK_AND_AFTER = [
  'hazard_reported',
  'rectification_notice',
  'overdue_notice',
  'escalated_to_bureau',
  'listed_supervision',
  'listed_supervision_reminder',
  'listed_supervision_overdue',
];

/**
 * A major hazard assigned with a deadline 12 s away: a reminder 6 s before, the bureau 4 s after,
 * the government 8 s after with its own deadline 30 s later. `fault` is cut once the 整改通知书 is
 * out and restored 10 s after the deadline.
 */
async function missDeadlineDuring(fault: TcpProxy) {
  const id = uniqueId('fault');
  const report = await h.request('POST', '/api/hazards', {
    body: majorHazard(id, { reminderOffsets: ['PT6S'], overdueGrace: 'PT4S', governmentDeadline: 'PT30S', lookBackAfter: 'P1D' }),
  });
  expect(report.status).toBe(201);
  const due = Date.now() + 12 * SECOND;
  expect((await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: new Date(due).toISOString() } })).status).toBe(200);
  await h.mail.waitFor(isMailOf(id, 'rectification_notice'));
  // Cut only once both mails so far are logged as sent (and the notice's Cc copy is out): a cut
  // inside the SMTP hand-off would send the notice again on the retry, with the same Message-ID.
  await eventually(
    () => h.db.notification.findMany({ where: { hazardId: id } }),
    (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'),
  );

  await fault.cut();
  // The reminder, the overdue notice, the bureau and the government come and go meanwhile.
  await sleepUntil(due + 9 * SECOND);
  // The live state (from the workflow; the bureau's key verified a moment ago) and the search attributes.
  const live = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  expect(live).toMatchObject({ escalationLevel: 3, listedSupervision: true });
  const lateness = (action: string, instant: number) => Date.parse(live.history.find((e: any) => e.action === action).at) - instant;
  for (const [action, instant] of [
    ['deadline_reminder', due - 6 * SECOND],
    ['overdue', due],
    ['escalated_to_bureau', due + 4 * SECOND],
    ['escalated_to_government', due + 8 * SECOND],
  ] as const) {
    const late = lateness(action, instant);
    expect([action, late >= 0 && late < 2 * SECOND]).toEqual([action, true]);
  }
  expect((await h.temporal.workflow.count(`WorkflowId = 'hazard-${id}' AND EscalationLevel = 3 AND HazardStatus = 'assigned'`)).count).toBe(1);
  expect((await h.mail.messages()).filter(isMailOf(id)).map((m) => m.headers['x-campus-safety-kind'])).toEqual(['hazard_reported', 'rectification_notice']);

  await sleepUntil(due + 10 * SECOND);
  await fault.restore();
  const all = await h.mail.waitForCount(isMailOf(id), HELD_BACK_AND_AFTER.length, { timeoutMs: 60 * SECOND });
  const seqOf = (m: (typeof all)[number]) => Number(m.headers['x-campus-safety-key'].split(':')[2]);
  expect([...all].sort((a, b) => seqOf(a) - seqOf(b)).map((m) => m.headers['x-campus-safety-kind'])).toEqual(HELD_BACK_AND_AFTER);
  // The government's own deadline fired on time, whatever was held back before it.
  const final = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  // Counted from the escalation's instant (on time here: 8 s after the deadline).
  const escalatedAt = Date.parse(final.history.find((e: any) => e.action === 'escalated_to_government').at);
  expect(Date.parse(final.governmentDueAt)).toBe(escalatedAt + 30 * SECOND);
  const late = Date.parse(final.history.find((e: any) => e.action === 'listed_supervision_overdue').at) - Date.parse(final.governmentDueAt);
  expect(late >= 0 && late < 2 * SECOND).toBe(true);
  // The read model has caught up; nothing more is on its way (the overtaken reminder is not sent).
  const row = await eventually(
    () => h.db.hazard.findUnique({ where: { id } }),
    (r) => r?.seq === final.history.length,
  );
  expect(row).toMatchObject({ escalationLevel: 3, listedSupervision: true, overdue: true });
  await new Promise((r) => setTimeout(r, SECOND));
  expect((await h.mail.messages()).filter(isMailOf(id))).toHaveLength(HELD_BACK_AND_AFTER.length);
  // The reminder's attempts during the outage are in the notification log, marked replaced and why (not left pending).
  const reminder = await eventually(
    () => h.db.notification.findMany({ where: { hazardId: id, kind: 'deadline_reminder' } }),
    (rows) => rows.every((r) => r.status !== 'pending'),
  );
  for (const row of reminder) {
    expect(row).toMatchObject({ status: 'replaced', lastError: null, sentAt: null });
    expect(row.notSentReason).toMatch(/^未发送：期限（.+）在本提醒发出前已到，由逾期通知代替$/);
  }
  return reminder.length;
}

test('an SMTP outage holds back the mail, never the deadline', async () => {
  // SMTP refused the reminder while it was due: its attempt was logged, then marked replaced.
  expect(await missDeadlineDuring(h.smtp!)).toBe(1);
});

test('a PostgreSQL outage holds back the read model and the mail, never the deadline', async () => {
  await missDeadlineDuring(h.database!);
});

test("an SMTP outage holds back a campaign's mail, never its phases, report deadlines and bulletins", async () => {
  const id = uniqueId('fault-campaign');
  const { T, at } = await timeline(h);
  const launch = await launchCampaign(h, {
    id,
    name: '护校安园专项行动（故障演练）',
    plan: {
      phases: [{ key: 'preparation', startAt: at(6 * SECOND), endAt: at(14 * SECOND) }],
      obligations: [{ key: 'implementation_plan', title: '实施方案', ownerIds: ['market'], dueAt: at(10 * SECOND) }],
    },
    participants: { departmentIds: ['market'], schools: { ids: ['s01'] } },
    policy: { reminderOffsets: ['PT3S'], overdueGrace: 'PT3S' },
  });
  expect(launch.status).toBe(201);
  await h.mail.waitFor(isCampaignMailOf(id, 'campaign_launched'));
  await eventually(
    () => h.db.notification.findMany({ where: { campaignId: id } }),
    (rows) => rows.length === 1 && rows[0].status === 'sent',
  );

  await h.smtp!.cut();
  // The phase opens and closes, the report falls due, goes on the bulletin and to the lead office, all without mail.
  await sleepUntil(T + 15 * SECOND);
  const live = (await h.request('GET', `/api/campaigns/${id}`, { key: 'lead' })).body;
  expect(live.phases[0]).toMatchObject({ key: 'preparation', status: 'closed', outcome: { missing: 0 } });
  // Each at its instant (workflow time), not when mail came back.
  expect(Date.parse(live.phases[0].closedAt) - (T + 14 * SECOND)).toBeLessThan(2 * SECOND);
  expect(live.obligations[0].periods[0].missed).toEqual(['market']);
  const bulletins = (await h.request('GET', `/api/campaigns/${id}/bulletins`, { key: 'lead' })).body.items;
  // The report's miss is news; the phase's closing found nothing: no bulletin for it.
  expect(bulletins.map((b: any) => [b.no, b.trigger, b.content.blacklist.map((u: any) => u.unitId)])).toEqual([[1, 'report:implementation_plan:once', ['market']]]);
  expect(Date.parse(bulletins[0].issuedAt) - (T + 10 * SECOND)).toBeLessThan(2 * SECOND);
  expect((await h.mail.messages()).filter(isCampaignMailOf(id)).map((m) => m.headers['x-campus-safety-kind'])).toEqual(['campaign_launched']);

  await h.smtp!.restore();
  // Once mail flows: every notice in the order of its step; the reminders overtaken by their
  // deadlines (the report's, the phase's end) are not sent.
  const expected = ['campaign_launched', 'phase_opened', 'report_overdue', 'bulletin_issued', 'rectification_order', 'report_escalated', 'phase_closed'];
  const all = await h.mail.waitForCount(isCampaignMailOf(id), expected.length, { timeoutMs: 60 * SECOND });
  const seqOf = (m: (typeof all)[number]) => Number(m.headers['x-campus-safety-key'].split(':')[2]);
  expect([...all].sort((a, b) => seqOf(a) - seqOf(b)).map((m) => m.headers['x-campus-safety-kind'])).toEqual(expected);
  await new Promise((r) => setTimeout(r, SECOND));
  expect((await h.mail.messages()).filter(isCampaignMailOf(id))).toHaveLength(expected.length);
});
