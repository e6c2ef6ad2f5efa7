// The names of the units a campaign's bulletin entries, statistics and exports name: schools,
// departments, local governments (by their jurisdiction's id) and the campaign's own lead office
// ('lead_office', whose misses are its own — never its government's). One map, read by the
// bulletin, the dashboard, the statistics and the CSV exports alike.
import type { Database } from './database';

/** The lead office's name when its jurisdiction gives none. */
export const LEAD_OFFICE_FALLBACK_NAME = '领导小组办公室';

/** Names by unit id; 'lead_office' is the lead office of `jurisdictionId` (the campaign's). */
export async function unitNames(db: Database, jurisdictionId?: string): Promise<Map<string, string>> {
  const [departments, schools, jurisdictions] = await Promise.all([
    db.department.findMany({ select: { id: true, name: true } }),
    db.school.findMany({ select: { id: true, name: true } }),
    db.jurisdiction.findMany({ select: { id: true, governmentName: true, leadOfficeName: true } }),
  ]);
  const lead = jurisdictions.find((j) => j.id === jurisdictionId)?.leadOfficeName || LEAD_OFFICE_FALLBACK_NAME;
  return new Map([
    ...jurisdictions.map((j) => [j.id, j.governmentName] as const),
    ...departments.map((d) => [d.id, d.name] as const),
    ...schools.map((s) => [s.id, s.name] as const),
    ['lead_office', lead] as const,
  ]);
}

/** The names of `unitNames` for a campaign (its jurisdiction's lead office). */
export async function campaignUnitNames(db: Database, campaignId: string): Promise<Map<string, string>> {
  const campaign = await db.campaign.findUnique({ where: { id: campaignId }, select: { jurisdictionId: true } });
  return unitNames(db, campaign?.jurisdictionId);
}
