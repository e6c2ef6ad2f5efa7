// The hazard (隐患) as the API, the workflow and the activities share it. Types and pure
// data only: this file is imported by workflow code.

/** The keys of a table of labels, in its order, as the tuple z.enum takes. */
export const keysOf = <K extends string>(labels: Record<K, string>) => Object.keys(labels) as [K, ...K[]];

/** 隐患状态, as people read them: in refusals, mails, exports and pages. */
export const HAZARD_STATUS_LABELS = {
  reported: '已上报', // 上报
  bureau_review: '待教育局交办', // 报教育局 (awaiting 交办)
  assigned: '已交办', // 交办, 限期整改
  rectifying: '整改中', // school self-fix, failed verification, reopened by 回头看
  rectified: '已整改待验收', // 整改完成, awaiting 验收
  closed: '已销号', // 验收通过, 销号
  withdrawn: '已撤销', // 撤销 (reported in error)
} as const;
export type HazardStatus = keyof typeof HAZARD_STATUS_LABELS;
export const HAZARD_STATUSES = keysOf(HAZARD_STATUS_LABELS);

/** 一般隐患 / 重大隐患. */
export const HAZARD_LEVEL_LABELS = { general: '一般隐患', major: '重大隐患' } as const;
export type HazardLevel = keyof typeof HAZARD_LEVEL_LABELS;
export const HAZARD_LEVELS = keysOf(HAZARD_LEVEL_LABELS);

/** Hazard categories of the source documents, with their Chinese names. */
export const HAZARD_CATEGORY_LABELS = {
  food_safety: '食品安全',
  traffic_order: '交通秩序',
  cultural_market: '文化市场',
  public_order: '治安秩序',
  school_bus: '校车安全',
  fire: '消防安全',
  buildings_disaster: '校舍及自然灾害',
  drowning: '防溺水',
  bullying_violence: '欺凌和暴力',
  mental_health: '心理健康',
  internal_security: '内部安全管理',
  surroundings: '校园周边环境',
  other: '其他',
} as const;
export type HazardCategory = keyof typeof HAZARD_CATEGORY_LABELS;
export const HAZARD_CATEGORIES = Object.keys(HAZARD_CATEGORY_LABELS) as HazardCategory[];

/**
 * How a hazard was found (隐患来源): a school's or unit's own 自查; a department's 抽查暗访 (鱼峰:
 * "有关部门……自行组建抽查暗访组……及时将发现的突出问题进行通报"); a 督导检查 (蒲吕: "联合检查组……开展
 * 督导检查"; 派出所 "下发整改通知书"); a 群众举报.
 */
export const HAZARD_ORIGIN_LABELS = {
  self_inspection: '自查',
  spot_check: '抽查暗访',
  supervision: '督导检查',
  public_report: '群众举报',
} as const;
export type HazardOrigin = keyof typeof HAZARD_ORIGIN_LABELS;
export const HAZARD_ORIGINS = keysOf(HAZARD_ORIGIN_LABELS);

/** 0 none, 1 supervising leader notified, 2 bureau / lead office, 3 local government (挂牌督办). */
export type EscalationLevel = 0 | 1 | 2 | 3;
/** 督办状态 by escalation level, as people read it. */
export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  0: '未升级',
  1: '已通知分管领导',
  2: '已提请教育局/领导小组办公室督办',
  3: '已报属地政府挂牌督办',
};

export const ROLE_LABELS = {
  lead: '领导小组办公室',
  bureau: '教育局',
  department: '成员单位',
  school: '学校',
  inspector: '验收人员',
  government: '属地政府',
} as const;
export type Role = keyof typeof ROLE_LABELS;
export const ROLES = keysOf(ROLE_LABELS);

/** Who did something: a role, the unit it acts for, and the key that authenticated it. */
export interface Actor {
  role: Role | 'system';
  unitId?: string;
  keyId?: string;
  /** A copy's read-only link (抄送, common/link-subjects.ts): it reads its one hazard and takes no action. */
  readOnly?: boolean;
}

export const SYSTEM: Actor = { role: 'system' };

/**
 * 重大问题第一时间报送 (鱼峰: "每月25日前向市教育局报送集中整治工作情况，重大问题第一时间报送"): a major
 * hazard is sent up at once, when it is reported, to the body the source names — not only when its
 * ladder climbs. A body outside the directory (the city's 市教育局) is reached through the lead
 * office, which forwards it. Only a preset whose source says so carries it (common/campaign-presets.ts).
 */
export interface MajorHazardReport {
  /** Whom, as the source names it: "市教育局". */
  addressee: string;
  /** The source's line, quoted. */
  source: string;
}

/** Timing of a hazard's deadlines, all ISO-8601 durations. */
export interface HazardPolicy {
  /** Reminders before a deadline (default P3D and P1D). */
  reminderOffsets: string[];
  /** After the deadline: escalate to the bureau after one grace period, to the local government after two. */
  overdueGrace: string;
  /** Deadline of listed supervision (挂牌督办), counted from the escalation to the local government. */
  governmentDeadline: string;
  /** 回头看: the look-back check this long after write-off. */
  lookBackAfter: string;
  /** The rectification period when none is given (school self-fix, failed verification, reopening). */
  rectificationPeriod: string;
  /** The zone its days and months are counted in (IANA; default Asia/Shanghai): its campaign's, or DISPLAY_TIME_ZONE. */
  timeZone?: string;
  /** 重大问题第一时间报送: its campaign's, when its preset's source says so. */
  majorHazardReport?: MajorHazardReport;
}

export interface NewHazard {
  id: string;
  campaignId?: string;
  schoolId: string;
  category: HazardCategory;
  level: HazardLevel;
  title: string;
  description?: string;
  location?: string;
  evidence: string[];
  selfFixable: boolean;
  dueAt?: string;
  /** How it was found (隐患来源; default 自查). */
  origin?: HazardOrigin;
  /** 编号: its running number in its campaign, given before the report's workflow starts (common/hazard-numbers.ts); absent for a hazard reported before numbers were given. */
  number?: number;
}

export type ResponsibleUnit = { type: 'school'; id: string } | { type: 'bureau' } | { type: 'department'; id: string };

/**
 * A person named for a hazard at 交办 (平湖: "逐一落实相关行政部门的督办责任人和学校幼儿园的整改责任人"): the
 * 整改责任人 of the unit that rectifies, the 督办责任人 of the unit that supervises.
 */
export interface ResponsiblePerson {
  name: string;
  /** A mainland mobile number (11 digits). */
  mobile?: string;
}

/** "覃股长（13800000000）": a person as a notice, a page and the 台账 write it. */
export const personLabel = (p: ResponsiblePerson | null | undefined): string | undefined => (p ? `${p.name}${p.mobile ? `（${p.mobile}）` : ''}` : undefined);

export interface HistoryEntry {
  seq: number;
  at: string;
  actor: Actor;
  action: string;
  from: HazardStatus | null;
  to: HazardStatus;
  note?: string;
}

export interface PendingExtension {
  requestedDueAt: string;
  reason: string;
  requestedBy: Actor;
  requestedAt: string;
}

/** The whole live state of a hazard, as its workflow holds it and its query returns it. */
export interface HazardState extends NewHazard {
  status: HazardStatus;
  responsible: ResponsibleUnit;
  departmentId?: string;
  /** 配合单位: departments co-operating in the rectification beside the lead unit (牵头单位, `departmentId`), named at 交办. */
  cooperatingDepartmentIds?: string[];
  /** 整改责任人: the person of the assigned unit who answers for the rectification, named at 交办. */
  rectificationOwner?: ResponsiblePerson;
  /** 督办责任人: the person of the supervising unit (教育局, 领导小组办公室) who follows it up, named at 交办. */
  supervisionOwner?: ResponsiblePerson;
  dueAt?: string;
  escalationLevel: EscalationLevel;
  listedSupervision: boolean;
  governmentDueAt?: string;
  /** Verifications that failed (验收不通过). */
  rejectionCount: number;
  /** The deadline that runs now has passed (its overdue rung fired). */
  overdue: boolean;
  /** Deadlines missed. */
  overdueCount: number;
  pendingExtension?: PendingExtension;
  lastRectification?: { note: string; evidence: string[]; at: string };
  reportedBy: Actor;
  reportedAt: string;
  closedAt?: string;
  lookBackDueAt?: string;
  lookBackDone: boolean;
  /**
   * 黔南 item 12, "对自身能够解决的一般风险隐患完成整改后进行登记": a general hazard the school fixed
   * itself and closed by registering it, with its photos (not held for 验收)...
   */
  selfRegistered?: boolean;
  /** ...and the bureau's 抽查 of it recorded (passed; a failed one reopens the hazard). */
  spotChecked?: boolean;
  /** The latest 整改通知书 / 挂牌督办 and its 签收 (domain/hazard/acknowledgement.ts). */
  acknowledgement?: { notice: 'rectification_notice' | 'listed_supervision'; issuedAt: string; acknowledgedAt?: string; by?: Actor };
  policy: HazardPolicy;
  /** Sequence number of the last transition. */
  seq: number;
  history: HistoryEntry[];
}

/** The kinds of school in the directory (学段), with their names. */
export const SCHOOL_KIND_LABELS = {
  kindergarten: '幼儿园',
  primary: '小学',
  middle: '初级中学',
  high: '高级中学',
  complete: '完全中学',
  vocational: '中等职业学校',
  nine_year: '九年一贯制学校',
} as const;
export type SchoolKind = keyof typeof SCHOOL_KIND_LABELS;
export const SCHOOL_KINDS = keysOf(SCHOOL_KIND_LABELS);

/** The columns of a hazard list (一校一表) for import: the API's parser and the web app's template. */
export const HAZARD_IMPORT_HEADERS = ['学校编号', '隐患类别', '隐患等级', '隐患名称', '隐患描述', '隐患位置', '能否自行整改', '整改期限', '佐证材料'] as const;
