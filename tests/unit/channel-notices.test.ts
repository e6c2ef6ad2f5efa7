// Which channel message a notice makes for whom (activities/channel-notices.ts, docs/channels.md):
// the signed link only in the addressed unit's own group, the copy's page address elsewhere, an SMS
// only to those addressed, never at night, its parameters within the provider's 20 characters.
import { channelDeliveries, type ChannelNotice } from '../../activities/channel-notices';
import type { Database } from '../../common/database';
import { ACKNOWLEDGEMENT_REMINDER_KIND } from '../../domain/hazard/acknowledgement';
import { unitChannelsWith } from '../../devstack/channel-servers';

const channels = [
  unitChannelsWith('department', 'market', {
    contactMobiles: ['13800000001'],
    leaderMobiles: ['13900000001'],
    dingtalkWebhook: 'https://oapi.dingtalk.com/robot/send?access_token=a',
    dingtalkSecret: 'SECabcdefgh1',
  }),
  unitChannelsWith('school', 's01', { contactMobiles: ['13700000001'], wecomWebhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }),
];
/** Only what channelDeliveries reads of the database: the channels of the units. */
const db = { unitChannel: { findMany: async () => channels } } as unknown as Database;
/** The notice's own deliveries, without 签收's climb (the last test's). */
const deliveries = async (...args: Parameters<typeof channelDeliveries>) => (await channelDeliveries(...args)).filter((r) => r.kind !== ACKNOWLEDGEMENT_REMINDER_KIND);

const notice = (over: Partial<ChannelNotice> = {}): ChannelNotice => ({
  dedupeKey: 'hazard:HZ-1:assign:1',
  kind: 'rectification_notice',
  hazardId: 'HZ-1',
  to: [{ kind: 'department', departmentId: 'market' }],
  cc: [{ kind: 'school', schoolId: 's01' }],
  toUnits: [{ role: 'department', unitId: 'market', name: '柳州市鱼峰区市场监督管理局城中市场监督管理所' }],
  subject: '【护校安园】【重大隐患】整改通知书：请区市场监管局于12月10日24时前整改“校门口无证流动摊点”',
  text: '区市场监管局：\n现将下列隐患交办你单位。\n\n办理入口：https://app/l/TOKEN',
  ccText: '区市场监管局：\n现将下列隐患交办你单位。\n\n办理入口：https://app/hazards/HZ-1',
  link: { url: 'https://app/l/TOKEN', signedFor: '区市场监管局', expiresAt: '2026-12-20T00:00:00Z' },
  copyLink: { url: 'https://app/hazards/HZ-1', copy: true },
  item: 'HZ-2026-00000000000000001',
  deadline: '2026-12-10T16:00:00.000Z',
  timeZone: 'Asia/Shanghai',
  ...over,
});

test("the signed link goes to the addressed department's own group; the copied school's group gets the page's address; SMS only to the addressed", async () => {
  const rows = await deliveries(db, { sms: true, smsWorkingHoursOnly: false }, notice(), new Date('2026-12-07T02:00:00Z'));
  expect(rows.map((r) => `${r.channel} ${r.target}`)).toEqual(['dingtalk department:market', 'wecom school:s01', 'sms 13800000001']);
  const [dept, school, sms] = rows;
  expect(dept.body).toContain('[办理入口](https://app/l/TOKEN)');
  expect(dept.body).toContain('以区市场监管局身份登录');
  expect(dept.mentions).toEqual(['13800000001']);
  expect(school.body).toContain('[办理入口](https://app/hazards/HZ-1)');
  expect(school.body).not.toContain('TOKEN');
  expect(school.body).toContain('抄送');
  expect(school.mentions).toEqual([]);
  const params = JSON.parse(sms.body) as Record<string, string>;
  expect(params).toEqual({ unit: '柳州市鱼峰区市场监督管理局城中市场监督…', notice: '整改通知书', item: 'HZ-2026-00000000000…', deadline: '期限2026年12月10日24时' });
  for (const v of Object.values(params)) expect([...v].length).toBeLessThanOrEqual(20);
});

test("a notice to two units carries the page's address in every group; a leader copied on a notice to the own unit is @-mentioned", async () => {
  const rows = await deliveries(
    db,
    { sms: true, smsWorkingHoursOnly: false },
    notice({
      kind: 'overdue_notice',
      to: [
        { kind: 'department', departmentId: 'market' },
        { kind: 'school', schoolId: 's01' },
      ],
      cc: [{ kind: 'department_leader', departmentId: 'market' }],
      toUnits: [
        { role: 'department', unitId: 'market', name: '区市场监管局' },
        { role: 'school', unitId: 's01', name: '第一实验小学' },
      ],
      link: { url: 'https://app/hazards/HZ-1' },
    }),
  );
  expect(rows.filter((r) => r.channel !== 'sms').every((r) => r.body.includes('https://app/hazards/HZ-1') && !r.body.includes('TOKEN'))).toBe(true);
  expect(rows.find((r) => r.channel === 'dingtalk')!.mentions.sort()).toEqual(['13800000001', '13900000001']);
  expect(rows.filter((r) => r.channel === 'sms').map((r) => r.target)).toEqual(['13800000001', '13700000001']); // the leader, only copied, gets no SMS
});

test('an SMS due at night waits for 08:30; the groups do not', async () => {
  const night = new Date('2026-12-06T15:30:00Z'); // 23:30 in Shanghai
  const rows = await deliveries(db, { sms: true, smsWorkingHoursOnly: true }, notice(), night);
  expect(rows.find((r) => r.channel === 'sms')!.notBefore.toISOString()).toBe('2026-12-07T00:30:00.000Z'); // 08:30 the next morning
  expect(rows.find((r) => r.channel === 'dingtalk')!.notBefore).toEqual(night);
  const day = new Date('2026-12-07T03:00:00Z'); // 11:00
  expect((await deliveries(db, { sms: true, smsWorkingHoursOnly: true }, notice(), day)).find((r) => r.channel === 'sms')!.notBefore).toEqual(day);
  expect((await deliveries(db, { sms: false, smsWorkingHoursOnly: true }, notice(), day)).map((r) => r.channel)).toEqual(['dingtalk', 'wecom']);
});

test("签收's climb of a 整改通知书 (issued Monday 10:00): its own group with the signed link at 12:00, SMS to its contact at 13:00, its leader at 14:00; none for a notice that is not acknowledged", async () => {
  const issued = new Date('2026-12-07T02:00:00Z');
  const climb = (await channelDeliveries(db, { sms: true, smsWorkingHoursOnly: true }, notice(), issued)).filter((r) => r.kind === ACKNOWLEDGEMENT_REMINDER_KIND);
  expect(climb.map((r) => `${r.dedupeKey.split(':').at(-1)} ${r.channel} ${r.target} ${r.notBefore.toISOString()}`)).toEqual([
    'ack-robot dingtalk department:market 2026-12-07T04:00:00.000Z',
    'ack-sms sms 13800000001 2026-12-07T05:00:00.000Z',
    'ack-leader dingtalk department:market 2026-12-07T06:00:00.000Z',
    'ack-leader sms 13900000001 2026-12-07T06:00:00.000Z',
  ]);
  expect(climb[0].body).toContain('[办理入口（签收）](https://app/l/TOKEN)');
  expect(climb[0].mentions).toEqual(['13800000001']);
  expect(climb[2].mentions).toEqual(['13900000001']);
  expect(JSON.parse(climb[1].body).notice).toBe('整改通知书待签收');
  expect(JSON.parse(climb[3].body).notice).toBe('整改通知书未签收');
  expect((await channelDeliveries(db, { sms: true, smsWorkingHoursOnly: true }, notice({ kind: 'overdue_notice' }), issued)).some((r) => r.kind === ACKNOWLEDGEMENT_REMINDER_KIND)).toBe(
    false,
  );
});
