// One workflow per campaign (专项行动): its dated phases 组织筹备 → 摸排 → 整改 → 验收 → 巩固提高
// and its report obligations, each a deadline on the same deadline ladder as the hazards.
//
// The campaign never holds its hazards: they are workflows of their own, found through the
// read model and search attributes, so this history does not grow with their number. What it
// holds is bounded by the plan: phases, report periods × owners, and the schools that
// self-inspected. A long campaign continues as new.
//
// As with a hazard, a phase opens and closes, a report falls due and a bulletin is issued at its
// instant, in the workflow; what follows from it (the read model and audit trail, mails, bulletin
// entries, the campaign's hazards escalated) goes into the campaign's outbox (outbox.ts), worked
// off beside the deadlines: a mail or database outage delays the mail or the row, never the
// campaign's next deadline. What a closing finds (how many hazards it escalated) follows, as its
// outcome, once the hazards have answered.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CampaignState, ObligationState, PhaseKey, PhaseState } from '../common/campaign';
import { PHASE_LABELS, phaseClosing } from '../common/campaign';
import { obligationPeriods } from '../common/campaign-calendar';
import { SYSTEM, type Actor } from '../common/hazard';
import type { CampaignNotificationKind, CampaignNotificationRequest, Recipient } from '../common/notification';
import type { BulletinEntriesRecord, CampaignAuditEvent } from '../activities/campaign-record';
import { announceBulletin, bulletinIssued, bulletinStartsAfter, type BulletinContext } from './campaign-bulletins';
import { campaignOutbox, type CampaignEffect } from './campaign-effects';
import { CAMPAIGN_ACTIONS, choosePeriod, requireListedSchoolsTakePart } from '../domain/campaign/actions';
import { DeadlineLadder, type FiredRung, type LadderRung } from './deadline-ladder';
import { setRuledUpdate } from './rule-violation';
import { campaignReadyUpdate, campaignStateQuery, issueBulletinUpdate, listSelfInspectionsUpdate, selfInspectionUpdate, submitReportUpdate, type CampaignDeadlineKind, type CampaignEscalationStep, type CampaignWorkflowInput } from '../domain/campaign/messages';

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
  const nowIso = () => new Date(Date.now()).toISOString();

  // -- side effects: data in the outbox, carried out beside the deadlines

  const outbox = campaignOutbox(state.id, {
    closingFound,
    lookBacksScheduled,
    bulletinComputed: (no, view) => bulletinIssued(bulletins, no, view),
    afterEntryId: (no) => bulletinStartsAfter(state, no),
  });
  /** Puts a step's side effects in the outbox; returns at once. */
  function commit(seq: number, ...effects: (CampaignEffect | undefined)[]): void {
    outbox.push(seq, effects.filter((e): e is CampaignEffect => e !== undefined));
  }
  /** The campaign's row as it is now, and the step for the audit trail (留痕) when there is one (at its instant, `at`). */
  function record(event?: Omit<CampaignAuditEvent, 'dedupeKey' | 'at' | 'actor'> & { actor?: Actor; at?: string }): CampaignEffect {
    const audit = event && { ...event, actor: event.actor ?? SYSTEM, dedupeKey: `campaign:${state.id}:${state.seq}:audit`, at: event.at ?? nowIso() };
    return { type: 'record', campaign: snapshot(), createdBy: input.createdBy, ...(audit ? { event: audit } : {}) };
  }
  function notify(seq: number, kind: CampaignNotificationKind, to: Recipient[], cc: Recipient[] = [], details: CampaignNotificationRequest['details'] = {}): CampaignEffect | undefined {
    if (to.length === 0) return undefined;
    return { type: 'mail', request: { dedupeKey: `campaign:${state.id}:${seq}:${kind}`, kind, campaign: c, to, cc, details, at: nowIso() } };
  }
  function bulletinEntries(seq: number, entries: BulletinEntriesRecord['entries']): CampaignEffect {
    return { type: 'bulletin-entries', record: { dedupeKey: `campaign:${state.id}:${seq}:bulletin`, campaignId: state.id, entries, at: nowIso() } };
  }

  // -- deadlines: each phase opens and closes on a timer; each report period has its ladder.

  function armAll(): void {
    for (const p of state.phases) {
      if (p.status === 'pending') ladder.arm({ dueAt: p.startAt, reminderOffsets: [], escalations: [], timeZone: state.policy.timeZone }, 'phase-open', `open:${p.key}`);
      if (p.status !== 'closed') ladder.arm({ dueAt: p.endAt, reminderOffsets: state.policy.reminderOffsets, escalations: [], timeZone: state.policy.timeZone }, 'phase-close', `close:${p.key}`);
    }
    for (const o of state.obligations) armObligation(o);
  }
  function armObligation(o: ObligationState): void {
    for (const period of o.periods) {
      ladder.arm(
        { dueAt: period.dueAt, reminderOffsets: state.policy.reminderOffsets, escalations: [{ step: 'escalate-to-lead-office', delay: state.policy.overdueGrace }], timeZone: state.policy.timeZone },
        'report',
        `report:${o.key}:${period.period}`,
      );
    }
  }
  const bulletins: BulletinContext = { state, step, commit, notify, unit, leaderOf, participants, leadOffice, arm: armObligation };

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
    commit(
      seq,
      record({ action: 'phase_opened', note: `${label}阶段开始`, data: { phase: phase.key } }),
      notify(seq, 'phase_opened', [leadOffice, ...participants()], [], { phase: label, startAt: phase.startAt, endAt: phase.endAt, asks: phase.asks ?? phaseAsks(phase.key) }),
    );
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

  /**
   * A phase closes at its instant. What its closing does is its source's (see PhaseClosing): 摸排
   * names the schools that did not self-inspect; 整改 escalates to the bureau what is not
   * rectified; 验收 puts what is not written off under listed supervision — unless 整改 is still
   * open, when, as for 鱼峰's 督导, the units that did not finish on time go on the 黑榜 and are
   * ordered to rectify by a deadline. A hazard's own open window is never escalated (the hazard
   * refuses); every escalation is a miss of its unit, recorded for the bulletin. The closing's
   * bulletin (通报) is issued at the same instant, counting what the closing recorded; what the
   * hazards' read model says follows, as the phase's outcome (closingFound).
   */
  function closePhase(phase: PhaseState): void {
    const label = PHASE_LABELS[phase.key];
    phase.status = 'closed';
    phase.closedAt = nowIso();
    log.info('campaign phase closed', { campaignId: state.id, phase: phase.key });
    if (phase.key === 'survey') {
      const missing = state.schoolIds.filter((s) => !state.selfInspected.includes(s));
      if (missing.length) {
        const seq = step();
        commit(
          seq,
          notify(seq, 'self_inspection_missing', missing.map(unit), [bureau, leadOffice], { phase: label, unitIds: missing, count: missing.length }),
          bulletinEntries(seq, missing.map((id) => ({ unit: { type: 'school' as const, id }, reason: '摸排阶段未提交自查', subject: 'phase:survey' }))),
        );
      }
      closed(phase, { missing: missing.length, note: missing.length ? `${missing.length}所学校未提交自查` : '全部学校已提交自查' });
    } else {
      closeBy(phase);
    }
    // Each closing is a date of the plan's bulletins (通报): issued now, it counts what the closing records.
    announceBulletin(bulletins, `phase:${phase.key}`, SYSTEM);
  }

  function closeBy(phase: PhaseState): void {
    const label = PHASE_LABELS[phase.key];
    let closing = phaseClosing(phase);
    const rectification = state.phases.find((p) => p.key === 'rectification');
    if (closing === 'listed_supervision' && rectification && rectification.status !== 'closed') closing = 'blacklist';
    if (closing === 'none') return closed(phase, { missing: 0, note: `${label}阶段结束` });
    const seq = step();
    const at = phase.closedAt!;
    switch (closing) {
      case 'blacklist':
        commit(seq, record(), { type: 'blacklist', phase: phase.key, blacklist: { campaignId: state.id, at, reason: `${label}：未按时完成整治任务`, dedupeKey: `campaign:${state.id}:${seq}` } });
        break;
      case 'escalate_to_bureau':
      case 'listed_supervision': {
        const toBureau = closing === 'escalate_to_bureau';
        commit(seq, record(), {
          type: 'escalate-hazards',
          phase: phase.key,
          escalation: {
            campaignId: state.id,
            phase: toBureau ? 'rectification' : 'acceptance',
            statuses: toBureau ? ['bureau_review', 'assigned', 'rectifying'] : ['bureau_review', 'assigned', 'rectifying', 'rectified'],
            targetLevel: toBureau ? 2 : 3,
            dedupeKey: `campaign:${state.id}:${seq}`,
            at,
            bulletinReason: toBureau ? `${label}阶段结束隐患仍未整改` : `${label}阶段结束隐患仍未验收销号`,
          },
        });
        break;
      }
    }
  }

  /** What a closing found in the read model: the phase's outcome. */
  function closingFound(key: PhaseKey, units: number, how: 'escalated' | 'blacklisted'): void {
    const phase = phaseOf(key);
    if (how === 'blacklisted') {
      return closed(phase, { missing: units, note: units ? `${units}个单位未按时完成整治任务，予以黑榜通报并责令限期整改` : '各单位均按时完成整治任务' });
    }
    const toBureau = phaseClosing(phase) === 'escalate_to_bureau';
    if (!units) return closed(phase, { missing: 0, note: toBureau ? '全部隐患已整改或尚在整改期限内' : '全部隐患已验收销号或尚在整改期限内' });
    closed(phase, { missing: units, note: toBureau ? `${units}项隐患未整改，已提请教育局督办` : `${units}项隐患未验收销号，已报属地政府挂牌督办` });
  }

  /** A closed phase's outcome: recorded and sent to the lead office. */
  function closed(phase: PhaseState, outcome: NonNullable<PhaseState['outcome']>): void {
    phase.outcome = outcome;
    log.info('campaign phase outcome', { campaignId: state.id, phase: phase.key, missing: outcome.missing });
    const label = PHASE_LABELS[phase.key];
    const seq = step();
    commit(
      seq,
      record({ action: 'phase_closed', note: `${label}阶段结束：${outcome.note}`, data: { phase: phase.key, missing: outcome.missing }, at: phase.closedAt }),
      notify(seq, 'phase_closed', [leadOffice], [bureau], { phase: label, count: outcome.missing, note: outcome.note }),
    );
  }

  async function onRung({ rung, id, tag }: FiredRung<CampaignDeadlineKind, CampaignEscalationStep>): Promise<void> {
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
   * bulletin entry for each, and the plan's bulletin (通报; an order's deadline has none); after
   * the grace period, the lead office and their leaders.
   */
  function onReportRung(rung: LadderRung, key: string, period: string): void {
    const o = state.obligations.find((x) => x.key === key)!;
    const p = o.periods.find((x) => x.period === period)!;
    const missing = owing(o, period);
    const bulletin = () => {
      if (rung.kind === 'overdue' && o.orderOfBulletin === undefined) announceBulletin(bulletins, `report:${o.key}:${p.period}`, SYSTEM);
    };
    if (missing.length === 0) return bulletin();
    const details = { obligationTitle: o.title, period: p.period, dueAt: p.dueAt };
    const seq = step();
    switch (rung.kind) {
      case 'reminder':
        return commit(seq, notify(seq, 'report_reminder', missing.map(unit), [], { ...details, offset: rung.offset }));
      case 'overdue':
        p.missed = [...missing];
        commit(
          seq,
          record(),
          notify(seq, 'report_overdue', missing.map(unit), missing.flatMap(leaderOf), { ...details, unitIds: missing }),
          bulletinEntries(seq, missing.map((ownerId) => ({ unit: bulletinUnit(ownerId), reason: `逾期未报送：${o.title}`, subject: `report:${o.key}:${p.period}` }))),
        );
        return bulletin();
      case 'escalation':
        return commit(seq, notify(seq, 'report_escalated', [leadOffice], [...missing.map(unit), ...missing.flatMap(leaderOf)], { ...details, unitIds: missing }));
    }
  }

  function bulletinUnit(ownerId: string): { type: 'school' | 'department'; id: string } | { type: 'government'; jurisdictionId: string } {
    if (ownerId === 'lead_office') return { type: 'government', jurisdictionId: state.jurisdictionId };
    return { type: state.schoolIds.includes(ownerId) ? 'school' : 'department', id: ownerId };
  }

  /** Every phase closed, no deadline left, and nothing still to follow from a step (a closing's outcome may arm an order). */
  const finished = () => state.phases.every((p) => p.status === 'closed') && ladder.pending().length === 0 && outbox.settled;

  // -- handlers: each answers at once; its rows follow through the outbox.

  setHandler(campaignStateQuery, () => state);
  setHandler(campaignReadyUpdate, async (launchToken) => {
    await condition(() => ready);
    return { state, created: launchToken === input.launchToken };
  });

  setRuledUpdate(
    submitReportUpdate,
    (c) => CAMPAIGN_ACTIONS.report.rule(state, c.actor, c.ownerId, c.obligationKey, c.period),
    async ({ actor, ownerId, obligationKey, period, note }) => {
      const o = state.obligations.find((x) => x.key === obligationKey)!;
      const p = choosePeriod(o, ownerId, period)!;
      p.submitted.push(ownerId);
      const at = nowIso();
      const onTime = Date.parse(at) <= Date.parse(p.dueAt);
      log.info('campaign report submitted', { campaignId: state.id, obligationKey, period: p.period, ownerId, onTime });
      commit(
        step(),
        record({ action: 'report_submitted', actor, note: `${o.title}（${p.period === 'once' ? '一次性报送' : `${p.period}期`}）${onTime ? '按时报送' : '逾期补报'}`, data: { obligationKey, period: p.period, ownerId, onTime } }),
        { type: 'report', record: { campaignId: state.id, obligationKey, period: p.period, ownerId, note, submittedBy: actor, submittedAt: at, onTime } },
      );
      return { period: p.period, onTime };
    },
  );

  setRuledUpdate(
    selfInspectionUpdate,
    (c) => CAMPAIGN_ACTIONS.selfInspection.rule(state, c.actor, c.schoolId),
    async ({ actor, schoolId, hazardIds, source }) => {
      // After the survey has closed it is accepted as a late submission (补报), recorded late.
      const late = state.phases.find((p) => p.key === 'survey')?.status === 'closed';
      state.selfInspected.push(schoolId);
      if (late) (state.selfInspectedLate ??= []).push(schoolId);
      const via = source === 'csv' ? '（一校一表导入）' : '';
      commit(
        step(),
        record({ action: 'self_inspection_submitted', actor, note: `${schoolId}提交自查${via}，上报隐患${hazardIds.length}项${late ? '（逾期补报）' : ''}`, data: { schoolId, hazardCount: hazardIds.length, late, source: source ?? 'api' } }),
        { type: 'self-inspections', rows: [{ campaignId: state.id, schoolId, hazardCount: hazardIds.length, submittedBy: actor, submittedAt: nowIso(), late, source: source ?? 'api' }] },
      );
      return { hazardCount: hazardIds.length, late };
    },
  );

  setRuledUpdate(
    listSelfInspectionsUpdate,
    (c) => requireListedSchoolsTakePart(state, c.schools.map((x) => x.schoolId)),
    async ({ actor, schools }) => {
      const late = state.phases.find((p) => p.key === 'survey')?.status === 'closed';
      const counted = schools.filter((x) => !state.selfInspected.includes(x.schoolId));
      if (counted.length === 0) return { counted: [], late };
      state.selfInspected.push(...counted.map((x) => x.schoolId));
      if (late) (state.selfInspectedLate ??= []).push(...counted.map((x) => x.schoolId));
      const at = nowIso();
      commit(
        step(),
        record({
          action: 'self_inspection_submitted',
          actor,
          note: `${counted.map((x) => `${x.schoolId}提交自查（一校一表导入），上报隐患${x.hazardIds.length}项`).join('；')}${late ? '（逾期补报）' : ''}`,
          data: { schools: counted.map((x) => ({ schoolId: x.schoolId, hazardCount: x.hazardIds.length })), late, source: 'csv' },
        }),
        { type: 'self-inspections', rows: counted.map((x) => ({ campaignId: state.id, schoolId: x.schoolId, hazardCount: x.hazardIds.length, submittedBy: actor, submittedAt: at, late, source: 'csv' })) },
      );
      return { counted: counted.map((x) => x.schoolId), late };
    },
  );

  setRuledUpdate(
    issueBulletinUpdate,
    (c) => CAMPAIGN_ACTIONS.issueBulletin.rule(state, c.actor),
    // The lead asked to see it: answered once it is computed and kept (the deadlines do not wait on it).
    async ({ actor }) => {
      const no = announceBulletin(bulletins, 'on_demand', actor);
      await condition(() => state.bulletins![no - 1].computed === true);
      return { no };
    },
  );

  // -- main

  if (!input.resume) {
    armAll();
    const seq = step();
    commit(
      seq,
      record({ action: 'campaign_launched', actor: input.createdBy, note: `${state.name}启动` }),
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
  await ladder.run(onRung, finished, () => workflowInfo().historyLength > limit || workflowInfo().continueAsNewSuggested);
  // A new run or the end only once every handler has answered and every side effect is done.
  await condition(() => allHandlersFinished() && outbox.settled);
  if (!finished()) {
    await continueAsNew<typeof campaignWorkflow>({ ...input, resume: { state, ladder: ladder.snapshot() } });
  }
  state.status = 'completed';
  step();
  commit(state.seq, record({ action: 'campaign_completed', note: '专项行动各阶段均已结束' }));
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
