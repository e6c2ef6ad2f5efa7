// One workflow per hazard (隐患): the closed loop 排查→上报→交办→整改→验收→销号 with durable
// deadlines (hazard-deadlines.ts: reminders, overdue notices and the escalation ladder up to the
// local government's listed supervision, 挂牌督办), then the 回头看 look-back check.
//
// Human actions are Updates: a validator applies the action table's rule (domain/hazard/actions.ts)
// and refuses what the state does not allow, at once and with a reason; an accepted action changes the state, writes the read
// model and the audit trail, sends its mail (hazard-steps.ts), and returns the new state.
import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { SYSTEM, type HazardState } from '../common/hazard';
import { shiftByDuration } from '../common/iso-duration';
import { DeadlineLadder } from './deadline-ladder';
import { AWAITING_RECTIFICATION, RECTIFYING, requireAcceptable, type HazardActionKey, type HazardCommand } from '../domain/hazard/actions';
import { runningDeadline } from '../domain/hazard/deadlines';
import { ACKNOWLEDGED_NOTICE_LABELS } from '../domain/hazard/acknowledgement';
import { hazardIdentityListing } from '../domain/hazard/listing';
import { initialState, reportAndTriage } from '../domain/hazard/rules';
import type { Actor } from '../common/hazard';
import { armLookBack, armRunningDeadline, escalateToBureau, onHazardRung, putUnderListedSupervision, SELF_FIX_STAYS_WITH_BUREAU, setRunningDeadline } from './hazard-deadlines';
import {
  acknowledgeUpdate,
  assignUpdate,
  campaignEscalationUpdate,
  campaignLookBackUpdate,
  escalationUpdate,
  extensionDecisionUpdate,
  extensionRequestUpdate,
  hazardReadyUpdate,
  hazardStateQuery,
  lookBackUpdate,
  progressUpdate,
  rectificationUpdate,
  selfFixRegistrationUpdate,
  spotCheckUpdate,
  verificationUpdate,
  withdrawUpdate,
  type HazardDeadlineKind,
  type HazardEscalationStep,
  type HazardWorkflowInput,
} from '../domain/hazard/messages';
import { HazardSteps } from './hazard-steps';
import { iso, later, now } from './workflow-time';
import { setRuledUpdate } from './rule-violation';

/** Past this many events the workflow continues as new, carrying its state and live deadline. */
const MAX_HISTORY_LENGTH = 5_000;
/**
 * Before issue 24 a closing escalated a hazard awaiting 验收 too: a history that did replays as it
 * ran (Temporal's patched(): false only while replaying a history from before).
 */
export const AWAITING_VERIFICATION_NOT_ESCALATED = 'awaiting-verification-not-escalated';
/** Since issue 25 a reported rectification is announced to the inspectors too; a history from before replays without. */
export const VERIFIERS_TOLD = 'verifiers-told';
/**
 * Since issue 24 a major hazard is sent up at once where its campaign's source says so (鱼峰's
 * 重大问题第一时间报送); a history from before replays without that mail. Asked only of such a hazard.
 */
export const MAJOR_HAZARD_SENT_UP = 'major-hazard-sent-up';

export async function hazardWorkflow(input: HazardWorkflowInput): Promise<HazardState> {
  // The report's instant: the API's, when it answered the report itself (the same state as here).
  const reportedAt = input.reportedAt ?? now();
  const state: HazardState = input.resume?.state ?? initialState(input, reportedAt);
  const ladder = new DeadlineLadder<HazardDeadlineKind, HazardEscalationStep>(input.resume?.ladder);
  // Started before the report's instant came with the input (issue 14): its first batch as an activity, as then.
  const h = new HazardSteps(state, input.resume === undefined, input.resume === undefined && input.reportedAt === undefined, () => ladder.clockMs());
  let finished = false;
  // 上报 → triage before any handler is set: an Update that came with the first workflow task (a
  // client that assigns right after the API answered the report) meets the state the API answered.
  if (!input.resume) {
    h.list(hazardIdentityListing(state)); // upserted with the first transitions' attributes, in one event (if the start did not set them)
    reportAndTriageIn(h, ladder, reportedAt);
  }
  /** The rule of a human action, as its Update's validator runs it, on the workflow's clock. */
  const ruled =
    <K extends HazardActionKey>(key: K) =>
    (c: HazardCommand<K> & { actor: Actor }) =>
      requireAcceptable(key, state, c.actor, c, Date.now());

  // -- human actions

  setHandler(hazardStateQuery, () => state);

  setHandler(hazardReadyUpdate, async (reportToken) => ({ state, created: reportToken === input.reportToken }));

  setRuledUpdate(assignUpdate, ruled('assign'), async ({ actor, departmentId, cooperatingDepartmentIds, rectificationOwner, supervisionOwner, dueAt, note }) => {
    state.departmentId = departmentId;
    state.responsible = { type: 'department', id: departmentId };
    // 配合单位 and the persons of 平湖's "逐一落实": state only (no command; recorded histories replay as they ran).
    if (cooperatingDepartmentIds?.length) state.cooperatingDepartmentIds = [...cooperatingDepartmentIds];
    else delete state.cooperatingDepartmentIds;
    if (rectificationOwner) state.rectificationOwner = { ...rectificationOwner };
    if (supervisionOwner) state.supervisionOwner = { ...supervisionOwner };
    state.dueAt = new Date(dueAt).toISOString();
    const entry = h.transition(actor, 'assigned', 'assigned', note);
    // The 整改通知书 awaits its 签收 (state only: no command, recorded histories replay as they ran).
    state.acknowledgement = { notice: 'rectification_notice', issuedAt: entry.at };
    armRunningDeadline(ladder, state);
    h.commit(entry, h.mail(entry, 'rectification_notice', [h.responsibleUnit], [h.school], { note }));
    return state;
  });

  setRuledUpdate(rectificationUpdate, ruled('rectification'), async ({ actor, note, evidence }) => {
    state.lastRectification = { note, evidence: evidence ?? [], at: now() };
    state.evidence = [...state.evidence, ...(evidence ?? [])];
    state.pendingExtension = undefined;
    ladder.disarm(); // rectification reported stops the clock
    state.overdue = false;
    const entry = h.transition(actor, 'rectification_reported', 'rectified', note);
    const effects = [h.mail(entry, 'rectification_reported', [h.bureau], [h.school], { note })];
    // Whoever else the action table lets verify (the inspectors) is told too, with its own link (issue 25).
    const others = h.verifiers.filter((r) => r.kind !== 'bureau');
    if (others.length && patched(VERIFIERS_TOLD)) effects.push(h.mail(entry, 'verification_requested', others, [], { note }));
    h.commit(entry, ...effects);
    return state;
  });

  // 黔南 item 12: the school closes its own self-fixed general hazard by registering it (登记), with
  // its photos; the bureau may spot-check it (抽查). No 验收 is waited for.
  setRuledUpdate(selfFixRegistrationUpdate, ruled('selfFixRegistration'), async ({ actor, note, evidence }) => {
    state.lastRectification = { note, evidence, at: now() };
    state.evidence = [...state.evidence, ...evidence];
    state.pendingExtension = undefined;
    state.overdue = false;
    state.closedAt = now();
    state.selfRegistered = true;
    const entry = h.transition(actor, 'self_fix_closed', 'closed', note);
    armLookBack(ladder, state);
    h.commit(entry, h.mail(entry, 'self_fix_closed', [h.bureau], [h.school], { note }));
    return state;
  });

  setRuledUpdate(spotCheckUpdate, ruled('spotCheck'), async ({ actor, passed, note, newDueAt }) => {
    state.spotChecked = true;
    if (passed) {
      h.commit(h.transition(actor, 'spot_check_passed', 'closed', note));
      return state;
    }
    // 抽查不合格: back to the school, with a new deadline.
    state.selfRegistered = false;
    state.spotChecked = false;
    openAgain(state, newDueAt);
    const entry = h.transition(actor, 'spot_check_failed', 'rectifying', note);
    armRunningDeadline(ladder, state);
    h.commit(entry, h.mail(entry, 'spot_check_failed', [h.school], [h.bureau], { note }));
    return state;
  });

  setRuledUpdate(acknowledgeUpdate, ruled('acknowledge'), async ({ actor, note }) => {
    // 签收: the instant in the history; the deadline stays where it is (its ladder is not touched).
    state.acknowledgement = { ...state.acknowledgement!, acknowledgedAt: new Date(ladder.clockMs()).toISOString(), by: actor };
    const what = ACKNOWLEDGED_NOTICE_LABELS[state.acknowledgement.notice];
    h.commit(h.transition(actor, 'acknowledged', state.status, note ? `签收${what}：${note}` : `签收${what}`));
    return state;
  });

  setRuledUpdate(progressUpdate, ruled('progress'), async ({ actor, note }) => {
    h.commit(h.transition(actor, 'progress_reported', 'rectifying', note));
    return state;
  });

  setRuledUpdate(verificationUpdate, ruled('verification'), async ({ actor, passed, note, newDueAt }) => {
    if (passed) {
      state.closedAt = now();
      const entry = h.transition(actor, 'verified_closed', 'closed', note);
      armLookBack(ladder, state);
      h.commit(entry, h.mail(entry, 'verification_passed', [h.responsibleUnit], [h.school, h.bureau], { note }));
      return state;
    }
    state.rejectionCount += 1;
    const previousDueAt = state.listedSupervision ? state.governmentDueAt : state.dueAt;
    const nextDue = newDueAt ? new Date(newDueAt).toISOString() : later(state.policy.rectificationPeriod, state.policy.timeZone);
    // Under listed supervision both deadlines move: the government's runs, the unit's is shown.
    if (state.listedSupervision) state.governmentDueAt = nextDue;
    state.dueAt = nextDue;
    const entry = h.transition(actor, 'verification_failed', 'rectifying', note);
    armRunningDeadline(ladder, state);
    const effects = [h.mail(entry, 'verification_failed', [h.responsibleUnit], [h.school], { note, previousDueAt })];
    if (state.rejectionCount >= 2) effects.push(h.bulletin(entry, h.responsibleBulletinUnit, `验收${state.rejectionCount}次未通过`));
    h.commit(entry, ...effects);
    return state;
  });

  setRuledUpdate(extensionRequestUpdate, ruled('extension'), async ({ actor, requestedDueAt, reason }) => {
    state.pendingExtension = { requestedDueAt: new Date(requestedDueAt).toISOString(), reason, requestedBy: actor, requestedAt: now() };
    const entry = h.transition(actor, 'extension_requested', state.status, reason);
    h.commit(entry, h.mail(entry, 'extension_requested', [h.bureau], [], { reason, requestedDueAt: state.pendingExtension.requestedDueAt }));
    return state;
  });

  setRuledUpdate(extensionDecisionUpdate, ruled('extensionDecision'), async ({ actor, approved, note }) => {
    const request = state.pendingExtension!;
    state.pendingExtension = undefined;
    const previousDueAt = runningDeadline(state);
    if (approved) {
      setRunningDeadline(state, request.requestedDueAt);
      armRunningDeadline(ladder, state); // the live timer moves: no reminder at the old times
    }
    const entry = h.transition(actor, approved ? 'extension_approved' : 'extension_refused', state.status, note);
    h.commit(
      entry,
      h.mail(entry, approved ? 'extension_approved' : 'extension_refused', [h.responsibleUnit], [], {
        note,
        reason: request.reason,
        requestedDueAt: request.requestedDueAt,
        previousDueAt,
      }),
    );
    return state;
  });

  setRuledUpdate(escalationUpdate, ruled('escalation'), async ({ actor, reason }) => {
    putUnderListedSupervision(h, ladder, actor, reason);
    return state;
  });

  setRuledUpdate(withdrawUpdate, ruled('withdraw'), async ({ actor, reason }) => {
    const notifyTo = state.responsible.type === 'department' ? [h.responsibleUnit] : [];
    ladder.disarm();
    state.pendingExtension = undefined;
    state.overdue = false;
    const entry = h.transition(actor, 'withdrawn', 'withdrawn', reason);
    finished = true;
    h.commit(entry, h.mail(entry, 'withdrawn', [...notifyTo, h.school], [h.bureau], { reason }));
    return state;
  });

  setRuledUpdate(lookBackUpdate, ruled('lookBack'), async ({ actor, passed, note, newDueAt }) => {
    state.lookBackDone = true;
    if (passed) {
      const entry = h.transition(actor, 'look_back_passed', 'closed', note);
      ladder.disarm();
      finished = true;
      h.commit(entry);
      return state;
    }
    // 防止反弹: the hazard came back; reopen it with the unit that rectified it.
    state.lookBackDone = false;
    openAgain(state, newDueAt);
    const entry = h.transition(actor, 'reopened', 'rectifying', note);
    armRunningDeadline(ladder, state);
    h.commit(entry, h.mail(entry, 'reopened', [h.responsibleUnit], [h.school, h.bureau], { note }));
    return state;
  });

  // -- the campaign's phase closings

  setHandler(campaignEscalationUpdate, async ({ phase, targetLevel }) => {
    const open = AWAITING_RECTIFICATION.includes(state.status) || (state.status === 'rectified' && !patched(AWAITING_VERIFICATION_NOT_ESCALATED));
    // A school's own hazard goes no higher than the bureau by a closing (黔南 item 12); the bureau may escalate it.
    const level = targetLevel === 3 && state.responsible.type === 'school' && patched(SELF_FIX_STAYS_WITH_BUREAU) ? 2 : targetLevel;
    if (!open || state.escalationLevel >= level) return { escalated: false };
    // No phase closing escalates a hazard whose own rectification window is still open.
    if (RECTIFYING.includes(state.status) && state.dueAt && Date.parse(state.dueAt) > Date.now()) return { escalated: false };
    const why = phase === 'rectification' ? '整改阶段结束仍未整改' : '验收阶段结束仍未整改';
    if (level === 3) putUnderListedSupervision(h, ladder, SYSTEM, `${why}，报属地政府统筹解决并挂牌督办`);
    else escalateToBureau(h, why);
    return { escalated: true };
  });

  setHandler(campaignLookBackUpdate, async ({ dueAt, closesAt }) => {
    if (state.status !== 'closed' || state.lookBackDone || !state.lookBackDueAt) return { lookBackDue: false };
    if (Date.parse(state.lookBackDueAt) <= Date.parse(dueAt)) return { lookBackDue: true }; // due by then anyway
    const closes = iso(Math.max(Date.parse(closesAt), shiftByDuration(Date.parse(state.lookBackDueAt), state.policy.lookBackAfter, 1, state.policy.timeZone)));
    armLookBack(ladder, state, iso(Math.max(Date.now(), Date.parse(dueAt))), closes);
    h.commit(h.transition(SYSTEM, 'look_back_scheduled', state.status, '巩固提高阶段：回头看提前安排'));
    return { lookBackDue: true };
  });

  // -- main

  // The side effects follow the transitions, beside the deadlines, for as long as the workflow runs.
  h.carryOut();

  const historyLong = () => workflowInfo().historyLength > (input.historyLimit ?? MAX_HISTORY_LENGTH) || workflowInfo().continueAsNewSuggested;
  for (;;) {
    await ladder.run(
      async (fired) => {
        if (h.onRung(() => onHazardRung(h, ladder, fired))) finished = true;
      },
      () => finished,
      // Continue as new once every side effect so far is done (during an outage the deadlines go
      // on meanwhile; the history grows by their few events).
      () => historyLong() && h.settled,
    );
    await condition(allHandlersFinished);
    if (finished) break;
    if (h.settled) await continueAsNew<typeof hazardWorkflow>({ ...input, resume: { state, ladder: ladder.snapshot() } });
  }
  await condition(() => h.settled);
  return state;
}

/** A closed hazard back to 整改 (抽查不合格, or 回头看 found it back): not closed, no 回头看 due, the deadline given or the policy's period from now. */
function openAgain(state: HazardState, newDueAt: string | undefined): void {
  state.closedAt = undefined;
  state.lookBackDueAt = undefined;
  state.dueAt = newDueAt ? new Date(newDueAt).toISOString() : later(state.policy.rectificationPeriod, state.policy.timeZone);
}

/** 上报 → triage (hazard-rules.ts, the same function the API answers the report with): its transitions, deadline and mail. */
function reportAndTriageIn(h: HazardSteps, ladder: DeadlineLadder<HazardDeadlineKind, HazardEscalationStep>, at: string): void {
  const t = reportAndTriage(h.state, at);
  h.commit(h.applied(t.reported));
  h.applied(t.triaged);
  if (t.selfFix) armRunningDeadline(ladder, h.state);
  const unit = { school: h.school, bureau: h.bureau, government: h.government, lead_office: h.leadOffice };
  const effects = [
    h.mail(
      t.triaged,
      t.mail.kind,
      t.mail.to.map((r) => unit[r]),
      t.mail.cc.map((r) => unit[r]),
    ),
  ];
  // 重大问题第一时间报送: in the same step's outbox, beside the report's own mail.
  if (t.sentUp && patched(MAJOR_HAZARD_SENT_UP))
    effects.push(
      h.mail(
        t.triaged,
        t.sentUp.kind,
        t.sentUp.to.map((r) => unit[r]),
        [],
        { addressee: t.sentUp.addressee },
      ),
    );
  h.commit(t.triaged, ...effects);
}
