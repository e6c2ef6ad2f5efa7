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

  constructor(snapshot?: LadderSnapshot<Tag, Step>) {
    for (const a of snapshot?.armed ?? []) this.armed.set(a.id, { spec: a.spec, armedAt: a.armedAt, tag: a.tag, fired: new Set(a.fired) });
  }

  /** Arms deadline `id` (replacing what was armed under it: none of the old rungs fires). */
  arm(spec: LadderSpec<Step>, tag: Tag, id = 'main'): void {
    this.version += 1;
    this.armed.set(id, { spec, armedAt: Date.now(), fired: new Set(), tag });
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
      const waitMs = next.at - Date.now();
      const interrupted = waitMs > 0 ? await condition(changed, waitMs) : changed();
      // Fire only if nothing armed or disarmed a deadline while the timer ran.
      if (interrupted || this.version !== version) continue;
      const fired = this.fire(next, Date.now());
      if (fired) await onRung(fired);
    }
  }
}
