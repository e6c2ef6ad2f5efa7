// Campaign dates: local dates in the campaign's zone (default China Standard Time), months added
// in local calendar terms, "N日前" as the campaign reads it, recurring report days (month ends
// included), and limits written as people write them. Pure: no server.
import { addDays, beforeDay, localDate, localInstant, occurrences } from '../../common/campaign-calendar';
import { shiftByDuration } from '../../common/iso-duration';
import { formatDayWindow, formatDeadline, formatHour } from '../../common/time';

test('local dates are China Standard Time', () => {
  expect(localInstant('2026-05-25')).toBe('2026-05-24T16:00:00.000Z');
  expect(localInstant('2026-05-25', '18:00')).toBe('2026-05-25T10:00:00.000Z');
  expect(localDate('2026-05-24T16:00:00.000Z')).toBe('2026-05-25');
  expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
});

test('a monthly report "28日前" falls due at the end of each 28th until the campaign ends (exclusive: at its start)', () => {
  const periods = occurrences({ daysOfMonth: [28], until: localInstant('2022-02-01') }, localInstant('2021-04-23'));
  expect(periods.map((p) => p.period)).toEqual(['2021-04-28', '2021-05-28', '2021-06-28', '2021-07-28', '2021-08-28', '2021-09-28', '2021-10-28', '2021-11-28', '2021-12-28', '2022-01-28']);
  expect(periods[0].dueAt).toBe('2021-04-28T16:00:00.000Z');
  expect(formatDeadline(periods[0].dueAt)).toBe('2021年4月28日24时');
  const exclusive = occurrences({ daysOfMonth: [28], until: localInstant('2022-02-01') }, localInstant('2021-04-23'), 'Asia/Shanghai', 'exclusive');
  expect(exclusive[0].dueAt).toBe(localInstant('2021-04-28'));
  expect(beforeDay('2026-11-28')).toBe('2026-11-28T16:00:00.000Z');
  expect(beforeDay('2026-11-28', 'exclusive')).toBe('2026-11-27T16:00:00.000Z');
});

test('P1M is added in local calendar terms: 1 March local + P1M is 1 April local, 31 January + P1M the last of February', () => {
  // 2026-02-28T16:00Z is 1 March 00:00 in China; in UTC it is still 28 February.
  const march1 = Date.parse('2026-02-28T16:00:00.000Z');
  expect(new Date(shiftByDuration(march1, 'P1M')).toISOString()).toBe(localInstant('2026-04-01'));
  expect(new Date(shiftByDuration(march1, 'P1M', -1)).toISOString()).toBe(localInstant('2026-02-01'));
  expect(new Date(shiftByDuration(Date.parse(localInstant('2026-01-31', '18:00')), 'P1M')).toISOString()).toBe(localInstant('2026-02-28', '18:00'));
  expect(new Date(shiftByDuration(march1, 'P1MT12H')).toISOString()).toBe(localInstant('2026-04-01', '12:00'));
  // Another zone: the same instant is 28 February in New York; a month later is 28 March there.
  expect(new Date(shiftByDuration(march1, 'P1M', 1, 'America/New_York')).toISOString()).toBe(localInstant('2026-03-28', '11:00', 'America/New_York'));
  // A day across a daylight-saving change is a calendar day (23 hours), not 24.
  expect(new Date(shiftByDuration(Date.parse(localInstant('2026-03-07', '09:00', 'America/New_York')), 'P1D', 1, 'America/New_York')).toISOString()).toBe(
    localInstant('2026-03-08', '09:00', 'America/New_York'),
  );
});

test('local dates follow the zone: no fixed +08:00', () => {
  expect(localInstant('2026-07-01', '00:00', 'Europe/Berlin')).toBe('2026-06-30T22:00:00.000Z');
  expect(localDate('2026-06-30T22:30:00.000Z', 'Europe/Berlin')).toBe('2026-07-01');
  expect(localDate('2026-06-30T22:30:00.000Z')).toBe('2026-07-01');
  expect(formatHour('2026-06-30T22:30:00.000Z', 'Europe/Berlin')).toBe('2026年7月1日0时30分（Europe/Berlin）');
});

test('limits and windows are written as people write them', () => {
  expect(formatDeadline(localInstant('2026-11-29'))).toBe('2026年11月28日24时');
  expect(formatDeadline(localInstant('2026-11-24', '18:00'))).toBe('2026年11月24日18时');
  expect(formatDayWindow(localInstant('2021-04-23'), localInstant('2021-05-26'))).toBe('自2021年4月23日起至5月25日止');
  expect(formatDayWindow(localInstant('2021-11-26'), localInstant('2022-02-01'))).toBe('自2021年11月26日起至2022年1月31日止');
});

test('reports on the 2nd and 17th come twice a month, in order', () => {
  const periods = occurrences({ daysOfMonth: [17, 2], until: localInstant('2012-07-01'), time: '18:00' }, localInstant('2012-05-10'));
  expect(periods.map((p) => p.period)).toEqual(['2012-05-17', '2012-06-02', '2012-06-17']);
  expect(periods[1].dueAt).toBe(localInstant('2012-06-02', '18:00'));
});

test('a day past the end of a month falls on its last day, once', () => {
  const periods = occurrences({ daysOfMonth: [30, 31], until: localInstant('2024-05-01') }, localInstant('2024-01-15'));
  expect(periods.map((p) => p.period)).toEqual(['2024-01-30', '2024-01-31', '2024-02-29', '2024-03-30', '2024-03-31', '2024-04-30']);
  const nonLeap = occurrences({ dayOfMonth: 31, until: localInstant('2023-03-01') }, localInstant('2023-02-01'));
  expect(nonLeap.map((p) => p.period)).toEqual(['2023-02-28']);
});
