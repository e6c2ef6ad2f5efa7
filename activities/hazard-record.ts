// Writes a hazard transition to the read model (隐患台账) and the audit trail, idempotently:
// the audit row is keyed by the workflow step, and the read model keeps the state with the
// highest sequence number, whatever order writes arrive in.
import type { BulletinRecord, HazardTransitionRecord } from '../domain/hazard/effects';
import { actorLabel, hazardRow } from '../common/hazard-row';
import { activityLog } from './activity-log';
import type { Database } from '../common/database';
import { ACKNOWLEDGEMENT_LEADER_MAIL_KIND, ACKNOWLEDGEMENT_REMINDER_KIND } from '../domain/hazard/acknowledgement';

export type { BulletinRecord, BulletinUnit, HazardTransitionRecord } from '../domain/hazard/effects';

/**
 * One statement, one round trip (issue 14: a storm is bounded by the worker's round trips): the
 * audit row unless the step has one, and the read model's row inserted, or updated unless it
 * already holds this transition or a later one. The row's columns are hazardRow()'s; the adapter
 * writes dates as Prisma does (UTC).
 */
export async function recordHazardTransition(db: Database, record: HazardTransitionRecord): Promise<void> {
  await recordHazardTransitions(db, [record]);
}

/**
 * Transitions of one hazard in one statement: an audit row for each unless its step has one, and
 * the read model's row as the latest of them leaves it (as recordHazardTransition one after the
 * other would: each later write holds a later state). A report's two transitions, or the rungs of
 * one instant, cost one round trip.
 */
export async function recordHazardTransitions(db: Database, records: HazardTransitionRecord[]): Promise<void> {
  if (records.length === 0) return;
  // 签收 stops the notice's climb (so do a reported rectification, a 销号 or a withdrawal): its reminders not yet sent are dropped (idempotent).
  if (records.some((r) => CLIMB_ENDS.has(r.event.action))) await dropAcknowledgementClimb(db, records[0].hazard.id);
  const latest = records.reduce((a, b) => (b.event.seq > a.event.seq ? b : a));
  if (records.some((r) => r.hazard.id !== latest.hazard.id)) throw new Error('recordHazardTransitions: transitions of one hazard only');
  const row: Record<string, unknown> = { ...hazardRow(latest.hazard), updatedAt: new Date(latest.event.at) };
  const columns = Object.keys(row);
  const params: unknown[] = [];
  const placeholders = (values: unknown[]) => `(${values.map((v) => `$${params.push(v)}`).join(', ')})`;
  const audits = records.map(({ dedupeKey, hazard: h, event }) =>
    placeholders([
      dedupeKey,
      h.id,
      h.campaignId ?? null,
      new Date(event.at),
      actorLabel(event.actor),
      event.action,
      event.from,
      event.to,
      event.note ?? null,
      JSON.stringify({ seq: event.seq, actor: { ...event.actor } }),
    ]),
  );
  const hazard = placeholders(columns.map((c) => row[c]));
  const quoted = (c: string) => `"${c}"`;
  await db.$executeRawUnsafe(
    `WITH audit AS (
       INSERT INTO "AuditEvent" ("dedupeKey", "hazardId", "campaignId", "at", "actor", "action", "fromStatus", "toStatus", "note", "data")
       VALUES ${audits.join(', ')}
       ON CONFLICT ("dedupeKey") DO NOTHING
     )
     INSERT INTO "Hazard" (${columns.map(quoted).join(', ')})
     VALUES ${hazard}
     ON CONFLICT ("id") DO UPDATE SET ${columns
       .filter((c) => c !== 'id' && c !== 'createdAt')
       .map((c) => `${quoted(c)} = EXCLUDED.${quoted(c)}`)
       .join(', ')}
     WHERE "Hazard"."seq" < EXCLUDED."seq"`,
    ...params,
  );
  for (const { dedupeKey, hazard: h, event } of records) {
    activityLog().debug('hazard transition recorded', { dedupeKey, hazardId: h.id, seq: event.seq, action: event.action, status: h.status });
  }
}

export async function recordBulletinEntry(db: Database, b: BulletinRecord): Promise<void> {
  const u = b.unit;
  const bureauOf = async (schoolId: string) => {
    const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, include: { jurisdiction: true } });
    return school.jurisdiction.educationBureauId ?? school.jurisdictionId;
  };
  const unitId =
    u.type === 'lead_office'
      ? 'lead_office'
      : 'id' in u
        ? u.id
        : 'jurisdictionId' in u
          ? u.jurisdictionId
          : u.type === 'bureau'
            ? await bureauOf(u.schoolId)
            : (await db.school.findUniqueOrThrow({ where: { id: u.schoolId }, select: { jurisdictionId: true } })).jurisdictionId;
  await db.bulletinEntry.createMany({
    data: [
      {
        dedupeKey: b.dedupeKey,
        campaignId: b.campaignId ?? null,
        hazardId: b.hazardId ?? null,
        unitType: b.unit.type === 'bureau' ? 'department' : b.unit.type,
        unitId,
        reason: b.reason,
        subject: b.subject ?? (b.hazardId ? `hazard:${b.hazardId}` : null),
        at: new Date(b.at),
      },
    ],
    skipDuplicates: true,
  });
  activityLog().info('bulletin entry recorded', { dedupeKey: b.dedupeKey, unitType: b.unit.type, unitId, reason: b.reason });
}

/** The transitions after which nobody need be asked to acknowledge the notice any more. */
const CLIMB_ENDS = new Set(['acknowledged', 'rectification_reported', 'self_fix_closed', 'withdrawn']);

/** The climb of a hazard's acknowledged notice (domain/hazard/acknowledgement.ts): its deliveries still waiting, dropped. */
export async function dropAcknowledgementClimb(db: Database, hazardId: string): Promise<number> {
  const { count } = await db.channelDelivery.updateMany({
    where: { hazardId, kind: ACKNOWLEDGEMENT_REMINDER_KIND, status: 'pending', messageId: null },
    data: { status: 'dropped', lastError: '已签收' },
  });
  // The leader's mail of the climb, held until its step, is not sent either.
  const { count: mails } = await db.notification.updateMany({
    where: { hazardId, kind: ACKNOWLEDGEMENT_LEADER_MAIL_KIND, status: 'held' },
    data: { status: 'replaced', notSentReason: '未发送：整改通知书在告知分管领导前已签收（或已报告整改、撤销）' },
  });
  if (count + mails > 0) activityLog().info('acknowledged: the climb stopped', { hazardId, dropped: count, leaderMails: mails });
  return count + mails;
}
