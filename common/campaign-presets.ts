// The plans of the five source documents (../shared/seeds/), as presets a lead launches with new
// dates. Dates are local (the campaign's time zone, default China Standard Time) and inclusive: a
// phase or a deliverable ends when its last day does; "至5月25日" (until 25 May) includes the 25th.
// A limit the source writes "N日前" (before the Nth) keeps the source's N and is marked `before` /
// `endsBefore`: the campaign's one reading decides it (default inclusive, due 24:00 of the Nth, so
// "每月28日前" is a report due at the end of each 28th; exclusive, due when the Nth begins). Where a
// source gives no date, the comment above the item says what it says and what is assumed.
//
// Each phase's `closing` is its source's (PhaseClosing): what the text says happens to what is
// left when the phase ends, quoted above it; where the text names nothing, 'none' — the closing
// escalates nothing (the hazards' own deadlines still climb their ladder, 通报 still follow).
// Each report's `to` is whom its source says it is handed to ("报市教育局", "报送工作总结到派出所"); a
// source that names none hands it to the lead office.
//
// A date the source ties to the calendar ("每年3月", "每学期开学前", "每季度") is `seasonal`: launched on
// other dates, it keeps its month and day and moves by whole years (common/campaign-calendar.ts
// shiftPreset); every other date is counted from the campaign's start and moves by days.
import type { CampaignPreset } from './campaign';

export const CAMPAIGN_PRESETS: CampaignPreset[] = [
  {
    id: 'jiande-2020',
    name: '建德市推进“护校安园”专项行动提质扩面',
    issuer: '建德市教育局（建教安〔2020〕4号）',
    year: 2020,
    source: '000_d427e834de9eb10a.txt',
    summary:
      '七项行动各有牵头单位；排查—上报—交办—整改—验收闭环；每年3月“一校一表”部门联合年度排查；每月安全主题教育。Seven task areas with lead departments, the closed loop, a joint "one school, one table" survey every March, monthly safety education.',
    startDate: '2020-05-29',
    // Source: "在2019年覆盖全市小学(校区)、幼儿园的基础上,2020年向中学扩面" — 全市中小学、幼儿园:
    // kindergartens, primary, nine-year and middle (and high) schools; not the vocational schools.
    schoolKinds: ['kindergarten', 'primary', 'nine_year', 'middle', 'high'],
    phases: [
      // Source: dated 2020-05-29, no preparation window given; assumed one month to mobilise.
      { key: 'preparation', startDate: '2020-05-29', endDate: '2020-06-30', asks: '各部门明确牵头单位和职责分工，制定推进方案，做好动员部署。', closing: 'none' },
      // Source: "每年3月实施“一校一表”问题隐患部门联合年度排查，形成清单" — the survey is the next March
      // (seasonal: launched in September, it is still March; the phases after it follow it).
      { key: 'survey', startDate: '2021-03-01', endDate: '2021-03-31', asks: '实施“一校一表”问题隐患部门联合年度排查，形成清单，明确责任和举措。', closing: 'none', seasonal: true },
      // Source: no dates for rectification and acceptance; assumed April–October and November–December 2021.
      // Closings: the text names none — "强化定期研究会商、重点难点问题督办通报和考核机制，实现……问题隐患
      // “排查—上报—交办—整改—验收”闭环管理" is a standing loop, not an escalation when a phase ends.
      { key: 'rectification', startDate: '2021-04-01', endDate: '2021-10-31', asks: '按照排查—上报—交办—整改—验收闭环，各牵头单位推进问题隐患整改。', closing: 'none', seasonal: true },
      { key: 'acceptance', startDate: '2021-11-01', endDate: '2021-12-31', asks: '各部门对各校工作进展组织明察暗访，验收整改情况。', closing: 'none', seasonal: true },
    ],
    obligations: [
      // Source: "定期对全体学生开展相关安全主题教育，每月不少于1次" — recorded by each school by month end.
      {
        key: 'monthly_safety_education',
        title: '每月安全主题教育开展情况',
        owners: ['all_schools'],
        recurrence: { daysOfMonth: [31], untilDate: '2021-12-31', time: '18:00' },
        seasonal: true,
      },
      // Source: the annual survey forms a list (形成清单); assumed due at the end of the survey.
      { key: 'annual_survey_list', title: '“一校一表”年度排查问题清单', owners: ['kind:education_bureau'], dueDate: '2021-03-31', seasonal: true },
    ],
    taskAreas: [
      {
        area: '学校安全保障助力行动',
        quote: '（一）进一步推进学校安全保障助力行动……（牵头单位：市教育局）',
        leadKinds: ['education_bureau'],
        categories: ['internal_security', 'buildings_disaster', 'fire'],
      },
      { area: '食品安全“三二一”行动', quote: '（二）进一步推进食品安全“三二一”行动……（牵头单位：市市场监管局）', leadKinds: ['market_supervision'], categories: ['food_safety'] },
      { area: '交通秩序优化提升行动', quote: '（三）进一步推进交通秩序优化提升行动……（牵头单位：市交警大队）', leadKinds: ['traffic_police'], categories: ['traffic_order', 'school_bus'] },
      { area: '文化环境市场净化行动', quote: '（四）进一步推进文化环境市场净化行动……（牵头单位：市文化和广电旅游体育局）', leadKinds: ['culture_tourism'], categories: ['cultural_market'] },
      {
        area: '警校协作强化护学警务行动',
        quote: '（五）进一步推进警校协作强化护学警务行动……（牵头单位：市公安局）',
        leadKinds: ['public_security'],
        categories: ['public_order', 'bullying_violence'],
      },
      {
        area: '校园周边“治三乱”行动',
        quote: '（六）进一步推进校园周边“治三乱”行动……（牵头单位：市城管局、市交通运输局、市交警大队）',
        leadKinds: ['urban_management', 'transport', 'traffic_police'],
        categories: ['surroundings'],
      },
      {
        area: '传染病常态化防控和防溺水安全教育行动',
        quote: '（七）进一步推进传染病常态化防控和防溺水安全教育行动……（牵头单位：市教育局，市卫生健康局，各乡镇、街道，各学校）',
        leadKinds: ['education_bureau', 'health'],
        categories: ['drowning'],
      },
    ],
  },
  {
    id: 'pinghu-2012',
    name: '平湖市“护校安园”专项行动',
    issuer: '平湖市公安局、平湖市教育局',
    year: 2012,
    source: '001_842508fdd10b7376.txt',
    summary:
      '2012年3月1日至11月30日集中开展；限期整改；重大隐患报当地党委政府；每月2日和17日前报送统计报表，12月3日前报送总结。Runs 1 March–30 November 2012; statistics on the 2nd and 17th of each month; the summary by 3 December.',
    startDate: '2012-03-01',
    phases: [
      // Source: "从2012年3月1日起至11月30日，在全市范围内集中开展" — one window of concentrated rectification.
      // Closing: none in the text. "逐一落实相关行政部门的督办责任人和学校幼儿园的整改责任人，限期整改到位。
      // 对存在的重大安全隐患，要及时报告当地党委、政府协调解决" happens when a hazard is found (a major one's
      // report is copied to the government), not when the action ends.
      {
        key: 'rectification',
        startDate: '2012-03-01',
        endDate: '2012-11-30',
        asks: '集中开展校园及周边治安环境整治和校车安全隐患排查整治，发现隐患限期整改，重大隐患报告当地党委政府。',
        closing: 'none',
      },
    ],
    obligations: [
      // Source: "每月2日和17日前由各派出所向市公安局报送……统计报表，每月2日前一并报送上月工作情况" — to 市公安局,
      // whose 治安大队 houses the lead office ("领导小组……下设办公室（设在市公安局治安大队）").
      {
        key: 'statistics_report',
        title: '《全国公安机关治安系统“护校安园”专项行动情况统计报表》',
        owners: ['kind:public_security'],
        before: true,
        recurrence: { daysOfMonth: [2, 17], untilDate: '2012-12-02' },
        to: { name: '市公安局', units: ['lead_office'] },
      },
      {
        key: 'monthly_work_report',
        title: '上月“护校安园”工作情况',
        owners: ['kind:public_security', 'kind:traffic_police'],
        before: true,
        recurrence: { daysOfMonth: [2], untilDate: '2012-12-02' },
        to: { name: '市公安局', units: ['lead_office'] },
      },
      // Source: "对辖区内中小学、幼儿园的“三防”建设不到位致使安全隐患严重，且隐患整改不彻底的学校名单，按要求汇总后于9月23日分别报市公安局和市教育局".
      {
        key: 'weak_schools_list',
        title: '“三防”建设不到位、隐患整改不彻底的学校名单',
        owners: ['kind:public_security'],
        dueDate: '2012-09-23',
        to: { name: '市公安局和市教育局', units: ['lead_office', 'kind:education_bureau'] },
      },
      // Source: "7月底前，我市要协调综治、公安、文化、工商、卫生、城管等部门联合开展一次校园及周边治安环境集中整治行动".
      { key: 'joint_action', title: '校园及周边治安环境联合集中整治行动情况', owners: ['kind:public_security'], dueDate: '2012-07-31' },
      // Source: "12月3日前报送专项行动总结".
      {
        key: 'summary',
        title: '专项行动工作总结',
        owners: ['kind:public_security', 'kind:traffic_police'],
        dueDate: '2012-12-03',
        before: true,
        to: { name: '市公安局', units: ['lead_office'] },
      },
    ],
    taskAreas: [
      { area: '校园“三防”建设', quote: '（一）要继续推进校园“三防”建设。各派出所要继续贯彻落实', leadKinds: ['public_security'], categories: ['internal_security', 'fire'] },
      {
        area: '校园及周边治安环境整治',
        quote: '（二）要集中开展校园及周边治安环境整治。各派出所要充分发挥社会管理综合治理办公室学校及周边治安综合治理工作组的作用',
        leadKinds: ['public_security'],
        categories: ['public_order', 'surroundings', 'cultural_market', 'bullying_violence'],
      },
      {
        area: '校车安全隐患集中排查整治',
        quote: '（三）要全力做好校车安全隐患集中排查整治工作。交警大队、交通局要按照',
        leadKinds: ['traffic_police', 'transport'],
        categories: ['school_bus', 'traffic_order'],
      },
      { area: '安全宣传教育培训', quote: '（四）要不断深化安全宣传教育培训工作。各派出所、学校要继续贯彻落实', leadKinds: ['public_security', 'education_bureau'] },
    ],
  },
  {
    id: 'qiannan-2020',
    name: '黔南州中小学幼儿园安全风险防控体系建设（平安校园）',
    issuer: '黔南州人民政府办公室',
    year: 2020,
    source: '002_ce1d5069626ffd13.txt',
    summary:
      '第12条：每学期开学前学校组织安全风险隐患排查整治，能整改的自行整改登记，不能的报教育局，重大隐患一律报教育局，由教育局组织整改、验收、销号，仍不能解决的报属地政府挂牌督办；每季度召开联席会议，秋季开学前必须召开。Item 12: the survey before each term, the escalation ladder; quarterly joint meetings.',
    startDate: '2020-05-18',
    phases: [
      // Source: a standing system without phase dates. From the notice's date to the survey, assumed:
      // the bureau sets the system up (问题清单和整改台账) — counted from the start.
      {
        key: 'preparation',
        startDate: '2020-05-18',
        endDate: '2020-07-31',
        asks: '建立安全风险隐患排查整治与分级管控制度，学校建立问题清单和整改台账，教育局召开学校安全风险防控联席会议。',
        closing: 'none',
      },
      // Source (item 12): "每学期开学前学校必须组织安全风险隐患排查整治，建立问题清单和整改台账" — the survey is
      // before the autumn term opens (1 September): August. Seasonal, as the phases after it (assumed).
      {
        key: 'survey',
        startDate: '2020-08-01',
        endDate: '2020-08-31',
        asks: '秋季学期开学前，学校组织安全风险隐患排查整治，建立问题清单和整改台账；能整改的自行整改并登记，不能整改的报教育局，重大隐患一律报教育局。',
        closing: 'none',
        seasonal: true,
      },
      // Source (item 12): "教育部门对学校提交的风险隐患清单实施整改、验收、销号管理，对协调有关部门仍难以完成
      // 整改的一律报告属地政府统筹解决，实行挂牌督办" — what the bureau's 整改 leaves unrectified goes to the
      // government. Only what the school submitted: its own self-fixed hazards go no higher than the bureau.
      {
        key: 'rectification',
        startDate: '2020-09-01',
        endDate: '2020-11-30',
        asks: '教育局组织整改；确实不能解决的报属地政府统筹解决并挂牌督办。',
        closing: 'listed_supervision',
        seasonal: true,
      },
      // 验收、销号 are the bureau's own: the text escalates nothing when they are late.
      { key: 'acceptance', startDate: '2020-12-01', endDate: '2020-12-31', asks: '教育局组织验收、销号。', closing: 'none', seasonal: true },
    ],
    obligations: [
      // Source: "学校安全风险防控联席会议……原则上每季度组织1次，春季、秋季开学前必须组织" — one per quarter of the
      // cycle, by the quarter's end; the third before the autumn term opens (by 31 August).
      { key: 'joint_meeting_q2', title: '学校安全风险防控联席会议（第二季度）', owners: ['kind:education_bureau'], dueDate: '2020-06-30', seasonal: true },
      { key: 'joint_meeting_q3', title: '学校安全风险防控联席会议（第三季度，秋季开学前）', owners: ['kind:education_bureau'], dueDate: '2020-08-31', seasonal: true },
      { key: 'joint_meeting_q4', title: '学校安全风险防控联席会议（第四季度）', owners: ['kind:education_bureau'], dueDate: '2020-12-31', seasonal: true },
      // Source: "中小学每月、幼儿园每季度至少开展1次应急疏散演练" — primary and secondary schools
      // record theirs by each month end, kindergartens by each quarter end.
      {
        key: 'monthly_evacuation_drill',
        title: '应急疏散演练开展情况（每月）',
        owners: ['school_kind:primary', 'school_kind:middle', 'school_kind:high', 'school_kind:nine_year', 'school_kind:vocational'],
        recurrence: { daysOfMonth: [31], untilDate: '2020-12-31', time: '18:00' },
        seasonal: true,
      },
      { key: 'kindergarten_drill_q2', title: '幼儿园应急疏散演练开展情况（第二季度）', owners: ['school_kind:kindergarten'], dueDate: '2020-06-30', seasonal: true },
      { key: 'kindergarten_drill_q3', title: '幼儿园应急疏散演练开展情况（第三季度）', owners: ['school_kind:kindergarten'], dueDate: '2020-09-30', seasonal: true },
      { key: 'kindergarten_drill_q4', title: '幼儿园应急疏散演练开展情况（第四季度）', owners: ['school_kind:kindergarten'], dueDate: '2020-12-31', seasonal: true },
    ],
    taskAreas: [
      {
        area: '校园安全风险排查与隐患整改（第12条）',
        quote: '12.实行安全隐患排查整治与安全风险分级管控制度。每学期开学前学校必须组织安全风险隐患排查整治',
        leadKinds: ['education_bureau'],
        categories: ['buildings_disaster', 'internal_security', 'fire', 'drowning', 'mental_health', 'other'],
      },
      {
        area: '校园及周边治安防控',
        quote: '公安机关重点加强学校安全保卫，牵头开展校园及周边治安环境综合治理',
        leadKinds: ['public_security'],
        categories: ['public_order', 'bullying_violence', 'surroundings'],
      },
      { area: '食品安全', quote: '市场监管部门重点加强食堂、供应商及学生集体使用的食品药品、特种设备等监管', leadKinds: ['market_supervision', 'health'], categories: ['food_safety'] },
      { area: '交通安全', quote: '交通运输部门重点加强对提供学生集体用车服务的道路运输企业的监管', leadKinds: ['traffic_police', 'transport'], categories: ['traffic_order', 'school_bus'] },
    ],
  },
  {
    id: 'pulu-2021',
    name: '蒲吕街道2021年中小学幼儿园“护校安园”专项行动',
    issuer: '重庆市铜梁区人民政府蒲吕街道办事处（蒲吕办发〔2021〕50号）',
    year: 2021,
    source: '003_bb9cf7f7197d12b2.txt',
    summary:
      '摸排（至5/25）、整改（5/26–11/25）、验收与巩固提高（均为11/26–次年1/31）；派出所下发整改通知书限期整改；每月28日前报送上月情况，次年1月20日前报送总结。Four phases, the last two overlapping; monthly report before the 28th; summary before 20 January.',
    startDate: '2021-04-23',
    phases: [
      { key: 'survey', startDate: '2021-04-23', endDate: '2021-05-25', asks: '辖区中小学、幼儿园全面开展安全自查，摸排梳理校园安全隐患和“三防”薄弱环节，逐一登记建档。', closing: 'none' },
      // Closings: none in the text. 整改: "派出所要下发整改通知书限期整改；对发现的重大隐患……学区管理中心要牵头
      // 研究解决方案" — each hazard's own deadline, nothing when the phase ends. 验收: "对校园安全保卫工作开展
      // 督导检查……并适时予以通报" — an inspection and its 通报, not 挂牌督办.
      {
        key: 'rectification',
        startDate: '2021-05-26',
        endDate: '2021-11-25',
        asks: '对发现的问题隐患，派出所下发整改通知书限期整改；重大隐患由学区管理中心牵头研究解决方案，限时整改。',
        closing: 'none',
      },
      { key: 'acceptance', startDate: '2021-11-26', endDate: '2022-01-31', asks: '抽调人员组成联合检查组，对校园安全保卫工作开展督导检查，并适时予以通报。', closing: 'none' },
      { key: 'consolidation', startDate: '2021-11-26', endDate: '2022-01-31', asks: '总结专项工作开展情况，分析短板、推广经验，健全校园安全稳定工作长效联动机制。', closing: 'none' },
    ],
    obligations: [
      // Source: "学区管理中心等单位于每月28日前报送上月“护校安园”行动工作情况及统计表，并于2022年1月20日前报送
      // 工作总结到派出所" — both to the 派出所.
      {
        key: 'monthly_report',
        title: '上月“护校安园”行动工作情况及统计表',
        owners: ['kind:education_bureau'],
        before: true,
        recurrence: { daysOfMonth: [28], untilDate: '2022-01-31' },
        to: { name: '派出所', units: ['kind:public_security'] },
      },
      { key: 'summary', title: '专项工作总结', owners: ['kind:education_bureau'], dueDate: '2022-01-20', before: true, to: { name: '派出所', units: ['kind:public_security'] } },
    ],
    taskAreas: [
      { area: '校园内部安防建设', quote: '（一）推进校园内部安防建设。', leadKinds: ['public_security'], categories: ['internal_security', 'fire'] },
      { area: '风险隐患排查整改', quote: '（二）强化风险隐患排查整改。', leadKinds: ['education_bureau', 'public_security'], categories: ['buildings_disaster', 'drowning', 'other'] },
      {
        area: '校园周边环境综合治理',
        quote: '（三）开展校园周边环境综合治理。一是分管领导要带领平安办积极协调相关职能部门',
        leadKinds: ['public_security', 'traffic_police'],
        categories: ['surroundings', 'traffic_order', 'cultural_market'],
      },
      {
        area: '校园周边巡逻防控',
        quote: '（四）加强校园周边巡逻防控。一是派出所要完善校园周边安全区域高峰勤务和“护学岗”机制',
        leadKinds: ['public_security'],
        categories: ['public_order', 'bullying_violence'],
      },
    ],
  },
  {
    id: 'yufeng-2023',
    name: '鱼峰区校园安全集中整治',
    issuer: '鱼峰区人民政府办公室（鱼政办发〔2023〕12号）',
    year: 2023,
    source: '004_257e1c4b6be8b835.txt',
    summary:
      '九类问题集中整治；组织筹备（5/15前）、排查至5/25、查纠整改（6/20前，6/15前专项督导）、总结提升（6/30前）；销号管理、黑榜通报与限期整改；每月25日前报送；动态清零。Nine problem areas; dated steps 5/15, 5/25, 6/15, 6/20, 6/30; reports before the 25th; dynamic zeroing.',
    startDate: '2023-05-01',
    phases: [
      // Source: "加强组织筹备（2023年5月15日前）" — the start is not given; assumed 1 May.
      {
        key: 'preparation',
        startDate: '2023-05-01',
        endDate: '2023-05-15',
        endsBefore: true,
        asks: '制定实施方案，召开动员部署会，实施方案及动员部署情况于{due:implementation_plan}报市教育局。',
        closing: 'none',
      },
      // Source: "从动员部署会开始至5月25日，各学校……开展全面排查".
      { key: 'survey', startDate: '2023-05-15', endDate: '2023-05-25', asks: '各学校对照《全市校园安全集中整治问题清单》全面排查，摸清问题底数，实施销号管理。', closing: 'none' },
      // Source: "深入查纠整改（2023年6月20日前）". Its closing: none in the text (the units late by then were
      // already put on the 黑榜 by the 督导 below: "限期整改不到位造成不良影响的追究有关责任人责任").
      { key: 'rectification', startDate: '2023-05-26', endDate: '2023-06-20', endsBefore: true, asks: '深入查纠整改；有关部门“四不两直”抽查暗访，突出问题通报并限期整改。', closing: 'none' },
      // Source: "成立督导组6月15日前对各学校……进行专项督导，未按时完成整治任务的予以黑榜通报".
      // Its closing escalates nothing (整改 runs to 6/20): "未按时完成整治任务的予以黑榜通报，并责令限期整改".
      {
        key: 'acceptance',
        startDate: '2023-06-01',
        endDate: '2023-06-15',
        endsBefore: true,
        asks: '督导组专项督导整治任务落实情况，未按时完成的予以黑榜通报并责令限期整改。',
        closing: 'blacklist',
      },
      // Source: "全面总结提升（2023年6月30日前，并长期推进）".
      { key: 'consolidation', startDate: '2023-06-20', endDate: '2023-06-30', endsBefore: true, asks: '全面总结提升，健全长效机制，并长期推进，实现问题动态清零。', closing: 'none' },
    ],
    obligations: [
      // Source: "有关实施方案及动员部署情况于5月15日前报市教育局".
      // 市教育局 is outside the district's directory: the lead office receives and forwards it.
      {
        key: 'implementation_plan',
        title: '实施方案及动员部署情况',
        owners: ['kind:education_bureau'],
        dueDate: '2023-05-15',
        before: true,
        to: { name: '市教育局', units: ['lead_office'] },
      },
      // Source: "有关部门……于6月15日前将本部门抽查暗访情况通报市教育局".
      { key: 'spot_check_report', title: '本部门抽查暗访情况', owners: ['all_departments'], dueDate: '2023-06-15', before: true, to: { name: '市教育局', units: ['lead_office'] } },
      // Source: "成立督导组6月15日前对各学校……进行专项督导" — the supervision group reports to the lead office's campaign.
      { key: 'supervision_report', title: '专项督导情况', owners: ['lead_office'], dueDate: '2023-06-15', before: true },
      // Source: "至6月底前，每月25日前向市教育局报送集中整治工作情况".
      {
        key: 'monthly_report',
        title: '集中整治工作情况',
        owners: ['kind:education_bureau'],
        before: true,
        recurrence: { daysOfMonth: [25], untilDate: '2023-06-30' },
        to: { name: '市教育局', units: ['lead_office'] },
      },
      // Source: "全面总结提升（2023年6月30日前）".
      { key: 'summary', title: '集中整治工作总结', owners: ['lead_office'], dueDate: '2023-06-30', before: true },
    ],
    taskAreas: [
      { area: '落实学生安全部署不重视问题', quote: '（一）落实市级有关学生安全部署工作不重视问题。……（各责任单位按职责分工落实）', leadKinds: ['education_bureau'] },
      {
        area: '校园及周边综合治理不到位问题',
        quote: '（二）校园及周边综合治理不到位问题。……（区教育局、公安鱼峰分局、区财政局、区住建局、区文体广旅局、区市场监管局、区执法局按职责分工负责）',
        leadKinds: ['public_security', 'urban_management'],
        categories: ['surroundings', 'public_order', 'cultural_market'],
      },
      {
        area: '学生伤害事件防范不到位问题',
        quote: '（三）学生伤害事件防范不到位问题。……（区委政法委、区委网信办、团区委、区妇联、区残联，区教育局、公安鱼峰分局、区民政局、区司法局、区人社局、区卫生健康局按职责分工负责）',
        leadKinds: ['public_security', 'education_bureau'],
        categories: ['bullying_violence'],
      },
      {
        area: '交通安全事故防范不到位问题',
        quote: '（四）交通安全事故防范不到位问题。……（区教育局、鱼峰交警大队、区交通局按职责分工负责）',
        leadKinds: ['traffic_police', 'transport'],
        categories: ['traffic_order', 'school_bus'],
      },
      {
        area: '学生心理健康问题',
        quote: '（五）学生心理健康问题。……（团区委、区妇联，区教育局、区民政局、区卫生健康局按职责分工负责）',
        leadKinds: ['education_bureau', 'health'],
        categories: ['mental_health'],
      },
      {
        area: '食品安全问题',
        quote: '（六）食品安全问题。……（区教育局、区卫生健康局、区市场监管局、区执法局按职责分工负责）',
        leadKinds: ['market_supervision'],
        categories: ['food_safety'],
      },
      { area: '法治教育问题', quote: '（七）法治教育问题。……（鱼峰区法院、鱼峰检察院，区教育局、公安鱼峰分局、区司法局按职责分工负责）', leadKinds: ['justice', 'education_bureau'] },
      {
        area: '常规管理问题',
        quote: '（八）常规管理问题。……（区教育局、区人社局、区住建局按职责分工负责）',
        leadKinds: ['education_bureau'],
        categories: ['internal_security', 'fire', 'buildings_disaster', 'other'],
      },
      {
        area: '溺水事故防范不到位问题',
        quote: '（九）溺水事故防范不到位问题。……（团区委、区妇联，区教育局、公安鱼峰分局、区民政局、区住建局、区文体广旅局、区卫生健康局、区应急局、里雍白沙两镇、各街道按职责分工负责）',
        leadKinds: ['education_bureau', 'emergency_management'],
        categories: ['drowning'],
      },
    ],
    // Source: "至6月底前，每月25日前向市教育局报送集中整治工作情况，重大问题第一时间报送" — a major hazard is
    // sent to 市教育局 when it is reported (through the lead office, which forwards it), not only at the 25th.
    majorHazardReport: { addressee: '市教育局', source: '至6月底前，每月25日前向市教育局报送集中整治工作情况，重大问题第一时间报送' },
  },
];
