// What a workflow asks the notification activity to send. The workflow names recipients by
// their place in the directory; the activity looks up the addresses and renders the mail.
import type { HazardState } from './hazard';

export const NOTIFICATION_KINDS = [
  'hazard_reported', // 隐患上报 → education bureau
  'major_hazard_report', // 重大问题第一时间报送 → the lead office, to forward to the body the source names (鱼峰: 市教育局)
  'self_fix_registered', // 学校自行整改登记
  'self_fix_closed', // 学校自行整改完成，登记销号 → education bureau (抽查)
  'spot_check_failed', // 抽查发现未整改到位, 重新整改
  'rectification_notice', // 整改通知书 (交办)
  'deadline_reminder', // 整改期限提醒
  'overdue_notice', // 逾期通知 → unit and its supervising leader
  'escalated_to_bureau', // 逾期升级 → education bureau / lead office
  'listed_supervision', // 挂牌督办 → local government
  'listed_supervision_reminder', // 挂牌督办期限提醒
  'listed_supervision_overdue', // 挂牌督办逾期 → 通报
  'rectification_reported', // 整改完成, 请验收 → education bureau
  'verification_requested', // 整改完成待验收 → the inspectors (验收人员), whom the action table lets verify
  'verification_passed', // 验收通过, 销号
  'verification_failed', // 验收未通过, 重新整改
  'extension_requested', // 延期申请
  'extension_approved',
  'extension_refused',
  'withdrawn', // 撤销
  'look_back_due', // 回头看
  'look_back_reminder', // 回头看期限提醒 → education bureau
  'look_back_overdue', // 回头看逾期未登记 → education bureau and lead office, 通报
  'reopened', // 回头看发现反弹, 重新整改
  'acknowledgement_overdue', // 整改通知书未签收 → the addressed unit's 分管领导 (签收's climb, its last step)
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a hazard's deadline ladder sends, rung by rung, in order (workflows/hazard-deadlines.ts). */
export const HAZARD_LADDER_NOTICES = [
  'deadline_reminder',
  'overdue_notice',
  'escalated_to_bureau',
  'listed_supervision',
  'listed_supervision_reminder',
  'listed_supervision_overdue',
] as const satisfies readonly NotificationKind[];

/** Where a jurisdiction-level recipient is: named by a school in it, or directly. */
export type InJurisdiction = { schoolId: string; jurisdictionId?: undefined } | { jurisdictionId: string; schoolId?: undefined };

/** A recipient by its place in the organisation directory. */
export type Recipient =
  /** The school's principal (first responsible person) and safety officer. */
  | { kind: 'school'; schoolId: string }
  /** A department's contacts. */
  | { kind: 'department'; departmentId: string }
  /** A department's supervising leader (分管领导). */
  | { kind: 'department_leader'; departmentId: string }
  /** The education bureau of the jurisdiction: its contacts. */
  | ({ kind: 'bureau' } & InJurisdiction)
  /** The education bureau's supervising leader (a school's supervisor). */
  | ({ kind: 'bureau_leader' } & InJurisdiction)
  /** The campaign's lead office (领导小组办公室) of the jurisdiction. */
  | ({ kind: 'lead_office' } & InJurisdiction)
  /** The local government (属地政府) of the jurisdiction. */
  | ({ kind: 'government' } & InJurisdiction)
  /** The inspectors (验收人员): the accounts of the role that verifies (domain/hazard/actions.ts). */
  | ({ kind: 'inspectors' } & InJurisdiction);

/** The facts of the hazard a mail carries. */
export const HAZARD_FACT_KEYS = [
  'id',
  'number',
  'schoolId',
  'departmentId',
  'category',
  'level',
  'title',
  'description',
  'location',
  'evidence',
  'status',
  'dueAt',
  'governmentDueAt',
  'escalationLevel',
  'rejectionCount',
  'origin',
  'cooperatingDepartmentIds',
  'rectificationOwner',
  'supervisionOwner',
] as const satisfies readonly (keyof HazardState)[];
export type HazardFacts = Pick<HazardState, (typeof HAZARD_FACT_KEYS)[number]>;

/** The facts as they are now (a copy: the workflow's state may change before the activity is scheduled). */
export function hazardFacts(state: HazardState): HazardFacts {
  const value = (v: unknown) => (Array.isArray(v) ? [...(v as unknown[])] : v);
  return Object.fromEntries(HAZARD_FACT_KEYS.filter((k) => state[k] !== undefined).map((k) => [k, value(state[k])])) as HazardFacts;
}

export interface NotificationRequest {
  /** One per workflow step and recipient group: a retry finds it in the log and sends nothing. */
  dedupeKey: string;
  kind: NotificationKind;
  hazard: HazardFacts;
  campaignId?: string;
  to: Recipient[];
  cc?: Recipient[];
  /** Details of the step: the reminder offset, a note, a reason, the requested deadline... */
  details?: {
    offset?: string;
    note?: string;
    reason?: string;
    requestedDueAt?: string;
    previousDueAt?: string;
    /** The end of the grace period after a missed deadline (the overdue notice's "请于…前"). */
    graceEndsAt?: string;
    /** Whom a major hazard is sent up to (重大问题第一时间报送), as its campaign's source names it. */
    addressee?: string;
    /** A notice not yet acknowledged (签收): when it was issued (the leader's mail, acknowledgement_overdue). */
    noticeAt?: string;
  };
  /** The instant of the step, on the workflow's clock: the mail's date. */
  at?: string;
  /** The zone its dates are written in (the hazard's policy; default the deployment's). */
  timeZone?: string;
}

/** Mail of a campaign step: phases opening and closing, report reminders and overdue notices. */
export const CAMPAIGN_NOTIFICATION_KINDS = [
  'campaign_launched', // 专项行动启动
  'phase_opened', // 阶段开始
  'phase_closing', // 阶段即将结束
  'phase_closed', // 阶段结束: exit criteria checked
  'self_inspection_missing', // 摸排逾期未自查
  'report_reminder', // 报送提醒
  'report_overdue', // 报送逾期
  'report_escalated', // 报送逾期督办
  'report_received', // 报送材料 → the report's addressee (报送对象)
  'bulletin_issued', // 通报 → every participant
  'rectification_order', // 责令限期整改 → the units on a bulletin's 黑榜
] as const;
export type CampaignNotificationKind = (typeof CAMPAIGN_NOTIFICATION_KINDS)[number];

export interface CampaignNotificationRequest {
  dedupeKey: string;
  kind: CampaignNotificationKind;
  /** The campaign; its dates are written in its zone (timeZone; default the deployment's). */
  campaign: { id: string; name: string; jurisdictionId: string; timeZone?: string };
  to: Recipient[];
  cc?: Recipient[];
  details?: {
    phase?: string;
    startAt?: string;
    endAt?: string;
    asks?: string;
    obligationTitle?: string;
    /** Whom the report is handed to, as its source names it (报市教育局). */
    addressee?: string;
    period?: string;
    /** The report's days of the month, when it recurs: its period is named by its cadence (common/report-period.ts). */
    recurrence?: { dayOfMonth?: number; daysOfMonth?: number[] };
    dueAt?: string;
    /** The end of the grace period after a missed report (the overdue notice's "请于…前"). */
    graceEndsAt?: string;
    offset?: string;
    /** Units named in the mail (missing reports, schools without self-inspection). */
    unitIds?: string[];
    count?: number;
    note?: string;
    /** The phases of a launched campaign, each with its window. */
    phases?: { label: string; startAt: string; endAt: string }[];
    /** A bulletin (通报): its number and figures. */
    /** `hazards`: how many the closure rate counts (none: it reads "—"; absent in mails of older bulletins). */
    bulletin?: { no: number; docNo?: string | null; overdueHazards: number; listedSupervision: number; closureRate: number; hazards?: number; reasons?: string[] };
  };
  /** The instant of the step, on the workflow's clock: the mail's date. */
  at?: string;
}

export interface NotificationResult {
  dedupeKey: string;
  messageId: string;
  to: string[];
  cc: string[];
  /** False when the log showed the mail was already sent (a retry), or when it was overtaken. */
  sentNow: boolean;
  /** A reminder whose deadline had passed by the time it could be sent: not sent. */
  overtaken?: boolean;
  /** A rung's notice outside working hours: held, sent from this instant on (activities/held-notices.ts). */
  heldUntil?: string;
}
