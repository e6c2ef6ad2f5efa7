// The channel dispatcher: sends the notices waiting in ChannelDelivery to their robots and mobile
// numbers, beside the workflows (a transition never waits for it), in every worker process. Per
// target (a robot, a mobile number) it keeps the provider's quota, counted in PostgreSQL so that
// all workers share it: at most CHANNEL_ROBOT_PER_MINUTE messages a minute to a robot (the
// providers allow 20; over it 钉钉 refuses the robot for 10 minutes), CHANNEL_SMS_PER_MINUTE SMS to
// a number. A target with one notice waiting gets it alone; one with several (a storm of overdue
// notices at 24:00) gets them as ONE digest — a markdown list of the notices with their links, or
// the digest SMS template — so nothing is dropped and no robot is throttled. A message is a
// ChannelMessage row written before the provider is called, and its notices point at it: a
// failed or refused call puts them back (retried after CHANNEL_RETRY_MS), a sent one marks them
// sent, so none is lost in an outage and none is sent twice (except when a worker dies between
// the provider's answer and the row's update: after CHANNEL_IN_FLIGHT_MS the notices are sent
// again, as a mail would be).
import type { Database } from '../common/database';
import { unitChannels, clip, clipBytes, SMS_PARAM_CHARS } from './channel-notices';
import { pollInRounds, type RoundLog } from './polling-rounds';
import { sendDingtalk, sendSms, sendWecom, type SendOutcome, type SmsAccount } from './channel-senders';

export interface ChannelDispatcherSettings {
  robotPerMinute: number;
  smsPerMinute: number;
  pollMs: number;
  retryMs: number;
  throttleMs: number;
  sms?: SmsAccount & { templateNotice: string; templateDigest: string };
}

/** A message neither sent nor failed after this long was lost with its worker: its notices go again. */
export const CHANNEL_IN_FLIGHT_MS = 30_000;
/** The provider's window of its per-minute quota, with a margin for the clocks and the request's way. */
const QUOTA_WINDOW_MS = 62_000;
/** A digest is kept within 企业微信's markdown limit (4096 bytes). */
const DIGEST_BYTES = 4000;
/** Targets a round serves at once. */
const TARGETS_AT_ONCE = 4;
/** Notices one message carries at most. */
const MAX_PER_MESSAGE = 200;

interface Claimed {
  id: bigint;
  dedupeKey: string;
  title: string;
  body: string;
  line: string;
  mentions: string[];
}

export interface DispatchRound {
  messages: number;
  sent: number;
}

/** Where the dispatcher's lines go (the worker's pino logger); nowhere by default. */
const silent: RoundLog = { warn: () => undefined };

export function createChannelDispatcher(db: Database, settings: ChannelDispatcherSettings, log: RoundLog = silent) {
  const quotaOf = (channel: string) => (channel === 'sms' ? settings.smsPerMinute : settings.robotPerMinute);

  /** Takes a message's slot of the target's quota and its notices, or nothing when the target must wait. */
  async function claim(channel: string, target: string): Promise<{ messageId: bigint; rows: Claimed[] } | undefined> {
    return db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `channel:${channel}:${target}`);
      const [state] = await tx.$queryRawUnsafe<{ used: bigint; inflight: bigint; throttled: bigint; failed: bigint }[]>(
        `SELECT
           count(*) FILTER (WHERE "status" IN ('sending', 'sent', 'throttled') AND "createdAt" > now() - make_interval(secs => $3)) AS used,
           count(*) FILTER (WHERE "status" = 'sending') AS inflight,
           count(*) FILTER (WHERE "status" = 'throttled' AND "finishedAt" > now() - make_interval(secs => $4)) AS throttled,
           count(*) FILTER (WHERE "status" = 'failed' AND "finishedAt" > now() - make_interval(secs => $5)) AS failed
         FROM "ChannelMessage" WHERE "channel" = $1 AND "target" = $2 AND "createdAt" > now() - make_interval(secs => $6)`,
        channel,
        target,
        QUOTA_WINDOW_MS / 1000,
        (channel === 'dingtalk' ? settings.throttleMs : QUOTA_WINDOW_MS) / 1000,
        settings.retryMs / 1000,
        Math.max(QUOTA_WINDOW_MS, settings.throttleMs, settings.retryMs) / 1000,
      );
      if (Number(state.inflight) > 0 || Number(state.throttled) > 0 || Number(state.failed) > 0 || Number(state.used) >= quotaOf(channel)) return undefined;
      const [message] = await tx.$queryRawUnsafe<{ id: bigint }[]>(
        `INSERT INTO "ChannelMessage" ("channel", "target", "deliveries", "digest", "status") VALUES ($1, $2, 0, false, 'sending') RETURNING "id"`,
        channel,
        target,
      );
      const rows = await tx.$queryRawUnsafe<Claimed[]>(
        `UPDATE "ChannelDelivery" SET "messageId" = $3, "attempts" = "attempts" + 1
         WHERE "id" IN (SELECT "id" FROM "ChannelDelivery"
                        WHERE "channel" = $1 AND "target" = $2 AND "status" = 'pending' AND "messageId" IS NULL AND "notBefore" <= now()
                        ORDER BY "id" LIMIT $4)
         RETURNING "id", "dedupeKey", "title", "body", "line", "mentions"`,
        channel,
        target,
        message.id,
        MAX_PER_MESSAGE,
      );
      if (rows.length === 0) {
        await tx.channelMessage.delete({ where: { id: message.id } });
        return undefined;
      }
      return { messageId: message.id, rows: rows.sort((a, b) => (a.id < b.id ? -1 : 1)) };
    });
  }

  /** The notices a digest carries (within its bytes), the rest back to waiting. */
  async function fitDigest(rows: Claimed[]): Promise<Claimed[]> {
    let size = 200; // the header
    const kept: Claimed[] = [];
    for (const r of rows) {
      size += Buffer.byteLength(r.line, 'utf8') + 1;
      if (size > DIGEST_BYTES && kept.length > 0) break;
      kept.push(r);
    }
    const back = rows.slice(kept.length).map((r) => r.id);
    if (back.length) await db.channelDelivery.updateMany({ where: { id: { in: back } }, data: { messageId: null, attempts: { decrement: 1 } } });
    return kept;
  }

  async function call(channel: string, target: string, rows: Claimed[]): Promise<SendOutcome | 'dropped'> {
    if (channel === 'sms') {
      if (!settings.sms) return 'dropped';
      const first = JSON.parse(rows[0].body) as Record<string, string>;
      return rows.length === 1
        ? sendSms(settings.sms, { phones: [target], templateCode: settings.sms.templateNotice, params: first })
        : sendSms(settings.sms, {
            phones: [target],
            templateCode: settings.sms.templateDigest,
            params: { unit: first.unit, count: String(rows.length), first: clip(rows[0].line, SMS_PARAM_CHARS) },
          });
    }
    const unit = (await unitChannels(db)).get(target);
    const webhook = channel === 'dingtalk' ? unit?.dingtalkWebhook : unit?.wecomWebhook;
    if (!webhook) return 'dropped';
    const mentions = [...new Set(rows.flatMap((r) => r.mentions))];
    const message =
      rows.length === 1
        ? { title: rows[0].title, text: rows[0].body, mentions }
        : { title: `隐患通知汇总（${rows.length}条）`, text: clipBytes(`#### 护校安园：${rows.length}条通知待办\n\n${rows.map((r) => r.line).join('\n')}`, DIGEST_BYTES), mentions };
    return channel === 'dingtalk' ? sendDingtalk(webhook, unit?.dingtalkSecret ?? null, message) : sendWecom(webhook, message);
  }

  /** One message to a target, if its quota lets it: the notice alone or a digest of those waiting. */
  async function dispatchTarget(channel: string, target: string): Promise<{ sent: number } | undefined> {
    const claimed = await claim(channel, target);
    if (!claimed) return undefined;
    const rows = channel === 'sms' || claimed.rows.length === 1 ? claimed.rows : await fitDigest(claimed.rows);
    const ids = rows.map((r) => r.id);
    const digest = rows.length > 1;
    await db.channelMessage.update({ where: { id: claimed.messageId }, data: { deliveries: rows.length, digest } });
    let outcome: SendOutcome | 'dropped';
    try {
      outcome = await call(channel, target, rows);
    } catch (err) {
      outcome = { result: 'failed', answer: err instanceof Error ? `${err.name}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err) };
    }
    const finishedAt = new Date();
    if (outcome === 'dropped') {
      await db.channelDelivery.updateMany({ where: { id: { in: ids } }, data: { status: 'dropped', lastError: 'the target has no such channel any more' } });
      await db.channelMessage.update({ where: { id: claimed.messageId }, data: { status: 'dropped', finishedAt } });
      log.warn('channel notices dropped: the target left the directory', { channel, notices: rows.length });
      return { sent: 0 };
    }
    if (outcome.result === 'sent') {
      await db.channelDelivery.updateMany({ where: { id: { in: ids } }, data: { status: 'sent', sentAt: finishedAt, lastError: null } });
      await db.channelMessage.update({ where: { id: claimed.messageId }, data: { status: 'sent', answer: outcome.answer, finishedAt } });
      return { sent: rows.length };
    }
    await db.channelDelivery.updateMany({ where: { id: { in: ids } }, data: { messageId: null, lastError: outcome.answer } });
    await db.channelMessage.update({ where: { id: claimed.messageId }, data: { status: outcome.result, answer: outcome.answer, finishedAt } });
    log.warn(outcome.result === 'throttled' ? 'channel over its quota, notices wait' : 'channel failed, notices retried', { channel, notices: rows.length, answer: outcome.answer });
    return { sent: 0 };
  }

  /** Messages lost with their worker (sending for too long): their notices wait again. */
  async function reclaimAbandoned(): Promise<void> {
    const stale = await db.$queryRawUnsafe<{ id: bigint }[]>(
      `UPDATE "ChannelMessage" SET "status" = 'abandoned', "finishedAt" = now() WHERE "status" = 'sending' AND "createdAt" < now() - make_interval(secs => $1) RETURNING "id"`,
      CHANNEL_IN_FLIGHT_MS / 1000,
    );
    if (stale.length) await db.channelDelivery.updateMany({ where: { messageId: { in: stale.map((s) => s.id) }, status: 'pending' }, data: { messageId: null } });
  }

  /** One round: every target with notices due gets at most one message. */
  async function dispatchOnce(): Promise<DispatchRound> {
    await reclaimAbandoned();
    const targets = await db.$queryRawUnsafe<{ channel: string; target: string }[]>(
      `SELECT DISTINCT "channel", "target" FROM "ChannelDelivery" WHERE "status" = 'pending' AND "messageId" IS NULL AND "notBefore" <= now()`,
    );
    // A few targets at a time: each holds a database connection while it claims (the pool is small).
    const results: ({ sent: number } | undefined)[] = [];
    for (let i = 0; i < targets.length; i += TARGETS_AT_ONCE) {
      const slice = targets.slice(i, i + TARGETS_AT_ONCE);
      results.push(
        ...(await Promise.all(
          slice.map((t) =>
            dispatchTarget(t.channel, t.target).catch(
              (err) => void log.warn('channel target failed, retried', { channel: t.channel, error: err instanceof Error ? err.message : String(err) }),
            ),
          ),
        )),
      );
    }
    const done = results.filter((r): r is { sent: number } => !!r);
    return { messages: done.length, sent: done.reduce((n, r) => n + r.sent, 0) };
  }

  return {
    dispatchOnce,
    /** Polls every pollMs until stop(); a round's failure (the database down) is retried at the next. */
    ...pollInRounds(dispatchOnce, settings.pollMs, log, 'channel dispatcher round failed, retried'),
  };
}

export type ChannelDispatcher = ReturnType<typeof createChannelDispatcher>;

/** The dispatcher's settings from the configuration (common/config.ts). */
export function channelDispatcherSettings(c: {
  CHANNEL_ROBOT_PER_MINUTE: number;
  CHANNEL_SMS_PER_MINUTE: number;
  CHANNEL_POLL_MS: number;
  CHANNEL_RETRY_MS: number;
  CHANNEL_THROTTLE_MS: number;
  SMS_ENDPOINT: string;
  SMS_ACCESS_KEY_ID?: string;
  SMS_ACCESS_KEY_SECRET?: string;
  SMS_SIGN_NAME: string;
  SMS_TEMPLATE_NOTICE: string;
  SMS_TEMPLATE_DIGEST: string;
}): ChannelDispatcherSettings {
  return {
    robotPerMinute: c.CHANNEL_ROBOT_PER_MINUTE,
    smsPerMinute: c.CHANNEL_SMS_PER_MINUTE,
    pollMs: c.CHANNEL_POLL_MS,
    retryMs: c.CHANNEL_RETRY_MS,
    throttleMs: c.CHANNEL_THROTTLE_MS,
    ...(c.SMS_ACCESS_KEY_ID && c.SMS_ACCESS_KEY_SECRET
      ? {
          sms: {
            endpoint: c.SMS_ENDPOINT,
            accessKeyId: c.SMS_ACCESS_KEY_ID,
            accessKeySecret: c.SMS_ACCESS_KEY_SECRET,
            signName: c.SMS_SIGN_NAME,
            templateNotice: c.SMS_TEMPLATE_NOTICE,
            templateDigest: c.SMS_TEMPLATE_DIGEST,
          },
        }
      : {}),
  };
}
