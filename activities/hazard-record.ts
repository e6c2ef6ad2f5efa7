// Writes a hazard transition to the read model (隐患台账) and the audit trail, idempotently:
// the audit row is keyed by the workflow step, and the read model keeps the state with the
// highest sequence number, whatever order writes arrive in.
import type { HazardState, HistoryEntry } from '../common/hazard';
import { actorLabel, hazardRow } from '../common/hazard-row';
import { activityLog } from './activity-log';
import type { Database } from '../common/database';

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
  | { type: 'government'; jurisdictionId: string };

/**
 * One statement, one round trip (issue 14: a storm is bounded by the worker's round trips): the
 * audit row unless the step has one, and the read model's row inserted, or updated unless it
 * already holds this transition or a later one. The row's columns are hazardRow()'s; the adapter
 * writes dates as Prisma does (UTC).
 */
export async function recordHazardTransition(db: Database, { dedupeKey, hazard: h, event }: HazardTransitionRecord): Promise<void> {
  const row: Record<string, unknown> = { ...hazardRow(h), updatedAt: new Date(event.at) };
  const columns = Object.keys(row);
  const params: unknown[] = [
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
    ...columns.map((c) => row[c]),
  ];
  const quoted = (c: string) => `"${c}"`;
  await db.$executeRawUnsafe(
    `WITH audit AS (
       INSERT INTO "AuditEvent" ("dedupeKey", "hazardId", "campaignId", "at", "actor", "action", "fromStatus", "toStatus", "note", "data")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT ("dedupeKey") DO NOTHING
     )
     INSERT INTO "Hazard" (${columns.map(quoted).join(', ')})
     VALUES (${columns.map((_, i) => `$${i + 11}`).join(', ')})
     ON CONFLICT ("id") DO UPDATE SET ${columns
       .filter((c) => c !== 'id' && c !== 'createdAt')
       .map((c) => `${quoted(c)} = EXCLUDED.${quoted(c)}`)
       .join(', ')}
     WHERE "Hazard"."seq" < EXCLUDED."seq"`,
    ...params,
  );
  activityLog().debug('hazard transition recorded', { dedupeKey, hazardId: h.id, seq: event.seq, action: event.action, status: h.status });
}

export async function recordBulletinEntry(db: Database, b: BulletinRecord): Promise<void> {
  const u = b.unit;
  const bureauOf = async (schoolId: string) => {
    const school = await db.school.findUniqueOrThrow({ where: { id: schoolId }, include: { jurisdiction: true } });
    return school.jurisdiction.educationBureauId ?? school.jurisdictionId;
  };
  const unitId =
    'id' in u
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
