// 工作时间 (issue 24, item 13): a rung's notice that falls outside 08:30–18:00 local is sent at the
// next 08:30; the deadline, the transition and its record stay at the rung's instant. On the
// time-skipping server with working hours on, as in production (NOTICES_WORKING_HOURS_ONLY): the
// held-notice dispatcher polls on the server's clock.
import { DEFAULT_TEST_POLICY, useHarness } from '../support/harness';
import { addr, beijing, eventually, mailsOf, reportHazard, sorted, uniqueId, waitForMail } from '../support/hazard-helpers';
import { zoned, zonedInstant } from '../../common/time';

const MINUTE = 60_000;
// The reminder 11 hours before a 10:00 deadline: at 23:00 the evening before.
const h = useHarness({ policy: { ...DEFAULT_TEST_POLICY, reminderOffsets: ['PT11H'] }, workingHours: { pollMs: 100 } });

/** Lets the server's clock reach `instant` (ms). */
async function advanceTo(instant: number): Promise<void> {
  const now = await h.now();
  if (instant > now) await h.advance(instant - now);
}

/** Real time for the dispatcher to take a few rounds (it polls every 100 ms). */
const rounds = () => new Promise((r) => setTimeout(r, 1500));

test('a reminder whose rung falls at 23:00 is recorded at 23:00 and mailed at 08:30 the next morning, saying how long is left then; the overdue notice at 10:00 goes at once', async () => {
  const id = uniqueId('wh');
  await reportHazard(h, { id, level: 'major', title: '校门口占道经营，影响学生通行' });
  // Due at 10:00 local, the day after tomorrow: its reminder rung is at 23:00 tomorrow.
  const today = zoned(await h.now()).toISODate()!;
  const day = (n: number) =>
    zoned(Date.parse(zonedInstant(today)))
      .plus({ days: n })
      .toISODate()!;
  const dueAt = zonedInstant(day(2), '10:00');
  const rung = Date.parse(zonedInstant(day(1), '23:00'));
  const morning = Date.parse(zonedInstant(day(2), '08:30'));
  const assigned = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt, note: '请依法取缔' } });
  expect(assigned.status).toBe(200);
  expect(Date.parse(assigned.body.dueAt)).toBe(Date.parse(dueAt));

  // 23:01: the rung has fired at its instant, in the workflow and its record; no mail at night.
  await advanceTo(rung + MINUTE);
  const view = await eventually(
    async () => (await h.request('GET', `/api/hazards/${id}`)).body,
    (v) => v.history.some((e: any) => e.action === 'deadline_reminder'),
  );
  const reminded = view.history.filter((e: any) => e.action === 'deadline_reminder');
  expect(reminded).toHaveLength(1);
  expect(Math.abs(Date.parse(reminded[0].at) - rung)).toBeLessThan(MINUTE);
  const held = await eventually(
    () => h.db.notification.findMany({ where: { hazardId: id, kind: 'deadline_reminder' } }),
    (rows) => rows.length === 1,
  );
  expect(held).toEqual([expect.objectContaining({ status: 'held', notBefore: new Date(morning), sentAt: null })]);
  await rounds();
  expect(await mailsOf(h, id, 'deadline_reminder')).toHaveLength(0);

  // 08:29:30: still held.
  await advanceTo(morning - 30_000);
  await rounds();
  expect(await mailsOf(h, id, 'deadline_reminder')).toHaveLength(0);

  // 08:30: sent, once, to the department, with the deadline as it is and the time left then (1小时30分).
  await advanceTo(morning + 1000);
  const mail = await waitForMail(h, id, 'deadline_reminder');
  expect(sorted(mail.to)).toEqual(sorted(addr.dept('market')));
  // "还有…" is counted at the send (08:30, a moment after on a busy machine), the deadline written as it is.
  expect(mail.text).toMatch(new RegExp(`距整改期限（${beijing(dueAt)}）还有1小时(30|29)分钟`));
  expect(mail.subject).toMatch(/距整改期限还有1小时(30|29)分钟$/);
  expect(await h.db.notification.findMany({ where: { hazardId: id, kind: 'deadline_reminder' } })).toEqual([expect.objectContaining({ status: 'sent' })]);

  // 10:00, within working hours: the overdue notice is sent at its instant, never held.
  await advanceTo(Date.parse(dueAt) + MINUTE);
  await waitForMail(h, id, 'overdue_notice');
  const overdue = await h.db.notification.findMany({ where: { hazardId: id, kind: 'overdue_notice' } });
  expect(overdue).toEqual([expect.objectContaining({ status: 'sent', notBefore: null })]);
  await rounds();
  expect(await mailsOf(h, id, 'deadline_reminder')).toHaveLength(1);
});
