// Campaign dates: local dates in China Standard Time, recurring report days (month ends
// included). Pure: no server.
import { addDays, localDate, localInstant, occurrences } from '../common/campaign-calendar';

test('local dates are China Standard Time', () => {
  expect(localInstant('2026-05-25')).toBe('2026-05-24T16:00:00.000Z');
  expect(localInstant('2026-05-25', '18:00')).toBe('2026-05-25T10:00:00.000Z');
  expect(localDate('2026-05-24T16:00:00.000Z')).toBe('2026-05-25');
  expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
});

test('a monthly report before the 28th falls due at the start of each 28th until the campaign ends', () => {
  const periods = occurrences({ daysOfMonth: [28], until: localInstant('2022-02-01') }, localInstant('2021-04-23'));
  expect(periods.map((p) => p.period)).toEqual([
    '2021-04-28', '2021-05-28', '2021-06-28', '2021-07-28', '2021-08-28', '2021-09-28', '2021-10-28', '2021-11-28', '2021-12-28', '2022-01-28',
  ]);
  expect(periods[0].dueAt).toBe(localInstant('2021-04-28'));
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
