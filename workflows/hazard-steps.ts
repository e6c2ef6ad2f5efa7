// The steps of a hazard's workflow: every step is a transition in its history (with the search
// attributes that list it), a row in the audit trail and the read model, and mostly a mail and
// sometimes a bulletin entry — all keyed by the step's sequence number, so a retried activity
// writes and sends nothing twice.
//
// A transition happens at its instant, in the workflow: status, level, deadline, search
// attributes, the state the Query and the Updates answer with. Its side effects (the read model,
// mail, the bulletin) go into an outbox that the workflow works off in order, beside the deadline
// ladder, not in front of it: a mail or database outage delays the mail, never the next deadline.
import { log, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { BulletinRecord, BulletinUnit, HazardTransitionRecord } from '../activities/hazard-record';
import type { Actor, EscalationLevel, HazardState, HazardStatus, HistoryEntry } from '../common/hazard';
import { hazardFacts, type NotificationKind, type NotificationRequest, type Recipient } from '../common/notification';
import { DepartmentIdKey, DueAtKey, EscalationLevelKey, HazardStatusKey } from '../common/search-attributes';
import { runningDeadline } from './hazard-deadlines';
import { Outbox, OUTBOX_ACTIVITY_OPTIONS } from './outbox';
import { now } from './workflow-time';

const { sendNotification, recordHazardTransition, recordBulletinEntry } = proxyActivities<ReturnType<typeof createActivities>>(OUTBOX_ACTIVITY_OPTIONS);

/** A side effect of a transition, as data. */
export type SideEffect =
  | { type: 'record'; record: HazardTransitionRecord }
  | { type: 'mail'; request: NotificationRequest }
  | { type: 'bulletin'; record: BulletinRecord };

export class HazardSteps {
  /**
   * The transitions' side effects still to be carried out, in two lanes: the database (read model,
   * audit trail, bulletin) and mail, so that a mail outage holds back no row and a database outage
   * no mail the directory can still address.
   */
  private readonly outbox: Outbox<SideEffect, 'database' | 'mail'>;

  constructor(readonly state: HazardState) {
    this.outbox = new Outbox({ lanes: ['database', 'mail'], laneOf: (e) => (e.type === 'mail' ? 'mail' : 'database'), run, owner: { hazardId: state.id } });
  }

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
    this.outbox.push(entry.seq, [this.record(entry), ...effects]);
  }

  /** Works off the outbox for as long as the workflow runs, beside the deadline ladder. */
  carryOut(): void {
    this.outbox.carryOut();
  }

  /** Whether every side effect so far has been carried out. */
  get settled(): boolean {
    return this.outbox.settled;
  }

  private copy(): HazardState {
    return JSON.parse(JSON.stringify(this.state)) as HazardState;
  }
}

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
