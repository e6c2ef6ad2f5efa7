// The hazard as the API shows it (SPEC.md: GET /api/hazards/:id), from the live workflow
// state or, once the workflow is gone, from the read model and the audit trail.
import type { AuditEvent, Hazard } from '../generated/prisma/client';
import type { Actor, HazardState } from '../common/hazard';
import { allowedActions } from '../domain/hazard/actions';
import type { AcknowledgedNotice } from '../domain/hazard/acknowledgement';
import { actorLabel, hazardRow, personOfColumns } from '../common/hazard-row';
import type { HazardView } from '../common/views';

export type { HazardView, HistoryView } from '../common/views';

/**
 * A live hazard, from its workflow's state: its row as the read model has it, plus what only the
 * workflow knows, and what `viewer` may do now (the action table's rules on this state).
 */
export function hazardView(s: HazardState, viewer?: Actor): HazardView {
  return {
    ...hazardViewFromRecord({ ...hazardRow(s), updatedAt: new Date(s.history.at(-1)?.at ?? s.reportedAt) }),
    pendingExtension: s.pendingExtension ? { requestedDueAt: s.pendingExtension.requestedDueAt, reason: s.pendingExtension.reason, requestedAt: s.pendingExtension.requestedAt } : null,
    lookBackDueAt: s.status === 'closed' && !s.lookBackDone ? (s.lookBackDueAt ?? null) : null,
    history: s.history.map((h) => ({
      at: h.at,
      actor: actorLabel(h.actor),
      action: h.action,
      from: h.from,
      to: h.to,
      ...(h.note !== undefined ? { note: h.note } : {}),
    })),
    actions: viewer ? allowedActions(s, viewer) : [],
  };
}

/** A hazard from the read model (and its audit trail, for the history) once its workflow is gone: nothing more can be done. */
export function hazardViewFromRecord(h: Hazard, events?: AuditEvent[]): HazardView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: h.id,
    number: h.number,
    campaignId: h.campaignId,
    status: h.status,
    level: h.level,
    category: h.category,
    title: h.title,
    description: h.description,
    location: h.location,
    evidence: h.evidence,
    selfFixable: h.selfFixable,
    schoolId: h.schoolId,
    departmentId: h.departmentId,
    cooperatingDepartmentIds: h.cooperatingDepartmentIds,
    rectificationOwner: personOfColumns(h.rectificationOwnerName, h.rectificationOwnerMobile),
    supervisionOwner: personOfColumns(h.supervisionOwnerName, h.supervisionOwnerMobile),
    responsible: h.responsibleUnitId ? { type: h.responsibleUnitType, id: h.responsibleUnitId } : { type: h.responsibleUnitType },
    dueAt: iso(h.dueAt),
    overdue: h.overdue,
    escalationLevel: h.escalationLevel,
    listedSupervision: h.listedSupervision,
    governmentDueAt: iso(h.governmentDueAt),
    rejectionCount: h.rejectionCount,
    origin: h.origin,
    selfRegistered: h.selfRegistered,
    spotChecked: h.spotChecked,
    pendingExtension: null,
    closedAt: iso(h.closedAt),
    lookBackDueAt: null,
    acknowledgement:
      h.acknowledgementNotice && h.noticeIssuedAt
        ? {
            notice: h.acknowledgementNotice as AcknowledgedNotice,
            issuedAt: h.noticeIssuedAt.toISOString(),
            acknowledgedAt: iso(h.acknowledgedAt),
            acknowledgedBy: h.acknowledgedBy,
          }
        : null,
    actions: [],
    ...(events
      ? {
          history: events.map((e) => ({
            at: e.at.toISOString(),
            actor: e.actor,
            action: e.action,
            from: e.fromStatus,
            to: e.toStatus ?? h.status,
            ...(e.note !== null ? { note: e.note } : {}),
          })),
        }
      : {}),
  };
}
