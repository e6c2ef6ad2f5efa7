// 工作时间: a notice due at night is sent at the next 08:30 local; one due between 08:30 and
// 18:00 is sent at once. Pure: no server.
import { addWorkingHours, isWorkingInstant, nextWorkingInstant, noticeSendableAt, workingHoursBetween } from '../../domain/working-hours';
import { ACKNOWLEDGEMENT_CLIMB, ACKNOWLEDGEMENT_DUE_WORKING_HOURS, acknowledgementLateness, climbOf } from '../../domain/hazard/acknowledgement';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

test('an instant within 08:30–18:00 Beijing time is sent as it is, to the millisecond', () => {
  expect(nextWorkingInstant(at('2026-12-07T08:30:00+08:00'), SH).toISOString()).toBe('2026-12-07T00:30:00.000Z');
  expect(nextWorkingInstant(at('2026-12-07T12:34:56.789+08:00'), SH).toISOString()).toBe('2026-12-07T04:34:56.789Z');
  expect(nextWorkingInstant(at('2026-12-07T18:00:00+08:00'), SH).toISOString()).toBe('2026-12-07T10:00:00.000Z');
});

test('after 18:00 it waits for the next morning 08:30; before 08:30 for the same morning', () => {
  expect(nextWorkingInstant(at('2026-12-07T18:00:00.001+08:00'), SH).toISOString()).toBe('2026-12-08T00:30:00.000Z');
  expect(nextWorkingInstant(at('2026-12-07T23:59:59+08:00'), SH).toISOString()).toBe('2026-12-08T00:30:00.000Z');
  // "12月7日24时" — a deadline at midnight: its overdue notice goes at 08:30 the next day.
  expect(nextWorkingInstant(at('2026-12-08T00:00:00+08:00'), SH).toISOString()).toBe('2026-12-08T00:30:00.000Z');
  expect(nextWorkingInstant(at('2026-12-08T08:29:59.999+08:00'), SH).toISOString()).toBe('2026-12-08T00:30:00.000Z');
});

test('weekends count: a Saturday night reminder goes on Sunday 08:30, a month or year end rolls over', () => {
  // 2026-12-12 is a Saturday.
  expect(nextWorkingInstant(at('2026-12-12T20:00:00+08:00'), SH).toISOString()).toBe('2026-12-13T00:30:00.000Z');
  expect(nextWorkingInstant(at('2026-12-31T19:00:00+08:00'), SH).toISOString()).toBe('2027-01-01T00:30:00.000Z');
  expect(nextWorkingInstant(at('2027-02-28T22:00:00+08:00'), SH).toISOString()).toBe('2027-03-01T00:30:00.000Z');
});

test('the window is local to the zone it is given: 08:30 in Urumqi is 08:30 there, across a DST change in Berlin', () => {
  expect(nextWorkingInstant(at('2026-12-07T01:00:00Z'), 'Asia/Urumqi').toISOString()).toBe('2026-12-07T02:30:00.000Z');
  expect(isWorkingInstant(at('2026-12-07T01:00:00Z'), SH)).toBe(true);
  expect(isWorkingInstant(at('2026-12-07T01:00:00Z'), 'Asia/Urumqi')).toBe(false);
  // 2027-03-28 02:00 Berlin jumps to 03:00: 08:30 that morning is 06:30Z, not 07:30Z.
  expect(nextWorkingInstant(at('2027-03-27T20:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2027-03-28T06:30:00.000Z');
});

describe('a notice of a rung (domain/working-hours.ts noticeSendableAt)', () => {
  const now = Date.parse('2026-12-07T10:00:00+08:00');
  test('a reminder whose rung falls at 23:00 local is sent at 08:30 the next day; at 10:00 at once', () => {
    expect(noticeSendableAt('deadline_reminder', '2026-12-07T23:00:00+08:00', now, SH)!.toISOString()).toBe('2026-12-08T00:30:00.000Z');
    expect(noticeSendableAt('deadline_reminder', '2026-12-07T10:00:00+08:00', now, SH)!.toISOString()).toBe('2026-12-07T02:00:00.000Z');
  });
  test('an overdue notice at 24时, an escalation at 05:00 and a report reminder at midnight wait for 08:30 of that morning', () => {
    expect(noticeSendableAt('overdue_notice', '2026-12-08T00:00:00+08:00', now, SH)!.toISOString()).toBe('2026-12-08T00:30:00.000Z');
    expect(noticeSendableAt('listed_supervision', '2026-12-08T05:00:00+08:00', now, SH)!.toISOString()).toBe('2026-12-08T00:30:00.000Z');
    expect(noticeSendableAt('report_reminder', '2026-12-08T00:00:00+08:00', now, SH)!.toISOString()).toBe('2026-12-08T00:30:00.000Z');
    expect(noticeSendableAt('bulletin_issued', '2026-12-08T00:00:00+08:00', now, SH)!.toISOString()).toBe('2026-12-08T00:30:00.000Z');
  });
  test('a rung whose notice could not go before 18:00 (the relay was down) waits for the next morning, counted from now', () => {
    const evening = Date.parse('2026-12-07T19:15:00+08:00');
    expect(noticeSendableAt('deadline_reminder', '2026-12-07T17:59:00+08:00', evening, SH)!.toISOString()).toBe('2026-12-08T00:30:00.000Z');
  });
  test("what answers a person's action goes at once, at any hour", () => {
    for (const kind of ['hazard_reported', 'rectification_reported', 'verification_failed', 'extension_approved', 'report_received', 'campaign_launched']) {
      expect(noticeSendableAt(kind, '2026-12-07T23:00:00+08:00', now, SH)).toBeUndefined();
    }
  });
  test("in the campaign's own zone", () => {
    // 23:00 in Urumqi is 01:00 Beijing time: held to 08:30 Urumqi time (10:30 Beijing).
    expect(noticeSendableAt('report_overdue', '2026-12-07T17:00:00Z', now, 'Asia/Urumqi')!.toISOString()).toBe('2026-12-08T02:30:00.000Z');
  });
});

test('签收 climbs in working hours: 2 h after a 10:00 notice is 12:00; after a 17:00 one, 09:30 the next morning; at night it counts from 08:30', () => {
  expect(addWorkingHours(at('2026-12-07T10:00:00+08:00'), 2, SH).toISOString()).toBe('2026-12-07T04:00:00.000Z');
  expect(addWorkingHours(at('2026-12-07T17:00:00+08:00'), 2, SH).toISOString()).toBe('2026-12-08T01:30:00.000Z');
  expect(addWorkingHours(at('2026-12-07T23:00:00+08:00'), 4, SH).toISOString()).toBe('2026-12-08T04:30:00.000Z');
  // The climb of a 整改通知书 issued at 16:00: its groups at 18:00, SMS at 09:30 the next day, the leader at 10:30.
  expect(climbOf(at('2026-12-07T16:00:00+08:00'), SH).map((c) => [c.step, c.at.toISOString()])).toEqual([
    ['robot', '2026-12-07T10:00:00.000Z'],
    ['sms', '2026-12-08T01:30:00.000Z'],
    ['leader', '2026-12-08T02:30:00.000Z'],
  ]);
});

test('签收 late or not, in working hours: the hours between two instants are only those within 08:30–18:00; the 通报 counts it from the notice', () => {
  expect(workingHoursBetween(at('2026-12-07T10:00:00+08:00'), at('2026-12-07T12:30:00+08:00'), SH)).toBe(2.5);
  // 17:00 to 09:30 the next day: 1 h that evening, 1 h that morning.
  expect(workingHoursBetween(at('2026-12-07T17:00:00+08:00'), at('2026-12-08T09:30:00+08:00'), SH)).toBe(2);
  // At night only: none; backwards: none; any 48 hours: two working days of 9.5 h.
  expect(workingHoursBetween(at('2026-12-07T19:00:00+08:00'), at('2026-12-08T07:00:00+08:00'), SH)).toBe(0);
  expect(workingHoursBetween(at('2026-12-08T10:00:00+08:00'), at('2026-12-07T10:00:00+08:00'), SH)).toBe(0);
  expect(workingHoursBetween(at('2026-12-07T13:17:00+08:00'), at('2026-12-09T13:17:00+08:00'), SH)).toBe(19);
  // The inverse of addWorkingHours.
  const from = at('2026-12-07T16:20:00+08:00');
  expect(workingHoursBetween(from, addWorkingHours(from, 4, SH), SH)).toBe(4);
  // Late: after the 4 working hours of the climb (a 16:00 notice: by 10:30 the next day), or not at all once they are past.
  const issued = at('2026-12-07T16:00:00+08:00');
  expect(ACKNOWLEDGEMENT_DUE_WORKING_HOURS).toBe(ACKNOWLEDGEMENT_CLIMB.at(-1)!.afterWorkingHours);
  expect(acknowledgementLateness(issued, at('2026-12-08T10:30:00+08:00'), at('2026-12-09T00:00:00+08:00'), SH)).toEqual({ late: false, hours: 4 });
  expect(acknowledgementLateness(issued, at('2026-12-08T11:00:00+08:00'), at('2026-12-09T00:00:00+08:00'), SH)).toEqual({ late: true, hours: 4.5 });
  expect(acknowledgementLateness(issued, null, at('2026-12-08T10:00:00+08:00'), SH)).toEqual({ late: false, hours: 3.5 });
  expect(acknowledgementLateness(issued, null, at('2026-12-08T17:00:00+08:00'), SH)).toEqual({ late: true, hours: 10.5 });
});
