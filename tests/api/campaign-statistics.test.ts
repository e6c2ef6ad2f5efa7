// 统计报表 of a report period, on the time-skipping server: computed from the audit trail per
// department, school, category and level, as JSON and CSV; a past period recomputes the same;
// attached as CSV to the owners' reminders of a monthly report (the SMTP sink).
import { localDate, localInstant } from '../../common/campaign-calendar';
import { campaignMail, closeOneMajorLeaveOneGeneral, onePhasePlan, ownCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { addr, DAY, eventually, HOUR } from '../support/hazard-helpers';
import type { ParsedMail } from '../support/mail-sink';

const h = useHarness();

/** The statistics of campaign `id` for `period`, once they count the verified major hazard. */
const statisticsOnceVerified = (id: string, period: string) =>
  eventually(
    () => h.request('GET', `/api/campaigns/${id}/statistics?period=${period}`, { key: 'lead' }),
    (r) => r.status === 200 && r.body.rows.some((x: any) => x.dimension === 'level' && x.key === 'major' && x.verified === 1),
  );

test('the statistics table of the month: found, rectified, verified, open at the end, cumulative and closure rate per level, category, department and school', async () => {
  const { id, T, at } = await ownCampaign(h, 'stats', '统计测试专项行动', (at) => ({ plan: onePhasePlan('rectification', at(DAY), at(20 * DAY)) }));
  await closeOneMajorLeaveOneGeneral(h, id, at(5 * DAY), 'st');

  const period = localDate(T).slice(0, 7);
  const stats = await statisticsOnceVerified(id, period);
  const row = (dimension: string, key: string) => {
    const { dimension: _d, key: _k, name: _n, ...figures } = stats.body.rows.find((x: any) => x.dimension === dimension && x.key === key);
    return figures;
  };
  expect(row('level', 'major')).toEqual({ found: 1, rectified: 1, verified: 1, overdue: 0, escalated: 0, openAtEnd: 0, cumulative: 1, closureRate: 1 });
  expect(row('level', 'general')).toEqual({ found: 1, rectified: 0, verified: 0, overdue: 0, escalated: 0, openAtEnd: 1, cumulative: 1, closureRate: 0 });
  expect(row('department', 'market')).toEqual({ found: 1, rectified: 1, verified: 1, overdue: 0, escalated: 0, openAtEnd: 0, cumulative: 1, closureRate: 1 });
  expect(row('school', 's02')).toMatchObject({ found: 1, openAtEnd: 1 });
  // By 乡镇（街道） and 学段 too (一校一档: the seeded schools have no 乡镇 filled in, "unfilled", 未填报).
  expect(stats.body.rows.map((x: any) => `${x.dimension}:${x.key}`)).toEqual([
    'department:market',
    'school:s01',
    'school:s02',
    'township:unfilled',
    'stage:primary',
    'category:food_safety',
    'category:traffic_order',
    'level:general',
    'level:major',
  ]);
  expect(row('stage', 'primary')).toEqual({ found: 2, rectified: 1, verified: 1, overdue: 0, escalated: 0, openAtEnd: 1, cumulative: 2, closureRate: 0.5 });

  // The month before: nothing reported yet, an empty table.
  const [y, m] = period.split('-').map(Number);
  const before = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  expect((await h.request('GET', `/api/campaigns/${id}/statistics?period=${before}`, { key: 'lead' })).body.rows).toEqual([]);

  // As CSV, Chinese headers.
  const csv = await fetch(`${h.baseUrl}/api/campaigns/${id}/statistics.csv?period=${period}`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  expect(csv.status).toBe(200);
  const lines = (await csv.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('统计期,统计维度,编号,名称,本期发现,本期整改,本期验收销号,本期逾期,本期督办,期末未销号,累计发现,销号率');
  // The period as people name it, not its code.
  const periodName = `${Number(period.slice(0, 4))}年${Number(period.slice(5, 7))}月`;
  expect(lines).toContain(`${periodName},隐患等级,major,重大隐患,1,1,1,0,0,0,1,100.0%`);
  expect(lines).toContain(`${periodName},学段,primary,小学,2,1,1,0,0,1,2,50.0%`);
  expect(lines).toContain(`${periodName},乡镇（街道）,unfilled,未填报,2,1,1,0,0,1,2,50.0%`);
  expect(lines).toHaveLength(10);
  expect(stats.body.label).toBe(periodName);

  // A school reads its own rows only; a department those of its hazards.
  const own = await h.request('GET', `/api/campaigns/${id}/statistics?period=${period}`, { key: 'school' });
  expect(own.body.rows.map((x: any) => `${x.dimension}:${x.key}`)).toEqual(['department:market', 'school:s01', 'township:unfilled', 'stage:primary', 'category:food_safety', 'level:major']);
  const market = await h.request('GET', `/api/campaigns/${id}/statistics?period=${period}`, { key: 'market' });
  expect(market.body.rows.map((x: any) => `${x.dimension}:${x.key}`)).toEqual([
    'department:market',
    'school:s01',
    'township:unfilled',
    'stage:primary',
    'category:food_safety',
    'level:major',
  ]);

  // A half month (a report due twice a month): its own span, named so.
  const day = Number(localDate(T).slice(8, 10));
  const half = await h.request('GET', `/api/campaigns/${id}/statistics?period=${period}-H${day <= 15 ? 1 : 2}`, { key: 'lead' });
  expect(half.status).toBe(200);
  expect(half.body.label).toBe(`${periodName}${day <= 15 ? '上' : '下'}半月`);
  expect(half.body.rows.find((x: any) => x.dimension === 'level' && x.key === 'major')).toMatchObject({ found: 1, verified: 1 });
  const otherHalf = await h.request('GET', `/api/campaigns/${id}/statistics?period=${period}-H${day <= 15 ? 2 : 1}`, { key: 'lead' });
  expect(otherHalf.body.rows.find((x: any) => x.dimension === 'level' && x.key === 'major')?.found ?? 0).toBe(0);

  // A bad period is refused naming the field.
  const bad = await h.request('GET', `/api/campaigns/${id}/statistics?period=2026-13`, { key: 'lead' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe('query.period');
});

test("the owner's reminder of a monthly report carries the month's table as CSV (the download's columns, escaped); a one-off report's does not", async () => {
  const month = localDate(await h.now()).slice(0, 7);
  const [y, m] = month.split('-').map(Number);
  // A report due "每月1日前" (by the end of the 1st): the one due on the 1st of next month reports this month.
  const nextFirst = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const due = localInstant(nextFirst, '24:00');
  const { id, at } = await ownCampaign(h, 'stats-mail', '统计报表随附测试', (at) => ({
    plan: {
      phases: [{ key: 'rectification', startAt: at(HOUR), endAt: at(45 * DAY) }],
      obligations: [
        { key: 'monthly_statistics', title: '上月工作情况及统计表', ownerIds: ['s01'], recurrence: { dayOfMonth: 1, until: due } },
        { key: 'summary', title: '专项工作总结', ownerIds: ['s01'], dueAt: due },
        // A recurring report whose content is not the table: its reminder carries none.
        { key: 'theme_education', title: '安全主题教育开展情况', ownerIds: ['s01'], recurrence: { dayOfMonth: 1, until: due } },
      ],
    },
    policy: { reminderOffsets: ['P1D'] },
  }));
  await closeOneMajorLeaveOneGeneral(h, id, at(5 * DAY), 'sm');
  await statisticsOnceVerified(id, month);

  // The reminder comes a day before the deadline: at the end of this month.
  await h.advance(Date.parse(due) - DAY + HOUR - (await h.now()));
  const isReminder = (period: string) => (x: ParsedMail) => campaignMail(id, 'report_reminder')(x) && x.text.includes(period);
  const reminder = await h.mail.waitFor((x) => isReminder(`（${y}年${m}月）`)(x) && x.subject.includes('统计表'));
  const monthTitle = `${y}年${m}月隐患排查整治统计报表`;
  expect(reminder.text).not.toContain(`${nextFirst}期`);
  expect(reminder.to).toEqual(addr.school('s01'));
  expect(reminder.text).toContain(`现将${monthTitle}附后，请核对本单位有关数据，据实填报后随报送材料一并报送。\n\n附件：${monthTitle}\n`);
  expect(reminder.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`${id}-statistics-${month}.csv`, 'text/csv']]);
  const csv = reminder.attachments[0].text!;
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0]).toBe('统计期,统计维度,编号,名称,本期发现,本期整改,本期验收销号,本期逾期,本期督办,期末未销号,累计发现,销号率');
  // The school's own rows only (s02's hazard is not its business), the period as people name it.
  const monthName = `${y}年${m}月`;
  expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(
    ['责任部门,market', '学校,s01', '乡镇（街道）,unfilled', '学段,primary', '隐患类别,food_safety', '隐患等级,major'].map((k) => `${monthName},${k}`),
  );
  expect(lines).toContain(`${monthName},责任部门,market,区市场监管局,1,1,1,0,0,0,1,100.0%`);
  expect(lines).toContain(`${monthName},隐患等级,major,重大隐患,1,1,1,0,0,0,1,100.0%`);
  // The rows the school's statistics download has for the month, the same.
  const download = await fetch(`${h.baseUrl}/api/campaigns/${id}/statistics.csv?period=${month}`, { headers: { authorization: `Bearer ${h.keys.school}` } });
  expect(csv).toBe(Buffer.from(await download.arrayBuffer()).toString('utf8'));

  // The theme education's reminder of the same month: no table.
  const theme = await h.mail.waitFor((x) => isReminder(`（${monthName}）`)(x) && x.subject.includes('安全主题教育'));
  expect(theme.attachments).toEqual([]);
  expect(theme.text).not.toContain('附件');

  // The one-off report's reminder: no table.
  const summary = await h.mail.waitFor(isReminder('（一次性报送）'));
  expect(summary.attachments).toEqual([]);
  expect(summary.text).not.toContain('附件');
});
