// The presets against the source documents (../shared/seeds/): each plan launched on its own
// dates gives the phases and deadlines the source names, its owners resolved against the
// directory; launched on new dates, it keeps its shape and its report days; and on the
// time-skipping server a month-end report is reminded, and overdue, on the right days.
import { issueApiKey } from '../../api/auth';
import { participantsOf, planFromPreset } from '../../api/campaign-plan';
import { createDatabase, type Database } from '../../common/database';
import { PHASE_KEYS, type CampaignPlan, type CampaignPreset } from '../../common/campaign';
import { localDate, localInstant, obligationPeriods } from '../../common/campaign-calendar';
import { CAMPAIGN_PRESETS } from '../../common/campaign-presets';
import { bulletinReasons, campaignMail, launchCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { addr, DAY, HOUR, uniqueId } from '../support/hazard-helpers';
import type { ParsedMail } from '../support/mail-sink';

const ALL_SCHOOLS = Array.from({ length: 32 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
const KINDERGARTENS = ALL_SCHOOLS.slice(23);
/** 建德 2020: 向中学扩面 — every school of the directory but the vocational one (s23). */
const JIANDE_SCHOOLS = ALL_SCHOOLS.filter((s) => s !== 's23');
const ALL_DEPARTMENTS = ['civil', 'culture', 'cyber', 'edu', 'emergency', 'enforcement', 'fire', 'health', 'housing', 'justice', 'market', 'police', 'traffic', 'transport'];

const preset = (id: string): CampaignPreset => {
  const p = CAMPAIGN_PRESETS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

describe('each preset launched on its own dates is the plan of its source', () => {
  let db: Database;
  let participants: Awaited<ReturnType<typeof participantsOf>>;
  const participantsOfPreset = new Map<string, Awaited<ReturnType<typeof participantsOf>>>();
  beforeAll(async () => {
    db = createDatabase(process.env.TEST_DATABASE_URL!);
    participants = await participantsOf(db, 'yufeng');
    for (const p of CAMPAIGN_PRESETS) participantsOfPreset.set(p.id, await participantsOf(db, 'yufeng', {}, p.schoolKinds));
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  /** The plan as a campaign launched on the source's own first day would run it. */
  function planOf(id: string) {
    const p = preset(id);
    const plan = planFromPreset({ preset: p, startDate: p.startDate }, participantsOfPreset.get(id)!, Date.parse(localInstant(p.startDate)));
    const phase = (key: string) => {
      const ph = plan.phases.find((x) => x.key === key);
      return ph && [ph.startAt, ph.endAt];
    };
    const obligation = (key: string) => {
      const o = plan.obligations.find((x) => x.key === key);
      if (!o) throw new Error(`${id} has no obligation ${key}`);
      return { ownerIds: o.ownerIds, periods: obligationPeriods(o, plan, 0) };
    };
    return { plan, phase, obligation };
  }
  const day = (date: string, time?: string) => localInstant(date, time);

  test('every preset: phases in the order of the loop, each window non-empty, every owner a unit of the directory', () => {
    expect(CAMPAIGN_PRESETS.map((p) => p.id).sort()).toEqual(['jiande-2020', 'pinghu-2012', 'pulu-2021', 'qiannan-2020', 'yufeng-2023']);
    for (const p of CAMPAIGN_PRESETS) {
      const { plan } = planOf(p.id);
      const order = plan.phases.map((ph) => PHASE_KEYS.indexOf(ph.key));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (let i = 0; i < plan.phases.length; i++) {
        const ph = plan.phases[i];
        expect(Date.parse(ph.startAt)).toBeLessThan(Date.parse(ph.endAt));
        if (i > 0) expect(Date.parse(ph.startAt)).toBeGreaterThanOrEqual(Date.parse(plan.phases[i - 1].startAt));
        expect(ph.asks).toEqual(expect.any(String));
      }
      const known = new Set(['lead_office', ...participants.departmentIds, ...participants.schoolIds]);
      for (const o of plan.obligations) {
        expect(o.ownerIds.length).toBeGreaterThan(0);
        for (const owner of o.ownerIds) expect(known.has(owner)).toBe(true);
      }
    }
  });

  test('Pulü 2021: 摸排 to 5/25, 整改 5/26–11/25, 验收 and 巩固提高 over the same dates to 1/31; reports before each 28th, the summary before 1/20', () => {
    const { plan, phase, obligation } = planOf('pulu-2021');
    expect(plan.phases.map((p) => p.key)).toEqual(['survey', 'rectification', 'acceptance', 'consolidation']);
    expect(phase('survey')).toEqual([day('2021-04-23'), day('2021-05-26')]);
    expect(phase('rectification')).toEqual([day('2021-05-26'), day('2021-11-26')]);
    expect(phase('acceptance')).toEqual([day('2021-11-26'), day('2022-02-01')]);
    expect(phase('consolidation')).toEqual(phase('acceptance'));
    const monthly = obligation('monthly_report');
    expect(monthly.ownerIds).toEqual(['edu']);
    expect(monthly.periods.map((p) => p.period)).toEqual([
      '2021-04-28',
      '2021-05-28',
      '2021-06-28',
      '2021-07-28',
      '2021-08-28',
      '2021-09-28',
      '2021-10-28',
      '2021-11-28',
      '2021-12-28',
      '2022-01-28',
    ]);
    expect(monthly.periods.every((p) => p.dueAt === day(p.period, '24:00'))).toBe(true); // "28日前": due at the end of the 28th
    expect(obligation('summary').periods).toEqual([{ period: 'once', dueAt: day('2022-01-21') }]);
    // A campaign that reads "N日前" exclusively: due when the 28th (and 20 January) begins.
    const p = preset('pulu-2021');
    const exclusive = planFromPreset({ preset: p, startDate: p.startDate, reading: 'exclusive' }, participants, Date.parse(localInstant(p.startDate)));
    const summary = exclusive.obligations.find((o) => o.key === 'summary')!;
    expect(summary.dueAt).toBe(day('2022-01-20'));
    expect(exclusive.obligations.find((o) => o.key === 'monthly_report')!.recurrence!.time).toBe('00:00');
  });

  test('Pinghu 2012: one window 3/1–11/30; statistics before the 2nd and the 17th, the monthly report before the 2nd, a joint action by the end of July, the summary before 12/3', () => {
    const { plan, phase, obligation } = planOf('pinghu-2012');
    expect(plan.phases.map((p) => p.key)).toEqual(['rectification']);
    expect(phase('rectification')).toEqual([day('2012-03-01'), day('2012-12-01')]);
    const statistics = obligation('statistics_report');
    expect(statistics.ownerIds).toEqual(['police']);
    expect(statistics.periods.map((p) => p.period)).toEqual([...['03', '04', '05', '06', '07', '08', '09', '10', '11'].flatMap((m) => [`2012-${m}-02`, `2012-${m}-17`]), '2012-12-02']);
    const monthly = obligation('monthly_work_report');
    expect(monthly.ownerIds).toEqual(['police', 'traffic']);
    expect(monthly.periods.map((p) => p.period)).toEqual(['03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2012-${m}-02`));
    expect(obligation('joint_action').periods).toEqual([{ period: 'once', dueAt: day('2012-08-01') }]);
    expect(obligation('summary')).toEqual({ ownerIds: ['police', 'traffic'], periods: [{ period: 'once', dueAt: day('2012-12-04') }] });
  });

  test('Qiannan 2020: item 12 as a survey before the autumn term opens (每学期开学前), rectification and acceptance; a joint meeting each quarter; evacuation drills recorded monthly by primary and secondary schools, quarterly by kindergartens', () => {
    const { plan, phase, obligation } = planOf('qiannan-2020');
    expect(plan.phases.map((p) => p.key)).toEqual(['preparation', 'survey', 'rectification', 'acceptance']);
    expect(phase('preparation')).toEqual([day('2020-05-18'), day('2020-08-01')]);
    expect(phase('survey')).toEqual([day('2020-08-01'), day('2020-09-01')]);
    expect(phase('rectification')).toEqual([day('2020-09-01'), day('2020-12-01')]);
    expect(phase('acceptance')).toEqual([day('2020-12-01'), day('2021-01-01')]);
    // "原则上每季度组织1次，春季、秋季开学前必须组织": the second quarter's too (the notice is of 18 May).
    expect(['joint_meeting_q2', 'joint_meeting_q3', 'joint_meeting_q4'].map(obligation)).toEqual(
      ['2020-07-01', '2020-09-01', '2021-01-01'].map((d) => ({ ownerIds: ['edu'], periods: [{ period: 'once', dueAt: day(d) }] })),
    );
    const drill = obligation('monthly_evacuation_drill');
    expect(drill.ownerIds).toEqual(ALL_SCHOOLS.filter((s) => !KINDERGARTENS.includes(s)));
    expect(drill.periods).toEqual(
      ['2020-05-31', '2020-06-30', '2020-07-31', '2020-08-31', '2020-09-30', '2020-10-31', '2020-11-30', '2020-12-31'].map((d) => ({ period: d, dueAt: day(d, '18:00') })),
    );
    expect(['kindergarten_drill_q2', 'kindergarten_drill_q3', 'kindergarten_drill_q4'].map(obligation)).toEqual(
      ['2020-07-01', '2020-10-01', '2021-01-01'].map((d) => ({ ownerIds: KINDERGARTENS, periods: [{ period: 'once', dueAt: day(d) }] })),
    );
  });

  test('Jiande 2020: extended to the middle schools (every school but the vocational one); the joint survey in March, monthly safety education by every school at each month end (28 February included)', () => {
    const { plan, phase, obligation } = planOf('jiande-2020');
    expect(plan.phases.map((p) => p.key)).toEqual(['preparation', 'survey', 'rectification', 'acceptance']);
    expect(phase('survey')).toEqual([day('2021-03-01'), day('2021-04-01')]);
    const education = obligation('monthly_safety_education');
    expect(education.ownerIds).toEqual(JIANDE_SCHOOLS);
    expect(education.periods).toHaveLength(20); // May 2020 to December 2021
    expect(education.periods.slice(8, 11)).toEqual([
      { period: '2021-01-31', dueAt: day('2021-01-31', '18:00') },
      { period: '2021-02-28', dueAt: day('2021-02-28', '18:00') },
      { period: '2021-03-31', dueAt: day('2021-03-31', '18:00') },
    ]);
    expect(obligation('annual_survey_list')).toEqual({ ownerIds: ['edu'], periods: [{ period: 'once', dueAt: day('2021-04-01') }] });
  });

  test('Yufeng 2023: the dated steps 5/15, 5/25, 6/15, 6/20, 6/30; reports before each 25th; departments report their spot checks', () => {
    const { plan, phase, obligation } = planOf('yufeng-2023');
    expect(plan.phases.map((p) => p.key)).toEqual(['preparation', 'survey', 'rectification', 'acceptance', 'consolidation']);
    expect(phase('preparation')).toEqual([day('2023-05-01'), day('2023-05-16')]); // "5月15日前": through the 15th
    expect(phase('survey')).toEqual([day('2023-05-15'), day('2023-05-26')]);
    expect(phase('rectification')).toEqual([day('2023-05-26'), day('2023-06-21')]);
    expect(phase('acceptance')).toEqual([day('2023-06-01'), day('2023-06-16')]); // the supervision group, overlapping 整改
    expect(phase('consolidation')).toEqual([day('2023-06-20'), day('2023-07-01')]);
    expect(obligation('implementation_plan')).toEqual({ ownerIds: ['edu'], periods: [{ period: 'once', dueAt: day('2023-05-16') }] });
    expect(obligation('spot_check_report')).toEqual({ ownerIds: ALL_DEPARTMENTS, periods: [{ period: 'once', dueAt: day('2023-06-16') }] });
    expect(obligation('monthly_report').periods).toEqual([
      { period: '2023-05-25', dueAt: day('2023-05-26') },
      { period: '2023-06-25', dueAt: day('2023-06-26') },
    ]);
    expect(obligation('summary')).toEqual({ ownerIds: ['lead_office'], periods: [{ period: 'once', dueAt: day('2023-07-01') }] });
    // 督导 (验收) closes before 整改 ends: its closing is the source's 黑榜通报 and 责令限期整改, no escalation.
    expect(plan.phases.find((p) => p.key === 'acceptance')?.closing).toBe('blacklist');
    expect(plan.phases.find((p) => p.key === 'preparation')?.asks).toBe('制定实施方案，召开动员部署会，实施方案及动员部署情况于2023年5月15日24时前报市教育局。');
  });

  test('Yufeng moved to new dates: the 组织筹备 text names the moved deadline, not 5月15日', () => {
    const moved = planFromPreset({ preset: preset('yufeng-2023'), startDate: '2027-06-01' }, participants, 0);
    expect(moved.obligations.find((o) => o.key === 'implementation_plan')?.dueAt).toBe(day('2027-06-16')); // "6月15日前": through the 15th
    expect(moved.phases.find((p) => p.key === 'preparation')?.asks).toBe('制定实施方案，召开动员部署会，实施方案及动员部署情况于2027年6月15日24时前报市教育局。');
    expect(JSON.stringify(moved.phases)).not.toContain('{due:');
  });

  test('a preset on new dates moves the dates counted from its start by the same number of days, keeps the seasonal ones in their month and day, and keeps its report days', () => {
    for (const p of CAMPAIGN_PRESETS) {
      const original = planOf(p.id).plan;
      const moved = planFromPreset({ preset: p, startDate: '2027-03-01' }, participants, 0);
      const shift = Date.parse(moved.phases[0].startAt) - Date.parse(original.phases[0].startAt);
      expect(shift % DAY).toBe(0);
      const seasonal = new Set([...p.phases.filter((x) => x.seasonal).map((x) => x.key), ...p.obligations.filter((x) => x.seasonal).map((x) => x.key)]);
      const monthDay = (iso: string) => localDate(iso).slice(5);
      for (const ph of moved.phases) {
        const before = original.phases.find((x) => x.key === ph.key)!;
        if (seasonal.has(ph.key)) expect([monthDay(ph.startAt), monthDay(ph.endAt)]).toEqual([monthDay(before.startAt), monthDay(before.endAt)]);
        else expect([Date.parse(ph.startAt) - shift, Date.parse(ph.endAt) - shift]).toEqual([Date.parse(before.startAt), Date.parse(before.endAt)]);
      }
      for (const o of moved.obligations) {
        const before = original.obligations.find((x) => x.key === o.key)!;
        if (o.dueAt && seasonal.has(o.key)) expect(monthDay(o.dueAt)).toBe(monthDay(before.dueAt!));
        else if (o.dueAt) expect(Date.parse(o.dueAt) - shift).toBe(Date.parse(before.dueAt!));
        // A recurring report keeps its days of the month, whatever the new start.
        else expect(o.recurrence?.daysOfMonth).toEqual(before.recurrence?.daysOfMonth);
      }
    }
  });

  test('Jiande launched in September: its survey is still in March ("每年3月"), the phases after it follow it, its month-end reports run to that December; only 组织筹备 moves by days', () => {
    const moved = planFromPreset({ preset: preset('jiande-2020'), startDate: '2026-09-01' }, participantsOfPreset.get('jiande-2020')!, 0);
    const phases = Object.fromEntries(moved.phases.map((ph) => [ph.key, [ph.startAt, ph.endAt]]));
    expect(phases).toEqual({
      preparation: [day('2026-09-01'), day('2026-10-04')], // 2020-05-29 to 06-30: 33 days, as in the source
      survey: [day('2027-03-01'), day('2027-04-01')],
      rectification: [day('2027-04-01'), day('2027-11-01')],
      acceptance: [day('2027-11-01'), day('2028-01-01')],
    });
    expect(moved.obligations.find((o) => o.key === 'annual_survey_list')!.dueAt).toBe(day('2027-04-01'));
    expect(moved.obligations.find((o) => o.key === 'monthly_safety_education')!.recurrence!.until).toBe(day('2028-01-01'));
  });

  test('Qiannan launched in September: its cycle waits for its seasons — the second-quarter meeting by 30 June, the survey in August before the autumn term, 验收 in December', () => {
    const moved = planFromPreset({ preset: preset('qiannan-2020'), startDate: '2026-09-01' }, participantsOfPreset.get('qiannan-2020')!, 0);
    expect(moved.phases.map((ph) => [ph.key, ph.startAt, ph.endAt])).toEqual([
      ['preparation', day('2026-09-01'), day('2026-11-15')],
      ['survey', day('2027-08-01'), day('2027-09-01')],
      ['rectification', day('2027-09-01'), day('2027-12-01')],
      ['acceptance', day('2027-12-01'), day('2028-01-01')],
    ]);
    const due = (key: string) => moved.obligations.find((o) => o.key === key)!.dueAt;
    expect(['joint_meeting_q2', 'joint_meeting_q3', 'joint_meeting_q4', 'kindergarten_drill_q2'].map(due)).toEqual(
      ['2027-07-01', '2027-09-01', '2028-01-01', '2027-07-01'].map((d) => day(d)),
    );
  });

  test('a compressed timeline maps every day of the plan onto the same length', () => {
    const start = Date.parse('2026-12-01T00:00:00Z');
    const plan: CampaignPlan = planFromPreset({ preset: preset('pulu-2021'), startAt: new Date(start).toISOString(), dayLength: 'PT1S' }, participants, start);
    const seconds = (iso: string) => (Date.parse(iso) - start) / 1000;
    expect(plan.phases.map((ph) => [ph.key, seconds(ph.startAt), seconds(ph.endAt)])).toEqual([
      ['survey', 0, 33],
      ['rectification', 33, 217],
      ['acceptance', 217, 284],
      ['consolidation', 217, 284],
    ]);
    const monthly = plan.obligations.find((o) => o.key === 'monthly_report')!;
    expect(monthly.periods!.map((p) => [p.period, seconds(p.dueAt)])).toEqual([
      ['2021-04-28', 6],
      ['2021-05-28', 36],
      ['2021-06-28', 67],
      ['2021-07-28', 97],
      ['2021-08-28', 128],
      ['2021-09-28', 159],
      ['2021-10-28', 189],
      ['2021-11-28', 220],
      ['2021-12-28', 250],
      ['2022-01-28', 281],
    ]);
  });
});

describe('on the time-skipping server', () => {
  const h = useHarness();

  const campaignMailOf = (campaignId: string, kind: string, period: string) => (m: ParsedMail) =>
    campaignMail(campaignId, kind)(m) && (m.subject.includes(period) || m.text.includes(period));

  test('Jiande launched on new dates: the February month-end report is reminded 3 days and 1 day before 28 February 18:00, and overdue then', async () => {
    // Start the campaign in January, so that its first month ends are 31 January and 28 February.
    const now = await h.now();
    const nextYear = new Date(now).getUTCFullYear() + 1;
    const startDate = `${nextYear}-01-10`;
    const id = uniqueId('jiande');
    const launch = await launchCampaign(h, { id, name: '建德市护校安园专项行动（按新日期）', preset: { id: 'jiande-2020', startDate } });
    expect(launch.status).toBe(201);
    const education = launch.body.obligations.find((o: any) => o.key === 'monthly_safety_education');
    const feb = `${nextYear}-02-28`;
    expect(education.periods.slice(0, 2).map((p: any) => [p.period, p.dueAt])).toEqual([
      [`${nextYear}-01-31`, localInstant(`${nextYear}-01-31`, '18:00')],
      [feb, localInstant(feb, '18:00')],
    ]);
    const due = Date.parse(localInstant(feb, '18:00'));
    const advanceTo = async (ms: number) => h.advance(ms - (await h.now()));
    const reminders = async () => (await h.mail.messages()).filter(campaignMailOf(id, 'report_reminder', `（${nextYear}年2月）`));

    // The January period runs its whole ladder first; February's first reminder comes 3 days before.
    await advanceTo(due - 3 * DAY + HOUR);
    await h.mail.waitFor(campaignMailOf(id, 'report_escalated', `（${nextYear}年1月）`));
    const first = await h.mail.waitFor(campaignMailOf(id, 'report_reminder', `（${nextYear}年2月）`));
    expect(await reminders()).toHaveLength(1);
    expect(first.subject).toBe('【护校安园】报送提醒：“每月安全主题教育开展情况”距报送期限还有3天');
    expect(first.to).toEqual(JIANDE_SCHOOLS.flatMap((s) => addr.school(s)));
    expect(localDate(due)).toBe(feb);

    await advanceTo(due - DAY + HOUR);
    await h.mail.waitForCount(campaignMailOf(id, 'report_reminder', `（${nextYear}年2月）`), 2);

    // Every school but one records its education before the deadline; that one is overdue at 18:00, not before.
    for (const school of JIANDE_SCHOOLS.slice(1)) {
      const k = await issueApiKey(h.db, 'school', school, `test ${school} ${id}`);
      const res = await h.request('POST', `/api/campaigns/${id}/reports`, { key: k.key, body: { obligationKey: 'monthly_safety_education', period: feb, note: '本月已开展安全主题教育' } });
      expect(res.status).toBe(201);
    }
    await advanceTo(due + HOUR);
    const overdue = await h.mail.waitFor(campaignMailOf(id, 'report_overdue', `（${nextYear}年2月）`));
    expect((await h.mail.messages()).filter(campaignMailOf(id, 'report_overdue', `（${nextYear}年2月）`))).toHaveLength(1);
    // Overdue at 18:00, within the second: the bulletin entry is timed by the workflow's clock.
    const entry = await h.db.bulletinEntry.findFirstOrThrow({ where: { campaignId: id, unitId: 's01', subject: `report:monthly_safety_education:${feb}` } });
    expect(Math.floor((entry.at.getTime() - due) / 1000)).toBe(0);
    expect(overdue.to).toEqual(addr.school('s01'));
    expect(overdue.text).toContain('鱼峰区第一实验小学');

    const stats = (await h.request('GET', `/api/campaigns/${id}/stats`)).body;
    // Every miss is on the bulletin: January's, the 责令限期整改 orders of the two bulletins since (January's deadline, 组织筹备's closing), February's.
    expect(stats.missedDeadlines).toEqual(expect.arrayContaining([expect.objectContaining({ unitType: 'school', unitId: 's01', count: 4 })]));
    expect(await bulletinReasons(h, id, 's01')).toEqual([
      '逾期未报送：每月安全主题教育开展情况',
      '逾期未报送：第1期通报责令限期整改情况',
      '逾期未报送：第2期通报责令限期整改情况',
      '逾期未报送：每月安全主题教育开展情况',
    ]);
    await h.temporal.workflow.getHandle(`campaign-${id}`).terminate('test done');
  });
});
