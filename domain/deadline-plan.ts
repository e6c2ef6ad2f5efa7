// A deadline's rungs, planned (限期 → 提醒 → 逾期 → 督办): pure, so the workflow's deadline ladder
// (workflows/deadline-ladder.ts) arms them and the web app's timeline shows the rungs to come.
import { shiftByDuration } from '../common/iso-duration';

/** An ISO-8601 duration of whole milliseconds between two instants. */
export function durationBetween(fromMs: number, toMs: number): string {
  return `PT${Math.max(0, toMs - fromMs) / 1000}S`;
}

export interface LadderSpec<Step extends string = string> {
  /** The deadline, an ISO-8601 instant. */
  dueAt: string;
  /** Reminders before the deadline, as ISO-8601 durations (e.g. ["P3D", "P1D"]). */
  reminderOffsets: string[];
  /** Rungs after the deadline, each named by what it does, at a delay counted from the deadline. */
  escalations: { step: Step; delay: string }[];
  /** The zone its days and months are counted in (default Asia/Shanghai). */
  timeZone?: string;
}

export type LadderRung<Step extends string = string> =
  { kind: 'reminder'; key: string; at: number; offset: string } | { kind: 'overdue'; key: string; at: number } | { kind: 'escalation'; key: string; at: number; step: Step; delay: string };

/** The rungs of a deadline, in firing order, as seen by a ladder armed at `armedAtMs`. */
export function planRungs<Step extends string>(spec: LadderSpec<Step>, armedAtMs: number): LadderRung<Step>[] {
  const due = Date.parse(spec.dueAt);
  if (Number.isNaN(due)) throw new Error(`invalid deadline ${spec.dueAt}`);
  const reminders: LadderRung<Step>[] = [...new Set(spec.reminderOffsets)]
    .map((offset) => ({ kind: 'reminder' as const, key: `reminder:${offset}`, at: shiftByDuration(due, offset, -1, spec.timeZone), offset }))
    .filter((r) => r.at > armedAtMs && r.at < due);
  const escalations: LadderRung<Step>[] = spec.escalations.map(({ step, delay }) => ({
    kind: 'escalation' as const,
    key: `escalation:${step}`,
    at: shiftByDuration(due, delay, 1, spec.timeZone),
    step,
    delay,
  }));
  const rungs = [...reminders, { kind: 'overdue' as const, key: 'overdue', at: due }, ...escalations];
  // Stable order: by time, then reminders before the overdue rung before escalations.
  return rungs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.at - b.r.at || a.i - b.i)
    .map(({ r }) => r);
}

/** What a ladder carries across continue-as-new. */
export interface LadderSnapshot<Tag extends string = string, Step extends string = string> {
  armed: { id: string; spec: LadderSpec<Step>; armedAt: number; fired: string[]; tag: Tag }[];
}
