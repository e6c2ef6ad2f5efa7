// 通报: the numbered bulletins the lead office issues for a campaign, at the dates its plan sets
// (each report deadline, each phase closing) and on demand. A bulletin is computed from the read
// model — the misses recorded since the previous one (黑榜), the hazards overdue and under 挂牌督办,
// the closure rate per unit — and kept, so it reads the same later. Idempotent: a bulletin's
// number is its key, a retry returns what was kept.
import type { Database } from '../common/database';
import type { Actor, HazardStatus } from '../common/hazard';
import { DEFAULT_TIME_ZONE, zoned } from '../common/time';
import { campaignTimeZone } from '../common/campaign';
import { OPEN, RECTIFYING } from '../domain/hazard/actions';
import { bulletinDocNo, bulletinDocPrefix, bulletinNews, hasNews, slowAcknowledgements, type AcknowledgementFacts } from '../domain/campaign/bulletins';
import { actorLabel } from '../common/hazard-row';
import type { Prisma } from '../generated/prisma/client';
import { campaignUnitNames } from '../common/unit-names';
import { activityLog } from './activity-log';
import { recordBulletinEntry, type BulletinUnit } from './hazard-record';

// What a kept bulletin says: shapes shared with the web app (common/views.ts).
export type { BulletinBlacklistEntry, BulletinContent, BulletinHazardLine, BulletinView } from '../common/views';
import type { BulletinBlacklistEntry, BulletinContent, BulletinHazardLine, BulletinView } from '../common/views';

export interface IssueBulletin {
  campaignId: string;
  no: number;
  at: string;
  /** The previous bulletin's last entry: each miss is on exactly one bulletin, the first issued after it was recorded. */
  afterEntryId?: string | null;
  trigger: string;
  /** Every occasion of its instant (the first is `trigger`): several deadlines at one instant make one bulletin. */
  triggers?: string[];
  issuedBy: Actor;
  /** The campaign step (its audit row's key). */
  dedupeKey: string;
  /** Kept only if it has news (domain/campaign/bulletins.ts); else nothing is kept and no number used. Absent (histories before): always. */
  whenNews?: boolean;
  /** The campaign's time zone: the year of its 文号. */
  timeZone?: string;
}

/** A bulletin not issued: nothing to report at its occasions, and no date the plan names. */
export interface BulletinPassed {
  campaignId: string;
  passed: true;
  triggers: string[];
}

const json = (v: unknown): Prisma.InputJsonValue => JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue;
const rate = (closed: number, total: number) => (total > 0 ? Math.round((closed / total) * 10000) / 10000 : 1);

/** What the bulletin says, as of `at`. */
export async function bulletinContent(db: Database, campaignId: string, afterEntryId?: string | null, at?: string): Promise<BulletinContent> {
  const [entries, hazards, names, campaign] = await Promise.all([
    db.bulletinEntry.findMany({
      where: { campaignId, ...(afterEntryId ? { id: { gt: BigInt(afterEntryId) } } : {}) },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    }),
    db.hazard.findMany({ where: { campaignId }, orderBy: [{ number: 'asc' }, { id: 'asc' }], include: { school: { select: { jurisdictionId: true } } } }),
    campaignUnitNames(db, campaignId),
    db.campaign.findUnique({ where: { id: campaignId }, select: { policy: true } }),
  ]);
  const zone = campaignTimeZone(campaign?.policy);
  const blacklist = new Map<string, BulletinBlacklistEntry>();
  for (const e of entries) {
    const key = `${e.unitType}:${e.unitId}`;
    const b = blacklist.get(key) ?? { unitType: e.unitType as BulletinBlacklistEntry['unitType'], unitId: e.unitId, name: names.get(e.unitId) ?? e.unitId, reasons: [] };
    const r = b.reasons.find((x) => x.reason === e.reason);
    if (r) r.count += 1;
    else b.reasons.push({ reason: e.reason, count: 1 });
    blacklist.set(key, b);
  }
  /** The unit that rectifies a hazard now, as the 通报 names it: its department, the bureau (教育局) before 交办, or its school. */
  const responsibleUnit = (h: (typeof hazards)[number]): AcknowledgementFacts['unit'] => {
    if (h.responsibleUnitType === 'department' && h.responsibleUnitId) return { type: 'department', id: h.responsibleUnitId, name: names.get(h.responsibleUnitId) ?? h.responsibleUnitId };
    if (h.responsibleUnitType === 'bureau') return { type: 'department', id: '', name: '教育局' };
    return { type: 'school', id: h.schoolId, name: names.get(h.schoolId) ?? h.schoolId };
  };
  const line = (h: (typeof hazards)[number]): BulletinHazardLine => ({
    hazardId: h.id,
    number: h.number,
    title: h.title,
    level: h.level,
    schoolId: h.schoolId,
    schoolName: names.get(h.schoolId) ?? h.schoolId,
    responsible: responsibleUnit(h).name,
    dueAt: (h.listedSupervision ? h.governmentDueAt : h.dueAt)?.toISOString() ?? null,
  });
  const open = hazards.filter((h) => OPEN.includes(h.status as HazardStatus));
  const counted = hazards.filter((h) => h.status !== 'withdrawn');
  const perUnit = new Map<string, BulletinContent['closureByUnit'][number]>();
  const add = (unitType: 'school' | 'department', unitId: string, closed: boolean) => {
    const u = perUnit.get(`${unitType}:${unitId}`) ?? { unitType, unitId, name: names.get(unitId) ?? unitId, total: 0, closed: 0, closureRate: 1 };
    u.total += 1;
    if (closed) u.closed += 1;
    u.closureRate = rate(u.closed, u.total);
    perUnit.set(`${unitType}:${unitId}`, u);
  };
  for (const h of counted) {
    add('school', h.schoolId, h.status === 'closed');
    if (h.departmentId) add('department', h.departmentId, h.status === 'closed');
  }
  // 签收: the unit each notice is addressed to — the local government its 挂牌督办, else the responsible unit.
  const addressed = (h: (typeof hazards)[number]): AcknowledgementFacts['unit'] =>
    h.acknowledgementNotice === 'listed_supervision'
      ? { type: 'government', id: h.school.jurisdictionId, name: names.get(h.school.jurisdictionId) ?? h.school.jurisdictionId }
      : responsibleUnit(h);
  const slow = slowAcknowledgements(
    hazards.map((h) => ({
      hazardId: h.id,
      title: h.title,
      schoolName: names.get(h.schoolId) ?? h.schoolId,
      status: h.status,
      listedSupervision: h.listedSupervision,
      notice: h.acknowledgementNotice,
      issuedAt: h.noticeIssuedAt,
      acknowledgedAt: h.acknowledgedAt,
      unit: addressed(h),
    })),
    at ? new Date(at) : new Date(),
    zone,
  );
  const last = entries.reduce<bigint | null>((m, e) => (m === null || e.id > m ? e.id : m), null);
  return {
    afterEntryId: afterEntryId ?? null,
    lastEntryId: last === null ? (afterEntryId ?? null) : last.toString(),
    blacklist: [...blacklist.values()].sort((a, b) => a.unitType.localeCompare(b.unitType) || a.unitId.localeCompare(b.unitId)),
    overdueHazards: open.filter((h) => h.overdue && !h.listedSupervision).map(line),
    listedSupervision: open.filter((h) => h.listedSupervision).map(line),
    slowAcknowledgements: slow,
    closureByUnit: [...perUnit.values()].sort((a, b) => a.closureRate - b.closureRate || a.unitType.localeCompare(b.unitType) || a.unitId.localeCompare(b.unitId)),
    closureRate: rate(counted.filter((h) => h.status === 'closed').length, counted.length),
  };
}

/**
 * Issues bulletin `no` of the campaign (or returns the one already issued with that number), with
 * its 文号, the next of the campaign's year; with `whenNews`, only if it has news.
 */
export async function issueCampaignBulletin(db: Database, b: IssueBulletin): Promise<BulletinView | BulletinPassed> {
  const id = `${b.campaignId}:${b.no}`;
  const triggers = b.triggers ?? [b.trigger];
  const kept = await db.campaignBulletin.findUnique({ where: { id } });
  if (!kept) {
    const content = await bulletinContent(db, b.campaignId, b.afterEntryId, b.at);
    if (b.whenNews) {
      const previous = b.no > 1 ? await db.campaignBulletin.findUnique({ where: { id: `${b.campaignId}:${b.no - 1}` }, select: { content: true } }) : null;
      const news = bulletinNews(content, previous?.content as unknown as BulletinContent | null);
      if (!hasNews(news)) {
        activityLog().info('bulletin passed: nothing to report', { campaignId: b.campaignId, triggers });
        return { campaignId: b.campaignId, passed: true, triggers };
      }
    }
    const year = zoned(b.at, b.timeZone ?? DEFAULT_TIME_ZONE).year;
    const [campaign, last] = await Promise.all([
      db.campaign.findUnique({ where: { id: b.campaignId }, select: { jurisdictionId: true } }),
      db.campaignBulletin.aggregate({ where: { campaignId: b.campaignId, docYear: year }, _max: { docSeq: true } }),
    ]);
    const jurisdiction = campaign ? await db.jurisdiction.findUnique({ where: { id: campaign.jurisdictionId }, select: { name: true } }) : null;
    const docSeq = (last._max.docSeq ?? 0) + 1;
    const docNo = bulletinDocNo(bulletinDocPrefix(jurisdiction?.name ?? ''), year, docSeq);
    await db.$transaction([
      db.campaignBulletin.createMany({
        data: [
          {
            id,
            campaignId: b.campaignId,
            no: b.no,
            trigger: b.trigger,
            triggers,
            issuedBy: actorLabel(b.issuedBy),
            issuedAt: new Date(b.at),
            content: json(content),
            docNo,
            docYear: year,
            docSeq,
          },
        ],
        skipDuplicates: true,
      }),
      db.auditEvent.createMany({
        data: [
          {
            dedupeKey: `${b.dedupeKey}:audit`,
            campaignId: b.campaignId,
            at: new Date(b.at),
            actor: actorLabel(b.issuedBy),
            action: 'bulletin_issued',
            note: `第${b.no}期通报（${docNo}）：黑榜${content.blacklist.length}个单位，逾期未整改隐患${content.overdueHazards.length}项，挂牌督办隐患${content.listedSupervision.length}项`,
            data: json({ no: b.no, docNo, trigger: b.trigger, triggers, blacklist: content.blacklist.map((x) => x.unitId) }),
          },
        ],
        skipDuplicates: true,
      }),
    ]);
    activityLog().info('bulletin issued', { campaignId: b.campaignId, no: b.no, trigger: b.trigger, blacklist: content.blacklist.length });
  }
  return (await bulletinsOf(db, b.campaignId, b.no))[0];
}

/** The bulletins of a campaign, in order (or the one numbered `no`). */
export async function bulletinsOf(db: Database, campaignId: string, no?: number): Promise<BulletinView[]> {
  const rows = await db.campaignBulletin.findMany({ where: { campaignId, ...(no === undefined ? {} : { no }) }, orderBy: { no: 'asc' } });
  return rows.map((r) => ({
    campaignId: r.campaignId,
    no: r.no,
    docNo: r.docNo,
    trigger: r.trigger,
    triggers: r.triggers.length ? r.triggers : [r.trigger],
    issuedBy: r.issuedBy,
    issuedAt: r.issuedAt.toISOString(),
    content: r.content as unknown as BulletinContent,
  }));
}

export interface SupervisionBlacklist {
  campaignId: string;
  at: string;
  reason: string;
  dedupeKey: string;
}

/**
 * 鱼峰 督导: every unit with a hazard past its own deadline and not rectified is recorded for the
 * 黑榜 ("未按时完成整治任务的予以黑榜通报"); returns how many units.
 */
export async function blacklistUnfinishedUnits(db: Database, s: SupervisionBlacklist): Promise<number> {
  const hazards = await db.hazard.findMany({
    where: { campaignId: s.campaignId, status: { in: RECTIFYING }, dueAt: { lte: new Date(s.at) } },
    select: { id: true, schoolId: true, responsibleUnitType: true, responsibleUnitId: true },
    orderBy: { id: 'asc' },
  });
  const units = new Map<string, BulletinUnit>();
  for (const h of hazards) {
    const unit: BulletinUnit = h.responsibleUnitType === 'department' && h.responsibleUnitId ? { type: 'department', id: h.responsibleUnitId } : { type: 'school', id: h.schoolId };
    units.set(`${unit.type}:${'id' in unit ? unit.id : ''}`, unit);
  }
  for (const [key, unit] of units) {
    await recordBulletinEntry(db, { dedupeKey: `${s.dedupeKey}:${key}`, campaignId: s.campaignId, unit, reason: s.reason, subject: 'phase:acceptance', at: s.at });
  }
  return units.size;
}

/** What issuing the next bulletin now would keep (the lead's preview; nothing written): its content, news and the 文号 it would take. */
export async function previewCampaignBulletin(
  db: Database,
  campaignId: string,
  at: string,
  timeZone: string,
): Promise<{ docNo: string; content: BulletinContent; news: ReturnType<typeof bulletinNews> }> {
  const last = await db.campaignBulletin.findFirst({ where: { campaignId }, orderBy: { no: 'desc' }, select: { content: true } });
  const previous = last?.content as unknown as BulletinContent | undefined;
  const content = await bulletinContent(db, campaignId, previous?.lastEntryId ?? null, at);
  const year = zoned(at, timeZone).year;
  const [campaign, seq] = await Promise.all([
    db.campaign.findUnique({ where: { id: campaignId }, select: { jurisdictionId: true } }),
    db.campaignBulletin.aggregate({ where: { campaignId, docYear: year }, _max: { docSeq: true } }),
  ]);
  const jurisdiction = campaign ? await db.jurisdiction.findUnique({ where: { id: campaign.jurisdictionId }, select: { name: true } }) : null;
  return { docNo: bulletinDocNo(bulletinDocPrefix(jurisdiction?.name ?? ''), year, (seq._max.docSeq ?? 0) + 1), content, news: bulletinNews(content, previous) };
}
