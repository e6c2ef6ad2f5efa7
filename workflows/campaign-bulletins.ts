// 通报: a campaign's numbered bulletins, issued by the lead office when there is something to report
// at a report deadline or a phase closing, at a date its plan names, and on demand
// (domain/campaign/bulletins.ts says when). The occasions of one instant are one bulletin: they are
// gathered (bulletinOccasion) and the bulletin is put in the outbox once the instant's deadlines
// have all fired (flushBulletin); the activity computes its content from the read model and keeps
// it — with its 文号 — only if it has news or is always issued. The workflow remembers its number,
// instant and 黑榜, mails it to every participant, and gives each unit on the 黑榜 its own
// 责令限期整改 deadline: an obligation of the campaign like any other (reminded, overdue → bulletin,
// escalated to the lead office). Histories recorded before (one bulletin per occasion, each
// issued) replay unchanged: the gathering is behind the patch `bulletin-news`.
import { patched } from '@temporalio/workflow';
import type { BulletinPassed, BulletinView } from '../activities/bulletin-issue';
import type { BulletinState, CampaignState, ObligationState } from '../common/campaign';
import type { Actor } from '../common/hazard';
import { limitAfter, shiftByDuration } from '../common/iso-duration';
import { DEFAULT_TIME_ZONE } from '../common/time';
import type { CampaignNotificationKind, CampaignNotificationRequest, Recipient } from '../common/notification';
import { bulletinAlwaysIssued, bulletinHazardsCounted } from '../domain/campaign/bulletins';
import type { CampaignEffect } from './campaign-effects';

/** The patch behind which a campaign's bulletins are gathered per instant and issued only with news. */
export const BULLETIN_NEWS = 'bulletin-news';

/** Default time a unit on the 黑榜 has to rectify and report (责令限期整改). */
export const DEFAULT_ORDER_PERIOD = 'P7D';

/** Since this patch a 责令限期整改 runs to the end of its last day in the campaign's zone ("12月20日24时前"). */
export const ORDER_DUE_IN_ZONE = 'order-due-end-of-day-in-campaign-zone';

/**
 * The 责令限期整改 deadline of a bulletin issued at `at`: its period counted in the campaign's zone,
 * a period of whole days to the end of its last day there, as a limit is written ("于12月20日24时前整改到位").
 */
function orderDueAt(state: CampaignState, at: string): string {
  const period = state.policy.rectificationOrderPeriod ?? DEFAULT_ORDER_PERIOD;
  if (!patched(ORDER_DUE_IN_ZONE)) return new Date(shiftByDuration(Date.parse(at), period)).toISOString();
  return new Date(limitAfter(Date.parse(at), period, state.policy.timeZone ?? DEFAULT_TIME_ZONE)).toISOString();
}

export interface BulletinContext {
  state: CampaignState;
  step(): number;
  /** Puts a step's side effects in the campaign's outbox. */
  commit(seq: number, ...effects: (CampaignEffect | undefined)[]): void;
  notify(seq: number, kind: CampaignNotificationKind, to: Recipient[], cc?: Recipient[], details?: CampaignNotificationRequest['details']): CampaignEffect | undefined;
  unit(id: string): Recipient;
  leaderOf(id: string): Recipient[];
  participants(): Recipient[];
  leadOffice: Recipient;
  /** Arms the ladder of a new obligation's periods. */
  arm(o: ObligationState): void;
}

/**
 * Issues the campaign's next bulletin now: its number and instant are taken at once; its content
 * is computed from the read model by the outbox, after every row before it (bulletinIssued
 * follows). Returns its number.
 */
export function announceBulletin(ctx: BulletinContext, trigger: string, issuedBy: Actor): number {
  const { state } = ctx;
  const bulletins = (state.bulletins ??= []);
  const no = bulletins.length + 1;
  const at = new Date(Date.now()).toISOString();
  bulletins.push({ no, at, trigger, blacklist: [], lastEntryId: null, computed: false });
  const seq = ctx.step();
  ctx.commit(seq, { type: 'issue-bulletin', bulletin: { campaignId: state.id, no, at, trigger, issuedBy, dedupeKey: `campaign:${state.id}:${seq}` } });
  return no;
}

/** A bulletin asked for now: the number it was given (histories before the patch), or the instant it is gathered at. */
export type BulletinRequest = { no: number } | { at: string };

/**
 * An occasion for a bulletin now (a report deadline, a phase closing, the lead office). Behind the
 * patch, gathered with the other occasions of the same instant; before it, issued at once.
 */
export function bulletinOccasion(ctx: BulletinContext, trigger: string, issuedBy: Actor): BulletinRequest {
  if (!patched(BULLETIN_NEWS)) return { no: announceBulletin(ctx, trigger, issuedBy) };
  const { state } = ctx;
  const at = new Date(Date.now()).toISOString();
  if (state.bulletinDue && state.bulletinDue.at !== at) flushBulletin(ctx);
  const due = (state.bulletinDue ??= { at, triggers: [], issuedBy });
  if (!due.triggers.includes(trigger)) due.triggers.push(trigger);
  // The lead office's request names it as the issuer (a deadline's is the system's).
  if (issuedBy.role !== 'system') due.issuedBy = issuedBy;
  return { at };
}

/**
 * The instant's occasions are all in: one bulletin for them goes into the outbox, its number taken
 * when it is computed (after every row before it), kept only with news unless always issued.
 */
export function flushBulletin(ctx: BulletinContext): void {
  const { state } = ctx;
  const due = state.bulletinDue;
  if (!due) return;
  state.bulletinDue = undefined;
  const seq = ctx.step();
  ctx.commit(seq, {
    type: 'bulletin-due',
    bulletin: {
      campaignId: state.id,
      at: due.at,
      trigger: due.triggers[0],
      triggers: due.triggers,
      issuedBy: due.issuedBy,
      whenNews: !bulletinAlwaysIssued(state, due.triggers),
      timeZone: state.policy.timeZone,
      dedupeKey: `campaign:${state.id}:${seq}`,
    },
  });
}

/** The number the next kept bulletin takes. */
export const nextBulletinNo = (state: CampaignState): number => (state.bulletins?.length ?? 0) + 1;

/** A gathered bulletin computed: kept as `no` (then as bulletinIssued), or passed (nothing to report). */
export function bulletinDueComputed(ctx: BulletinContext, no: number, result: BulletinView | BulletinPassed): void {
  if ('passed' in result) return;
  const bulletins = (ctx.state.bulletins ??= []);
  bulletins.push({ no, at: result.issuedAt, trigger: result.trigger, triggers: result.triggers, docNo: result.docNo ?? undefined, blacklist: [], lastEntryId: null, computed: false });
  bulletinIssued(ctx, no, result);
}

/** Where bulletin `no`'s 黑榜 starts: after the last miss its predecessor counted. */
export function bulletinStartsAfter(state: CampaignState, no: number): string | null {
  return state.bulletins?.[no - 2]?.lastEntryId ?? null;
}

/**
 * Bulletin `no` is computed and kept: it is mailed to every participant, and each unit on its
 * 黑榜 owes its rectification by a deadline counted from the bulletin's instant.
 */
export function bulletinIssued(ctx: BulletinContext, no: number, view: BulletinView): void {
  const { state } = ctx;
  const entry: BulletinState = state.bulletins![no - 1];
  entry.blacklist = view.content.blacklist.map((b) => b.unitId);
  entry.lastEntryId = view.content.lastEntryId;
  entry.computed = true;
  if (view.docNo) entry.docNo = view.docNo;

  // 责令限期整改: the participating units on the 黑榜 owe their rectification by a deadline.
  const owners = entry.blacklist.filter((id) => state.departmentIds.includes(id) || state.schoolIds.includes(id));
  const dueAt = owners.length ? orderDueAt(state, entry.at) : undefined;
  const figures = {
    no,
    ...(view.docNo ? { docNo: view.docNo } : {}),
    overdueHazards: view.content.overdueHazards.length,
    listedSupervision: view.content.listedSupervision.length,
    closureRate: view.content.closureRate,
    // The hazards the rate counts (each is once among the schools' rows): none, and the rate reads "—".
    hazards: bulletinHazardsCounted(view.content),
    reasons: view.content.blacklist.map((b) => `${b.name}：${b.reasons.map((r) => (r.count > 1 ? `${r.reason}（${r.count}次）` : r.reason)).join('；')}`),
  };
  const seq = ctx.step();
  ctx.commit(seq, ctx.notify(seq, 'bulletin_issued', [ctx.leadOffice, ...ctx.participants()], [], { bulletin: figures, dueAt }));
  if (owners.length && dueAt) {
    const order: ObligationState = {
      key: `order_${no}`,
      title: `第${no}期通报责令限期整改情况`,
      ownerIds: owners,
      orderOfBulletin: no,
      periods: [{ period: 'once', dueAt, submitted: [], missed: [] }],
    };
    state.obligations.push(order);
    ctx.arm(order);
    const orderSeq = ctx.step();
    ctx.commit(
      orderSeq,
      ctx.notify(orderSeq, 'rectification_order', owners.map(ctx.unit), [...owners.flatMap(ctx.leaderOf), ctx.leadOffice], {
        bulletin: { ...figures, reasons: undefined },
        unitIds: owners,
        dueAt,
      }),
    );
  }
}
