// Each preset's closings come from its own source's text (issue 24, item 2): 建德, 平湖 and 蒲吕
// name none — their 整改 and 验收 closings escalate nothing; 黔南 item 12 sends what the bureau's
// 整改 leaves to the government (挂牌督办); 鱼峰's 督导 puts the late units on the 黑榜. A plan
// given in full keeps the defaults. Pure: no server.
import { planFromPreset, type PresetLaunch, type ResolvedParticipants } from '../../api/campaign-plan';
import { phaseClosing, type PhaseClosing, type PhaseKey } from '../../common/campaign';
import { CAMPAIGN_PRESETS } from '../../common/campaign-presets';

const participants: ResolvedParticipants = {
  departmentIds: ['edu', 'police', 'market', 'traffic'],
  schoolIds: ['s01', 's02'],
  departmentKinds: new Map([
    ['education_bureau', ['edu']],
    ['public_security', ['police']],
    ['market_supervision', ['market']],
    ['traffic_police', ['traffic']],
  ]),
  schoolKinds: new Map([
    ['primary', ['s01']],
    ['kindergarten', ['s02']],
  ]),
};

const api = {
  plan(presetId: string, launch: Omit<PresetLaunch, 'preset'> = {}) {
    const preset = CAMPAIGN_PRESETS.find((p) => p.id === presetId)!;
    return planFromPreset({ preset, ...launch }, participants, Date.parse('2027-01-01T00:00:00Z'));
  },
  /** Each phase's closing, as the campaign will apply it. */
  closings(presetId: string, launch: Omit<PresetLaunch, 'preset'> = {}): Partial<Record<PhaseKey, PhaseClosing>> {
    return Object.fromEntries(api.plan(presetId, launch).phases.map((p) => [p.key, phaseClosing(p)]));
  },
  defaultClosing: (key: PhaseKey, closing?: PhaseClosing) => phaseClosing({ key, closing }),
};

test("a preset's phases close as its source writes it, and a phase its source names nothing for escalates nothing", () => {
  expect(api.closings('jiande-2020')).toEqual({ preparation: 'none', survey: 'none', rectification: 'none', acceptance: 'none' });
  expect(api.closings('pinghu-2012')).toEqual({ rectification: 'none' });
  expect(api.closings('qiannan-2020')).toEqual({ preparation: 'none', survey: 'none', rectification: 'listed_supervision', acceptance: 'none' });
  expect(api.closings('pulu-2021')).toEqual({ survey: 'none', rectification: 'none', acceptance: 'none', consolidation: 'none' });
  expect(api.closings('yufeng-2023')).toEqual({ preparation: 'none', survey: 'none', rectification: 'none', acceptance: 'blacklist', consolidation: 'none' });
  // Moved to another start, or onto a compressed timeline, a preset keeps its closings.
  expect(api.closings('pulu-2021', { startDate: '2027-03-01' })).toEqual(api.closings('pulu-2021'));
  expect(api.closings('jiande-2020', { startAt: '2027-03-01T00:00:00.000Z', dayLength: 'PT1H' })).toEqual(api.closings('jiande-2020'));
});

test('a plan given in full: 整改 escalates to the bureau and 验收 to 挂牌督办 unless a phase says otherwise', () => {
  expect(api.defaultClosing('rectification')).toBe('escalate_to_bureau');
  expect(api.defaultClosing('acceptance')).toBe('listed_supervision');
  expect(api.defaultClosing('survey')).toBe('none');
  expect(api.defaultClosing('acceptance', 'none')).toBe('none');
});
