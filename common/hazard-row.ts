// A hazard's row in the read model (隐患台账), from its workflow's state: the one mapping the
// read model's writer (activities/hazard-record.ts) and the API's view of a live hazard
// (api/hazard-view.ts) share.
import type { Hazard } from '../generated/prisma/client';
import type { Actor, HazardState } from './hazard';

/** "department:market", "school:s01", "lead". */
export const actorLabel = (a: Actor): string => (a.unitId ? `${a.role}:${a.unitId}` : a.role);

export type HazardRow = Omit<Hazard, 'updatedAt'>;

export function hazardRow(h: HazardState): HazardRow {
  const date = (iso: string | undefined) => (iso ? new Date(iso) : null);
  return {
    id: h.id,
    campaignId: h.campaignId ?? null,
    number: h.number ?? null,
    schoolId: h.schoolId,
    departmentId: h.departmentId ?? null,
    cooperatingDepartmentIds: h.cooperatingDepartmentIds ?? [],
    rectificationOwnerName: h.rectificationOwner?.name ?? null,
    rectificationOwnerMobile: h.rectificationOwner?.mobile ?? null,
    supervisionOwnerName: h.supervisionOwner?.name ?? null,
    supervisionOwnerMobile: h.supervisionOwner?.mobile ?? null,
    category: h.category,
    level: h.level,
    title: h.title,
    description: h.description ?? null,
    location: h.location ?? null,
    evidence: h.evidence,
    selfFixable: h.selfFixable,
    status: h.status,
    responsibleUnitType: h.responsible.type,
    responsibleUnitId: 'id' in h.responsible ? h.responsible.id : null,
    dueAt: date(h.dueAt),
    overdue: h.overdue,
    escalationLevel: h.escalationLevel,
    listedSupervision: h.listedSupervision,
    governmentDueAt: date(h.governmentDueAt),
    rejectionCount: h.rejectionCount,
    origin: h.origin ?? 'self_inspection',
    selfRegistered: h.selfRegistered ?? false,
    spotChecked: h.spotChecked ?? false,
    reportedBy: actorLabel(h.reportedBy),
    acknowledgementNotice: h.acknowledgement?.notice ?? null,
    noticeIssuedAt: date(h.acknowledgement?.issuedAt),
    acknowledgedAt: date(h.acknowledgement?.acknowledgedAt),
    acknowledgedBy: h.acknowledgement?.by ? actorLabel(h.acknowledgement.by) : null,
    seq: h.seq,
    createdAt: new Date(h.reportedAt),
    closedAt: date(h.closedAt),
  };
}

/** A person of the read model's two columns (整改责任人, 督办责任人), or null. */
export const personOfColumns = (name: string | null, mobile: string | null): { name: string; mobile?: string } | null => (name ? { name, ...(mobile ? { mobile } : {}) } : null);
