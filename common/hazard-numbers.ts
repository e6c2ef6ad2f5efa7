// A hazard's 编号: a running number within its campaign (1, 2, 3…, shown as 第12号: common/wording.ts),
// given once, before its workflow starts, so that the report's mail, its page, the 工作台, the 台账
// and the 通报 all carry it from the first moment (it comes into the workflow with the report).
//
// Taken under a lock per scope (a PostgreSQL advisory lock for the transaction): two hazards
// reported at the same instant get two numbers, one after the other, without gaps; the same hazard
// id again (a retried request, an import resumed) gets the number it was given. A report whose
// workflow could not be started keeps its number for when it is retried.
import type { Database } from './database';

/** The scope a hazard is numbered in: its campaign, else (a hazard of no campaign) its school's jurisdiction. */
export const hazardNumberScope = (of: { campaignId: string } | { jurisdictionId: string }): string => ('campaignId' in of ? of.campaignId : `jurisdiction:${of.jurisdictionId}`);

/**
 * The numbers of these hazards (in the order given, the ones not numbered yet after the scope's
 * last), numbering those that have none: one transaction, whatever the count (an imported list's
 * batch is numbered in file order).
 */
export async function takeHazardNumbers(db: Database, scope: string, hazardIds: string[]): Promise<Map<string, number>> {
  if (hazardIds.length === 0) return new Map();
  const [, , rows] = await db.$transaction([
    db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `hazard-number:${scope}`),
    db.$executeRawUnsafe(
      `INSERT INTO "HazardNumber" ("hazardId", "scope", "number")
       SELECT t.id, $1, (SELECT COALESCE(MAX("number"), 0) FROM "HazardNumber" WHERE "scope" = $1) + ROW_NUMBER() OVER (ORDER BY t.ord)
       FROM unnest($2::text[]) WITH ORDINALITY AS t(id, ord)
       WHERE NOT EXISTS (SELECT 1 FROM "HazardNumber" n WHERE n."hazardId" = t.id)
       ON CONFLICT ("hazardId") DO NOTHING`,
      scope,
      [...new Set(hazardIds)],
    ),
    db.$queryRawUnsafe<{ hazardId: string; number: number }[]>(`SELECT "hazardId", "number" FROM "HazardNumber" WHERE "hazardId" = ANY($1::text[])`, hazardIds),
  ]);
  return new Map(rows.map((r) => [r.hazardId, Number(r.number)]));
}

/** One hazard's number (see takeHazardNumbers). */
export async function takeHazardNumber(db: Database, scope: string, hazardId: string): Promise<number> {
  const n = (await takeHazardNumbers(db, scope, [hazardId])).get(hazardId);
  if (n === undefined) throw new Error(`no number was given to hazard ${hazardId}`);
  return n;
}
