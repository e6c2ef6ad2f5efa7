// The shapes the API answers with, as its clients read them: the web app imports these types
// (type-only: nothing of the server goes into its bundle), the API builds them.

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

/** A rung of a hazard's deadline ladder as the timeline shows it (GET /api/hazards/:id/timeline). */
export interface TimelineRung {
  /** reminder | overdue | escalation | listed_reminder | listed_overdue | look_back */
  kind: string;
  label: string;
  at: string;
  /** fired: from the history; upcoming: planned. */
  state: 'fired' | 'upcoming';
}

/** What is due from me (GET /api/me/work). */
export interface WorkItem {
  /** rectify | assign | verify | extension | look_back | supervise | listed_supervision | report | self_inspection */
  kind: string;
  /** What to do, in Chinese ("整改", "验收"...). */
  action: string;
  title: string;
  /** The page: /hazards/<id> or /campaigns/<id>. */
  page: string;
  hazardId?: string;
  campaignId?: string;
  dueAt: string | null;
  overdue: boolean;
  status?: string;
  statusLabel?: string;
  escalationLevel?: number;
}
