// 交办 by category: the lead department (牵头单位) of the hazard's task area in its jurisdiction —
// its campaign's preset's task area, else the default table (common/task-areas.ts).
import { CAMPAIGN_PRESETS } from '../common/campaign-presets';
import type { Database } from '../common/database';
import type { HazardCategory } from '../common/hazard';
import { leadKindsOf } from '../common/task-areas';
import type { HazardView } from '../common/views';
import { badRequest } from './errors';

export async function leadDepartmentOf(db: Database, hazard: Pick<HazardView, 'campaignId' | 'schoolId' | 'category'>): Promise<string> {
  const [campaign, school] = await Promise.all([
    hazard.campaignId ? db.campaign.findUnique({ where: { id: hazard.campaignId }, select: { presetId: true } }) : null,
    db.school.findUnique({ where: { id: hazard.schoolId }, select: { jurisdictionId: true } }),
  ]);
  const preset = CAMPAIGN_PRESETS.find((p) => p.id === campaign?.presetId);
  const kinds = leadKindsOf(preset, hazard.category as HazardCategory);
  const departments = school
    ? await db.department.findMany({ where: { jurisdictionId: school.jurisdictionId, kind: { in: kinds } }, select: { id: true, kind: true }, orderBy: { id: 'asc' } })
    : [];
  const lead = kinds.map((k) => departments.find((d) => d.kind === k)).find(Boolean);
  if (!lead)
    throw badRequest(`no lead department (牵头单位) for category ${hazard.category} here: give departmentId`, [
      { field: 'body.departmentId', reason: 'required: no lead department for the category' },
    ]);
  return lead.id;
}
