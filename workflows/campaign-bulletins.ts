// 通报: a campaign's numbered bulletins, issued by the lead office at the dates its plan sets (each
// report deadline, each phase closing) and on demand. The activity computes and keeps the
// bulletin from the read model; the workflow remembers its number, instant and 黑榜, mails it to
// every participant, and gives each unit on the 黑榜 its own 责令限期整改 deadline: an obligation
// of the campaign like any other (reminded, overdue → bulletin, escalated to the lead office).
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { BulletinState, CampaignState, ObligationState } from '../common/campaign';
import type { Actor } from '../common/hazard';
import { shiftByDuration } from '../common/iso-duration';
import type { CampaignNotificationKind, CampaignNotificationRequest, Recipient } from '../common/notification';

const { issueCampaignBulletin } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Default time a unit on the 黑榜 has to rectify and report (责令限期整改). */
export const DEFAULT_ORDER_PERIOD = 'P7D';

export interface BulletinContext {
  state: CampaignState;
  step(): number;
  notify(seq: number, kind: CampaignNotificationKind, to: Recipient[], cc?: Recipient[], details?: CampaignNotificationRequest['details']): Promise<unknown>;
  unit(id: string): Recipient;
  leaderOf(id: string): Recipient[];
  participants(): Recipient[];
  leadOffice: Recipient;
  /** Arms the ladder of a new obligation's periods. */
  arm(o: ObligationState): void;
}

/** Issues the campaign's next bulletin; returns its number. */
export async function issueBulletin(ctx: BulletinContext, trigger: string, issuedBy: Actor): Promise<number> {
  const { state } = ctx;
  const bulletins = (state.bulletins ??= []);
  const no = bulletins.length + 1;
  const afterEntryId = bulletins.at(-1)?.lastEntryId ?? null;
  const at = new Date(Date.now()).toISOString();
  const seq = ctx.step();
  const view = await issueCampaignBulletin({ campaignId: state.id, no, at, afterEntryId, trigger, issuedBy, dedupeKey: `campaign:${state.id}:${seq}` });
  const blacklist = view.content.blacklist.map((b) => b.unitId);
  const entry: BulletinState = { no, at, trigger, blacklist, lastEntryId: view.content.lastEntryId };
  bulletins.push(entry);

  // 责令限期整改: the participating units on the 黑榜 owe their rectification by a deadline.
  const owners = blacklist.filter((id) => state.departmentIds.includes(id) || state.schoolIds.includes(id));
  const dueAt = owners.length ? new Date(shiftByDuration(Date.parse(at), state.policy.rectificationOrderPeriod ?? DEFAULT_ORDER_PERIOD)).toISOString() : undefined;
  const figures = {
    no,
    overdueHazards: view.content.overdueHazards.length,
    listedSupervision: view.content.listedSupervision.length,
    closureRate: view.content.closureRate,
    reasons: view.content.blacklist.map((b) => `${b.name}：${b.reasons.map((r) => (r.count > 1 ? `${r.reason}（${r.count}次）` : r.reason)).join('；')}`),
  };
  const mails: Promise<unknown>[] = [ctx.notify(seq, 'bulletin_issued', [ctx.leadOffice, ...ctx.participants()], [], { bulletin: figures, dueAt })];
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
    mails.push(ctx.notify(ctx.step(), 'rectification_order', owners.map(ctx.unit), [...owners.flatMap(ctx.leaderOf), ctx.leadOffice], { bulletin: { ...figures, reasons: undefined }, unitIds: owners, dueAt }));
  }
  await Promise.all(mails);
  return no;
}
