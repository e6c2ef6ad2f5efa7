// The texts a person reads, rendered as the mail activity renders them (no server): each fix of
// issue 24 item 14 on the words themselves — marks, repetitions, who is spoken to, periods, rates.
import { renderCampaignMail } from '../../activities/campaign-mail-templates';
import { renderMail, type MailContext } from '../../activities/hazard-mail-templates';
import { salutation } from '../../activities/notification';
import type { HazardFacts } from '../../common/notification';
import { periodLabel, reportedSpan } from '../../common/report-period';
import { hazardNumberText, quoted, rateText } from '../../common/wording';
import { issuedBulletinCsv, parseHazardImport } from '../../api/campaign-csv';
import { limitAfter } from '../../common/iso-duration';
import { formatDeadline } from '../../common/time';
import { CAMPAIGN_PRESETS } from '../../common/campaign-presets';
import { hazardPolicyOf } from '../../common/hazard-policy';
import { majorHazardSentUp } from '../../domain/hazard/rules';

const directory = {
  schoolName: '鱼峰区第一实验小学',
  jurisdictionName: '鱼峰区',
  governmentName: '鱼峰区人民政府',
  leadOfficeName: '鱼峰区护校安园专项行动领导小组办公室',
  bureauName: '区教育局',
  departmentName: '区市场监管局',
};

const hazard = (more: Partial<HazardFacts> = {}): HazardFacts => ({
  id: 'hz-ac531fd87a',
  schoolId: 's01',
  departmentId: 'market',
  category: 'surroundings',
  level: 'general',
  title: '校门口“三无”流动摊点',
  evidence: [],
  status: 'rectifying',
  dueAt: '2021-06-15T16:00:00.000Z', // 6月15日24时 in Beijing
  escalationLevel: 0,
  rejectionCount: 0,
  ...more,
});

const mail = (kind: MailContext['kind'], h: HazardFacts, details: MailContext['details'] = {}, more: Partial<MailContext> = {}) =>
  renderMail({ kind, hazard: h, details, directory, toNames: ['区市场监管局'], timeZone: 'Asia/Shanghai', at: '2021-06-16T01:00:00Z', ...more });

/** The lines before the facts: what the notice says in its own words. */
const leadOf = (text: string) => text.split('\n\n')[1];

test('a title with its own quotation marks is quoted with single ones inside; a book title keeps its marks alone', () => {
  expect(quoted('校门口“三无”流动摊点')).toBe('“校门口‘三无’流动摊点”');
  expect(quoted('《全国公安机关治安系统“护校安园”专项行动情况统计报表》')).toBe('《全国公安机关治安系统“护校安园”专项行动情况统计报表》');
  const notice = mail('rectification_notice', hazard());
  expect(notice.subject).toBe('【护校安园】整改通知书：请区市场监管局于2021年6月15日24时前整改“校门口‘三无’流动摊点”');
  expect(notice.text).not.toMatch(/“[^”]*“/);
});

test('the notices awaiting 签收 (整改通知书, 挂牌督办) ask for it, within the working hours the 通报 holds them to', () => {
  expect(mail('rectification_notice', hazard()).text).toContain(
    '请收到本通知书后4个工作小时内通过下方办理入口签收，于2021年6月15日24时前完成整改，并通过同一入口报告整改情况、上传整改前后照片；',
  );
  const listed = mail('listed_supervision', hazard({ governmentDueAt: '2021-06-30T16:00:00.000Z' }), {}, { toNames: ['鱼峰区人民政府'] });
  expect(listed.text).toContain('请鱼峰区人民政府收到本通知后4个工作小时内通过下方办理入口签收，统筹协调相关部门于督办期限前整改到位，并通过同一入口报告整改进展和结果。');
  // Other notices ask for nothing to acknowledge.
  expect(mail('deadline_reminder', hazard()).text).not.toContain('签收');
});

test('the report notice of a major hazard says 重大隐患 once', () => {
  const reported = mail('hazard_reported', hazard({ level: 'major', status: 'bureau_review', departmentId: undefined, dueAt: undefined }));
  expect(leadOf(reported.text)).toBe('鱼峰区第一实验小学上报一项重大隐患“校门口‘三无’流动摊点”，按规定报教育局并报属地政府。');
  expect(reported.text.split('属重大隐患')).toHaveLength(1);
});

test('an unassigned hazard: its limit is to be set at 交办, never "未设定"', () => {
  const reported = mail('hazard_reported', hazard({ status: 'bureau_review', departmentId: undefined, dueAt: undefined }), {}, { directory: { ...directory, departmentName: undefined } });
  expect(reported.text).toContain('\n整改期限：待区教育局交办时明确\n');
  expect(reported.text).not.toContain('未设定');
  const escalated = mail('escalated_to_bureau', hazard({ status: 'bureau_review', departmentId: undefined, dueAt: undefined, escalationLevel: 2 }), { reason: '整改阶段结束仍未整改' });
  expect(leadOf(escalated.text)).toBe('鱼峰区第一实验小学“校门口‘三无’流动摊点”整改阶段结束仍未整改，尚未交办整改，现提请教育局（领导小组办公室）督办。');
  expect(escalated.text).not.toContain('未设定');
});

test('the 挂牌督办 notice names the hazard, asks the government to 统筹 once and says 挂牌督办 once', () => {
  const listed = mail(
    'listed_supervision',
    hazard({ level: 'major', escalationLevel: 3, governmentDueAt: '2021-07-15T16:00:00.000Z' }),
    { reason: '逾期仍未整改，报属地政府统筹解决并挂牌督办' },
    { toNames: ['鱼峰区人民政府'] },
  );
  expect(listed.subject).toBe('【护校安园】【重大隐患】挂牌督办：鱼峰区第一实验小学“校门口‘三无’流动摊点”');
  const lead = leadOf(listed.text);
  expect(lead).toBe('鱼峰区第一实验小学“校门口‘三无’流动摊点”因逾期仍未整改，现报请鱼峰区人民政府挂牌督办，督办期限为2021年7月15日24时前。');
  const words = listed.text
    .split('\n')
    .filter((l) => !/^(督办状态|挂牌督办期限)：/.test(l))
    .join('\n');
  expect(words.split('统筹')).toHaveLength(2);
  expect(words.split('挂牌督办')).toHaveLength(2); // once, in the lead
  expect(listed.text).not.toMatch(/(^|\n)该隐患/);
});

test('the overdue notice speaks to its addressee, gives the grace period with its date and says the miss is on the 通报', () => {
  const overdue = mail('overdue_notice', hazard({ escalationLevel: 1 }), { graceEndsAt: '2021-06-22T16:00:00.000Z' }, { inCampaign: true });
  expect(leadOf(overdue.text)).toBe(
    '你单位负责整改的鱼峰区第一实验小学“校门口‘三无’流动摊点”整改期限为2021年6月15日24时前，现已逾期，仍未报告整改完成，已列入专项行动通报。本通知同时抄送你单位分管领导。',
  );
  expect(overdue.text).toContain('请于2021年6月22日24时前完成整改');
  expect(overdue.text).not.toContain('区市场监管局负责整改');
  expect(overdue.text).not.toContain('现通知责任单位');
});

test('验收不通过 gives its reason; photos are on the hazard page, not addresses', () => {
  const failed = mail('verification_failed', hazard({ rejectionCount: 1, evidence: ['https://x.example/api/uploads/1b7e0d2a-0000-4000-8000-000000000001'] }), { note: '摊点仍在原处经营' });
  expect(leadOf(failed.text)).toBe('鱼峰区第一实验小学“校门口‘三无’流动摊点”验收未通过（第1次），不通过理由：摊点仍在原处经营。');
  expect(failed.text).not.toContain('/api/uploads/');
  expect(failed.text).toContain('佐证材料：照片等1份，请通过下方办理入口在隐患页面查看');
});

test('report periods as people name them, by cadence: a month, a half month; never the raw code', () => {
  expect(periodLabel('2021-05-28', { daysOfMonth: [28] })).toBe('2021年4月');
  expect(periodLabel('2012-05-02', { daysOfMonth: [2, 17] })).toBe('2012年4月下半月');
  expect(periodLabel('2012-05-17', { daysOfMonth: [2, 17] })).toBe('2012年5月上半月');
  expect(periodLabel('2020-06-30', { daysOfMonth: [31] })).toBe('2020年6月');
  expect(periodLabel('once')).toBe('一次性报送');
  expect(reportedSpan('2012-05-17', { daysOfMonth: [2, 17] })).toMatchObject({ code: '2012-05-H1', from: '2012-05-01', to: '2012-05-16' });
  expect(reportedSpan('2012-05-02', { daysOfMonth: [2, 17] })).toMatchObject({ code: '2012-04-H2', from: '2012-04-16', to: '2012-05-01' });

  const campaign = { id: 'c1', name: '蒲吕街道2021年中小学幼儿园“护校安园”专项行动', jurisdictionId: 'yufeng' };
  const overdue = renderCampaignMail({
    req: {
      dedupeKey: 'k',
      kind: 'report_overdue',
      campaign,
      to: [],
      details: {
        obligationTitle: '上月“护校安园”行动工作情况及统计表',
        period: '2021-05-28',
        recurrence: { daysOfMonth: [28] },
        dueAt: '2021-05-28T16:00:00.000Z',
        graceEndsAt: '2021-05-31T16:00:00.000Z',
        unitIds: ['edu'],
      },
      at: '2021-05-29T01:00:00Z',
    },
    toNames: ['区教育局'],
    unitNames: ['区教育局'],
    leadOfficeName: directory.leadOfficeName,
    timeZone: 'Asia/Shanghai',
  });
  expect(overdue.subject).toBe('【护校安园】报送逾期：“上月‘护校安园’行动工作情况及统计表”（2021年4月）');
  expect(overdue.text).toContain('要求报送的“上月‘护校安园’行动工作情况及统计表”（2021年4月）报送期限为2021年5月28日24时前，你单位未按时报送，已列入专项行动通报。');
  expect(overdue.text).toContain('请于2021年5月31日24时前通过下方办理入口补报');
  expect(overdue.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
});

test('a notice to many units is addressed "各成员单位、各学校", without the lead office that signs it', () => {
  const lead = { role: 'lead' as const, name: '鱼峰区护校安园专项行动领导小组办公室' };
  const departments = ['区教育局', '区公安分局', '区市场监管局'].map((name, i) => ({ role: 'department' as const, unitId: `d${i}`, name }));
  const schools = Array.from({ length: 43 }, (_, i) => ({ role: 'school' as const, unitId: `s${i}`, name: `学校${i}` }));
  expect(salutation([lead, ...departments, ...schools])).toEqual(['各成员单位', '各学校']);
  expect(salutation([departments[0]])).toEqual(['区教育局']);
  expect(salutation([departments[0], schools[0]])).toEqual(['区教育局', '学校0']);
});

test('a closure rate of nothing found is "—", not 100%', () => {
  expect(rateText(1, 0)).toBe('—');
  expect(rateText(0.875, 8)).toBe('87.5%');
  const csv = issuedBulletinCsv(
    { no: 1, issuedAt: '2021-06-01T01:00:00Z', content: { blacklist: [], overdueHazards: [], listedSupervision: [], closureByUnit: [], closureRate: 1 } } as never,
    'Asia/Shanghai',
  );
  expect(csv).toContain('合计,,,0,0,—');
  expect(csv).not.toContain('100%');
});

test('a file that is not CSV is refused saying which line and why, in Chinese (一校一表 and 名册导入 alike)', () => {
  const header = '学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料';
  expect(parseHazardImport(`${header}\ns01,消防安全,一般,"灭火器过期,,,是,,`, new Set(['s01'])).problems).toEqual([
    { row: 0, field: 'file', reason: '不是可读取的CSV文件：第2行引号未闭合。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）(*.csv)”后重新上传' },
  ]);
  expect(parseHazardImport(`${header}\ns01,消防安全,一般,灭火"器"过期,,,是,,`, new Set(['s01'])).problems[0].reason).toBe(
    '不是可读取的CSV文件：第2行有单元格中的引号未成对（含引号的单元格须整体加引号，其中的引号写作两个“""”）。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）(*.csv)”后重新上传',
  );
});

test('一校一表: a school with no hazard reports 零隐患 by one row; an empty list, or 零隐患 beside hazards, is refused', () => {
  const header = '学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料';
  const ok = parseHazardImport(`${header}\ns01,,,零隐患,,,,,`, new Set(['s01', 's02']));
  expect(ok).toEqual({ hazards: [], zeroHazardSchools: ['s01'], problems: [] });
  expect(parseHazardImport(header, new Set(['s01'])).problems.map((p) => p.field)).toEqual(['file']);
  const both = parseHazardImport(`${header}\ns01,,,零隐患,,,,,\ns01,消防安全,一般,灭火器过期,,,是,,`, new Set(['s01']));
  expect(both.problems).toEqual([{ row: 2, field: '隐患名称', reason: '零隐患 for s01, whose hazards the list also names (row 3)' }]);
  const filled = parseHazardImport(`${header}\ns01,消防安全,,零隐患,,,,,`, new Set(['s01']));
  expect(filled.problems).toEqual([{ row: 2, field: '隐患类别', reason: 'must be blank in a 零隐患 row' }]);
});

test("a 责令限期整改 of whole days runs to the end of its last day in the campaign's zone; one with hours keeps its instant", () => {
  const issued = Date.parse('2026-12-13T08:00:00Z'); // 16时 in Beijing, 17时 in Tokyo
  expect(formatDeadline(limitAfter(issued, 'P7D', 'Asia/Shanghai'))).toBe('2026年12月20日24时');
  expect(new Date(limitAfter(issued, 'P7D', 'Asia/Tokyo')).toISOString()).toBe('2026-12-20T15:00:00.000Z');
  expect(formatDeadline(limitAfter(issued, 'P7D', 'Asia/Tokyo'), 'Asia/Tokyo')).toBe('2026年12月20日24时（Asia/Tokyo）');
  expect(limitAfter(issued, 'PT5H', 'Asia/Shanghai')).toBe(issued + 5 * 3_600_000);
});

test('the bulletin mail writes its closure rate "—" when no hazard was found, its figure otherwise', () => {
  const campaign = { id: 'c1', name: '鱼峰区校园安全集中整治', jurisdictionId: 'yufeng' };
  const bulletin = (figures: { closureRate: number; hazards?: number }) =>
    renderCampaignMail({
      req: { dedupeKey: 'k', kind: 'bulletin_issued', campaign, to: [], details: { bulletin: { no: 1, overdueHazards: 0, listedSupervision: 0, ...figures } }, at: '2023-06-16T01:00:00Z' },
      toNames: ['各成员单位', '各学校'],
      unitNames: [],
      leadOfficeName: directory.leadOfficeName,
      timeZone: 'Asia/Shanghai',
    }).text;
  const none = bulletin({ closureRate: 1, hazards: 0 });
  expect(none).toContain('三、全部隐患整改销号率—（尚未发现隐患）。');
  expect(none).not.toContain('100%');
  expect(bulletin({ closureRate: 0.875, hazards: 8 })).toContain('三、全部隐患整改销号率87.5%，各单位销号率见通报全文。');
  // A bulletin issued before the count was carried: its figure as before.
  expect(bulletin({ closureRate: 1 })).toContain('三、全部隐患整改销号率100%，各单位销号率见通报全文。');
});

test('a hazard is named by its 编号, its running number in the campaign (第12号); one reported before numbers were given by its id', () => {
  const numbered = mail('rectification_notice', hazard({ number: 12 }));
  expect(numbered.text).toContain('\n隐患编号：第12号\n');
  expect(numbered.text).not.toContain('hz-ac531fd87a');
  expect(mail('rectification_notice', hazard()).text).toContain('\n隐患编号：hz-ac531fd87a\n');
  expect(hazardNumberText({ id: 'hz-ac531fd87a', number: 3 })).toBe('第3号');
  expect(hazardNumberText({ id: 'hz-ac531fd87a', number: null })).toBe('hz-ac531fd87a');
});

test('重大问题第一时间报送: the lead office is asked to forward a major hazard to the body the source names; only 鱼峰’s preset says so, and only of a major hazard', () => {
  const sent = mail(
    'major_hazard_report',
    hazard({ level: 'major', status: 'bureau_review', departmentId: undefined, dueAt: undefined, number: 3 }),
    { addressee: '市教育局' },
    {
      directory: { ...directory, departmentName: undefined },
      toNames: ['鱼峰区护校安园专项行动领导小组办公室'],
    },
  );
  expect(sent.subject).toBe('【护校安园】【重大隐患】重大问题报送：鱼峰区第一实验小学“校门口‘三无’流动摊点”');
  expect(leadOf(sent.text)).toBe('鱼峰区第一实验小学上报一项重大隐患“校门口‘三无’流动摊点”，已报区教育局交办整改。按照“重大问题第一时间报送”的要求，现予报送。');
  expect(sent.text).toContain('\n请即转报市教育局，并督促区教育局尽快交办、限期整改。\n');
  expect(sent.text).toContain('\n隐患编号：第3号\n');
  const spotted = mail('major_hazard_report', hazard({ level: 'major', origin: 'spot_check' }), { addressee: '市教育局' });
  expect(leadOf(spotted.text)).toMatch(/^抽查暗访发现鱼峰区第一实验小学存在一项重大隐患“/);

  const policy = { reminderOffsets: [], overdueGrace: 'P3D', governmentDeadline: 'P15D', lookBackAfter: 'P30D', rectificationPeriod: 'P7D' };
  const presets = Object.fromEntries(CAMPAIGN_PRESETS.map((p) => [p.id, p.majorHazardReport]));
  expect(presets).toEqual({
    'jiande-2020': undefined,
    'pinghu-2012': undefined,
    'qiannan-2020': undefined,
    'pulu-2021': undefined,
    'yufeng-2023': expect.objectContaining({ addressee: '市教育局' }),
  });
  const yufeng = hazardPolicyOf(policy, { majorHazardReport: presets['yufeng-2023'] });
  expect(majorHazardSentUp({ level: 'major', policy: yufeng })).toEqual({ kind: 'major_hazard_report', to: ['lead_office'], addressee: '市教育局' });
  expect(majorHazardSentUp({ level: 'general', policy: yufeng })).toBeUndefined();
  expect(majorHazardSentUp({ level: 'major', policy: hazardPolicyOf(policy, {}) })).toBeUndefined();
});

test('整改通知书 with 配合单位 and the persons of 平湖 "逐一落实": the lead unit 牵头, the co-operating units named, 整改责任人 and 督办责任人 with their mobiles', () => {
  const h = hazard({
    status: 'assigned',
    cooperatingDepartmentIds: ['enforcement', 'police'],
    rectificationOwner: { name: '韦科长', mobile: '13800000001' },
    supervisionOwner: { name: '覃股长' },
  });
  const notice = mail('rectification_notice', h, {}, { directory: { ...directory, cooperatingNames: ['区执法局', '公安鱼峰分局'] } });
  expect(leadOf(notice.text)).toBe('根据护校安园专项行动要求，现将鱼峰区第一实验小学“校门口‘三无’流动摊点”交办你单位牵头整改，区执法局、公安鱼峰分局配合，请限期整改。');
  const facts = notice.text.split('\n');
  expect(facts).toContain('牵头单位：区市场监管局');
  expect(facts).toContain('配合单位：区执法局、公安鱼峰分局');
  expect(facts).toContain('整改责任人：韦科长（13800000001）');
  expect(facts).toContain('督办责任人：覃股长');
  // Without them, the notice reads as before: 责任单位, no person line.
  const plain = mail('rectification_notice', hazard({ status: 'assigned' }));
  expect(plain.text).toContain('\n责任单位：区市场监管局\n');
  expect(plain.text).not.toMatch(/配合单位|责任人：/);
});
