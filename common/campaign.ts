// The campaign (专项行动) as the API, the workflow and the activities share it: its plan of dated
// phases and obligations, and the presets of the source documents. Types and pure data only:
// imported by workflow code.
import { keysOf, type Actor, type HazardCategory, type HazardPolicy, type MajorHazardReport } from './hazard';
import type { CampaignTarget } from '../domain/campaign/targets';
import { DEFAULT_TIME_ZONE } from './time';

/** The phases, in order, with their names. */
export const PHASE_LABELS = {
  preparation: '组织筹备',
  survey: '摸排',
  rectification: '整改',
  acceptance: '验收',
  consolidation: '巩固提高',
} as const;
export type PhaseKey = keyof typeof PHASE_LABELS;
export const PHASE_KEYS = keysOf(PHASE_LABELS);

/** A dated phase window; windows may overlap (蒲吕 runs 验收 and 巩固提高 over the same dates). */
export interface PhasePlan {
  key: PhaseKey;
  startAt: string;
  endAt: string;
  /** What the phase asks of the participants (Chinese); mailed when it opens. A preset's phases carry their source's words. */
  asks?: string;
  /** What closing the phase does (default by its key: see PhaseClosing). */
  closing?: PhaseClosing;
}

/**
 * What a phase's closing does: escalate the hazards not yet rectified to the bureau
 * ('escalate_to_bureau'); put them under the local government's listed supervision
 * ('listed_supervision', 黔南 item 12: "对协调有关部门仍难以完成整改的一律报告属地政府统筹解决，实行挂牌督办");
 * put the units that did not finish on time on the 黑榜 and order them to rectify by a deadline
 * ('blacklist', 鱼峰's 督导); or nothing ('none'). A preset's phases each say theirs, from their
 * source's text (common/campaign-presets.ts; a source that names none: 'none'); a plan given in
 * full may say it per phase, else 整改 escalates to the bureau and 验收 to 挂牌督办 by default.
 *
 * A closing never escalates a hazard whose own rectification window is still open, nor one whose
 * rectification is reported and awaits 验收 (`rectified`): that wait is the inspector's and the
 * bureau's overdue duty, not the unit's (an acceptance closing records it as the bureau's).
 */
export type PhaseClosing = 'escalate_to_bureau' | 'listed_supervision' | 'blacklist' | 'none';

/** The closing of a phase: its own, else the default by its key (for a plan given in full; a preset's phases carry theirs). */
export function phaseClosing(phase: Pick<PhasePlan, 'key' | 'closing'>): PhaseClosing {
  if (phase.closing) return phase.closing;
  return phase.key === 'rectification' ? 'escalate_to_bureau' : phase.key === 'acceptance' ? 'listed_supervision' : 'none';
}

/**
 * A recurring report: due on each listed day of every month (a day past a month's end falls on
 * its last day), at `time` local time (default: "N日前" as the campaign reads it — 24:00 of the
 * Nth, or 00:00 under the exclusive reading), until `until`.
 */
export interface Recurrence {
  dayOfMonth?: number;
  daysOfMonth?: number[];
  until: string;
  /** HH:mm in the campaign's time zone; "24:00" is the end of the day. */
  time?: string;
}

/**
 * Whom a report is handed to (报送对象), as its source names it ("报市教育局", "报送工作总结到派出所",
 * "分别报市公安局和市教育局"), and the units of the campaign that receive it (department ids or
 * "lead_office": a body outside the directory, such as the city's 市教育局, is reached through the
 * lead office). A handed-in report is mailed to them.
 */
export interface ReportAddressee {
  name: string;
  unitIds: string[];
}

/** A deliverable: one-off (dueAt) or recurring (recurrence), owed by each of its owners. */
export interface ObligationPlan {
  key: string;
  title: string;
  /** Department ids, school ids, or "lead_office". */
  ownerIds: string[];
  /** Whom it is handed to (default: the lead office). */
  addressee?: ReportAddressee;
  dueAt?: string;
  recurrence?: Recurrence;
  /** The report periods spelled out (a compressed demo timeline); otherwise derived from dueAt or recurrence. */
  periods?: { period: string; dueAt: string }[];
}

export interface CampaignPlan {
  phases: PhasePlan[];
  obligations: ObligationPlan[];
}

// ---- Presets --------------------------------------------------------------------------------

/**
 * Who owes an obligation in a preset, resolved against the directory at launch: the lead office,
 * every member department, every school, or the departments of a kind (see Department.kind:
 * education_bureau, public_security, traffic_police, market_supervision, urban_management,
 * culture_tourism, health, housing_construction, civil_affairs, justice, emergency_management,
 * transport, fire, cyberspace).
 */
export type PresetOwner = 'lead_office' | 'all_departments' | 'all_schools' | `kind:${string}` | `school_kind:${SchoolKind}`;

/** The kinds of school of the directory (School.kind). */
import type { SchoolKind } from './hazard';
export { SCHOOL_KINDS, type SchoolKind } from './hazard';

/**
 * Who takes part in a campaign (absent: every school and every member department of the
 * jurisdiction): all schools, the schools of some kinds, or a list; some departments.
 */
export interface ParticipantsChoice {
  schools?: { all: true } | { kinds: SchoolKind[] } | { ids: string[] };
  departmentIds?: string[];
}

/** A plan as one of the source documents dates it, in local dates (Asia/Shanghai). */
export interface CampaignPreset {
  /** e.g. "pulu-2021". */
  id: string;
  /** The campaign's name in the source, e.g. "蒲吕街道2021年中小学幼儿园“护校安园”专项行动". */
  name: string;
  issuer: string;
  year: number;
  /** The seed file it comes from, e.g. "003_bb9cf7f7197d12b2.txt". */
  source: string;
  /** One or two sentences: what this plan is known for. */
  summary: string;
  /**
   * The campaign's first day in the source (YYYY-MM-DD). Launched with a new start, a date counted
   * from the start moves by the days between; a `seasonal` one keeps its month and day (shiftPreset).
   */
  startDate: string;
  phases: {
    key: PhaseKey;
    /** YYYY-MM-DD, first day. */
    startDate: string;
    /** YYYY-MM-DD, last day (inclusive); with endsBefore, the N of the source's "N日前". */
    endDate: string;
    /** The source says "N日前": the phase ends as the campaign reads it (through the Nth by default). */
    endsBefore?: boolean;
    /** What the phase asks of the participants, in the source's words (Chinese); "{due:<obligation key>}" is that obligation's deadline ("5月15日前"). */
    asks: string;
    /** What its closing does, as its source writes it ('none' where the source names nothing). */
    closing: PhaseClosing;
    /** The source ties it to the calendar (每年3月, 开学前): launched on other dates, it keeps its season (shiftPreset). */
    seasonal?: boolean;
  }[];
  obligations: {
    key: string;
    /** Chinese, as in the source. */
    title: string;
    owners: PresetOwner[];
    /** YYYY-MM-DD: due by the end of that day; with `before`, the N of the source's "N日前". */
    dueDate?: string;
    /** The source says "N日前" (dueDate, or each day of the recurrence): due as the campaign reads it. */
    before?: boolean;
    /** Each listed day of every month; a `time` (HH:mm) when the source gives one, else "N日前" as the campaign reads it. */
    recurrence?: { daysOfMonth: number[]; untilDate: string; time?: string };
    /** Whom it is handed to, as the source names it, and who of the campaign receives it (absent: the lead office; a body outside the directory: the lead office). */
    to?: { name: string; units: PresetOwner[] };
    /** The source ties it to the calendar (每季度, 开学前; a recurrence: its end follows the seasonal phases): it keeps its season (shiftPreset). */
    seasonal?: boolean;
  }[];
  /** The schools the source's action covers, when not every school (建德: 向中学扩面 — primary schools, kindergartens and now the middle schools). */
  schoolKinds?: SchoolKind[];
  /**
   * Task areas with their lead departments (牵头单位), where the source names them, and the hazard
   * categories each covers: a hazard of the campaign is assigned to its area's lead by default.
   */
  taskAreas: {
    area: string;
    leadKinds: string[];
    categories?: HazardCategory[];
    /** The source's words that give the area its lead (牵头) or responsible departments; "……" between the parts quoted. */
    quote?: string;
  }[];
  /** 重大问题第一时间报送, where the source says so (鱼峰): a major hazard is sent up at once to the body it names. */
  majorHazardReport?: MajorHazardReport;
}

// ---- Live state -------------------------------------------------------------------------------

/**
 * How "N日前" (before the Nth) is read: 'inclusive' — due at 24:00 of the Nth, as Chinese
 * administrative usage normally means it (the default); 'exclusive' — due when the Nth begins.
 */
export type DeadlineReading = 'inclusive' | 'exclusive';

/** Reminder and escalation timing of a campaign's phases and reports (ISO-8601 durations). */
export interface CampaignPolicy {
  /** Reminders before a report is due and before a phase closes (default P3D, P1D). */
  reminderOffsets: string[];
  /** After a report's deadline: escalation to the lead office and the owners' leaders. */
  overdueGrace: string;
  /** The campaign's time zone (IANA; default DISPLAY_TIME_ZONE, Asia/Shanghai): its dates, months and the limits in its mails. */
  timeZone?: string;
  /** How the campaign reads "N日前" (default inclusive: due 24:00 of the Nth). */
  deadlineReading?: DeadlineReading;
  /** The ladder of the campaign's hazards (reminders, grace, 挂牌督办 deadline, 回头看...); a hazard's own policy overrides it. */
  hazard?: Partial<Omit<HazardPolicy, 'timeZone' | 'majorHazardReport'>>;
  /** 重大问题第一时间报送, as launched from a preset whose source says so (its hazards carry it in their policy). */
  majorHazardReport?: MajorHazardReport;
  /** 责令限期整改: how long a unit on a bulletin's 黑榜 has to rectify and report (default P7D). */
  rectificationOrderPeriod?: string;
  /** 工作目标 over the schools' records (一校一档), as launched: its preset's, or those the lead office named. */
  targets?: CampaignTarget[];
}

/**
 * The campaign's zone — every date its pages, CSVs, 通报 and mails write is in it: its policy's, else
 * `fallback` (DISPLAY_TIME_ZONE), else Asia/Shanghai. Of the live state's policy or the read model's
 * (its row's policy, JSON).
 */
export const campaignTimeZone = (policy: unknown, fallback?: string): string => (policy as Pick<CampaignPolicy, 'timeZone'> | null | undefined)?.timeZone ?? fallback ?? DEFAULT_TIME_ZONE;

export type PhaseStatus = 'pending' | 'open' | 'closed';

export interface PhaseState extends PhasePlan {
  status: PhaseStatus;
  /** The instant it closed (its end, unless the workers were down then). */
  closedAt?: string;
  /** What closing found missing (schools without self-inspection, hazards escalated...); set once the read model has answered. */
  outcome?: { missing: number; note: string };
}

export interface ObligationPeriodState {
  /** "once", or the due date (YYYY-MM-DD) of a recurring report. */
  period: string;
  dueAt: string;
  /** Owners that submitted (ids). */
  submitted: string[];
  /** Owners that missed the deadline (recorded for the bulletin). */
  missed: string[];
}

export interface ObligationState {
  key: string;
  title: string;
  /** A 责令限期整改 order of a bulletin (its number), not an obligation of the plan. */
  orderOfBulletin?: number;
  ownerIds: string[];
  /** Whom it is handed to (报送对象); a handed-in report is mailed to them. Absent in a campaign launched before it was kept. */
  addressee?: ReportAddressee;
  recurrence?: Recurrence;
  periods: ObligationPeriodState[];
}

export interface CampaignState {
  id: string;
  name: string;
  jurisdictionId: string;
  presetId?: string;
  policy: CampaignPolicy;
  departmentIds: string[];
  schoolIds: string[];
  phases: PhaseState[];
  obligations: ObligationState[];
  /** Schools that submitted their 摸排 self-inspection (by the API or as a CSV list, 一校一表). */
  selfInspected: string[];
  /** Of these, the ones that submitted after the survey closed (补报). */
  selfInspectedLate?: string[];
  /** The bulletins (通报) issued, numbered from 1: when, why, and the units on the 黑榜. */
  bulletins?: BulletinState[];
  /** The occasions of this instant gathered for one bulletin, not yet in the outbox (campaign-bulletins.ts). */
  bulletinDue?: { at: string; triggers: string[]; issuedBy: Actor };
  status: 'running' | 'completed';
  seq: number;
}

/** A bulletin (通报) as the campaign remembers it; its content is in the read model. */
export interface BulletinState {
  no: number;
  at: string;
  /** report:<key>:<period> | phase:<key> | on_demand */
  trigger: string;
  /** Every occasion of its instant (the first is `trigger`). */
  triggers?: string[];
  /** 文号, e.g. 鱼护校办通〔2027〕3号. */
  docNo?: string;
  /** Units on its 黑榜 (school and department ids; a jurisdiction id for its local government). */
  blacklist: string[];
  /** The last bulletin entry it covers: the next one starts after it. */
  lastEntryId: string | null;
  /** False from its instant until its content is computed from the read model (then its 黑榜 and last entry are set). */
  computed?: boolean;
}
