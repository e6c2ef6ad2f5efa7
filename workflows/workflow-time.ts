// Instants on the workflow's clock (Date.now() inside a workflow is the time of the current
// workflow task, the same on every replay).
import { shiftByDuration } from '../common/iso-duration';

export const iso = (ms: number): string => new Date(ms).toISOString();
/** Now, on the workflow's clock. */
export const now = (): string => iso(Date.now());
/** `duration` from now, on the workflow's clock, its days and months counted in `timeZone` (default Asia/Shanghai). */
export const later = (duration: string, timeZone?: string): string => iso(shiftByDuration(Date.now(), duration, 1, timeZone));
