// A reminder's "还有…" is counted when the mail is sent (issue 29): one held back says what is
// true then, never the offset it was planned at. Pure: the mail template, no server.
import { renderMail } from '../../activities/hazard-mail-templates';
import type { NotificationKind } from '../../common/notification';
import { describeSpanZh } from '../../common/time';

test('the time left is written as people say it, rounded to its size', () => {
  expect(describeSpanZh(3 * 86_400_000)).toBe('3天');
  expect(describeSpanZh(3 * 86_400_000 - 60_000)).toBe('3天'); // sent a minute late: still "3天"
  expect(describeSpanZh(86_400_000 + 5 * 3_600_000)).toBe('1天5小时');
  expect(describeSpanZh(2.5 * 3_600_000)).toBe('2小时30分钟');
  expect(describeSpanZh(90_000)).toBe('2分钟');
  expect(describeSpanZh(3_500)).toBe('4秒');
  expect(describeSpanZh(200)).toBe('1秒');
});

const directory = { schoolName: '鱼峰区第一小学', departmentName: '市公安局鱼峰分局', leadOfficeName: '鱼峰区护校安园专项行动领导小组办公室' } as any;
const hazard = {
  id: 'hz-1',
  title: '校门口缺少减速带',
  category: 'traffic_order',
  level: 'major',
  status: 'assigned',
  schoolId: 's01',
  departmentId: 'police',
  dueAt: '2026-12-06T10:00:00.000Z',
  governmentDueAt: '2026-12-06T04:02:31.445Z',
  escalationLevel: 3,
  evidence: [],
} as any;
/** The reminder `kind` of the hazard above, planned at `offset` before its deadline for the instant `at` and sent at `sentAt`, to `toName`. */
const reminder = (kind: NotificationKind, offset: string, toName: string, at: string, sentAt: string) =>
  renderMail({ kind, hazard, details: { offset }, directory, toNames: [toName], timeZone: 'Asia/Shanghai', at, sentAt });

test('a 挂牌督办 reminder sent 26.5 s late says 3.5 s are left (4秒), not the 30 s it was planned at, and states the deadline as a date and time', () => {
  const mail = reminder('listed_supervision_reminder', 'PT30S', '鱼峰区人民政府', '2026-12-06T04:02:01.445Z', '2026-12-06T04:02:27.945Z');
  expect(mail.subject).toContain('距督办期限还有4秒');
  expect(mail.subject).not.toContain('30秒');
  expect(mail.text).toContain('督办期限（2026年12月6日12时2分');
});

test('a 整改 reminder sent on time says its planned offset', () => {
  const mail = reminder('deadline_reminder', 'P1D', '市公安局鱼峰分局', '2026-12-05T10:00:00.000Z', '2026-12-05T10:00:00.300Z');
  expect(mail.subject).toContain('距整改期限还有1天');
  expect(mail.text).toContain('整改期限（2026年12月6日18时）还有1天');
});
