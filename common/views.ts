// The shapes the API answers with, as its clients read them: the web app imports these types
// (type-only: nothing of the server goes into its bundle), the API builds them; the hazard's and
// the 工作台's are zod schemas, so the OpenAPI document gives them as its responses.
import type { CampaignTarget, TargetProgress } from '../domain/campaign/targets';
import type { ParticipantTaskArea } from '../domain/hazard/routing';
import { z } from 'zod';
import { HAZARD_ACTION_KEYS } from '../domain/hazard/actions';
import { ACKNOWLEDGED_NOTICES } from '../domain/hazard/acknowledgement';

/** An entry of a hazard's history (办理记录). */
export const historyViewSchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  note: z.string().optional(),
});
export type HistoryView = z.infer<typeof historyViewSchema>;

/** A hazard as GET /api/hazards/:id answers it (and a list's items, without history and actions). */
export const hazardViewSchema = z.object({
  id: z.string(),
  /** 编号: its running number in its campaign (shown 第12号); null for a hazard reported before numbers were given. */
  number: z.number().int().nullable(),
  campaignId: z.string().nullable(),
  status: z.string(),
  level: z.string(),
  category: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  evidence: z.array(z.string()),
  selfFixable: z.boolean(),
  schoolId: z.string(),
  /** The lead unit (牵头单位) once assigned. */
  departmentId: z.string().nullable(),
  /** 配合单位: departments co-operating beside the lead unit; they see the hazard, act on nothing. */
  cooperatingDepartmentIds: z.array(z.string()).optional(),
  /** 整改责任人 (of the lead unit) and 督办责任人 (of the supervising unit), named at 交办 (平湖 "逐一落实"). */
  rectificationOwner: z.object({ name: z.string(), mobile: z.string().optional() }).nullable().optional(),
  supervisionOwner: z.object({ name: z.string(), mobile: z.string().optional() }).nullable().optional(),
  responsible: z.object({ type: z.string(), id: z.string().optional() }),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  escalationLevel: z.number(),
  listedSupervision: z.boolean(),
  governmentDueAt: z.string().nullable(),
  rejectionCount: z.number(),
  /** How it was found: self_inspection 自查 | spot_check 抽查暗访 | supervision 督导检查 | public_report 群众举报. */
  origin: z.string(),
  /** Closed by the school itself with its photos (登记销号), and whether the bureau's 抽查 is recorded. */
  selfRegistered: z.boolean(),
  spotChecked: z.boolean(),
  pendingExtension: z.object({ requestedDueAt: z.string(), reason: z.string(), requestedAt: z.string() }).nullable(),
  closedAt: z.string().nullable(),
  /** When the look-back check (回头看) after write-off is due, while it is to come. */
  lookBackDueAt: z.string().nullable(),
  /**
   * 签收: the latest 整改通知书 (rectification_notice) or 挂牌督办 (listed_supervision) addressed to a
   * unit, when it was issued, and when and by whom (actor label) it was acknowledged; null before any.
   */
  acknowledgement: z.object({ notice: z.enum(ACKNOWLEDGED_NOTICES), issuedAt: z.string(), acknowledgedAt: z.string().nullable(), acknowledgedBy: z.string().nullable() }).nullable(),
  history: z.array(historyViewSchema).optional(),
  /**
   * For a viewer who may assign it (交办): where it goes by task area (domain/hazard/routing.ts) —
   * the preset's area covering its category, the department proposed as 牵头单位, and the
   * departments it may go to (the campaign's participants), the area's lead kinds first.
   */
  routing: z.object({ area: z.string().optional(), areaQuote: z.string().optional(), suggestedDepartmentId: z.string().optional(), departmentIds: z.array(z.string()) }).optional(),
  /** What this viewer may do now, from the action table (domain/hazard/actions.ts); none once the loop has ended. */
  actions: z.array(z.enum(HAZARD_ACTION_KEYS)),
  /**
   * Set when the live workflow could not answer within 2 s (its worker restarting): the hazard as
   * the read model last recorded it, at `asOf` — a moment behind, and with no actions until the
   * live state answers again. Absent: the live state (or a loop that has ended).
   */
  source: z.literal('read_model').optional(),
  /** With `source`: when the read model last recorded the hazard. */
  asOf: z.string().optional(),
});
export type HazardView = z.infer<typeof hazardViewSchema>;

/** A rung of a hazard's deadline ladder as the timeline shows it (GET /api/hazards/:id/timeline). */
export const timelineRungSchema = z.object({
  /** reminder | overdue | escalation | listed_reminder | listed_overdue | look_back */
  kind: z.string(),
  label: z.string(),
  at: z.string(),
  /** fired: from the history; upcoming: planned. */
  state: z.enum(['fired', 'upcoming']),
});
export type TimelineRung = z.infer<typeof timelineRungSchema>;

/** What is due from me (GET /api/me/work). */
export const workItemSchema = z.object({
  /** A hazard action's 工作台 kind (rectify | assign | verify | extension | look_back | supervise | listed_supervision | acknowledge), cooperate (配合单位: read-only), or report | self_inspection. */
  kind: z.string(),
  /** What to do, in Chinese ("整改", "验收"...). */
  action: z.string(),
  title: z.string(),
  /** The page that does it: /hazards/<id>, /campaigns/<id>/reports/<key>, /campaigns/<id>. */
  page: z.string(),
  hazardId: z.string().optional(),
  /** The hazard's 编号 (its running number in its campaign), when it has one. */
  hazardNumber: z.number().int().optional(),
  campaignId: z.string().optional(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  status: z.string().optional(),
  statusLabel: z.string().optional(),
  escalationLevel: z.number().optional(),
});
export type WorkItem = z.infer<typeof workItemSchema>;

/** Per unit, as GET /api/campaigns/:id/stats counts it. */
export interface UnitCounts {
  total: number;
  closed: number;
  open: number;
  overdue: number;
  escalated: number;
}

/** A campaign's hazards found, rectified, verified (销号), overdue, escalated, under 挂牌督办. */
export interface CampaignCounts {
  found: number;
  rectified: number;
  verified: number;
  overdue: number;
  escalated: number;
  listedSupervision: number;
}

/** GET /api/campaigns/:id/stats. */
export interface CampaignStatsView {
  hazards: {
    total: number;
    byStatus: Record<string, number>;
    byLevel: Record<string, number>;
    byDepartment: Record<string, UnitCounts>;
    bySchool: Record<string, UnitCounts>;
  } & CampaignCounts;
  closureRate: number;
  selfInspections: { submitted: number; schools: number };
  reports: { onTime: number; late: number };
  missedDeadlines: { unitType: string; unitId: string; name: string; count: number }[];
}

/** A row of the campaign list (GET /api/campaigns). */
export interface CampaignListItem {
  id: string;
  name: string;
  status: 'running' | 'completed';
  presetId: string | null;
  startAt: string | null;
  endAt: string | null;
  /** Names of the open phases. */
  currentPhases: string[];
  /** Hazards found (less those withdrawn), and of them written off. */
  hazards: number;
  closed: number;
  createdAt: string;
}

/** The campaign's counts at the end of a local day. */
export interface CampaignSeriesPoint extends CampaignCounts {
  /** YYYY-MM-DD, Asia/Shanghai. */
  date: string;
  closureRate: number;
}

/** A report obligation's cell: on time (按时), late (逾期), missing (未报), not yet due. */
export interface ReportCell {
  state: 'on_time' | 'late' | 'missing' | 'pending';
  submittedAt: string | null;
}

/** GET /api/campaigns/:id/dashboard. */
export interface CampaignDashboard {
  campaign: {
    id: string;
    name: string;
    status: 'running' | 'completed';
    presetId: string | null;
    phases: { key: string; label: string; startAt: string; endAt: string; status: 'pending' | 'open' | 'closed' }[];
    schools: number;
    departments: number;
    selfInspected: number;
  };
  now: string;
  stats: CampaignStatsView;
  series: CampaignSeriesPoint[];
  departments: ({ id: string; name: string } & UnitCounts)[];
  schools: ({ id: string; name: string } & UnitCounts)[];
  obligations: { key: string; title: string; periods: { period: string; dueAt: string }[]; owners: { id: string; name: string; cells: ReportCell[] }[] }[];
  bulletin: { at: string; unitType: string; unitId: string; name: string; reason: string; hazardId: string | null }[];
  /** Each 工作目标's rate over the participating schools' records, and the schools short of it. */
  targets: TargetProgress[];
}

/** A launch's preview: its phases, obligations with their due dates, and participants. */
export interface CampaignPreview {
  name: string;
  jurisdictionId: string;
  phases: { key: string; startAt: string; endAt: string }[];
  obligations: { key: string; title: string; ownerIds: string[]; dueDates: string[] }[];
  participants: { schoolIds: string[]; departmentIds: string[] };
  /** 工作目标: those the launch names, else its preset's. */
  targets?: CampaignTarget[];
  /** The preset's task areas, each with its source's words and the participants that lead it. */
  taskAreas?: ParticipantTaskArea[];
}

// -- 通报: a kept bulletin (GET /api/campaigns/:id/bulletins), built by activities/bulletin-issue.ts.

export interface BulletinBlacklistEntry {
  /** 'lead_office': the campaign's lead office, for a report it owed itself. */
  unitType: 'school' | 'department' | 'government' | 'lead_office';
  unitId: string;
  name: string;
  /** Each reason with how often it was recorded, e.g. "逾期未报送：实施方案" ×1. */
  reasons: { reason: string; count: number }[];
}

export interface BulletinHazardLine {
  hazardId: string;
  /** Its 编号 (absent in a bulletin issued before numbers were given). */
  number?: number | null;
  title: string;
  level: string;
  schoolId: string;
  schoolName: string;
  responsible: string;
  dueAt: string | null;
}

export interface BulletinContent {
  /** The misses on its 黑榜: every bulletin entry recorded after the previous bulletin's last one, up to this one (its id). */
  afterEntryId: string | null;
  lastEntryId: string | null;
  blacklist: BulletinBlacklistEntry[];
  overdueHazards: BulletinHazardLine[];
  listedSupervision: BulletinHazardLine[];
  /**
   * Units slow to acknowledge (签收): each hazard whose 整改通知书 / 挂牌督办 was acknowledged after the
   * stated time (domain/hazard/acknowledgement.ts), or not at all with that time past. Absent from
   * bulletins kept before it was counted.
   */
  slowAcknowledgements?: BulletinAcknowledgementLine[];
  /** 动态清零: per school and per department, hazards found (less those withdrawn) and written off. */
  closureByUnit: { unitType: 'school' | 'department'; unitId: string; name: string; total: number; closed: number; closureRate: number }[];
  closureRate: number;
}

/** A notice acknowledged late, or not yet (签收), as a bulletin names it. */
export interface BulletinAcknowledgementLine {
  hazardId: string;
  title: string;
  schoolName: string;
  /** rectification_notice (整改通知书) | listed_supervision (挂牌督办). */
  notice: string;
  /** The unit it is addressed to: the responsible department or school, or the local government (its jurisdiction's id). */
  unitType: 'department' | 'school' | 'government';
  unitId: string;
  name: string;
  issuedAt: string;
  acknowledgedAt: string | null;
  /** Working hours from the notice to its 签收 (or to the bulletin, not yet acknowledged), to one decimal. */
  workingHours: number;
}

export interface BulletinView {
  campaignId: string;
  no: number;
  /** 文号, e.g. 鱼护校办通〔2027〕3号 (null for a bulletin issued before 文号 were assigned). */
  docNo: string | null;
  trigger: string;
  /** Every occasion of its instant (the first is `trigger`). */
  triggers: string[];
  issuedBy: string;
  issuedAt: string;
  content: BulletinContent;
}

/** One step of a campaign's audit trail (留痕, GET /api/campaigns/:id/audit). */
export interface CampaignAuditItem {
  at: string;
  /** role or role:unitId ("system" for the workflow's own steps). */
  actor: string;
  action: string;
  note: string | null;
  data: unknown;
}

/** A unit's notice channels (通知渠道): its mobiles and group robots, as stored and (secrets masked) as shown. */
export interface UnitChannels {
  unitType: string;
  unitId: string;
  contactMobiles: string[];
  leaderMobiles: string[];
  dingtalkWebhook: string | null;
  dingtalkSecret: string | null;
  wecomWebhook: string | null;
}
