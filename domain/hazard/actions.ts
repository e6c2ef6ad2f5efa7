// The hazard's action table (排查→上报→交办→整改→验收→销号, 回头看): for each human action its
// Update, its request schema, its path, who may take it and from which state (the one rule the
// workflow's Update validator runs), its Chinese label and form, and the 工作台 item it makes and
// for whom. Written once, here; the workflow (workflows/hazard.ts), the routes
// (api/hazard-routes.ts), the OpenAPI document, the web app's forms (web/src/pages/HazardPage.tsx),
// the 工作台 (api/work.ts) and the docs derive from it, and tests/unit/hazard-actions.test.ts
// checks that they agree.
//
// Pure: imported by workflow code and by the web app. Who may SEE a hazard is domain/scope.ts;
// the rules here assume the actor may see it (the API checks the scope first).
import type { z } from 'zod';
import { HAZARD_STATUS_LABELS, type Actor, type HazardStatus, type Role } from '../../common/hazard';
import { forbid, invalid, refuse, violationOf, type RuleViolation } from '../rule-violation';
import { ACKNOWLEDGED_NOTICE_LABELS } from './acknowledgement';
import {
  acknowledgeSchema,
  assignSchema,
  escalationSchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  lookBackSchema,
  progressSchema,
  rectificationSchema,
  selfFixRegistrationSchema,
  spotCheckSchema,
  verificationSchema,
  withdrawSchema,
} from './schemas';

/** What the rules read of a hazard: its live state has it all, the read model most of it. */
export interface HazardFacts {
  status: HazardStatus;
  schoolId: string;
  /** Who must act now: the school (self-fix), the bureau (before 交办), or a department. */
  responsible: { type: 'school' | 'bureau' | 'department' | string; id?: string };
  /** 配合单位: they see the hazard and are copied on its notices; they act on nothing. */
  cooperatingDepartmentIds?: string[] | null;
  level: string;
  escalationLevel: number;
  listedSupervision: boolean;
  dueAt?: string | null;
  governmentDueAt?: string | null;
  pendingExtension?: { requestedDueAt?: string } | null;
  lookBackDueAt?: string | null;
  lookBackDone: boolean;
  /** The latest 整改通知书 / 挂牌督办 and its 签收 (the live state, and the read model's row). */
  acknowledgement?: { notice: 'rectification_notice' | 'listed_supervision'; acknowledgedAt?: string } | null;
  /** Closed by the school itself, registered with its photos (黔南 item 12)... */
  selfRegistered?: boolean;
  /** ...and the bureau's 抽查 of it recorded. */
  spotChecked?: boolean;
}

/**
 * 黔南 item 12: "对自身能够解决的一般风险隐患完成整改后进行登记" — a general hazard the school rectifies
 * itself (not under 挂牌督办) is closed by the school registering it with its photos, and
 * spot-checked (抽查) by the bureau; it is not held for an inspector's 验收.
 */
export const isSchoolSelfFix = (f: HazardFacts): boolean => f.responsible.type === 'school' && f.level === 'general' && !f.listedSupervision;

/** Statuses in which the unit rectifies (its deadline runs). */
export const RECTIFYING: HazardStatus[] = ['assigned', 'rectifying'];
/**
 * Statuses in which a hazard the bureau has taken up awaits its rectification: under its review or
 * being rectified, not yet reported rectified (`rectified` awaits 验收, the inspector's duty, not the
 * unit's). Under 挂牌督办 the government's deadline runs in them; a campaign's phase closing escalates them.
 */
export const AWAITING_RECTIFICATION: HazardStatus[] = ['bureau_review', ...RECTIFYING];
/** Statuses still open (not 销号, not withdrawn). */
export const OPEN: HazardStatus[] = ['reported', 'bureau_review', 'assigned', 'rectifying', 'rectified'];

const OFFICE: Role[] = ['bureau', 'lead'];
/** Who may act for the unit that must rectify: the unit itself, the office acting for it, the government under 挂牌督办. */
const RECTIFIERS: Role[] = ['department', 'school', 'bureau', 'lead', 'government'];

/**
 * The unit that must rectify now, as a unit (not the office acting for it): the responsible
 * department or school; the bureau for a hazard assigned to its own department (区教育局 as 牵头单位);
 * the local government under its listed supervision (挂牌督办).
 */
export function isResponsibleUnit(f: HazardFacts, actor: Actor): boolean {
  const r = f.responsible;
  switch (actor.role) {
    case 'government':
      return f.listedSupervision;
    case 'department':
    case 'school':
      return r.type === actor.role && r.id === actor.unitId;
    case 'bureau':
      return r.type === 'department' && r.id === actor.unitId;
    default:
      return false;
  }
}

/** 配合单位: a department co-operating in the rectification beside the lead unit (it acts on nothing of the table). */
export const isCooperatingUnit = (f: HazardFacts, actor: Actor): boolean =>
  actor.role === 'department' && !!actor.unitId && !!f.cooperatingDepartmentIds?.includes(actor.unitId) && !isResponsibleUnit(f, actor);

/**
 * The 工作台 item of a co-operating unit (配合单位): the hazard it helps rectify, read-only, while
 * the lead unit rectifies it — no action of the table is its, so this is the one item of its own.
 */
export function cooperationItemOf(f: HazardFacts, actor: Actor): { kind: 'cooperate'; label: string; dueAt: string | null } | undefined {
  if (!isCooperatingUnit(f, actor) || !rectifiedIn(f).includes(f.status)) return undefined;
  return { kind: 'cooperate', label: '配合整改', dueAt: (f.listedSupervision ? f.governmentDueAt : f.dueAt) ?? null };
}

function requireStatus(f: HazardFacts, allowed: HazardStatus[], action: string): void {
  if (!allowed.includes(f.status)) {
    throw refuse(`cannot ${action} a hazard that is ${f.status} (${HAZARD_STATUS_LABELS[f.status]}); allowed from: ${allowed.join(', ')}`);
  }
}

/** The responsible unit, the office acting for it, or the local government under its 挂牌督办. */
function requireResponsible(f: HazardFacts, actor: Actor, action: string): void {
  if (actor.role === 'bureau' || actor.role === 'lead' || actor.role === 'system') return;
  if (actor.role === 'government' && !f.listedSupervision) {
    throw forbid(`the local government may ${action} this hazard only under its listed supervision (挂牌督办); it is not`);
  }
  if (isResponsibleUnit(f, actor)) return;
  const r = f.responsible;
  if (isCooperatingUnit(f, actor)) throw forbid(`a co-operating unit sees this hazard, but only the lead unit (${r.type}${r.id ? ` ${r.id}` : ''}) or the education bureau may ${action} it`);
  throw forbid(`only the responsible unit (${r.type}${r.id ? ` ${r.id}` : ''}) or the education bureau may ${action} this hazard`);
}

/**
 * Where the hazard is rectified: while the unit's deadline runs; under 挂牌督办 also before 交办 (the
 * government takes it over). A notice awaits its 签收 only here (the acknowledge action; the 通报's
 * units slow to acknowledge, domain/campaign/bulletins.ts).
 */
export const rectifiedIn = (f: Pick<HazardFacts, 'listedSupervision'>): HazardStatus[] => (f.listedSupervision ? AWAITING_RECTIFICATION : RECTIFYING);

/**
 * An action of whoever rectifies the hazard now — the responsible unit, the office acting for it,
 * the local government under 挂牌督办 — while it is rectified.
 */
const byTheRectifier = (action: string) => ({
  roles: RECTIFIERS,
  rolesNote: 'the responsible unit, bureau, lead; the local government under 挂牌督办',
  when: (f: HazardFacts, a: Actor) => {
    requireResponsible(f, a, action);
    requireStatus(f, rectifiedIn(f), action);
  },
});

/** `next` is a future instant, later than `current` when given. `nowMs`: the deciding clock (the workflow's in a validator). */
function requireLater(next: string | undefined, current: string | null | undefined, field: string, nowMs: number): void {
  if (next === undefined) return;
  if (Number.isNaN(Date.parse(next))) throw invalid(`${field} is not an instant`);
  if (Date.parse(next) <= nowMs) throw invalid(`${field} must be in the future`);
  if (current && Date.parse(next) <= Date.parse(current)) throw invalid(`${field} must be later than the current deadline ${current}`);
}

/** A form field of an action, as the web app renders it. */
export interface FormField {
  name: string;
  label: string;
  /** department: the lead unit, the campaign's participants first (routing by task area); departments: several (配合单位); person: a name and a mobile. */
  kind: 'textarea' | 'department' | 'departments' | 'person' | 'dateHour' | 'choice' | 'evidence';
  /** A person must give it (the schema may leave it to the API's default, as 交办's department). */
  required?: boolean;
  /** Required only when another field has this value (a failed check's reason). */
  requiredWhen?: { field: string; equals: unknown };
  /** Only asked for when another field has this value. */
  when?: { field: string; equals: unknown };
  options?: { value: unknown; label: string }[];
  initial?: unknown;
  placeholder?: string;
}

/** The 工作台 item an action makes: what it is called, and for whom of those who may take it. */
export interface WorkItemRule {
  kind: (f: HazardFacts, actor: Actor) => string;
  label: (f: HazardFacts, actor: Actor) => string;
  /** The roles whose 工作台 lists it (each also passes the action's rule); default: all who may take it. */
  roles?: Role[];
  /** Which of the hazards this action is allowed on make an item for this viewer (default all). */
  lists?: (f: HazardFacts, actor: Actor, nowMs: number) => boolean;
  /** Its deadline. */
  dueAt: (f: HazardFacts) => string | null | undefined;
  /** The item opens the page on this action's form (?action=<key>), not on the page's first. */
  opensForm?: boolean;
}

export interface HazardActionDef<S extends z.ZodType = z.ZodType> {
  /** The workflow's Update. */
  update: string;
  /** POST /api/hazards/:id/<path>. */
  path: string;
  schema: S;
  /** The roles that may ever take it; the rule narrows by unit and state. */
  roles: Role[];
  /** What it is, in a refusal: "role school may not <verb>". */
  verb: string;
  /** From which state, for which unit (after the role): throws a RuleViolation. */
  when: (f: HazardFacts, actor: Actor) => void;
  /** What the command itself must satisfy in this state (deadlines in the future, …). */
  check?: (f: HazardFacts, command: z.output<S>, nowMs: number) => void;
  /** The form's title, a verb phrase (交办责任单位). */
  label: string;
  /** The OpenAPI summary. */
  summary: string;
  /** The roles as the OpenAPI document says them, for the narrowing `when` makes. */
  rolesNote?: string;
  /** What the person is told once it is done. */
  done: string;
  fields: FormField[];
  /** A destructive action: its button is red. */
  danger?: boolean;
  work?: WorkItemRule;
}

const CHECK_RESULT_FIELDS = (what: '验收' | '回头看' | '抽查', outcomes: [string, string]): FormField[] => [
  {
    name: 'passed',
    label: `${what}结果`,
    kind: 'choice',
    required: true,
    options: [
      { value: true, label: outcomes[0] },
      { value: false, label: outcomes[1] },
    ],
  },
  { name: 'newDueAt', label: '新的整改期限（不填则按默认期限）', kind: 'dateHour', when: { field: 'passed', equals: false } },
  { name: 'note', label: '意见（不通过的，须写明原因）', kind: 'textarea', requiredWhen: { field: 'passed', equals: false } },
];

/**
 * What a check's result (验收, 回头看, 抽查) records alike: passed, or failed with its reason and a new
 * deadline (later than now; none: the default one); its form, its title and what the person is told.
 */
const CHECK_RESULT = (what: '验收' | '回头看' | '抽查', outcomes: [string, string]) => ({
  check: (_f: HazardFacts, c: { passed: boolean; newDueAt?: string }, nowMs: number) => requireLater(c.passed ? undefined : c.newDueAt, undefined, 'newDueAt', nowMs),
  label: `登记${what}结果`,
  done: `${what}结果已登记`,
  fields: CHECK_RESULT_FIELDS(what, outcomes),
});

/** An entry of the table, its command typed by its schema. */
const action = <S extends z.ZodType>(def: HazardActionDef<S>): HazardActionDef<S> => def;

export const HAZARD_ACTIONS = {
  // 签收 first: a notice is acknowledged before anything else is done with it, so the page opens on it while it awaits.
  acknowledge: action({
    verb: 'acknowledge a notice (签收)',
    update: 'hazard.acknowledge',
    path: 'acknowledgement',
    schema: acknowledgeSchema,
    roles: ['department', 'school', 'bureau', 'government'],
    rolesNote: 'the unit the 整改通知书 is addressed to (the responsible unit); the local government for its 挂牌督办',
    when: (f, a) => {
      const ack = f.acknowledgement;
      if (!ack) throw refuse('no 整改通知书 or 挂牌督办 awaits 签收');
      const what = ACKNOWLEDGED_NOTICE_LABELS[ack.notice];
      if (ack.acknowledgedAt) throw refuse(`the ${what} was already acknowledged (签收) at ${ack.acknowledgedAt}`);
      const addressed = ack.notice === 'listed_supervision' ? a.role === 'government' && f.listedSupervision : a.role !== 'government' && isResponsibleUnit(f, a);
      if (!addressed) throw forbid(`only the unit the ${what} is addressed to may acknowledge it (签收)`);
      requireStatus(f, rectifiedIn(f), 'acknowledge a notice of');
    },
    label: '签收',
    summary: '签收 Acknowledge the 整改通知书 (or the government its 挂牌督办): stops its climb across channels; the deadline does not move',
    done: '已签收，整改期限不变',
    fields: [],
    // The addressed unit's 工作台 lists it (待签收) until it is acknowledged; its page opens on 签收.
    work: { kind: () => 'acknowledge', label: (f) => (f.acknowledgement?.notice === 'listed_supervision' ? '待签收（挂牌督办）' : '待签收'), dueAt: () => null, opensForm: true },
  }),
  assign: action({
    verb: 'assign a hazard',
    update: 'hazard.assign',
    path: 'assign',
    schema: assignSchema,
    roles: OFFICE,
    when: (f) => requireStatus(f, ['bureau_review'], 'assign'),
    check: (_f, c, nowMs) => requireLater(c.dueAt, undefined, 'dueAt', nowMs),
    label: '交办责任单位',
    summary:
      '交办 Assign a department and a deadline (sends the 整改通知书); without departmentId, the campaign participant whose task area covers the category (牵头单位); optionally 配合单位, 整改责任人 and 督办责任人',
    done: '已交办，整改通知书已发送',
    fields: [
      { name: 'departmentId', label: '责任单位（牵头单位）', kind: 'department', required: true },
      { name: 'cooperatingDepartmentIds', label: '配合单位（可多选，不填则无）', kind: 'departments' },
      // 平湖 "逐一落实相关行政部门的督办责任人和学校幼儿园的整改责任人": a person asks for both (the API leaves them optional).
      { name: 'rectificationOwner', label: '整改责任人', kind: 'person', required: true },
      { name: 'supervisionOwner', label: '督办责任人', kind: 'person', required: true },
      { name: 'dueAt', label: '整改期限', kind: 'dateHour', required: true },
      { name: 'note', label: '交办意见', kind: 'textarea' },
    ],
    work: { kind: () => 'assign', label: () => '研判交办', dueAt: () => null },
  }),
  rectification: action({
    verb: 'report rectification',
    update: 'hazard.rectification',
    path: 'rectification',
    schema: rectificationSchema,
    ...byTheRectifier('report the rectification of'),
    when: (f, a) => {
      byTheRectifier('report the rectification of').when(f, a);
      // The school's own general hazard is not held for 验收: it registers it (登记销号) instead.
      if (a.role === 'school' && isSchoolSelfFix(f))
        throw refuse('a school closes its own self-fixed general hazard by registering it with photos (self-fix-registration, 登记销号), not by waiting for 验收');
    },
    label: '报告整改情况',
    summary: '整改 Report rectification (stops the clock)',
    done: '已报告整改完成，等待验收',
    fields: [
      { name: 'note', label: '整改情况', kind: 'textarea', required: true, placeholder: '写明采取的整改措施和整改结果' },
      { name: 'evidence', label: '整改前后照片', kind: 'evidence' },
    ],
    work: {
      kind: (_f, a) => (a.role === 'government' ? 'listed_supervision' : 'rectify'),
      label: (f, a) => (a.role === 'government' ? '挂牌督办' : f.listedSupervision ? '整改（挂牌督办）' : '整改'),
      roles: ['department', 'school', 'bureau', 'government'],
      lists: (f, a) => isResponsibleUnit(f, a) && !(a.role === 'school' && isSchoolSelfFix(f)),
      dueAt: (f) => (f.listedSupervision ? f.governmentDueAt : f.dueAt),
    },
  }),
  selfFixRegistration: action({
    verb: 'register a self-fixed hazard',
    update: 'hazard.self-fix-registration',
    path: 'self-fix-registration',
    schema: selfFixRegistrationSchema,
    roles: ['school'],
    rolesNote: 'the school, its own general hazard while it rectifies it itself',
    when: (f, a) => {
      if (a.role === 'school' && a.unitId !== f.schoolId) throw forbid('a school may register only its own hazards');
      if (!isSchoolSelfFix(f)) throw refuse('only a general hazard the school rectifies itself (not under 挂牌督办) is closed by registering it; this one goes to 验收');
      requireStatus(f, RECTIFYING, 'register the rectification of');
    },
    label: '登记整改结果并销号',
    summary: '登记销号 The school closes its own self-fixed general hazard with photos (黔南 item 12); the bureau may spot-check it (抽查)',
    done: '已登记销号，教育局将进行抽查',
    fields: [
      { name: 'note', label: '整改情况', kind: 'textarea', required: true, placeholder: '写明采取的整改措施和整改结果' },
      { name: 'evidence', label: '整改前后照片', kind: 'evidence', required: true },
    ],
    work: { kind: () => 'self_fix', label: () => '自行整改并登记', dueAt: (f) => f.dueAt },
  }),
  spotCheck: action({
    verb: 'spot-check a self-registered hazard',
    update: 'hazard.spot-check',
    path: 'spot-check',
    schema: spotCheckSchema,
    roles: ['bureau'],
    when: (f) => {
      requireStatus(f, ['closed'], 'spot-check');
      if (!f.selfRegistered) throw refuse('only a hazard a school closed itself (登记销号) is spot-checked; this one was verified (验收)');
      if (f.spotChecked) throw refuse('the spot check (抽查) is already recorded');
    },
    ...CHECK_RESULT('抽查', ['抽查合格', '抽查不合格，重新整改']),
    summary: '抽查 Spot-check a hazard the school closed itself: passed stays 销号; failed (with its reason) reopens it with a new deadline',
    work: { kind: () => 'spot_check', label: () => '抽查', dueAt: () => null },
  }),
  progress: action({
    verb: 'report progress on a hazard',
    update: 'hazard.progress',
    path: 'progress',
    schema: progressSchema,
    ...byTheRectifier('report progress on'),
    label: '报告整改进展',
    summary: '整改进展 Report progress (the deadline keeps running)',
    done: '整改进展已报告',
    fields: [{ name: 'note', label: '整改进展', kind: 'textarea', required: true, placeholder: '写明已采取的措施和尚需完成的工作' }],
  }),
  extension: action({
    verb: 'request an extension',
    update: 'hazard.extension.request',
    path: 'extension',
    schema: extensionRequestSchema,
    roles: RECTIFIERS,
    when: (f, a) => {
      byTheRectifier('request an extension for').when(f, a);
      if (f.pendingExtension) throw refuse(`an extension${f.pendingExtension.requestedDueAt ? ` to ${f.pendingExtension.requestedDueAt}` : ''} is already awaiting a decision`);
    },
    check: (f, c, nowMs) => requireLater(c.requestedDueAt, f.listedSupervision ? f.governmentDueAt : f.dueAt, 'requestedDueAt', nowMs),
    label: '申请延期',
    summary: 'Request an extension',
    rolesNote: byTheRectifier('').rolesNote,
    done: '延期申请已提交，等待审批',
    fields: [
      { name: 'requestedDueAt', label: '申请延至', kind: 'dateHour', required: true },
      { name: 'reason', label: '延期理由', kind: 'textarea', required: true },
    ],
  }),
  extensionDecision: action({
    verb: 'decide an extension',
    update: 'hazard.extension.decision',
    path: 'extension/decision',
    schema: extensionDecisionSchema,
    roles: OFFICE,
    when: (f) => {
      if (!f.pendingExtension) throw refuse('no extension request is awaiting a decision');
      requireStatus(f, rectifiedIn(f), 'decide an extension for');
    },
    label: '审批延期申请',
    summary: 'Approve or refuse an extension (the live timer moves)',
    done: '已作出决定',
    fields: [
      {
        name: 'approved',
        label: '审批意见',
        kind: 'choice',
        required: true,
        initial: true,
        options: [
          { value: true, label: '批准延期' },
          { value: false, label: '不予批准' },
        ],
      },
      { name: 'note', label: '说明', kind: 'textarea' },
    ],
    work: { kind: () => 'extension', label: () => '审批延期申请', dueAt: (f) => f.dueAt },
  }),
  verification: action({
    verb: 'verify a rectification',
    update: 'hazard.verification',
    path: 'verification',
    schema: verificationSchema,
    roles: ['inspector', 'bureau'],
    when: (f) => requireStatus(f, ['rectified'], 'verify'),
    ...CHECK_RESULT('验收', ['验收通过，予以销号', '验收不通过，重新整改']),
    summary: '验收 Verify: passed → 销号; failed (with its reason) → back with a new deadline',
    work: { kind: () => 'verify', label: () => '验收', dueAt: () => null },
  }),
  escalation: action({
    verb: 'escalate a hazard to the local government',
    update: 'hazard.escalation',
    path: 'escalation',
    schema: escalationSchema,
    roles: OFFICE,
    when: (f) => {
      requireStatus(f, ['bureau_review', 'assigned', 'rectifying', 'rectified'], 'escalate');
      if (f.listedSupervision) throw refuse('the hazard is already under listed supervision (挂牌督办)');
    },
    label: '报属地政府挂牌督办',
    summary: 'Cannot be solved: to the local government at once, 挂牌督办',
    done: '已报属地政府挂牌督办',
    danger: true,
    fields: [{ name: 'reason', label: '报请理由', kind: 'textarea', required: true }],
    // 逾期督办: overdue past a grace period, the bureau and the lead office are asked to supervise.
    work: {
      kind: () => 'supervise',
      label: () => '逾期督办',
      lists: (f) => f.escalationLevel >= 2 && RECTIFYING.includes(f.status) && !f.pendingExtension,
      dueAt: (f) => f.dueAt,
    },
  }),
  withdraw: action({
    verb: 'withdraw a hazard',
    update: 'hazard.withdraw',
    path: 'withdraw',
    schema: withdrawSchema,
    roles: ['school', 'bureau', 'lead'],
    when: (f, a) => {
      if (a.role === 'school') {
        if (a.unitId !== f.schoolId) throw forbid('a school may withdraw only its own hazards');
        if (f.status !== 'bureau_review' && f.responsible.type !== 'school') throw forbid('once assigned to a department, only the education bureau may withdraw a hazard');
      }
      requireStatus(f, OPEN, 'withdraw');
    },
    label: '撤销隐患',
    summary: 'Withdraw (reported in error)',
    rolesNote: 'bureau, lead; the school its own, before assignment or while it rectifies it itself',
    done: '隐患已撤销',
    danger: true,
    fields: [{ name: 'reason', label: '撤销理由', kind: 'textarea', required: true }],
  }),
  lookBack: action({
    verb: 'record a look-back check (回头看)',
    update: 'hazard.look-back',
    path: 'look-back',
    schema: lookBackSchema,
    roles: ['inspector', 'bureau'],
    when: (f) => {
      requireStatus(f, ['closed'], 'record a look-back check for');
      if (f.lookBackDone) throw refuse('the look-back check (回头看) is already recorded');
    },
    ...CHECK_RESULT('回头看', ['无反弹', '出现反弹，重新整改']),
    summary: '回头看 Record the look-back check (a failure, with its reason, reopens)',
    work: {
      kind: () => 'look_back',
      label: () => '回头看',
      lists: (f, _a, nowMs) => !!f.lookBackDueAt && Date.parse(f.lookBackDueAt) <= nowMs,
      dueAt: () => null,
    },
  }),
};

export type HazardActionKey = keyof typeof HAZARD_ACTIONS;

/** Who verifies (验收) and so is told when a rectification awaits it: the roles the table lets verify. */
export const VERIFIER_ROLES: readonly Role[] = HAZARD_ACTIONS.verification.roles;
export const HAZARD_ACTION_KEYS = Object.keys(HAZARD_ACTIONS) as HazardActionKey[];
export type HazardCommand<K extends HazardActionKey> = z.output<(typeof HAZARD_ACTIONS)[K]['schema']>;

/** May this actor take this action on this hazard now (whatever the command)? Throws the RuleViolation that says why not. */
export function requireAllowed(key: HazardActionKey, f: HazardFacts, actor: Actor): void {
  const def: HazardActionDef = HAZARD_ACTIONS[key];
  if (actor.readOnly) throw forbid(`a copy's read-only link (抄送) may not ${def.verb}`);
  if (actor.role !== 'system' && !def.roles.includes(actor.role)) {
    throw forbid(`role ${actor.role} may not ${def.verb}`);
  }
  def.when(f, actor);
}

/** The whole rule an Update's validator runs: the actor may, now, with this command. `nowMs`: the deciding clock. */
export function requireAcceptable<K extends HazardActionKey>(key: K, f: HazardFacts, actor: Actor, command: HazardCommand<K>, nowMs: number): void {
  requireAllowed(key, f, actor);
  (HAZARD_ACTIONS[key] as HazardActionDef).check?.(f, command, nowMs);
}

/** Why this actor may not take this action now, or undefined when it may. */
export const refusalOf = (key: HazardActionKey, f: HazardFacts, actor: Actor): RuleViolation | undefined => violationOf(() => requireAllowed(key, f, actor));

/** What this viewer may do now: GET /api/hazards/:id answers it as `actions`, the page shows these forms. */
export function allowedActions(f: HazardFacts, actor: Actor): HazardActionKey[] {
  return HAZARD_ACTION_KEYS.filter((k) => !refusalOf(k, f, actor));
}

/** The 工作台 items of this hazard for this viewer: those of the actions it may take that list it. */
export function workItemsOf(f: HazardFacts, actor: Actor, nowMs: number): { action: HazardActionKey; kind: string; label: string; dueAt: string | null; opensForm: boolean }[] {
  return allowedActions(f, actor).flatMap((key) => {
    const work = (HAZARD_ACTIONS[key] as HazardActionDef).work;
    if (!work || actor.role === 'system' || !(work.roles ?? HAZARD_ACTIONS[key].roles).includes(actor.role) || (work.lists && !work.lists(f, actor, nowMs))) return [];
    return [{ action: key, kind: work.kind(f, actor), label: work.label(f, actor), dueAt: work.dueAt(f) ?? null, opensForm: !!work.opensForm }];
  });
}
