// The deadline a hazard runs on its ladder, as a pure function of its state: the workflow arms
// it (workflows/hazard.ts), and the web app's timeline plans the coming rungs from it with the
// ladder's own planRungs (api/hazard-timeline.ts). Pure: imported by workflow code.
import { shiftByDuration } from '../common/iso-duration';
import type { HazardPolicy } from '../common/hazard';
import type { LadderSpec } from './deadline-ladder';

/** An ISO-8601 duration of whole milliseconds between two instants. */
export function durationBetween(fromMs: number, toIso: string): string {
  const ms = Math.max(0, Date.parse(toIso) - fromMs);
  return `PT${ms / 1000}S`;
}

/** The rectification deadline's ladder: reminders, overdue, bureau, government — or, under 挂牌督办, the government's deadline. */
export function rectificationLadderSpec(s: { listedSupervision: boolean; dueAt?: string; governmentDueAt?: string; policy: HazardPolicy }): { spec: LadderSpec; tag: 'listed-supervision' | 'rectification' } {
  if (s.listedSupervision) {
    return { spec: { dueAt: s.governmentDueAt!, reminderOffsets: s.policy.reminderOffsets, escalationDelays: [] }, tag: 'listed-supervision' };
  }
  const grace = s.policy.overdueGrace;
  const dueMs = Date.parse(s.dueAt!);
  const twoGraces = new Date(shiftByDuration(shiftByDuration(dueMs, grace), grace)).toISOString();
  return { spec: { dueAt: s.dueAt!, reminderOffsets: s.policy.reminderOffsets, escalationDelays: [grace, durationBetween(dueMs, twoGraces)] }, tag: 'rectification' };
}
