// The steps of a hazard's workflow: every step is a transition in its history (with the search
// attributes that list it), a row in the audit trail and the read model, and mostly a mail and
// sometimes a bulletin entry — all keyed by the step's sequence number, so a retried activity
// writes and sends nothing twice.
import { log, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { BulletinUnit } from '../activities/hazard-record';
import type { Actor, EscalationLevel, HazardState, HazardStatus, HistoryEntry } from '../common/hazard';
import { hazardFacts, type NotificationKind, type NotificationRequest, type Recipient } from '../common/notification';
import { DepartmentIdKey, DueAtKey, EscalationLevelKey, HazardStatusKey } from '../common/search-attributes';
import { runningDeadline } from './hazard-deadlines';
import { now } from './workflow-time';

const { sendNotification, recordHazardTransition, recordBulletinEntry } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export class HazardSteps {
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
  async record(entry: HistoryEntry): Promise<void> {
    await recordHazardTransition({ dedupeKey: `hazard:${this.state.id}:${entry.seq}`, hazard: this.copy(), event: entry });
  }

  /** A mail of the transition. */
  async notify(entry: HistoryEntry, kind: NotificationKind, to: Recipient[], cc: Recipient[] = [], details?: NotificationRequest['details']): Promise<void> {
    await sendNotification({
      dedupeKey: `hazard:${this.state.id}:${entry.seq}:${kind}`,
      kind,
      hazard: hazardFacts(this.state),
      campaignId: this.state.campaignId,
      to,
      cc,
      details,
    });
  }

  /** A bulletin entry (通报/黑榜) of the transition. */
  async bulletin(entry: HistoryEntry, unit: BulletinUnit, reason: string): Promise<void> {
    await recordBulletinEntry({
      dedupeKey: `hazard:${this.state.id}:${entry.seq}:bulletin`,
      campaignId: this.state.campaignId,
      hazardId: this.state.id,
      unit,
      reason,
      at: entry.at,
    });
  }

  /** Records the transition and carries out its other side effects. */
  async commit(entry: HistoryEntry, ...effects: Promise<void>[]): Promise<void> {
    await Promise.all([this.record(entry), ...effects]);
  }

  private copy(): HazardState {
    return JSON.parse(JSON.stringify(this.state)) as HazardState;
  }
}
