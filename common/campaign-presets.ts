// The plans of the source documents (seeds/), as presets a lead launches with new dates.
import type { CampaignPreset } from './campaign';

export const CAMPAIGN_PRESETS: CampaignPreset[] = [
  {
    id: 'pulu-2021',
    name: '蒲吕街道2021年中小学幼儿园“护校安园”专项行动',
    issuer: '重庆市铜梁区人民政府蒲吕街道办事处',
    year: 2021,
    source: '003_bb9cf7f7197d12b2.txt',
    summary: '四个阶段：摸排、整改、验收与巩固提高（后两者同期）；每月28日前报送上月工作情况，2022年1月20日前报送总结。',
    startDate: '2021-04-23',
    phases: [
      { key: 'survey', startDate: '2021-04-23', endDate: '2021-05-25', asks: '辖区中小学、幼儿园全面开展安全自查，摸排梳理校园安全隐患，逐一登记建档。' },
      { key: 'rectification', startDate: '2021-05-26', endDate: '2021-11-25', asks: '对发现的问题隐患下发整改通知书限期整改；重大隐患由学区管理中心牵头研究解决方案，限时整改。' },
      { key: 'acceptance', startDate: '2021-11-26', endDate: '2022-01-31', asks: '抽调人员组成联合检查组，对校园安全保卫工作开展督导检查，并适时予以通报。' },
      { key: 'consolidation', startDate: '2021-11-26', endDate: '2022-01-31', asks: '总结专项工作开展情况，分析短板、推广经验，健全校园安全稳定工作长效联动机制。' },
    ],
    obligations: [
      { key: 'monthly_report', title: '上月“护校安园”行动工作情况及统计表', owners: ['kind:education_bureau'], recurrence: { daysOfMonth: [28], untilDate: '2022-01-31', time: '00:00' } },
      { key: 'summary', title: '专项工作总结', owners: ['kind:education_bureau'], dueDate: '2022-01-19' },
    ],
    taskAreas: [],
  },
];
