// A campaign's targets (工作目标) over its schools' records (一校一档), read once for the dashboard and
// the 统计报表 (JSON, CSV, xlsx): the same domain function (domain/campaign/targets.ts), over the
// schools the reader's remit covers.
import type { Actor } from '../common/hazard';
import type { CampaignState } from '../common/campaign';
import type { Database } from '../common/database';
import { targetProgress, targetSchoolsFor, type TargetProgress } from '../domain/campaign/targets';
import { schoolRecordOf } from '../domain/school-record';

/** Each of the campaign's targets: its rate and the schools short of it, over the participating schools `actor` may see (all when none is given); none when it sees no school. */
export async function campaignTargetProgress(db: Database, state: Pick<CampaignState, 'policy' | 'schoolIds'>, actor?: Actor): Promise<TargetProgress[]> {
  const targets = state.policy.targets ?? [];
  if (!targets.length) return [];
  const rows = await db.school.findMany({ where: { id: { in: state.schoolIds } }, orderBy: { id: 'asc' } });
  const schools = (actor ? targetSchoolsFor(actor, rows) : rows).map((s) => ({ id: s.id, name: s.name, record: schoolRecordOf(s) }));
  // A reader whose remit covers none of the schools (a department) reads no targets.
  return schools.length ? targets.map((t) => targetProgress(t, schools)) : [];
}
