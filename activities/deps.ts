// What the activities use: the database, the mail transport, and a Temporal client (a campaign
// sends Updates to its hazards).
import type { Client } from '@temporalio/client';
import type { Database } from '../common/database';
import type { NotificationDeps } from './notification';

export type ActivityDeps = NotificationDeps & { db: Database; temporal?: Client };
