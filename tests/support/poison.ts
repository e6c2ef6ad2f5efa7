// A poison step for a test: PostgreSQL refuses one hazard's 'assigned' audit row (SQLSTATE 23514,
// a check violation, as bad data would) until the test lifts it — the fix an operator makes.
import type { Database } from '../../common/database';

export interface Poison {
  /** The fix: the row is accepted from now on. */
  lift(): Promise<void>;
  /** Whatever happened, nothing of the poison is left in the database. */
  remove(): Promise<void>;
}

export async function refuseAssignedAuditRow(db: Database, hazardId: string): Promise<Poison> {
  const fn = `poison_${hazardId.replace(/\W/g, '_')}`;
  await db.$executeRawUnsafe(`CREATE FUNCTION "${fn}"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."hazardId" = '${hazardId}' AND NEW."action" = 'assigned' THEN
        RAISE EXCEPTION 'audit row of % refused by the test', NEW."hazardId" USING ERRCODE = '23514';
      END IF;
      RETURN NEW;
    END $$`);
  await db.$executeRawUnsafe(`CREATE TRIGGER "${fn}" BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "${fn}"()`);
  return {
    lift: async () => void (await db.$executeRawUnsafe(`DROP TRIGGER "${fn}" ON "AuditEvent"`)),
    remove: async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "${fn}" ON "AuditEvent"`);
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS "${fn}"()`);
    },
  };
}
