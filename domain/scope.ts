// Who may see what: the one scope every read uses — a hazard's page, lists and the 台账, the
// 工作台, exports, photos, dashboards and audit trails. Pure: `mayViewHazard` decides for one
// hazard, `hazardScopeWhere` says the same as a read-model filter (tests/api/scope.test.ts checks
// that both agree over the read model).
import type { Actor } from '../common/hazard';

/**
 * An actor's remit over hazards: departments see what is assigned to them (as the lead unit,
 * 牵头单位, or as a co-operating unit, 配合单位), schools their own,
 * the local government in its own jurisdiction (the hazard's school's) every major hazard from
 * the start (平湖: 重大隐患报属地党委政府) and whatever is escalated to it (挂牌督办); the lead
 * office, the bureau and the inspectors see all.
 */
export type HazardScope =
  { kind: 'all' } | { kind: 'department'; departmentId: string } | { kind: 'school'; schoolId: string } | { kind: 'government'; jurisdictionId: string } | { kind: 'none' };

export function hazardScopeOf(actor: Actor): HazardScope {
  switch (actor.role) {
    case 'department':
      return actor.unitId ? { kind: 'department', departmentId: actor.unitId } : { kind: 'none' };
    case 'school':
      return actor.unitId ? { kind: 'school', schoolId: actor.unitId } : { kind: 'none' };
    case 'government':
      return actor.unitId ? { kind: 'government', jurisdictionId: actor.unitId } : { kind: 'none' };
    case 'lead':
    case 'bureau':
    case 'inspector':
    case 'system':
      return { kind: 'all' };
  }
}

/** What the scope reads of a hazard. `jurisdictionId`: its school's. */
export interface HazardVisibilityFacts {
  schoolId: string;
  jurisdictionId: string | null | undefined;
  departmentId?: string | null;
  /** 配合单位: they see it too (read-only: the action table lets only the lead unit act). */
  cooperatingDepartmentIds?: string[] | null;
  escalationLevel: number;
  level: string;
}

/** The local government sees a hazard of its jurisdiction that is major or under its listed supervision. */
const GOVERNMENT_FROM_LEVEL = 3;

/** May this actor see this hazard? */
export function mayViewHazard(actor: Actor, h: HazardVisibilityFacts): boolean {
  const scope = hazardScopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'department':
      return h.departmentId === scope.departmentId || !!h.cooperatingDepartmentIds?.includes(scope.departmentId);
    case 'school':
      return h.schoolId === scope.schoolId;
    case 'government':
      return h.jurisdictionId === scope.jurisdictionId && (h.level === 'major' || h.escalationLevel >= GOVERNMENT_FROM_LEVEL);
  }
}

/** The same remit as a filter of the read model's hazards (Prisma's `where`). */
export function hazardScopeWhere(actor: Actor): Record<string, unknown> {
  const scope = hazardScopeOf(actor);
  switch (scope.kind) {
    case 'all':
      return {};
    case 'none':
      return { id: { in: [] } };
    case 'department':
      return { OR: [{ departmentId: scope.departmentId }, { cooperatingDepartmentIds: { has: scope.departmentId } }] };
    case 'school':
      return { schoolId: scope.schoolId };
    case 'government':
      return { school: { jurisdictionId: scope.jurisdictionId }, OR: [{ level: 'major' }, { escalationLevel: { gte: GOVERNMENT_FROM_LEVEL } }] };
  }
}

/**
 * A campaign's audit trail (留痕): the lead office sees every row with its link forensics (the
 * address, user agent, link and session of a signed link's use); the bureau every row without
 * them; any other unit the campaign's own steps and what it did itself — never another unit's
 * use of its link.
 */
export function campaignAuditView(actor: Actor): { forensics: boolean; linkUsesOf: 'all' | string | 'none' } {
  if (actor.role === 'lead') return { forensics: true, linkUsesOf: 'all' };
  if (actor.role === 'bureau') return { forensics: false, linkUsesOf: 'all' };
  return { forensics: false, linkUsesOf: actor.unitId ? `${actor.role}:${actor.unitId}` : 'none' };
}
