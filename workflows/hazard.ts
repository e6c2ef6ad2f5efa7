// One workflow per hazard (隐患): the closed loop 排查→上报→交办→整改→验收→销号 with durable
// deadlines, reminders, overdue notices and the escalation ladder up to the local
// government's listed supervision (挂牌督办), then the 回头看 look-back check.
//
// Human actions are Updates: a validator refuses what the state does not allow, at once and
// with a reason; an accepted action changes the state, writes the read model and the audit
// trail, sends its mail, and returns the new state.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { BulletinRecord } from '../activities/hazard-record';
import {
  SYSTEM,
  type Actor,
  type EscalationLevel,
  type HazardPolicy,
  type HazardState,
  type HazardStatus,
  type HistoryEntry,
  type NewHazard,
} from '../common/hazard';
import { shiftByDuration } from '../common/iso-duration';
import type { HazardFacts, NotificationKind, NotificationRequest, Recipient } from '../common/notification';
import {
  CampaignIdKey,
  DepartmentIdKey,
  DueAtKey,
  EscalationLevelKey,
  HazardStatusKey,
  SchoolIdKey,
} from '../common/search-attributes';
import { DeadlineLadder, type FiredRung } from './deadline-ladder';
import { durationBetween, rectificationLadderSpec } from './hazard-ladder-spec';
import { rules, RuleViolation } from './hazard-rules';
import {
  assignUpdate,
  campaignEscalationUpdate,
  campaignLookBackUpdate,
  escalationUpdate,
  extensionDecisionUpdate,
  extensionRequestUpdate,
  hazardReadyUpdate,
  hazardStateQuery,
  lookBackUpdate,
  rectificationUpdate,
  verificationUpdate,
  withdrawUpdate,
  type HazardWorkflowInput,
} from './hazard-messages';

const { sendNotification, recordHazardTransition, recordBulletinEntry } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Past this many events the workflow continues as new, carrying its state and live deadline. */
const MAX_HISTORY_LENGTH = 5_000;
/** Statuses a campaign's phase closing can still escalate. */
const OPEN_FOR_ESCALATION: HazardStatus[] = ['bureau_review', 'assigned', 'rectifying', 'rectified'];
/** Statuses in which a unit's rectification deadline runs. */
const DEADLINE_STATUSES: HazardStatus[] = ['assigned', 'rectifying'];
/** Under listed supervision the government's deadline runs from escalation until rectification is reported. */
const DEADLINE_STATUSES_LISTED: HazardStatus[] = ['bureau_review', 'assigned', 'rectifying'];

// ---- Workflow -------------------------------------------------------------------------

export async function hazardWorkflow(input: HazardWorkflowInput): Promise<HazardState> {
  const state: HazardState = input.resume?.state ?? initialState(input);
  const ladder = new DeadlineLadder(input.resume?.ladder);
  let ready = input.resume !== undefined;
  let finished = false;

  const iso = (ms: number) => new Date(ms).toISOString();
  const now = () => iso(Date.now());
  const later = (duration: string) => iso(shiftByDuration(Date.now(), duration));

  // -- helpers: every step is a transition in the history, a row in the audit trail and the
  //    read model, and (mostly) a mail; all keyed by the step's sequence number.

  function transition(actor: Actor, action: string, to: HazardStatus, note?: string, from: HazardStatus | null = state.status): HistoryEntry {
    const entry: HistoryEntry = { seq: ++state.seq, at: now(), actor, action, from, to, note };
    log.info('hazard transition', { hazardId: state.id, seq: entry.seq, action, from, to, actor: actor.role });
    state.status = to;
    state.history.push(entry);
    const deadline = currentDeadline();
    const attributes: SearchAttributeUpdatePair[] = [
      { key: HazardStatusKey, value: state.status },
      { key: DepartmentIdKey, value: state.departmentId ?? null },
      { key: DueAtKey, value: deadline ? new Date(deadline) : null },
      { key: EscalationLevelKey, value: state.escalationLevel },
    ];
    upsertSearchAttributes(attributes);
    return entry;
  }

  /** The deadline that runs now: the unit's while it rectifies, the government's under listed supervision. */
  function currentDeadline(): string | undefined {
    if (state.listedSupervision) return DEADLINE_STATUSES_LISTED.includes(state.status) ? state.governmentDueAt : undefined;
    return DEADLINE_STATUSES.includes(state.status) ? state.dueAt : undefined;
  }

  function facts(): HazardFacts {
    return {
      id: state.id,
      schoolId: state.schoolId,
      departmentId: state.departmentId,
      category: state.category,
      level: state.level,
      title: state.title,
      description: state.description,
      location: state.location,
      evidence: [...state.evidence],
      status: state.status,
      dueAt: state.dueAt,
      governmentDueAt: state.governmentDueAt,
      escalationLevel: state.escalationLevel,
      rejectionCount: state.rejectionCount,
    };
  }

  const copy = (): HazardState => JSON.parse(JSON.stringify(state)) as HazardState;

  async function record(entry: HistoryEntry): Promise<void> {
    await recordHazardTransition({ dedupeKey: `hazard:${state.id}:${entry.seq}`, hazard: copy(), event: entry });
  }

  function notify(entry: HistoryEntry, kind: NotificationKind, to: Recipient[], cc: Recipient[] = [], details?: NotificationRequest['details']) {
    return sendNotification({
      dedupeKey: `hazard:${state.id}:${entry.seq}:${kind}`,
      kind,
      hazard: facts(),
      campaignId: state.campaignId,
      to,
      cc,
      details,
    });
  }

  async function bulletin(entry: HistoryEntry, unit: BulletinRecord['unit'], reason: string) {
    await recordBulletinEntry({
      dedupeKey: `hazard:${state.id}:${entry.seq}:bulletin`,
      campaignId: state.campaignId,
      hazardId: state.id,
      unit,
      reason,
      at: entry.at,
    });
  }

  // -- recipients by role in this hazard

  const school: Recipient = { kind: 'school', schoolId: state.schoolId };
  const bureau: Recipient = { kind: 'bureau', schoolId: state.schoolId };
  const bureauLeader: Recipient = { kind: 'bureau_leader', schoolId: state.schoolId };
  const leadOffice: Recipient = { kind: 'lead_office', schoolId: state.schoolId };
  const government: Recipient = { kind: 'government', schoolId: state.schoolId };

  /** The unit that must rectify now. */
  function responsibleUnit(): Recipient {
    const r = state.responsible;
    if (r.type === 'department') return { kind: 'department', departmentId: r.id };
    if (r.type === 'school') return school;
    return bureau;
  }
  /** Its supervising leader (分管领导); a school's supervisor is the education bureau's leader. */
  function responsibleLeader(): Recipient {
    const r = state.responsible;
    return r.type === 'department' ? { kind: 'department_leader', departmentId: r.id } : bureauLeader;
  }
  function responsibleBulletinUnit(): { type: 'school' | 'department'; id: string } {
    const r = state.responsible;
    return r.type === 'department' ? { type: 'department', id: r.id } : { type: 'school', id: state.schoolId };
  }

  // -- deadlines

  function armRectificationDeadline(): void {
    state.overdue = false;
    const { spec, tag } = rectificationLadderSpec(state);
    ladder.arm(spec, tag);
  }

  /** The look-back is due at `dueAt`; the window for recording it closes at `closesAt` (default: one more period later). */
  function armLookBack(dueAt = later(state.policy.lookBackAfter), closesAt?: string): void {
    state.lookBackDueAt = dueAt;
    const window = closesAt && Date.parse(closesAt) > Date.parse(dueAt) ? durationBetween(Date.parse(dueAt), closesAt) : state.policy.lookBackAfter;
    ladder.arm({ dueAt, reminderOffsets: [], escalationDelays: [window] }, 'look-back');
  }

  function raiseLevel(level: EscalationLevel): void {
    if (level > state.escalationLevel) state.escalationLevel = level;
  }

  /** 挂牌督办: the deadline counts from `fromMs` (the escalation rung's time, or now). */
  async function putUnderListedSupervision(actor: Actor, action: string, reason: string, fromMs = Date.now()): Promise<void> {
    raiseLevel(3);
    state.listedSupervision = true;
    state.governmentDueAt = iso(shiftByDuration(fromMs, state.policy.governmentDeadline));
    const entry = transition(actor, action, state.status, reason);
    if (DEADLINE_STATUSES_LISTED.includes(state.status)) armRectificationDeadline();
    const cc: Recipient[] = [leadOffice, bureau];
    if (state.responsible.type === 'department') cc.push(responsibleUnit());
    await Promise.all([record(entry), notify(entry, 'listed_supervision', [government], cc, { reason })]);
  }

  async function onRung({ rung, tag }: FiredRung): Promise<void> {
    if (tag === 'look-back') {
      if (rung.kind === 'overdue') {
        const entry = transition(SYSTEM, 'look_back_due', state.status);
        await Promise.all([record(entry), notify(entry, 'look_back_due', [bureau], [school])]);
      } else {
        const entry = transition(SYSTEM, 'look_back_window_closed', state.status, '回头看未在期限内登记');
        state.lookBackDone = true;
        await record(entry);
        finished = true;
      }
      return;
    }
    if (tag === 'listed-supervision') {
      if (rung.kind === 'reminder') {
        const entry = transition(SYSTEM, 'listed_supervision_reminder', state.status);
        await Promise.all([record(entry), notify(entry, 'listed_supervision_reminder', [government, responsibleUnit()], [leadOffice], { offset: rung.offset })]);
      } else {
        state.overdueCount += 1;
        state.overdue = true;
        const entry = transition(SYSTEM, 'listed_supervision_overdue', state.status, '挂牌督办期限已过');
        await Promise.all([
          record(entry),
          notify(entry, 'listed_supervision_overdue', [government, leadOffice], [bureau, responsibleUnit()]),
          bulletin(entry, { type: 'government', schoolId: state.schoolId }, '挂牌督办隐患逾期未整改'),
        ]);
      }
      return;
    }
    // The rectification deadline (限期整改).
    if (rung.kind === 'reminder') {
      const entry = transition(SYSTEM, 'deadline_reminder', state.status);
      await Promise.all([record(entry), notify(entry, 'deadline_reminder', [responsibleUnit()], [], { offset: rung.offset })]);
    } else if (rung.kind === 'overdue') {
      raiseLevel(1);
      state.overdueCount += 1;
      state.overdue = true;
      const entry = transition(SYSTEM, 'overdue', state.status, '整改期限已到，隐患仍未整改');
      const steps: Promise<unknown>[] = [record(entry), notify(entry, 'overdue_notice', [responsibleUnit()], [responsibleLeader()])];
      // Repeated failure is recorded for the campaign's bulletin (通报/黑榜).
      if (state.overdueCount >= 2 || state.rejectionCount >= 2) steps.push(bulletin(entry, responsibleBulletinUnit(), '多次逾期未完成整改'));
      await Promise.all(steps);
    } else if (rung.step === 1) {
      raiseLevel(2);
      const entry = transition(SYSTEM, 'escalated_to_bureau', state.status, '逾期未整改，提请教育局（领导小组办公室）督办');
      await Promise.all([record(entry), notify(entry, 'escalated_to_bureau', [bureau, leadOffice], [responsibleUnit(), responsibleLeader()])]);
    } else {
      await putUnderListedSupervision(SYSTEM, 'escalated_to_government', '逾期仍未整改，报属地政府统筹解决并挂牌督办', rung.at);
    }
  }

  // -- handlers ---------------------------------------------------------------------------

  /** Runs a validator; a rule violation becomes an ApplicationFailure the API maps to 4xx. */
  const validate = (check: () => void) => () => {
    try {
      check();
    } catch (err) {
      if (err instanceof RuleViolation) throw ApplicationFailure.create({ type: err.kind, message: err.message, nonRetryable: true });
      throw err;
    }
  };

  setHandler(hazardStateQuery, () => state);

  setHandler(hazardReadyUpdate, async () => {
    await condition(() => ready);
    return state;
  });

  setHandler(
    assignUpdate,
    async ({ actor, departmentId, dueAt, note }) => {
      state.departmentId = departmentId;
      state.responsible = { type: 'department', id: departmentId };
      state.dueAt = new Date(dueAt).toISOString();
      const entry = transition(actor, 'assigned', 'assigned', note);
      armRectificationDeadline();
      await Promise.all([record(entry), notify(entry, 'rectification_notice', [responsibleUnit()], [school], { note })]);
      return state;
    },
    { validator: (c) => validate(() => rules.assign(state, c.actor, c.dueAt))() },
  );

  setHandler(
    rectificationUpdate,
    async ({ actor, note, evidence }) => {
      state.lastRectification = { note, evidence: evidence ?? [], at: now() };
      state.evidence = [...state.evidence, ...(evidence ?? [])];
      state.pendingExtension = undefined;
      ladder.disarm(); // rectification reported stops the clock
      state.overdue = false;
      const entry = transition(actor, 'rectification_reported', 'rectified', note);
      await Promise.all([record(entry), notify(entry, 'rectification_reported', [bureau], [school], { note })]);
      return state;
    },
    { validator: (c) => validate(() => rules.reportRectification(state, c.actor))() },
  );

  setHandler(
    verificationUpdate,
    async ({ actor, passed, note, newDueAt }) => {
      if (passed) {
        state.closedAt = now();
        const entry = transition(actor, 'verified_closed', 'closed', note);
        armLookBack();
        await Promise.all([record(entry), notify(entry, 'verification_passed', [responsibleUnit()], [school, bureau], { note })]);
        return state;
      }
      state.rejectionCount += 1;
      const previousDueAt = state.listedSupervision ? state.governmentDueAt : state.dueAt;
      const nextDue = newDueAt ? new Date(newDueAt).toISOString() : later(state.policy.rectificationPeriod);
      if (state.listedSupervision) state.governmentDueAt = nextDue;
      state.dueAt = nextDue;
      const entry = transition(actor, 'verification_failed', 'rectifying', note);
      armRectificationDeadline();
      const steps: Promise<unknown>[] = [
        record(entry),
        notify(entry, 'verification_failed', [responsibleUnit()], [school], { note, previousDueAt }),
      ];
      if (state.rejectionCount >= 2) steps.push(bulletin(entry, responsibleBulletinUnit(), `验收${state.rejectionCount}次未通过`));
      await Promise.all(steps);
      return state;
    },
    { validator: (c) => validate(() => rules.verify(state, c.actor, c.passed, c.newDueAt))() },
  );

  setHandler(
    extensionRequestUpdate,
    async ({ actor, requestedDueAt, reason }) => {
      state.pendingExtension = { requestedDueAt: new Date(requestedDueAt).toISOString(), reason, requestedBy: actor, requestedAt: now() };
      const entry = transition(actor, 'extension_requested', state.status, reason);
      await Promise.all([
        record(entry),
        notify(entry, 'extension_requested', [bureau], [], { reason, requestedDueAt: state.pendingExtension.requestedDueAt }),
      ]);
      return state;
    },
    { validator: (c) => validate(() => rules.requestExtension(state, c.actor, c.requestedDueAt))() },
  );

  setHandler(
    extensionDecisionUpdate,
    async ({ actor, approved, note }) => {
      const request = state.pendingExtension!;
      state.pendingExtension = undefined;
      const previousDueAt = currentDeadline();
      if (approved) {
        if (state.listedSupervision) state.governmentDueAt = request.requestedDueAt;
        else state.dueAt = request.requestedDueAt;
        armRectificationDeadline(); // the live timer moves: no reminder at the old times
      }
      const entry = transition(actor, approved ? 'extension_approved' : 'extension_refused', state.status, note);
      await Promise.all([
        record(entry),
        notify(entry, approved ? 'extension_approved' : 'extension_refused', [responsibleUnit()], [], {
          note,
          reason: request.reason,
          requestedDueAt: request.requestedDueAt,
          previousDueAt,
        }),
      ]);
      return state;
    },
    { validator: (c) => validate(() => rules.decideExtension(state, c.actor))() },
  );

  setHandler(
    escalationUpdate,
    async ({ actor, reason }) => {
      await putUnderListedSupervision(actor, 'escalated_to_government', reason);
      return state;
    },
    { validator: (c) => validate(() => rules.escalate(state, c.actor))() },
  );

  setHandler(
    withdrawUpdate,
    async ({ actor, reason }) => {
      const notifyTo = state.responsible.type === 'department' ? [responsibleUnit()] : [];
      ladder.disarm();
      state.pendingExtension = undefined;
      state.overdue = false;
      const entry = transition(actor, 'withdrawn', 'withdrawn', reason);
      finished = true;
      await Promise.all([record(entry), notify(entry, 'withdrawn', [...notifyTo, school], [bureau], { reason })]);
      return state;
    },
    { validator: (c) => validate(() => rules.withdraw(state, c.actor))() },
  );

  setHandler(
    lookBackUpdate,
    async ({ actor, passed, note, newDueAt }) => {
      state.lookBackDone = true;
      if (passed) {
        const entry = transition(actor, 'look_back_passed', 'closed', note);
        ladder.disarm();
        finished = true;
        await record(entry);
        return state;
      }
      // 防止反弹: the hazard came back; reopen it with the unit that rectified it.
      state.closedAt = undefined;
      state.lookBackDone = false;
      state.lookBackDueAt = undefined;
      state.dueAt = newDueAt ? new Date(newDueAt).toISOString() : later(state.policy.rectificationPeriod);
      const entry = transition(actor, 'reopened', 'rectifying', note);
      armRectificationDeadline();
      await Promise.all([record(entry), notify(entry, 'reopened', [responsibleUnit()], [school, bureau], { note })]);
      return state;
    },
    { validator: (c) => validate(() => rules.lookBack(state, c.actor, c.passed, c.newDueAt))() },
  );

  setHandler(campaignEscalationUpdate, async ({ phase, targetLevel }) => {
    if (!OPEN_FOR_ESCALATION.includes(state.status) || state.escalationLevel >= targetLevel) return { escalated: false };
    const why = phase === 'rectification' ? '整改阶段结束仍未整改' : '验收阶段结束仍未验收销号';
    if (targetLevel === 3) {
      await putUnderListedSupervision(SYSTEM, 'escalated_to_government', `${why}，报属地政府统筹解决并挂牌督办`);
      return { escalated: true };
    }
    raiseLevel(2);
    const entry = transition(SYSTEM, 'escalated_to_bureau', state.status, `${why}，提请教育局（领导小组办公室）督办`);
    await Promise.all([record(entry), notify(entry, 'escalated_to_bureau', [bureau, leadOffice], [responsibleUnit(), responsibleLeader()])]);
    return { escalated: true };
  });

  setHandler(campaignLookBackUpdate, async ({ dueAt, closesAt }) => {
    if (state.status !== 'closed' || state.lookBackDone || !state.lookBackDueAt) return { lookBackDue: false };
    if (Date.parse(state.lookBackDueAt) <= Date.parse(dueAt)) return { lookBackDue: true }; // due by then anyway
    const closes = iso(Math.max(Date.parse(closesAt), shiftByDuration(Date.parse(state.lookBackDueAt), state.policy.lookBackAfter)));
    armLookBack(iso(Math.max(Date.now(), Date.parse(dueAt))), closes);
    await record(transition(SYSTEM, 'look_back_scheduled', state.status, '巩固提高阶段：回头看提前安排'));
    return { lookBackDue: true };
  });

  // -- main -------------------------------------------------------------------------------

  if (!input.resume) {
    const attributes: SearchAttributeUpdatePair[] = [{ key: SchoolIdKey, value: state.schoolId }];
    if (state.campaignId) attributes.push({ key: CampaignIdKey, value: state.campaignId });
    upsertSearchAttributes(attributes);
    // 上报, then triage (黔南 item 12): a general hazard the school can fix itself stays with
    // the school, which rectifies and registers it; everything else, and every major hazard,
    // goes to the education bureau, which assigns it to the responsible department.
    const reported = transition(input.reportedBy, 'reported', 'reported', state.title, null);
    const steps: Promise<unknown>[] = [record(reported)];
    if (state.level === 'general' && state.selfFixable) {
      state.responsible = { type: 'school', id: state.schoolId };
      state.dueAt = state.dueAt ?? later(state.policy.rectificationPeriod);
      const entry = transition(SYSTEM, 'school_self_rectification', 'rectifying', '一般隐患，学校自行整改');
      armRectificationDeadline();
      steps.push(record(entry), notify(entry, 'self_fix_registered', [school], [bureau]));
    } else {
      state.responsible = { type: 'bureau' };
      const why = state.level === 'major' ? '重大隐患，报教育局' : '学校无法自行整改，报教育局';
      const entry = transition(SYSTEM, 'submitted_to_bureau', 'bureau_review', why);
      // Major hazards are reported to the local government as well (平湖: 重大隐患报属地党委政府).
      steps.push(record(entry), notify(entry, 'hazard_reported', [bureau], state.level === 'major' ? [school, government] : [school]));
    }
    // The read model keeps the transition with the highest seq, whatever order the writes land in.
    await Promise.all(steps);
    ready = true;
  }

  await ladder.run(
    onRung,
    () => finished,
    () => workflowInfo().historyLength > MAX_HISTORY_LENGTH || workflowInfo().continueAsNewSuggested,
  );
  await condition(allHandlersFinished);
  if (!finished) {
    await continueAsNew<typeof hazardWorkflow>({ ...input, resume: { state, ladder: ladder.snapshot() } });
  }
  return state;
}

function initialState(input: HazardWorkflowInput): HazardState {
  const h = input.hazard;
  return {
    ...h,
    evidence: [...h.evidence],
    dueAt: h.dueAt ? new Date(h.dueAt).toISOString() : undefined,
    status: 'reported',
    responsible: { type: 'school', id: h.schoolId },
    escalationLevel: 0,
    listedSupervision: false,
    rejectionCount: 0,
    overdue: false,
    overdueCount: 0,
    reportedBy: input.reportedBy,
    reportedAt: new Date(Date.now()).toISOString(),
    lookBackDone: false,
    policy: input.policy,
    seq: 0,
    history: [],
  };
}
