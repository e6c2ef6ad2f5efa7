// The campaign read model: the campaign row, report submissions, self-inspections and bulletin
// entries. Every write is idempotent (upserts and unique keys).
import type { CampaignState } from '../common/campaign';
import type { Actor } from '../common/hazard';
import type { Prisma } from '../generated/prisma/client';
import { activityLog } from './activity-log';
import type { Database } from '../common/database';
import { actorLabel } from '../common/hazard-row';
import { recordBulletinEntry, type BulletinUnit } from './hazard-record';

/** A plain JSON value for a Json column. */
const json = (v: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;

/** A campaign step for the audit trail (留痕): who did what, when. */
export interface CampaignAuditEvent {
  /** The campaign step's key: a retried activity writes no second row. */
  dedupeKey: string;
  at: string;
  actor: Actor;
  /** campaign_launched | phase_opened | phase_closed | report_submitted | self_inspection_submitted | bulletin_issued | campaign_completed */
  action: string;
  note?: string;
  data?: Record<string, unknown>;
}

export async function recordCampaignAudit(db: Database, campaignId: string, e: CampaignAuditEvent): Promise<void> {
  await db.auditEvent.createMany({
    data: [{ dedupeKey: e.dedupeKey, campaignId, at: new Date(e.at), actor: actorLabel(e.actor), action: e.action, note: e.note ?? null, data: json({ ...e.data, actor: { ...e.actor } }) }],
    skipDuplicates: true,
  });
}

export async function recordCampaign(db: Database, { campaign: c, createdBy, event }: { campaign: CampaignState; createdBy: Actor; event?: CampaignAuditEvent }): Promise<void> {
  const now = new Date();
  const row = {
    name: c.name,
    jurisdictionId: c.jurisdictionId,
    presetId: c.presetId ?? null,
    departmentIds: c.departmentIds,
    plan: json({ phases: c.phases, obligations: c.obligations.map(({ periods, ...o }) => ({ ...o, periods: periods.map(({ period, dueAt }) => ({ period, dueAt })) })) }),
    policy: json(c.policy),
    status: c.status,
    currentPhases: c.phases.filter((p) => p.status === 'open').map((p) => p.key),
    updatedAt: now,
  };
  await db.campaign.upsert({
    where: { id: c.id },
    create: { id: c.id, createdBy: actorLabel(createdBy), createdAt: now, ...row },
    update: row,
  });
  if (event) await recordCampaignAudit(db, c.id, event);
  activityLog().debug('campaign recorded', { campaignId: c.id, status: c.status, currentPhases: row.currentPhases });
}

export interface ReportSubmissionRecord {
  campaignId: string;
  obligationKey: string;
  period: string;
  ownerId: string;
  note: string;
  submittedBy: Actor;
  submittedAt: string;
  onTime: boolean;
}

export async function recordReportSubmission(db: Database, r: ReportSubmissionRecord): Promise<void> {
  await db.reportSubmission.createMany({
    data: [{ ...r, submittedBy: actorLabel(r.submittedBy), submittedAt: new Date(r.submittedAt) }],
    skipDuplicates: true,
  });
  activityLog().debug('report submission recorded', { campaignId: r.campaignId, obligationKey: r.obligationKey, period: r.period, ownerId: r.ownerId, onTime: r.onTime });
}

export interface SelfInspectionRecord {
  campaignId: string;
  schoolId: string;
  hazardCount: number;
  submittedBy: Actor;
  submittedAt: string;
  /** After the survey closed (补报). */
  late?: boolean;
  /** api | csv (一校一表). */
  source?: string;
}

/** Self-inspections: a school's own, or the schools of a hazard list (一校一表) at once. */
export async function recordSelfInspections(db: Database, rows: SelfInspectionRecord[]): Promise<void> {
  await db.selfInspection.createMany({ data: rows.map((r) => ({ ...r, submittedBy: actorLabel(r.submittedBy), submittedAt: new Date(r.submittedAt) })), skipDuplicates: true });
  activityLog().debug('self-inspections recorded', { count: rows.length });
}

export interface BulletinEntriesRecord {
  dedupeKey: string;
  campaignId: string;
  entries: { unit: BulletinUnit; reason: string; subject: string }[];
  at: string;
}

export async function recordBulletinEntries(db: Database, r: BulletinEntriesRecord): Promise<void> {
  for (const [i, e] of r.entries.entries()) {
    await recordBulletinEntry(db, { dedupeKey: `${r.dedupeKey}:${i}`, campaignId: r.campaignId, unit: e.unit, reason: e.reason, subject: e.subject, at: r.at });
  }
}
