// The steps of a campaign's workflow: launched, a phase opened or closed (with its exit criteria),
// a report handed in, a self-inspection, a bulletin, completed. Each happens at its instant, in the
// workflow, and is numbered (the campaign's `seq`); what follows from it (the read model and audit
// trail, mails, bulletin entries, the campaign's hazards escalated) goes into the campaign's outbox
// (campaign-effects.ts, outbox.ts), worked off beside the deadlines: a mail or database outage
// delays the mail or the row, never the campaign's next deadline. What a closing finds (how many
// hazards it escalated) follows, as its outcome, once the hazards have answered.
//
// The steps arm no deadline themselves: a bulletin's 黑榜 order is armed through the `arm` the
// workflow hands them (campaign-deadlines.ts), which in turn decides when each step is taken.
import { condition, log } from '@temporalio/workflow';
import type { CampaignState, ObligationState, PhaseKey, PhaseState } from '../common/campaign';
import { PHASE_LABELS, phaseClosing } from '../common/campaign';
import { obligationPeriods } from '../common/campaign-calendar';
import { SYSTEM, type Actor } from '../common/hazard';
import type { CampaignNotificationKind, CampaignNotificationRequest, Recipient } from '../common/notification';
import type { BulletinEntriesRecord, CampaignAuditEvent } from '../activities/campaign-record';
import { choosePeriod } from '../domain/campaign/actions';
import { AWAITING_RECTIFICATION } from '../domain/hazard/actions';
import type { CampaignWorkflowInput, ReportCommand, SelfInspectionCommand } from '../domain/campaign/messages';
import { bulletinDueComputed, bulletinIssued, bulletinOccasion, bulletinStartsAfter, flushBulletin, nextBulletinNo, type BulletinContext, type BulletinRequest } from './campaign-bulletins';
import { campaignOutbox, type CampaignEffect, type ClosingFound } from './campaign-effects';

/** A unit a bulletin entry names: a participant, or the lead office itself (its own report). */
type BulletinUnit = { type: 'school' | 'department'; id: string } | { type: 'lead_office' };

export class CampaignSteps implements BulletinContext {
  readonly leadOffice: Recipient;
  readonly bureau: Recipient;
  /** The campaign as its mails name it. */
  private readonly campaign: CampaignNotificationRequest['campaign'];
  private readonly outbox: ReturnType<typeof campaignOutbox>;

  /** `arm`: arms the ladder of a new obligation's periods (a bulletin's 黑榜 order). */
  constructor(
    readonly state: CampaignState,
    private readonly createdBy: Actor,
    private readonly armObligation: (o: ObligationState) => void,
  ) {
    this.campaign = { id: state.id, name: state.name, jurisdictionId: state.jurisdictionId, ...(state.policy.timeZone ? { timeZone: state.policy.timeZone } : {}) };
    this.leadOffice = { kind: 'lead_office', jurisdictionId: state.jurisdictionId };
    this.bureau = { kind: 'bureau', jurisdictionId: state.jurisdictionId };
    this.outbox = campaignOutbox(state.id, {
      closingFound: (key, units, how) => this.closingFound(key, units, how),
      lookBacksScheduled: (due) => this.lookBacksScheduled(due),
      bulletinComputed: (no, view) => bulletinIssued(this, no, view),
      afterEntryId: (no) => bulletinStartsAfter(state, no),
      nextBulletinNo: () => nextBulletinNo(state),
      bulletinDueComputed: (no, result) => bulletinDueComputed(this, no, result),
    });
  }

  // -- recipients by role in this campaign

  /** A participant (or the lead office) as a recipient. */
  readonly unit = (id: string): Recipient =>
    id === 'lead_office' ? this.leadOffice : this.state.schoolIds.includes(id) ? { kind: 'school', schoolId: id } : { kind: 'department', departmentId: id };
  /** A department's supervising leader (分管领导); schools and the lead office have none here. */
  readonly leaderOf = (id: string): Recipient[] => (id === 'lead_office' || this.state.schoolIds.includes(id) ? [] : [{ kind: 'department_leader', departmentId: id }]);
  participants(): Recipient[] {
    return [...this.state.departmentIds.map(this.unit), ...this.state.schoolIds.map(this.unit)];
  }
  /** The unit a bulletin entry names for an owner that missed its report: the lead office is itself, not its government. */
  bulletinUnit(ownerId: string): BulletinUnit {
    if (ownerId === 'lead_office') return { type: 'lead_office' };
    return { type: this.state.schoolIds.includes(ownerId) ? 'school' : 'department', id: ownerId };
  }

  phaseOf(key: string): PhaseState {
    return this.state.phases.find((p) => p.key === key)!;
  }

  // -- side effects: data in the outbox, carried out beside the deadlines

  /** The next step's number. */
  step(): number {
    return ++this.state.seq;
  }

  /** Puts a step's side effects in the outbox; returns at once. */
  commit(seq: number, ...effects: (CampaignEffect | undefined)[]): void {
    this.outbox.push(
      seq,
      effects.filter((e): e is CampaignEffect => e !== undefined),
    );
  }

  /** The campaign's row as it is now, and the step for the audit trail (留痕) when there is one (at its instant, `at`). */
  record(event?: Omit<CampaignAuditEvent, 'dedupeKey' | 'at' | 'actor'> & { actor?: Actor; at?: string }): CampaignEffect {
    const state = this.state;
    const audit = event && { ...event, actor: event.actor ?? SYSTEM, dedupeKey: `campaign:${state.id}:${state.seq}:audit`, at: event.at ?? nowIso() };
    return { type: 'record', campaign: this.snapshot(), createdBy: this.createdBy, ...(audit ? { event: audit } : {}) };
  }

  /** A mail of step `seq` (none when it is to nobody). */
  notify(seq: number, kind: CampaignNotificationKind, to: Recipient[], cc: Recipient[] = [], details: CampaignNotificationRequest['details'] = {}): CampaignEffect | undefined {
    if (to.length === 0) return undefined;
    return { type: 'mail', request: { dedupeKey: `campaign:${this.state.id}:${seq}:${kind}`, kind, campaign: this.campaign, to, cc, details, at: nowIso() } };
  }

  /** Misses of step `seq` recorded for the bulletin (通报/黑榜). */
  bulletinEntries(seq: number, entries: BulletinEntriesRecord['entries']): CampaignEffect {
    return { type: 'bulletin-entries', record: { dedupeKey: `campaign:${this.state.id}:${seq}:bulletin`, campaignId: this.state.id, entries, at: nowIso() } };
  }

  /** Arms the ladder of a new obligation's periods. */
  arm(o: ObligationState): void {
    this.armObligation(o);
  }

  /** Works off the outbox for as long as the workflow runs. */
  carryOut(): void {
    this.outbox.carryOut();
  }

  /**
   * Puts the bulletin of an instant's gathered occasions into the outbox once nothing else is due at
   * that instant (`dueNow`: a deadline of this instant has yet to fire), for as long as the workflow runs.
   */
  followBulletins(dueNow: () => boolean): void {
    void (async () => {
      for (;;) {
        await condition(() => this.state.bulletinDue !== undefined && !dueNow());
        flushBulletin(this);
      }
    })();
  }

  /** Whether every side effect so far has been carried out (a gathered bulletin too). */
  get settled(): boolean {
    return this.state.bulletinDue === undefined && this.outbox.settled;
  }

  // -- the campaign's steps

  /** 专项行动启动: recorded, and every participant learns the phases. */
  launch(): void {
    const state = this.state;
    const seq = this.step();
    this.commit(
      seq,
      this.record({ action: 'campaign_launched', actor: this.createdBy, note: `${state.name}启动` }),
      this.notify(seq, 'campaign_launched', [this.leadOffice, ...this.participants()], [], {
        count: state.phases.length,
        phases: state.phases.map((p) => ({ label: PHASE_LABELS[p.key], startAt: p.startAt, endAt: p.endAt })),
      }),
    );
  }

  /** Every phase closed and nothing left to follow: the campaign completed. */
  complete(): void {
    this.state.status = 'completed';
    this.step();
    this.commit(this.state.seq, this.record({ action: 'campaign_completed', note: '专项行动各阶段均已结束' }));
  }

  /** A phase opens at its instant: the participants learn what it asks; 巩固提高 brings the look-backs into it. */
  openPhase(phase: PhaseState): void {
    const state = this.state;
    phase.status = 'open';
    log.info('campaign phase opened', { campaignId: state.id, phase: phase.key });
    const seq = this.step();
    const label = PHASE_LABELS[phase.key];
    this.commit(
      seq,
      this.record({ action: 'phase_opened', note: `${label}阶段开始`, data: { phase: phase.key } }),
      this.notify(seq, 'phase_opened', [this.leadOffice, ...this.participants()], [], { phase: label, startAt: phase.startAt, endAt: phase.endAt, asks: phase.asks ?? phaseAsks(phase.key) }),
    );
    if (phase.key === 'consolidation') {
      // 巩固提高: the look-back checks (回头看) of the written-off hazards come due within the
      // phase (each hazard asks the bureau for its own); the summary obligation runs on its own ladder.
      const lookBackSeq = this.step();
      this.commit(lookBackSeq, {
        type: 'schedule-look-backs',
        lookBacks: { campaignId: state.id, dueAt: phase.startAt, closesAt: phase.endAt, dedupeKey: `campaign:${state.id}:${lookBackSeq}` },
      });
    }
  }

  /** The consolidation's look-backs are scheduled: the bureau learns how many. */
  private lookBacksScheduled(due: number): void {
    const seq = this.step();
    this.commit(
      seq,
      this.notify(seq, 'phase_opened', [this.bureau], [this.leadOffice], {
        phase: `${PHASE_LABELS.consolidation}（回头看）`,
        count: due,
        note: `已销号隐患${due}项，请在本阶段内组织回头看，防止反弹`,
      }),
    );
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
  closePhase(phase: PhaseState): void {
    const state = this.state;
    const label = PHASE_LABELS[phase.key];
    phase.status = 'closed';
    phase.closedAt = nowIso();
    log.info('campaign phase closed', { campaignId: state.id, phase: phase.key });
    if (phase.key === 'survey') {
      const missing = state.schoolIds.filter((s) => !state.selfInspected.includes(s));
      if (missing.length) {
        const seq = this.step();
        this.commit(
          seq,
          this.notify(seq, 'self_inspection_missing', missing.map(this.unit), [this.bureau, this.leadOffice], { phase: label, unitIds: missing, count: missing.length }),
          this.bulletinEntries(
            seq,
            missing.map((id) => ({ unit: { type: 'school' as const, id }, reason: '摸排阶段未提交自查', subject: 'phase:survey' })),
          ),
        );
      }
      this.closed(phase, { missing: missing.length, note: missing.length ? `${missing.length}所学校未提交自查` : '全部学校已提交自查' });
    } else {
      this.closeBy(phase);
    }
    // Each closing is a date of the plan's bulletins (通报): issued now, it counts what the closing records.
    this.bulletin(`phase:${phase.key}`, SYSTEM);
  }

  private closeBy(phase: PhaseState): void {
    const state = this.state;
    const label = PHASE_LABELS[phase.key];
    let closing = phaseClosing(phase);
    const rectification = state.phases.find((p) => p.key === 'rectification');
    if (closing === 'listed_supervision' && rectification && rectification.status !== 'closed') closing = 'blacklist';
    if (closing === 'none') return this.closed(phase, { missing: 0, note: `${label}阶段结束` });
    const seq = this.step();
    const at = phase.closedAt!;
    switch (closing) {
      case 'blacklist':
        this.commit(seq, this.record(), {
          type: 'blacklist',
          phase: phase.key,
          blacklist: { campaignId: state.id, at, reason: `${label}：未按时完成整治任务`, dedupeKey: `campaign:${state.id}:${seq}` },
        });
        break;
      case 'escalate_to_bureau':
      case 'listed_supervision': {
        const toBureau = closing === 'escalate_to_bureau';
        this.commit(seq, this.record(), {
          type: 'escalate-hazards',
          phase: phase.key,
          escalation: {
            campaignId: state.id,
            phase: phase.key === 'acceptance' ? 'acceptance' : 'rectification',
            // Not `rectified`: its unit has reported; what it waits for is 验收, the inspector's and the bureau's duty.
            statuses: [...AWAITING_RECTIFICATION],
            targetLevel: toBureau ? 2 : 3,
            dedupeKey: `campaign:${state.id}:${seq}`,
            at,
            bulletinReason: `${label}阶段结束隐患仍未整改`,
            // 验收 closing: what still awaits 验收 is the bureau's overdue duty, on the bulletin as the bureau's.
            ...(phase.key === 'acceptance' ? { verificationOverdueReason: `${label}阶段结束隐患已报告整改仍未验收` } : {}),
          },
        });
        break;
      }
    }
  }

  /**
   * What a closing found in the read model: the phase's outcome. An escalation answers how many
   * hazards it escalated and how many await 验收 (a number alone from a closing before that was counted).
   */
  private closingFound(key: PhaseKey, found: ClosingFound, how: 'escalated' | 'blacklisted'): void {
    const phase = this.phaseOf(key);
    const { escalated: units, awaitingVerification } = typeof found === 'number' ? { escalated: found, awaitingVerification: 0 } : found;
    if (how === 'blacklisted') {
      return this.closed(phase, { missing: units, note: units ? `${units}个单位未按时完成整治任务，予以黑榜通报并责令限期整改` : '各单位均按时完成整治任务' });
    }
    const toBureau = phaseClosing(phase) === 'escalate_to_bureau';
    const waiting = awaitingVerification ? `；${awaitingVerification}项隐患已报告整改仍未验收，请教育局尽快组织验收` : '';
    if (!units) return this.closed(phase, { missing: 0, note: `全部隐患已整改或尚在整改期限内${waiting}` });
    this.closed(phase, { missing: units, note: `${units}项隐患${toBureau ? '未整改，已提请教育局督办' : '仍未整改，已报属地政府挂牌督办'}${waiting}` });
  }

  /** A closed phase's outcome: recorded and sent to the lead office. */
  private closed(phase: PhaseState, outcome: NonNullable<PhaseState['outcome']>): void {
    phase.outcome = outcome;
    log.info('campaign phase outcome', { campaignId: this.state.id, phase: phase.key, missing: outcome.missing });
    const label = PHASE_LABELS[phase.key];
    const seq = this.step();
    this.commit(
      seq,
      this.record({ action: 'phase_closed', note: `${label}阶段结束：${outcome.note}`, data: { phase: phase.key, missing: outcome.missing }, at: phase.closedAt }),
      this.notify(seq, 'phase_closed', [this.leadOffice], [this.bureau], { phase: label, count: outcome.missing, note: outcome.note }),
    );
  }

  /** 报送: an owner's report for a period (its rule passed): on time or late (补报). */
  submitReport({ actor, ownerId, obligationKey, period, note }: ReportCommand): { period: string; onTime: boolean } {
    const state = this.state;
    const o = state.obligations.find((x) => x.key === obligationKey)!;
    const p = choosePeriod(o, ownerId, period)!;
    p.submitted.push(ownerId);
    const at = nowIso();
    const onTime = Date.parse(at) <= Date.parse(p.dueAt);
    log.info('campaign report submitted', { campaignId: state.id, obligationKey, period: p.period, ownerId, onTime });
    const seq = this.step();
    // The report reaches whom it is handed to (报送对象), not its own sender (a campaign launched before addressees were kept has none).
    const receivers = (o.addressee?.unitIds ?? []).filter((id) => id !== ownerId).map(this.unit);
    this.commit(
      seq,
      this.record({
        action: 'report_submitted',
        actor,
        note: `${o.title}（${p.period === 'once' ? '一次性报送' : `${p.period}期`}）${onTime ? '按时报送' : '逾期补报'}`,
        data: { obligationKey, period: p.period, ownerId, onTime },
      }),
      { type: 'report', record: { campaignId: state.id, obligationKey, period: p.period, ownerId, note, submittedBy: actor, submittedAt: at, onTime } },
      this.notify(seq, 'report_received', receivers, [], {
        obligationTitle: o.title,
        addressee: o.addressee?.name,
        period: p.period,
        dueAt: p.dueAt,
        note,
        unitIds: [ownerId],
        count: onTime ? 1 : 0,
      }),
    );
    return { period: p.period, onTime };
  }

  /** 摸排: a school's self-inspection (its rule passed). After the survey has closed it is accepted as a late submission (补报), recorded late. */
  selfInspection({ actor, schoolId, hazardIds, source }: SelfInspectionCommand): { hazardCount: number; late: boolean } {
    const state = this.state;
    const late = state.phases.find((p) => p.key === 'survey')?.status === 'closed';
    state.selfInspected.push(schoolId);
    if (late) (state.selfInspectedLate ??= []).push(schoolId);
    const via = source === 'csv' ? '（一校一表导入）' : '';
    this.commit(
      this.step(),
      this.record({
        action: 'self_inspection_submitted',
        actor,
        note: `${schoolId}提交自查${via}，上报隐患${hazardIds.length}项${late ? '（逾期补报）' : ''}`,
        data: { schoolId, hazardCount: hazardIds.length, late, source: source ?? 'api' },
      }),
      { type: 'self-inspections', rows: [{ campaignId: state.id, schoolId, hazardCount: hazardIds.length, submittedBy: actor, submittedAt: nowIso(), late, source: source ?? 'api' }] },
    );
    return { hazardCount: hazardIds.length, late };
  }

  /** 一校一表: the schools of an imported list, each counted as having self-inspected (those that had not yet). */
  listSelfInspections({ actor, schools }: { actor: Actor; schools: { schoolId: string; hazardIds: string[] }[] }): { counted: string[]; late: boolean } {
    const state = this.state;
    const late = state.phases.find((p) => p.key === 'survey')?.status === 'closed';
    const counted = schools.filter((x) => !state.selfInspected.includes(x.schoolId));
    if (counted.length === 0) return { counted: [], late };
    state.selfInspected.push(...counted.map((x) => x.schoolId));
    if (late) (state.selfInspectedLate ??= []).push(...counted.map((x) => x.schoolId));
    const at = nowIso();
    this.commit(
      this.step(),
      this.record({
        action: 'self_inspection_submitted',
        actor,
        note: `${counted.map((x) => `${x.schoolId}提交自查（一校一表导入），上报隐患${x.hazardIds.length}项`).join('；')}${late ? '（逾期补报）' : ''}`,
        data: { schools: counted.map((x) => ({ schoolId: x.schoolId, hazardCount: x.hazardIds.length })), late, source: 'csv' },
      }),
      {
        type: 'self-inspections',
        rows: counted.map((x) => ({ campaignId: state.id, schoolId: x.schoolId, hazardCount: x.hazardIds.length, submittedBy: actor, submittedAt: at, late, source: 'csv' })),
      },
    );
    return { counted: counted.map((x) => x.schoolId), late };
  }

  /** 通报: an occasion for a bulletin now (campaign-bulletins.ts): its number, or the instant it is gathered at. */
  bulletin(trigger: string, issuedBy: Actor): BulletinRequest {
    return bulletinOccasion(this, trigger, issuedBy);
  }

  private snapshot(): CampaignState {
    return JSON.parse(JSON.stringify(this.state)) as CampaignState;
  }
}

/** The campaign's state at its launch: the plan's phases pending, each obligation's periods. */
export function initialState(input: CampaignWorkflowInput): CampaignState {
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
      ...(o.addressee ? { addressee: o.addressee } : {}),
      recurrence: o.recurrence,
      // Recurring reports run from the campaign's first day (or now, for one already under way).
      periods: obligationPeriods(o, c.plan, Date.now(), c.policy.timeZone, c.policy.deadlineReading).map((x) => ({ ...x, submitted: [], missed: [] })),
    })),
    selfInspected: [],
    status: 'running',
    seq: 0,
  };
}

const nowIso = () => new Date(Date.now()).toISOString();

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
