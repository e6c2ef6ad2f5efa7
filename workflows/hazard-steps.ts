// The steps of a hazard's workflow: every step is a transition in its history (with the search
// attributes that list it), a row in the audit trail and the read model, and mostly a mail and
// sometimes a bulletin entry — all keyed by the step's sequence number, so a retried activity
// writes and sends nothing twice.
//
// A transition happens at its instant, in the workflow: status, level, deadline, search
// attributes, the state the Query and the Updates answer with. Its side effects (the read model,
// mail, the bulletin) go into an outbox that the workflow works off in order, beside the deadline
// ladder, not in front of it: a mail or database outage delays the mail, never the next deadline.
//
// Cheap in history (issue 14): the search attributes of every transition in one workflow task are
// upserted once, with only what changed; the outbox is worked off in batches, both lanes in one
// short local activity (one marker event, no workflow task of its own); a lane whose batch failed
// is worked off apart, by retried activities, until it is empty again. The batch of a rung (a
// deadline's reminder, overdue notice, escalation) goes as an activity instead (issue 29): the task
// that fires a rung completes at once with the next rung's timer, which starts only then.
import { condition, log, patched, proxyActivities, proxyLocalActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { BulletinRecord, BulletinUnit, SideEffect } from '../domain/hazard/effects';
export type { SideEffect } from '../domain/hazard/effects';
import type { Actor, EscalationLevel, HazardState, HazardStatus, HistoryEntry } from '../common/hazard';
import { hazardFacts, type NotificationKind, type NotificationRequest, type Recipient } from '../common/notification';
import { SEARCH_ATTRIBUTE_KEYS } from '../common/search-attributes';
import { hazardStateListing } from '../domain/hazard/listing';
import { appendTransition } from '../domain/hazard/rules';
import { VERIFIER_ROLES } from '../domain/hazard/actions';
import { retryStuckStepUpdate } from '../domain/hazard/messages';
import { StuckSteps, workOff, type OutboxEntry as GenericOutboxEntry, type ParkedStep } from './outbox';
import { currentRequestContext, inRequestContext } from './request-context-interceptors';

// A lane worked off apart: each activity heartbeats while it works (activities/index.ts), so a
// worker that died is noticed within 5 s and the activity retried on another, while a slow one (a
// busy machine, a slow relay) is left to finish instead of being cut short and sent twice.
// Retried until done, every 10 s at most.
const { sendNotification, recordHazardTransition, recordBulletinEntry } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});
// One attempt: while it runs the workflow task stays open, so a deadline due meanwhile waits for it.
// It is short (no transition of a lane is begun after half a second; a lane that fails is retried
// apart, by the activities above), and cut off after 3 s, well within the workflow task's 5 s: a
// slow relay or a loaded machine sends the lane apart instead of timing the workflow task out
// (which would run the batch again and hold every deadline of the hazard back). A send still under
// way when it is cut off is not made twice: the retry apart waits for its claim in the
// notification log (activities/notification.ts).
const { carryOutHazardBatch } = proxyLocalActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '3 seconds',
  retry: { maximumAttempts: 1 },
});
// The report's batch went as an activity when the API waited for the report's workflow task
// (Update-with-Start); since the API answers a report itself (issue 14) it is a local activity
// like every other batch — one workflow task per report instead of two. Kept for the workflows
// started before (their input has no `reportedAt`; no patch marker, which would cost an upsert).
const { carryOutHazardBatch: carryOutHazardBatchApart } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 1 },
});
/**
 * The batch of a rung, as an activity (issue 29). A timer starts when the workflow task that arms
 * it completes, and a task that runs a local activity completes only when it ends: the rung's batch
 * as a local activity held the next rung's timer back by as long as it took (0.4–1.1 s on a warm
 * worker; on one just started up to the task's heartbeat, 4 s), and every rung came that much late.
 * As an activity, the task that fires a rung completes at once with the next timer and the
 * activity's scheduling; the batch runs beside it (three events and a workflow task more). It
 * heartbeats every second (activities/index.ts): a worker that died is noticed within 5 s and the
 * batch run again on another (every effect keyed by its step, a mail claimed in the notification
 * log: nothing twice); after three attempts, what is not done is worked off apart, as any batch's.
 */
const { carryOutHazardBatch: carryOutRungBatch } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: 3 },
});
/** Histories recorded before a rung's batch went as an activity replay with the local activity they ran (Temporal's patched()). */
export const RUNG_BATCH_AS_ACTIVITY = 'rung-batch-as-activity';
/** Transitions per lane in one batch. */
const BATCH = 20;

/** The side effects of one transition in one lane, still to be carried out (`byRung`: a deadline's rung made the transition). */
export type OutboxEntry = GenericOutboxEntry<SideEffect> & { byRung?: true };

export class HazardSteps {
  /** Transitions whose side effects are still to be carried out, by lane, oldest first (the first may be under way). */
  private readonly outbox: Record<Lane, OutboxEntry[]> = { database: [], mail: [] };
  /** Lanes worked off apart, by retried activities, since a batch of theirs failed. */
  private readonly apart: Record<Lane, boolean> = { database: false, mail: false };
  /** What the search attributes say, as upserted by this run (`null`: unset). */
  private readonly listed = new Map<string, string>();
  /** Changes to upsert at the end of this workflow task. */
  private readonly staged = new Map<string, SearchAttributeUpdatePair>();
  /** Side effects that failed for good, parked in the state (`parkedSteps`, carried across continue-as-new) until the lead retries them. */
  private readonly stuck: StuckSteps<SideEffect>;
  /** Whether the transitions committed now are a rung's (`byRung`). */
  private firingRung = false;

  /**
   * `fresh`: the run's search attributes are those it was started with, the others unset (not a
   * continuation). `reportBatchApart`: the report's batch goes as an activity (workflows started
   * before the API answered reports itself).
   */
  constructor(
    readonly state: HazardState,
    private readonly fresh = true,
    private readonly reportBatchApart = false,
    /** Now, on the workflow's clock (the deadline ladder's: never before a rung it fired). */
    readonly clockMs: () => number = () => Date.now(),
  ) {
    const parked = () => ((this.state as HazardState & { parkedSteps?: ParkedStep<SideEffect>[] }).parkedSteps ??= []);
    this.stuck = new StuckSteps<SideEffect>(parked, (lane) => this.outbox[lane as Lane], dedupeKeyOf, { hazardId: state.id });
    this.stuck.handle(retryStuckStepUpdate);
    // A fresh run is listed by what it was started with (hazard-listing.ts; nothing for a hazard
    // started before its start set them), so the first upsert has only what the start did not say.
    if (fresh) {
      const started = workflowInfo().typedSearchAttributes;
      for (const key of SEARCH_ATTRIBUTE_KEYS) {
        const value = started.get(key);
        if (value !== undefined) this.listed.set(key.name, JSON.stringify(value));
      }
    }
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
  /** The inspectors (验收人员). */
  get inspectors(): Recipient {
    return { kind: 'inspectors', schoolId: this.state.schoolId };
  }
  /** Who verifies (验收), as the action table says (HAZARD_ACTIONS.verification.roles): the inspectors and the education bureau. */
  get verifiers(): Recipient[] {
    return VERIFIER_ROLES.map((role) => (role === 'inspector' ? this.inspectors : this.bureau));
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
  /**
   * 配合单位: a notice to the lead unit (牵头单位) is copied to the co-operating units, by the Cc
   * every mail has (they act on nothing: their copy has no signed link).
   */
  private cooperatingCc(to: Recipient[], cc: Recipient[]): Recipient[] {
    const lead = this.state.departmentId;
    const ids = this.state.cooperatingDepartmentIds ?? [];
    if (!lead || !ids.length || !to.some((r) => r.kind === 'department' && r.departmentId === lead)) return [];
    const named = new Set([...to, ...cc].flatMap((r) => (r.kind === 'department' ? [r.departmentId] : [])));
    return ids.filter((id) => !named.has(id)).map((departmentId) => ({ kind: 'department', departmentId }));
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
    return this.applied(appendTransition(this.state, new Date(this.clockMs()).toISOString(), actor, action, to, note, from));
  }

  /** A transition already in the state's history (hazard-rules.ts): logged, and the search attributes that list the hazard. */
  applied(entry: HistoryEntry): HistoryEntry {
    const state = this.state;
    log.info('hazard transition', { hazardId: state.id, seq: entry.seq, action: entry.action, from: entry.from, to: entry.to, actor: entry.actor.role });
    this.list(hazardStateListing(state));
    return entry;
  }

  /**
   * Search attributes to set: upserted once at the end of this workflow task (microtasks run before
   * it completes), with only the values that changed, so the transitions of one task cost one event.
   */
  list(pairs: SearchAttributeUpdatePair[]): void {
    const empty = this.staged.size === 0;
    for (const pair of pairs) {
      const name = pair.key.name;
      const value = JSON.stringify(pair.value ?? null);
      const was = this.listed.get(name) ?? (this.fresh ? 'null' : undefined);
      if (value === was) this.staged.delete(name);
      else this.staged.set(name, pair);
    }
    if (empty && this.staged.size > 0) void Promise.resolve().then(() => this.upsertListed());
  }

  private upsertListed(): void {
    if (this.staged.size === 0) return;
    const pairs = [...this.staged.values()];
    this.staged.clear();
    for (const p of pairs) this.listed.set(p.key.name, JSON.stringify(p.value ?? null));
    upsertSearchAttributes(pairs);
  }

  // -- side effects of a transition

  /** The transition in the read model and the audit trail. */
  private record(entry: HistoryEntry): SideEffect {
    return { type: 'record', record: { dedupeKey: `hazard:${this.state.id}:${entry.seq}`, hazard: this.copy(), event: entry } };
  }

  /** A mail of the transition. */
  mail(entry: HistoryEntry, kind: NotificationKind, to: Recipient[], cc: Recipient[] = [], details?: NotificationRequest['details']): SideEffect {
    const request: NotificationRequest = {
      dedupeKey: `hazard:${this.state.id}:${entry.seq}:${kind}`,
      kind,
      hazard: hazardFacts(this.state),
      to,
      cc: [...cc, ...this.cooperatingCc(to, cc)],
      at: entry.at,
    };
    if (this.state.campaignId) request.campaignId = this.state.campaignId;
    if (this.state.policy.timeZone) request.timeZone = this.state.policy.timeZone;
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
      if (mine.length) this.outbox[lane].push({ seq: entry.seq, effects: mine, context, ...(this.firingRung ? { byRung: true as const } : {}) });
    }
  }

  /** Runs a rung's step: the transitions it commits are a rung's, and their batch goes as an activity (RUNG_BATCH_AS_ACTIVITY). */
  onRung<T>(step: () => T): T {
    this.firingRung = true;
    try {
      return step();
    } finally {
      this.firingRung = false;
    }
  }

  /**
   * Works off the outbox for as long as the workflow runs, in two lanes: the database (read model,
   * audit trail, bulletin) and mail, so that a mail outage holds back no row and a database outage
   * no mail the directory can still address. In each lane one transition after the other (a unit
   * learns of a deadline before it is told it missed it). Normally both lanes go in one short local
   * activity per batch; a lane whose batch is not done is worked off apart, each activity retried
   * until done, and rejoins the batches once it is empty.
   */
  carryOut(): void {
    void this.carryOutInBatches();
  }

  private async carryOutInBatches(): Promise<never> {
    const ready = (lane: Lane) => !this.apart[lane] && this.outbox[lane].length > 0;
    for (let first = this.fresh && this.reportBatchApart; ; first = false) {
      await condition(() => LANES.some(ready));
      // The oldest transition's request; the batch is of transitions of that request (its id goes on the log lines).
      const heads = LANES.filter(ready).map((lane) => this.outbox[lane][0]);
      const context = heads.reduce((a, b) => (b.seq < a.seq ? b : a)).context;
      const taken = Object.fromEntries(
        LANES.map((lane) => {
          if (!ready(lane)) return [lane, []];
          const queue = this.outbox[lane];
          let n = 0;
          while (n < queue.length && n < BATCH && queue[n].context?.requestId === context?.requestId) n++;
          return [lane, queue.slice(0, n)];
        }),
      ) as Record<Lane, OutboxEntry[]>;
      // A rung's batch as an activity, so that the task that fired the rung completes at once with the next timer.
      const byRung = !first && LANES.some((lane) => taken[lane].some((e) => e.byRung)) && patched(RUNG_BATCH_AS_ACTIVITY);
      let done: Record<Lane, number> = { database: 0, mail: 0 };
      try {
        done = await inRequestContext(context, () =>
          (first ? carryOutHazardBatchApart : byRung ? carryOutRungBatch : carryOutHazardBatch)({
            database: taken.database.map((e) => e.effects),
            mail: taken.mail.map((e) => e.effects.flatMap((x) => (x.type === 'mail' ? [x.request] : []))),
          }),
        );
      } catch (err) {
        log.warn('hazard side effects held back, retried apart', { hazardId: this.state.id, error: err instanceof Error ? err.message : String(err) });
      }
      for (const lane of LANES) {
        this.outbox[lane].splice(0, done[lane]);
        if (done[lane] < taken[lane].length) {
          this.apart[lane] = true;
          void this.carryOutApart(lane);
        }
      }
    }
  }

  private async carryOutApart(lane: Lane): Promise<void> {
    await workOff(this.outbox[lane], run, { hazardId: this.state.id }, (entry, effect, err) => this.stuck.park(lane, entry, effect, err));
    this.apart[lane] = false;
  }

  /** Whether every side effect so far has been carried out. */
  get settled(): boolean {
    return LANES.every((lane) => this.outbox[lane].length === 0);
  }

  /** The state as the read model keeps it (without the parked steps: they are not the hazard's). */
  private copy(): HazardState {
    return JSON.parse(JSON.stringify(this.state, (key, value: unknown) => (key === 'parkedSteps' ? undefined : value))) as HazardState;
  }
}

const LANES = ['database', 'mail'] as const;
type Lane = (typeof LANES)[number];
const laneOf = (effect: SideEffect): Lane => (effect.type === 'mail' ? 'mail' : 'database');
const dedupeKeyOf = (effect: SideEffect): string => (effect.type === 'mail' ? effect.request.dedupeKey : effect.record.dedupeKey);

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
