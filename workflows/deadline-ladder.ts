// The deadline ladder (限期 → 提醒 → 逾期 → 督办): one reusable piece of workflow code that
// turns a deadline into durable timers. Before the deadline it fires reminders at the
// configured offsets; at the deadline an overdue rung; after it, escalation rungs at
// configured delays. Hazards use it for 限期整改 and 挂牌督办; campaign phases and report
// obligations use the same piece.
//
// The ladder is re-armable: arming it again (an approved extension, a new deadline after a
// failed verification) drops every rung of the old deadline — no reminder fires at the old
// times — and plans the rungs of the new one. Reminders whose time has already passed when
// the ladder is armed are skipped (a deadline set two days out gets no "3 days before"
// reminder); the overdue and escalation rungs always fire, at once if already past, and a
// reminder that comes due only after a later rung (workers down past the deadline) is dropped.
import { condition } from '@temporalio/workflow';

/**
 * The ladder's clock never runs behind a rung it has fired (issue 29). Date.now() in a workflow is
 * the time of the workflow task that runs it, and one path gives a task an older time: a Query
 * that waits for a worker while its workflow has no task pending is handed, once a worker polls
 * again, to one that replays the whole history, and the SDK's core applies the events that came
 * meanwhile (a timer that fired, with no task started after it yet) at the time of the last task
 * it knows — the instant its last local activity completed, seconds or minutes before. A rung
 * fired then was recorded before its instant and the next rung's timer armed from that clock. A
 * fired rung's instant is a fact the workflow knows: the clock is never earlier than it, so a
 * transition is never recorded before its rung and the next timer counts from its planned
 * instant. No patch: the floor moves the clock only in such a task, and toward the time a replay
 * sees — a replay of a recorded history gives every task the time of its own start, never before
 * the rungs it fires, so there the floor changes nothing and old histories replay as they ran.
 */

export { planRungs, type LadderRung, type LadderSnapshot, type LadderSpec } from '../domain/deadline-plan';
import { planRungs, type LadderRung, type LadderSnapshot, type LadderSpec } from '../domain/deadline-plan';

/** A deadline armed on the ladder. */
interface ArmedDeadline<Tag extends string, Step extends string> {
  spec: LadderSpec<Step>;
  armedAt: number;
  fired: Set<string>;
  tag: Tag;
}

/** A rung as handed to the workflow. */
export interface FiredRung<Tag extends string = string, Step extends string = string> {
  rung: LadderRung<Step>;
  /** Which deadline (a workflow may run several at once: one per phase, per report period...). */
  id: string;
  /** What the deadline was armed for (for example "rectification" or "listed-supervision"). */
  tag: Tag;
}

/**
 * Deadlines by id, each with its rungs. A hazard runs one at a time (the default id); a
 * campaign runs one per phase boundary and per report period. `Tag` names what a deadline is
 * for, `Step` the rungs after it.
 */
export class DeadlineLadder<Tag extends string = string, Step extends string = string> {
  private readonly armed = new Map<string, ArmedDeadline<Tag, Step>>();
  /** Bumped by every arm/disarm, so a waiting run() re-plans at once. */
  private version = 0;
  /** The instant of the latest rung fired: the clock is never earlier. */
  private floorMs = 0;

  constructor(snapshot?: LadderSnapshot<Tag, Step>) {
    for (const a of snapshot?.armed ?? []) this.armed.set(a.id, { spec: a.spec, armedAt: a.armedAt, tag: a.tag, fired: new Set(a.fired) });
  }

  /**
   * Now, on the workflow's clock, never before the instant of a rung already fired: what a
   * transition is recorded at and what the next timer counts from.
   */
  clockMs(): number {
    return Math.max(Date.now(), this.floorMs);
  }

  /** Arms deadline `id` (replacing what was armed under it: none of the old rungs fires). */
  arm(spec: LadderSpec<Step>, tag: Tag, id = 'main'): void {
    this.version += 1;
    this.armed.set(id, { spec, armedAt: this.clockMs(), fired: new Set(), tag });
  }

  /** Stops deadline `id`'s clock: none of its rungs fires any more. */
  disarm(id = 'main'): void {
    if (this.armed.delete(id)) this.version += 1;
  }

  /** The rungs still to fire, across every armed deadline, earliest first. */
  pending(): (LadderRung<Step> & { id: string })[] {
    const all: (LadderRung<Step> & { id: string })[] = [];
    for (const [id, a] of this.armed) {
      for (const r of planRungs(a.spec, a.armedAt)) if (!a.fired.has(r.key)) all.push({ ...r, id });
    }
    return all.sort((x, y) => x.at - y.at);
  }

  /**
   * Marks `rung` of deadline `rung.id` fired at `nowMs` and returns it to act on. A reminder
   * overtaken by a later rung of its deadline (the workers were down past the deadline) is
   * dropped: the overdue notice says more than a late "3 days left".
   */
  fire(rung: LadderRung<Step> & { id: string }, nowMs: number): FiredRung<Tag, Step> | undefined {
    const armed = this.armed.get(rung.id);
    if (!armed || armed.fired.has(rung.key)) return undefined;
    armed.fired.add(rung.key);
    const { id, ...fired } = rung;
    if (fired.kind === 'reminder' && this.pending().some((r) => r.id === id && r.at <= nowMs)) return undefined;
    return { rung: fired as LadderRung<Step>, id, tag: armed.tag };
  }

  snapshot(): LadderSnapshot<Tag, Step> {
    return { armed: [...this.armed].map(([id, a]) => ({ id, spec: a.spec, armedAt: a.armedAt, fired: [...a.fired], tag: a.tag })) };
  }

  /**
   * Fires rungs as their times come, until `stop()` holds (or `yieldWhen()` asks the caller
   * to continue-as-new). Arming or disarming while waiting takes effect at once.
   */
  async run(onRung: (fired: FiredRung<Tag, Step>) => Promise<void>, stop: () => boolean, yieldWhen: () => boolean = () => false): Promise<void> {
    while (!stop() && !yieldWhen()) {
      const version = this.version;
      const next = this.pending()[0];
      const changed = () => stop() || yieldWhen() || this.version !== version;
      if (!next) {
        await condition(changed);
        continue;
      }
      const waitMs = next.at - this.clockMs();
      const interrupted = waitMs > 0 ? await condition(changed, waitMs) : changed();
      // Fire only if nothing armed or disarmed a deadline while the timer ran.
      if (interrupted || this.version !== version) continue;
      // Its timer has run out: the rung's instant has come, whatever the task's clock says.
      this.floorMs = Math.max(this.floorMs, next.at);
      const fired = this.fire(next, this.clockMs());
      if (fired) await onRung(fired);
    }
  }
}
