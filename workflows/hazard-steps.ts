// The steps of a hazard's workflow: every step is a transition in its history (with the search
// attributes that list it), a row in the audit trail and the read model, and mostly a mail and
// sometimes a bulletin entry — all keyed by the step's sequence number, so a retried activity
// writes and sends nothing twice.
//
// A transition happens at its instant, in the workflow: status, level, deadline, search
// attributes, the state the Query and the Updates answer with. Its side effects (the read model,
// mail, the bulletin) go into an outbox that the workflow works off in order, beside the deadline
// ladder, not in front of it: a mail or database outage delays the mail, never the next deadline.
import { condition, log, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { BulletinRecord, BulletinUnit, HazardTransitionRecord } from '../activities/hazard-record';
import type { Actor, EscalationLevel, HazardState, HazardStatus, HistoryEntry } from '../common/hazard';
import { hazardFacts, type NotificationKind, type NotificationRequest, type Recipient } from '../common/notification';
import type { RequestContext } from '../common/request-context';
import { DepartmentIdKey, DueAtKey, EscalationLevelKey, HazardStatusKey } from '../common/search-attributes';
import { runningDeadline } from './hazard-deadlines';
import { currentRequestContext, inRequestContext } from './request-context-interceptors';
import { now } from './workflow-time';

// Sized to the work: an SMTP hand-off or a row written takes about a second, so an attempt on a
// worker that died is retried elsewhere within seconds; retried until done, every 10 s at most.
const { sendNotification, recordHazardTransition, recordBulletinEntry } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

/** A side effect of a transition, as data. */
export type SideEffect =
  | { type: 'record'; record: HazardTransitionRecord }
  | { type: 'mail'; request: NotificationRequest }
  | { type: 'bulletin'; record: BulletinRecord };

/** The side effects of one transition, still to be carried out. */
export interface OutboxEntry {
  seq: number;
  effects: SideEffect[];
  /** The request whose transition it is (its id goes on the activities' log lines). */
  context?: RequestContext;
}

export class HazardSteps {
  /** Transitions whose side effects are still to be carried out, by lane, oldest first (the first may be under way). */
  private readonly outbox: Record<Lane, OutboxEntry[]> = { database: [], mail: [] };

  constructor(readonly state: HazardState) {}

  // -- recipients by role in this hazard

  get school(): Recipient {
    return { kind: 'school', schoolId: this.state.schoolId };
  }
  get bureau(): Recipient {
    return { kind: 'bureau', schoolId: this.state.schoolId };
  }
  get leadOffice(): Recipient {
    return { kind: 'lead_office', schoolId: this.state.schoolId };
  }
  get government(): Recipient {
    return { kind: 'government', schoolId: this.state.schoolId };
  }
  /** The unit that must rectify now. */
  get responsibleUnit(): Recipient {
    const r = this.state.responsible;
    if (r.type === 'department') return { kind: 'department', departmentId: r.id };
    return r.type === 'school' ? this.school : this.bureau;
  }
  /** Its supervising leader (分管领导); a school's supervisor is the education bureau's leader. */
  get responsibleLeader(): Recipient {
    const r = this.state.responsible;
    return r.type === 'department' ? { kind: 'department_leader', departmentId: r.id } : { kind: 'bureau_leader', schoolId: this.state.schoolId };
  }
  /** The unit the bulletin (通报) names when the responsible unit fails. */
  get responsibleBulletinUnit(): BulletinUnit {
    const r = this.state.responsible;
    return r.type === 'department' ? { type: 'department', id: r.id } : { type: 'school', id: this.state.schoolId };
  }

  // -- state

  raiseLevel(level: EscalationLevel): void {
    if (level > this.state.escalationLevel) this.state.escalationLevel = level;
  }

  /** A transition: the history entry, the status and the search attributes that list the hazard. */
  transition(actor: Actor, action: string, to: HazardStatus, note?: string, from: HazardStatus | null = this.state.status): HistoryEntry {
    const state = this.state;
    const entry: HistoryEntry = { seq: ++state.seq, at: now(), actor, action, from, to, note };
    log.info('hazard transition', { hazardId: state.id, seq: entry.seq, action, from, to, actor: actor.role });
    state.status = to;
    state.history.push(entry);
    const deadline = runningDeadline(state);
    const attributes: SearchAttributeUpdatePair[] = [
      { key: HazardStatusKey, value: state.status },
      { key: DepartmentIdKey, value: state.departmentId ?? null },
      { key: DueAtKey, value: deadline ? new Date(deadline) : null },
      { key: EscalationLevelKey, value: state.escalationLevel },
    ];
    upsertSearchAttributes(attributes);
    return entry;
  }

  // -- side effects of a transition

  /** The transition in the read model and the audit trail. */
  private record(entry: HistoryEntry): SideEffect {
    return { type: 'record', record: { dedupeKey: `hazard:${this.state.id}:${entry.seq}`, hazard: this.copy(), event: entry } };
  }

  /** A mail of the transition. */
  mail(entry: HistoryEntry, kind: NotificationKind, to: Recipient[], cc: Recipient[] = [], details?: NotificationRequest['details']): SideEffect {
    const request: NotificationRequest = { dedupeKey: `hazard:${this.state.id}:${entry.seq}:${kind}`, kind, hazard: hazardFacts(this.state), to, cc, at: entry.at };
    if (this.state.campaignId) request.campaignId = this.state.campaignId;
    if (details) request.details = details;
    return { type: 'mail', request };
  }

  /** A bulletin entry (通报/黑榜) of the transition. */
  bulletin(entry: HistoryEntry, unit: BulletinUnit, reason: string): SideEffect {
    const record: BulletinRecord = { dedupeKey: `hazard:${this.state.id}:${entry.seq}:bulletin`, hazardId: this.state.id, unit, reason, at: entry.at };
    if (this.state.campaignId) record.campaignId = this.state.campaignId;
    return { type: 'bulletin', record };
  }

  /** Puts the transition's record and its other side effects in the outbox; returns at once. */
  commit(entry: HistoryEntry, ...effects: SideEffect[]): void {
    const context = currentRequestContext();
    const all = [this.record(entry), ...effects];
    for (const lane of LANES) {
      const mine = all.filter((e) => laneOf(e) === lane);
      if (mine.length) this.outbox[lane].push({ seq: entry.seq, effects: mine, context });
    }
  }

  /**
   * Works off the outbox for as long as the workflow runs, in two lanes: the database (read model,
   * audit trail, bulletin) and mail, so that a mail outage holds back no row and a database outage
   * no mail the directory can still address. In each lane one transition after the other (a unit
   * learns of a deadline before it is told it missed it), each activity retried until done.
   */
  carryOut(): void {
    for (const lane of LANES) void this.carryOutLane(this.outbox[lane]);
  }

  private async carryOutLane(queue: OutboxEntry[]): Promise<never> {
    for (;;) {
      await condition(() => queue.length > 0);
      const next = queue[0];
      // In the context of the request that caused the transition: its id is on the activities' log lines.
      await inRequestContext(next.context, () => Promise.all(next.effects.map((effect) => run(effect).catch((err: unknown) => this.abandon(effect, err)))));
      queue.shift();
    }
  }

  /** Whether every side effect so far has been carried out. */
  get settled(): boolean {
    return LANES.every((lane) => this.outbox[lane].length === 0);
  }

  /** An effect that failed for good (a non-retryable error: a bug, not an outage) is logged and left, so the outbox carries on. */
  private abandon(effect: SideEffect, err: unknown): void {
    log.error('hazard side effect failed for good', { hazardId: this.state.id, effect: effect.type, error: err instanceof Error ? err.message : String(err) });
  }

  private copy(): HazardState {
    return JSON.parse(JSON.stringify(this.state)) as HazardState;
  }
}

const LANES = ['database', 'mail'] as const;
type Lane = (typeof LANES)[number];
const laneOf = (effect: SideEffect): Lane => (effect.type === 'mail' ? 'mail' : 'database');

async function run(effect: SideEffect): Promise<void> {
  switch (effect.type) {
    case 'record':
      return recordHazardTransition(effect.record);
    case 'mail':
      await sendNotification(effect.request);
      return;
    case 'bulletin':
      return recordBulletinEntry(effect.record);
  }
}
