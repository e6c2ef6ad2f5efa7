// Routing by task area (issue 24, item 12): one table (domain/hazard/routing.ts over the presets'
// task areas) says which department leads a hazard of each category among a campaign's member
// departments; the API's 交办 and the assign form ask it. Per preset, every category maps to a
// participant of the sample directory (鱼峰's 14 member departments), the area's own where the
// preset names one; a campaign's narrower participants are routed among only.
import { CAMPAIGN_PRESETS } from '../../common/campaign-presets';
import { HAZARD_CATEGORIES } from '../../common/hazard';
import { DEFAULT_CATEGORY_LEADS, participantTaskAreas, routeHazard, routedAssignment, taskAreaOf } from '../../domain/hazard/routing';
import { DEPARTMENTS } from '../../prisma/seed-directory';

const SAMPLE = DEPARTMENTS.map(([id, , kind]) => ({ id, kind }));
const kindOf = new Map(SAMPLE.map((d) => [d.id, d.kind]));

describe.each(CAMPAIGN_PRESETS.map((p) => [p.id, p] as const))('preset %s', (_id, preset) => {
  test.each([...HAZARD_CATEGORIES])('a hazard of %s goes to a participant whose kind leads its task area', (category) => {
    const routing = routeHazard(preset, category, SAMPLE);
    const area = taskAreaOf(preset, category);
    const leadKinds = area?.leadKinds ?? DEFAULT_CATEGORY_LEADS[category];
    expect(routing.area).toBe(area?.area);
    expect(routing.suggestedDepartmentId).toBeDefined();
    expect(kindOf.get(routing.suggestedDepartmentId!)).toBe(leadKinds.find((k) => SAMPLE.some((d) => d.kind === k)));
    // Every participant is offered, the suggested one first.
    expect(routing.departmentIds[0]).toBe(routing.suggestedDepartmentId);
    expect([...routing.departmentIds].sort()).toEqual(SAMPLE.map((d) => d.id).sort());
  });
});

test("the sources' divisions of labour: 食品安全 to 市场监管, 校园周边治安 to 公安, 交通安全 to 交警 in the presets that name them", () => {
  const route = (presetId: string, category: (typeof HAZARD_CATEGORIES)[number]) =>
    routeHazard(
      CAMPAIGN_PRESETS.find((p) => p.id === presetId),
      category,
      SAMPLE,
    );
  // 建德: "(二)进一步推进食品安全“三二一”行动……(牵头单位:市市场监管局)".
  expect(route('jiande-2020', 'food_safety')).toMatchObject({ area: '食品安全“三二一”行动', suggestedDepartmentId: 'market' });
  // 建德: "(三)进一步推进交通秩序优化提升行动……(牵头单位:市交警大队)".
  expect(route('jiande-2020', 'traffic_order')).toMatchObject({ area: '交通秩序优化提升行动', suggestedDepartmentId: 'traffic' });
  // 黔南 item 7: "公安机关重点加强学校安全保卫，牵头开展校园及周边治安环境综合治理".
  expect(route('qiannan-2020', 'public_order')).toMatchObject({ area: '校园及周边治安防控', suggestedDepartmentId: 'police' });
  // 鱼峰: 食品安全问题 with its responsible department.
  expect(route('yufeng-2023', 'food_safety')).toMatchObject({ area: '食品安全问题', suggestedDepartmentId: 'market' });
});

test("a campaign's participants only: the area's lead among them, or none proposed when none of them leads it", () => {
  const few = SAMPLE.filter((d) => ['police', 'edu', 'enforcement'].includes(d.id));
  const jiande = CAMPAIGN_PRESETS.find((p) => p.id === 'jiande-2020');
  // 校园周边“治三乱”: 城管 first, then 交通运输, then 交警 — 区执法局 takes part.
  expect(routeHazard(jiande, 'surroundings', few)).toEqual({
    area: '校园周边“治三乱”行动',
    areaQuote: '（六）进一步推进校园周边“治三乱”行动……（牵头单位：市城管局、市交通运输局、市交警大队）',
    leadKinds: ['urban_management', 'transport', 'traffic_police'],
    suggestedDepartmentId: 'enforcement',
    departmentIds: ['enforcement', 'edu', 'police'],
  });
  // 食品安全: 市场监管 does not take part: nothing proposed, the participants offered.
  const food = routeHazard(jiande, 'food_safety', few);
  expect(food.suggestedDepartmentId).toBeUndefined();
  expect(food.departmentIds).toEqual(['edu', 'enforcement', 'police']);
  expect(routedAssignment(food, {}, 'food_safety')).toEqual({
    problem: expect.objectContaining({ field: 'body.departmentId', reason: 'required: no participant leads the category' }),
  });
});

test('交办 names participants only: the lead unit, each 配合单位, and never the lead unit as its own 配合单位', () => {
  const routing = routeHazard(
    undefined,
    'surroundings',
    SAMPLE.filter((d) => ['police', 'enforcement', 'market'].includes(d.id)),
  );
  expect(routedAssignment(routing, {}, 'surroundings')).toEqual({ departmentId: 'enforcement' });
  expect(routedAssignment(routing, { departmentId: 'police', cooperatingDepartmentIds: ['enforcement', 'market'] }, 'surroundings')).toEqual({
    departmentId: 'police',
    cooperatingDepartmentIds: ['enforcement', 'market'],
  });
  expect(routedAssignment(routing, { departmentId: 'traffic' }, 'surroundings')).toEqual({ problem: expect.objectContaining({ field: 'body.departmentId' }) });
  expect(routedAssignment(routing, { cooperatingDepartmentIds: ['market', 'fire'] }, 'surroundings')).toEqual({
    problem: expect.objectContaining({ field: 'body.cooperatingDepartmentIds.1', reason: 'not a member department (成员单位) of the campaign' }),
  });
  expect(routedAssignment(routing, { cooperatingDepartmentIds: ['enforcement'] }, 'surroundings')).toEqual({
    problem: expect.objectContaining({ field: 'body.cooperatingDepartmentIds.0', reason: 'the lead unit (牵头单位)' }),
  });
});

test.each(CAMPAIGN_PRESETS.map((p) => [p.id, p] as const))("%s: each task area carries its source's words (checked against the seeds when written)", (_id, preset) => {
  for (const a of preset.taskAreas) expect([a.area, (a.quote ?? '').length > 0]).toEqual([a.area, true]);
});

test('who of the participants carries which task area: 建德 with 公安, 执法局 and 教育局 only', () => {
  const few = SAMPLE.filter((d) => ['police', 'edu', 'enforcement'].includes(d.id));
  const areas = participantTaskAreas(
    CAMPAIGN_PRESETS.find((p) => p.id === 'jiande-2020'),
    few,
  );
  expect(areas.map((a) => [a.area, a.departmentIds])).toEqual([
    ['学校安全保障助力行动', ['edu']],
    ['食品安全“三二一”行动', []],
    ['交通秩序优化提升行动', []],
    ['文化环境市场净化行动', []],
    ['警校协作强化护学警务行动', ['police']],
    ['校园周边“治三乱”行动', ['enforcement']],
    ['传染病常态化防控和防溺水安全教育行动', ['edu']],
  ]);
  expect(areas[1].quote).toBe('（二）进一步推进食品安全“三二一”行动……（牵头单位：市市场监管局）');
});
