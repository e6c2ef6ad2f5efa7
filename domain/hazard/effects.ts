// A hazard transition's side effects, as data: the workflow puts them in its outbox
// (workflows/hazard-steps.ts), the activities carry them out (activities/hazard-outbox.ts).
import type { HazardState, HistoryEntry } from '../../common/hazard';
import type { NotificationRequest } from '../../common/notification';

export interface HazardTransitionRecord {
  dedupeKey: string;
  hazard: HazardState;
  event: HistoryEntry;
}

export interface BulletinRecord {
  dedupeKey: string;
  campaignId?: string;
  hazardId?: string;
  /** The unit that missed the deadline; the local government is named by a school it governs, or directly. */
  unit: BulletinUnit;
  reason: string;
  /** What was missed: a hazard deadline, a report (report:<key>:<period>), a phase's exit criterion. */
  subject?: string;
  at: string;
}

export type BulletinUnit =
  | { type: 'school' | 'department'; id: string }
  /** The education bureau of the school's jurisdiction (recorded as the department it is). */
  | { type: 'bureau'; schoolId: string }
  | { type: 'government'; schoolId: string }
  | { type: 'government'; jurisdictionId: string }
  /** The campaign's lead office, for a report it owed itself: named as itself, never as its government. */
  | { type: 'lead_office' };

/** A side effect of a transition, as data. */
export type SideEffect = { type: 'record'; record: HazardTransitionRecord } | { type: 'mail'; request: NotificationRequest } | { type: 'bulletin'; record: BulletinRecord };
