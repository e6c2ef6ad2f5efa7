// Whom each preset's reports are handed to (issue 24, item 10), as its source names it: 平湖 "向市公安局
// 报送" (the lead office sits in its 治安大队) and "分别报市公安局和市教育局"; 蒲吕 "报送工作总结到派出所";
// 鱼峰 "报市教育局" (outside the district: through the lead office); a source that names none hands it to
// the lead office. Pure: no server.
import { planFromPreset, type ResolvedParticipants } from '../../api/campaign-plan';
import { CAMPAIGN_PRESETS } from '../../common/campaign-presets';

const participants: ResolvedParticipants = {
  departmentIds: ['edu', 'police', 'traffic'],
  schoolIds: ['s01'],
  departmentKinds: new Map([
    ['education_bureau', ['edu']],
    ['public_security', ['police']],
    ['traffic_police', ['traffic']],
  ]),
  schoolKinds: new Map([['primary', ['s01']]]),
};

const addressees = (presetId: string) => {
  const preset = CAMPAIGN_PRESETS.find((p) => p.id === presetId)!;
  const plan = planFromPreset({ preset, startDate: preset.startDate }, participants, Date.parse(`${preset.startDate}T00:00:00+08:00`));
  return Object.fromEntries(plan.obligations.map((o) => [o.key, o.addressee && `${o.addressee.name}→${o.addressee.unitIds.join('+')}`]));
};

test("each preset's report is handed to whom its source names, and reaches it", () => {
  expect(addressees('pinghu-2012')).toEqual({
    statistics_report: '市公安局→lead_office',
    monthly_work_report: '市公安局→lead_office',
    joint_action: '领导小组办公室→lead_office',
    weak_schools_list: '市公安局和市教育局→lead_office+edu',
    summary: '市公安局→lead_office',
  });
  expect(addressees('pulu-2021')).toEqual({ monthly_report: '派出所→police', summary: '派出所→police' });
  expect(addressees('yufeng-2023')).toEqual({
    implementation_plan: '市教育局→lead_office',
    spot_check_report: '市教育局→lead_office',
    supervision_report: '领导小组办公室→lead_office',
    monthly_report: '市教育局→lead_office',
    summary: '领导小组办公室→lead_office',
  });
  expect(Object.values(addressees('jiande-2020'))).toEqual(['领导小组办公室→lead_office', '领导小组办公室→lead_office']);
});
