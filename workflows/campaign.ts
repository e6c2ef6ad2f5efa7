// One workflow per campaign (专项行动): its dated phases 组织筹备 → 摸排 → 整改 → 验收 → 巩固提高
// and its report obligations, each a deadline on the same deadline ladder as the hazards.
//
// The campaign never holds its hazards: they are workflows of their own, found through the
// read model and search attributes, so this history does not grow with their number. What it
// holds is bounded by the plan: phases, report periods × owners, and the schools that
// self-inspected. A long campaign continues as new.
//
// As with a hazard, a phase opens and closes and a report falls due at its instant; what follows
// from it (the read model, mails, bulletin entries, the escalation of the campaign's hazards) goes
// into the campaign's outbox, worked off beside the deadlines (see outbox.ts).
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CampaignEscalation, CampaignLookBacks } from '../activities/campaign-hazards';
import type { BulletinEntriesRecord, ReportSubmissionRecord, SelfInspectionRecord } from '../activities/campaign-record';
import type { CampaignState, ObligationState, PhaseKey, PhaseState } from '../common/campaign';
import { PHASE_LABELS } from '../common/campaign';
import { obligationPeriods } from '../common/campaign-calendar';
import type { Actor } from '../common/hazard';
import type { CampaignNotificationKind, CampaignNotificationRequest, Recipient } from '../common/notification';
import { campaignRules, choosePeriod } from './campaign-rules';
import { DeadlineLadder, type FiredRung, type LadderRung } from './deadline-ladder';
import { Outbox, OUTBOX_ACTIVITY_OPTIONS } from './outbox';
import { setRuledUpdate } from './rule-violation';
import { campaignReadyUpdate, campaignStateQuery, selfInspectionUpdate, submitReportUpdate, type CampaignDeadlineKind, type CampaignEscalationStep, type CampaignWorkflowInput } from './campaign-messages';

const { sendCampaignNotification, recordCampaign, recordReportSubmission, recordSelfInspection, recordBulletinEntries } =
  proxyActivities<ReturnType<typeof createActivities>>(OUTBOX_ACTIVITY_OPTIONS);
// An Update to each of the campaign's hazards, a few at a time: long, so it heartbeats.
const { escalateCampaignHazards, scheduleCampaignLookBacks } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** A side effect of a campaign's transition, as data. */
type CampaignEffect =
  | { type: 'record'; campaign: CampaignState; createdBy: Actor }
  | { type: 'mail'; request: CampaignNotificationRequest }
  | { type: 'bulletin'; record: BulletinEntriesRecord }
  | { type: 'report'; record: ReportSubmissionRecord }
  | { type: 'self-inspection'; record: SelfInspectionRecord }
  /** 整改/验收 closing: escalates the campaign's hazards, then says how many in the phase's outcome. */
  | { type: 'escalate-hazards'; escalation: CampaignEscalation }
  /** 巩固提高 opening: brings the written-off hazards' look-backs into the phase, then tells the bureau how many. */
  | { type: 'schedule-look-backs'; lookBacks: CampaignLookBacks };
type CampaignLane = 'database' | 'mail' | 'hazards';
const laneOf = (e: CampaignEffect): CampaignLane => (e.type === 'mail' ? 'mail' : e.type === 'escalate-hazards' || e.type === 'schedule-look-backs' ? 'hazards' : 'database');

const MAX_HISTORY_LENGTH = 10_000;

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignState> {
  const state: CampaignState = input.resume?.state ?? initialState(input);
  const ladder = new DeadlineLadder<CampaignDeadlineKind, CampaignEscalationStep>(input.resume?.ladder);
  let ready = input.resume !== undefined;
  const c = { id: state.id, name: state.name, jurisdictionId: state.jurisdictionId };

  const leadOffice: Recipient = { kind: 'lead_office', jurisdictionId: state.jurisdictionId };
  const bureau: Recipient = { kind: 'bureau', jurisdictionId: state.jurisdictionId };
  const unit = (id: string): Recipient =>
    id === 'lead_office' ? leadOffice : state.schoolIds.includes(id) ? { kind: 'school', schoolId: id } : { kind: 'department', departmentId: id };
  const leaderOf = (id: string): Recipient[] =>
    id === 'lead_office' || state.schoolIds.includes(id) ? [] : [{ kind: 'department_leader', departmentId: id }];
  const participants = (): Recipient[] => [...state.departmentIds.map(unit), ...state.schoolIds.map(unit)];

  const snapshot = (): CampaignState => JSON.parse(JSON.stringify(state)) as CampaignState;
  const step = () => ++state.seq;

  // -- side effects: data in the outbox, carried out beside the deadlines

  const outbox = new Outbox<CampaignEffect, CampaignLane>({ lanes: ['database', 'mail', 'hazards'], laneOf, run, owner: { campaignId: state.id } });
  /** Queues a step's side effects; returns at once. */
  function commit(seq: number, ...effects: (CampaignEffect | undefined)[]): void {
    outbox.push(seq, effects.filter((e): e is CampaignEffect => e !== undefined));
  }
  /** The campaign as it is now, in the read model. */
  const record = (): CampaignEffect => ({ type: 'record', campaign: snapshot(), createdBy: input.createdBy });
  function notify(seq: number, kind: CampaignNotificationKind, to: Recipient[], cc: Recipient[] = [], details: CampaignNotificationRequest['details'] = {}): CampaignEffect | undefined {
    if (to.length === 0) return undefined;
    return { type: 'mail', request: { dedupeKey: `campaign:${state.id}:${seq}:${kind}`, kind, campaign: c, to, cc, details, at: new Date(Date.now()).toISOString() } };
  }
  async function run(effect: CampaignEffect): Promise<void> {
    switch (effect.type) {
      case 'record':
        return recordCampaign({ campaign: effect.campaign, createdBy: effect.createdBy });
      case 'mail':
        await sendCampaignNotification(effect.request);
        return;
      case 'bulletin':
        return recordBulletinEntries(effect.record);
      case 'report':
        return recordReportSubmission(effect.record);
      case 'self-inspection':
        return recordSelfInspection(effect.record);
      case 'escalate-hazards':
        return hazardsEscalated(phaseOf(effect.escalation.phase), await escalateCampaignHazards(effect.escalation));
      case 'schedule-look-backs':
        return lookBacksScheduled(await scheduleCampaignLookBacks(effect.lookBacks));
    }
  }

  // -- deadlines: each phase opens and closes on a timer; each report period has its ladder.

  function armAll(): void {
    for (const p of state.phases) {
      if (p.status === 'pending') ladder.arm({ dueAt: p.startAt, reminderOffsets: [], escalations: [], timeZone: state.policy.timeZone }, 'phase-open', `open:${p.key}`);
      if (p.status !== 'closed') ladder.arm({ dueAt: p.endAt, reminderOffsets: state.policy.reminderOffsets, escalations: [], timeZone: state.policy.timeZone }, 'phase-close', `close:${p.key}`);
    }
    for (const o of state.obligations) {
      for (const period of o.periods) {
        ladder.arm(
          { dueAt: period.dueAt, reminderOffsets: state.policy.reminderOffsets, escalations: [{ step: 'escalate-to-lead-office', delay: state.policy.overdueGrace }], timeZone: state.policy.timeZone },
          'report',
          `report:${o.key}:${period.period}`,
        );
      }
    }
  }

  const phaseOf = (key: string) => state.phases.find((p) => p.key === key)!;
  const owing = (o: ObligationState, period: string) => {
    const p = o.periods.find((x) => x.period === period)!;
    return o.ownerIds.filter((id) => !p.submitted.includes(id));
  };

  function openPhase(phase: PhaseState): void {
    phase.status = 'open';
    log.info('campaign phase opened', { campaignId: state.id, phase: phase.key });
    const seq = step();
    const label = PHASE_LABELS[phase.key];
    commit(seq, record(), notify(seq, 'phase_opened', [leadOffice, ...participants()], [], { phase: label, startAt: phase.startAt, endAt: phase.endAt, asks: phase.asks ?? phaseAsks(phase.key) }));
    if (phase.key === 'consolidation') {
      // 巩固提高: the look-back checks (回头看) of the written-off hazards come due within the
      // phase (each hazard asks the bureau for its own); the summary obligation runs on its own ladder.
      const lookBackSeq = step();
      commit(lookBackSeq, { type: 'schedule-look-backs', lookBacks: { campaignId: state.id, dueAt: phase.startAt, closesAt: phase.endAt, dedupeKey: `campaign:${state.id}:${lookBackSeq}` } });
    }
  }

  /** The consolidation's look-backs are scheduled: the bureau learns how many. */
  function lookBacksScheduled(due: number): void {
    const seq = step();
    commit(seq, notify(seq, 'phase_opened', [bureau], [leadOffice], { phase: `${PHASE_LABELS.consolidation}（回头看）`, count: due, note: `已销号隐患${due}项，请在本阶段内组织回头看，防止反弹` }));
  }

  function closePhase(phase: PhaseState): void {
    const label = PHASE_LABELS[phase.key];
    phase.status = 'closed';
    log.info('campaign phase closed', { campaignId: state.id, phase: phase.key });
    if (phase.key === 'survey') {
      const missing = state.schoolIds.filter((s) => !state.selfInspected.includes(s));
      if (missing.length) {
        const seq = step();
        commit(
          seq,
          notify(seq, 'self_inspection_missing', missing.map(unit), [bureau, leadOffice], { phase: label, unitIds: missing, count: missing.length }),
          {
            type: 'bulletin',
            record: {
              dedupeKey: `campaign:${state.id}:${seq}:bulletin`,
              campaignId: state.id,
              entries: missing.map((id) => ({ unit: { type: 'school' as const, id }, reason: '摸排阶段未提交自查', subject: 'phase:survey' })),
              at: new Date(Date.now()).toISOString(),
            },
          },
        );
      }
      return closed(phase, { missing: missing.length, note: missing.length ? `${missing.length}所学校未提交自查` : '全部学校已提交自查' });
    }
    if (phase.key === 'rectification' || phase.key === 'acceptance') {
      // 整改: every hazard rectified, or it escalates along the hazard ladder (to the bureau);
      // 验收: every hazard verified and written off, or it goes to listed supervision (挂牌督办).
      // The phase is closed now; its outcome follows once the hazards have answered.
      const seq = step();
      commit(seq, record(), {
        type: 'escalate-hazards',
        escalation: {
          campaignId: state.id,
          phase: phase.key,
          statuses: phase.key === 'rectification' ? ['bureau_review', 'assigned', 'rectifying'] : ['bureau_review', 'assigned', 'rectifying', 'rectified'],
          targetLevel: phase.key === 'rectification' ? 2 : 3,
          dedupeKey: `campaign:${state.id}:${seq}`,
        },
      });
      return;
    }
    closed(phase, { missing: 0, note: `${label}阶段结束` });
  }

  /** The hazards of a closing phase have answered: its outcome, how many were escalated. */
  function hazardsEscalated(phase: PhaseState, escalated: number): void {
    closed(phase, {
      missing: escalated,
      note: escalated
        ? phase.key === 'rectification'
          ? `${escalated}项隐患未整改，已提请教育局督办`
          : `${escalated}项隐患未验收销号，已报属地政府挂牌督办`
        : phase.key === 'rectification'
          ? '全部隐患已整改'
          : '全部隐患已验收销号',
    });
  }

  /** A closed phase's outcome, recorded and sent to the lead office. */
  function closed(phase: PhaseState, outcome: NonNullable<PhaseState['outcome']>): void {
    phase.outcome = outcome;
    log.info('campaign phase outcome', { campaignId: state.id, phase: phase.key, missing: outcome.missing });
    const seq = step();
    commit(seq, record(), notify(seq, 'phase_closed', [leadOffice], [bureau], { phase: PHASE_LABELS[phase.key], count: outcome.missing, note: outcome.note }));
  }

  function onRung({ rung, id, tag }: FiredRung<CampaignDeadlineKind, CampaignEscalationStep>): void {
    const [, key, period] = id.split(':');
    switch (tag) {
      case 'phase-open':
        return openPhase(phaseOf(key));
      case 'phase-close': {
        const phase = phaseOf(key);
        if (rung.kind !== 'reminder') return closePhase(phase);
        const to = key === 'survey' ? state.schoolIds.filter((s) => !state.selfInspected.includes(s)).map(unit) : [leadOffice];
        const seq = step();
        return commit(seq, notify(seq, 'phase_closing', to, [], { phase: PHASE_LABELS[phase.key], endAt: phase.endAt, offset: rung.offset }));
      }
      case 'report':
        return onReportRung(rung, key, period);
      default:
        return unreachable(tag);
    }
  }

  /**
   * A report period: reminders to owners yet to submit; at the deadline an overdue notice and a
   * bulletin entry for each; after the grace period, the lead office and their leaders.
   */
  function onReportRung(rung: LadderRung, key: string, period: string): void {
    const o = state.obligations.find((x) => x.key === key)!;
    const p = o.periods.find((x) => x.period === period)!;
    const missing = owing(o, period);
    if (missing.length === 0) return;
    const details = { obligationTitle: o.title, period: p.period, dueAt: p.dueAt };
    const seq = step();
    switch (rung.kind) {
      case 'reminder':
        return commit(seq, notify(seq, 'report_reminder', missing.map(unit), [], { ...details, offset: rung.offset }));
      case 'overdue':
        p.missed = [...missing];
        return commit(seq, record(), notify(seq, 'report_overdue', missing.map(unit), missing.flatMap(leaderOf), { ...details, unitIds: missing }), {
          type: 'bulletin',
          record: {
            dedupeKey: `campaign:${state.id}:${seq}:bulletin`,
            campaignId: state.id,
            entries: missing.map((ownerId) => ({ unit: bulletinUnit(ownerId), reason: `逾期未报送：${o.title}`, subject: `report:${o.key}:${p.period}` })),
            at: new Date(Date.now()).toISOString(),
          },
        });
      case 'escalation':
        return commit(seq, notify(seq, 'report_escalated', [leadOffice], [...missing.map(unit), ...missing.flatMap(leaderOf)], { ...details, unitIds: missing }));
    }
  }

  function bulletinUnit(ownerId: string): { type: 'school' | 'department'; id: string } | { type: 'government'; jurisdictionId: string } {
    if (ownerId === 'lead_office') return { type: 'government', jurisdictionId: state.jurisdictionId };
    return { type: state.schoolIds.includes(ownerId) ? 'school' : 'department', id: ownerId };
  }

  const finished = () =>
    state.phases.every((p) => p.status === 'closed') && ladder.pending().length === 0;

  // -- handlers

  setHandler(campaignStateQuery, () => state);
  setHandler(campaignReadyUpdate, async (launchToken) => {
    await condition(() => ready);
    return { state, created: launchToken === input.launchToken };
  });

  setRuledUpdate(
    submitReportUpdate,
    (c) => campaignRules.submitReport(state, c.actor, c.ownerId, c.obligationKey, c.period),
    async ({ actor, ownerId, obligationKey, period, note }) => {
      const o = state.obligations.find((x) => x.key === obligationKey)!;
      const p = choosePeriod(o, ownerId, period)!;
      p.submitted.push(ownerId);
      const at = new Date(Date.now()).toISOString();
      const onTime = Date.parse(at) <= Date.parse(p.dueAt);
      log.info('campaign report submitted', { campaignId: state.id, obligationKey, period: p.period, ownerId, onTime });
      commit(step(), record(), { type: 'report', record: { campaignId: state.id, obligationKey, period: p.period, ownerId, note, submittedBy: actor, submittedAt: at, onTime } });
      return { period: p.period, onTime };
    },
  );

  setRuledUpdate(
    selfInspectionUpdate,
    (c) => campaignRules.submitSelfInspection(state, c.schoolId),
    async ({ actor, schoolId, hazardIds }) => {
      state.selfInspected.push(schoolId);
      commit(step(), record(), { type: 'self-inspection', record: { campaignId: state.id, schoolId, hazardCount: hazardIds.length, submittedBy: actor, submittedAt: new Date(Date.now()).toISOString() } });
      return { hazardCount: hazardIds.length };
    },
  );

  // -- main

  if (!input.resume) {
    armAll();
    const seq = step();
    commit(
      seq,
      record(),
      notify(seq, 'campaign_launched', [leadOffice, ...participants()], [], {
        count: state.phases.length,
        phases: state.phases.map((p) => ({ label: PHASE_LABELS[p.key], startAt: p.startAt, endAt: p.endAt })),
      }),
    );
    ready = true;
  }
  // The side effects follow the steps, beside the deadlines, for as long as the workflow runs.
  outbox.carryOut();

  const limit = input.historyLimit ?? MAX_HISTORY_LENGTH;
  // Ends once every phase is closed, every deadline past and every side effect done (a phase's
  // outcome comes from its escalations); continues as new past the limit, with nothing in the outbox.
  const done = () => finished() && outbox.settled;
  await ladder.run(
    async (fired) => onRung(fired),
    done,
    () => (workflowInfo().historyLength > limit || workflowInfo().continueAsNewSuggested) && outbox.settled,
  );
  await condition(allHandlersFinished);
  if (!done()) {
    await continueAsNew<typeof campaignWorkflow>({ ...input, resume: { state, ladder: ladder.snapshot() } });
  }
  state.status = 'completed';
  commit(step(), record());
  await condition(() => outbox.settled);
  return state;
}

function phaseAsks(key: PhaseKey): string {
  switch (key) {
    case 'preparation':
      return '制定实施方案，明确职责分工，做好动员部署。';
    case 'survey':
      return '各学校全面开展安全自查，逐一登记建档，并通过邮件中的办理入口提交自查情况；各成员单位开展排查。';
    case 'rectification':
      return '对排查发现的隐患限期整改，报告整改情况；重大隐患由教育局牵头研究解决。';
    case 'acceptance':
      return '组织验收，对整改到位的隐患予以销号；未销号的隐患将报属地政府挂牌督办。';
    case 'consolidation':
      return '开展回头看，防止反弹；总结经验，健全长效机制，按时报送工作总结。';
  }
}

function initialState(input: CampaignWorkflowInput): CampaignState {
  const c = input.campaign;
  return {
    id: c.id,
    name: c.name,
    jurisdictionId: c.jurisdictionId,
    presetId: c.presetId,
    policy: c.policy,
    departmentIds: c.departmentIds,
    schoolIds: c.schoolIds,
    phases: c.plan.phases.map((p) => ({ ...p, status: 'pending' as const })),
    obligations: c.plan.obligations.map((o) => ({
      key: o.key,
      title: o.title,
      ownerIds: o.ownerIds,
      recurrence: o.recurrence,
      // Recurring reports run from the campaign's first day (or now, for one already under way).
      periods: obligationPeriods(o, c.plan, Date.now(), c.policy.timeZone, c.policy.deadlineReading).map((x) => ({ ...x, submitted: [], missed: [] })),
    })),
    selfInspected: [],
    status: 'running',
    seq: 0,
  };
}

function unreachable(x: never): never {
  throw new Error(`unhandled ${String(x)}`);
}
