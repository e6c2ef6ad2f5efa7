// The hazard as the API shows it (SPEC.md: GET /api/hazards/:id), from the live workflow
// state or, once the workflow is gone, from the read model and the audit trail.
import type { AuditEvent, Hazard } from '../generated/prisma/client';
import type { HazardState } from '../common/hazard';
import { actorLabel } from '../activities/hazard-record';

export interface HistoryView {
  at: string;
  actor: string;
  action: string;
  from: string | null;
  to: string;
  note?: string;
}

export interface HazardView {
  id: string;
  campaignId: string | null;
  status: string;
  level: string;
  category: string;
  title: string;
  description: string | null;
  location: string | null;
  evidence: string[];
  selfFixable: boolean;
  schoolId: string;
  departmentId: string | null;
  responsible: { type: string; id?: string };
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  listedSupervision: boolean;
  governmentDueAt: string | null;
  rejectionCount: number;
  pendingExtension: { requestedDueAt: string; reason: string; requestedAt: string } | null;
  closedAt: string | null;
  /** When the look-back check (回头看) after write-off is due, while it is to come. */
  lookBackDueAt: string | null;
  history?: HistoryView[];
}

export function hazardView(s: HazardState): HazardView {
  return {
    id: s.id,
    campaignId: s.campaignId ?? null,
    status: s.status,
    level: s.level,
    category: s.category,
    title: s.title,
    description: s.description ?? null,
    location: s.location ?? null,
    evidence: s.evidence,
    selfFixable: s.selfFixable,
    schoolId: s.schoolId,
    departmentId: s.departmentId ?? null,
    responsible: s.responsible,
    dueAt: s.dueAt ?? null,
    overdue: s.overdue,
    escalationLevel: s.escalationLevel,
    listedSupervision: s.listedSupervision,
    governmentDueAt: s.governmentDueAt ?? null,
    rejectionCount: s.rejectionCount,
    pendingExtension: s.pendingExtension
      ? { requestedDueAt: s.pendingExtension.requestedDueAt, reason: s.pendingExtension.reason, requestedAt: s.pendingExtension.requestedAt }
      : null,
    closedAt: s.closedAt ?? null,
    lookBackDueAt: s.status === 'closed' && !s.lookBackDone ? (s.lookBackDueAt ?? null) : null,
    history: s.history.map((h) => ({
      at: h.at,
      actor: actorLabel(h.actor),
      action: h.action,
      from: h.from,
      to: h.to,
      ...(h.note !== undefined ? { note: h.note } : {}),
    })),
  };
}

export function hazardViewFromRecord(h: Hazard, events?: AuditEvent[]): HazardView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: h.id,
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
    responsible: h.responsibleUnitId ? { type: h.responsibleUnitType, id: h.responsibleUnitId } : { type: h.responsibleUnitType },
    dueAt: iso(h.dueAt),
    overdue: h.overdue,
    escalationLevel: h.escalationLevel,
    listedSupervision: h.listedSupervision,
    governmentDueAt: iso(h.governmentDueAt),
    rejectionCount: h.rejectionCount,
    pendingExtension: null,
    closedAt: iso(h.closedAt),
    lookBackDueAt: null,
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
