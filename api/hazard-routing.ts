// 交办 by task area: the hazard's routing (domain/hazard/routing.ts) among its campaign's member
// departments (成员单位, as the campaign's row records them), else — a hazard of no campaign, or of
// a campaign launched before its participants were recorded — among its school's jurisdiction's.
import { CAMPAIGN_PRESETS } from '../common/campaign-presets';
import type { Database } from '../common/database';
import type { HazardCategory } from '../common/hazard';
import type { HazardView } from '../common/views';
import { routeHazard, routedAssignment, type HazardRouting } from '../domain/hazard/routing';
import { badRequest } from './errors';

/** Where the hazard goes at 交办; `among` says whose departments were routed among. */
export async function routingOf(db: Database, hazard: Pick<HazardView, 'campaignId' | 'schoolId' | 'category'>): Promise<HazardRouting & { among: 'campaign' | 'jurisdiction' }> {
  const [campaign, school] = await Promise.all([
    hazard.campaignId ? db.campaign.findUnique({ where: { id: hazard.campaignId }, select: { presetId: true, departmentIds: true } }) : null,
    db.school.findUnique({ where: { id: hazard.schoolId }, select: { jurisdictionId: true } }),
  ]);
  const preset = CAMPAIGN_PRESETS.find((p) => p.id === campaign?.presetId);
  const among = campaign?.departmentIds.length ? 'campaign' : 'jurisdiction';
  const where = among === 'campaign' ? { id: { in: campaign!.departmentIds } } : school ? { jurisdictionId: school.jurisdictionId } : { id: { in: [] } };
  const departments = await db.department.findMany({ where, select: { id: true, kind: true } });
  return { ...routeHazard(preset, hazard.category as HazardCategory, departments), among };
}

/**
 * The units of a 交办: the lead unit named, else the participant whose task area covers the
 * category; each must be a member department of the hazard's campaign (any department of the
 * directory for a hazard routed among its jurisdiction's, as before campaigns kept participants).
 */
export async function assignedUnits(
  db: Database,
  hazard: Pick<HazardView, 'campaignId' | 'schoolId' | 'category'>,
  command: { departmentId?: string; cooperatingDepartmentIds?: string[] },
): Promise<{ departmentId: string; cooperatingDepartmentIds?: string[] }> {
  const routing = await routingOf(db, hazard);
  // Among the jurisdiction's: the units named need only exist (checked below), as before.
  const named = [command.departmentId, ...(command.cooperatingDepartmentIds ?? [])].filter((x): x is string => !!x);
  const open = routing.among === 'jurisdiction' ? { ...routing, departmentIds: [...new Set([...routing.departmentIds, ...named])] } : routing;
  const units = routedAssignment(open, command, hazard.category);
  if ('problem' in units) throw badRequest(units.problem.message, [{ field: units.problem.field, reason: units.problem.reason }]);
  const ids = [units.departmentId, ...(units.cooperatingDepartmentIds ?? [])];
  const found = new Set((await db.department.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((d) => d.id));
  const unknown = ids.findIndex((id) => !found.has(id));
  if (unknown >= 0)
    throw badRequest(`unknown department ${ids[unknown]}`, [{ field: unknown === 0 ? 'body.departmentId' : `body.cooperatingDepartmentIds.${unknown - 1}`, reason: 'no such department' }]);
  return units;
}
