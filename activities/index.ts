// The activities: all I/O of the workflows. Each is idempotent (see the files they call).
import type { NotificationRequest, NotificationResult } from '../common/notification';
import type { Database } from './database';
import {
  recordBulletinEntry,
  recordHazardTransition,
  type BulletinRecord,
  type HazardTransitionRecord,
} from './hazard-record';
import { sendNotification, type NotificationDeps } from './notification';

export type ActivityDeps = NotificationDeps & { db: Database };

export function createActivities(deps: ActivityDeps) {
  return {
    async sendNotification(req: NotificationRequest): Promise<NotificationResult> {
      return sendNotification(deps, req);
    },
    async recordHazardTransition(rec: HazardTransitionRecord): Promise<void> {
      return recordHazardTransition(deps.db, rec);
    },
    async recordBulletinEntry(rec: BulletinRecord): Promise<void> {
      return recordBulletinEntry(deps.db, rec);
    },
  };
}
