// npm run bench:channels — a 60 s outage of 钉钉, 企业微信 and SMS, measured with the production
// settings (docs/channels.md): an embedded PostgreSQL, the local providers, the channel dispatcher
// with its defaults, and a notice to 区市场监管局 (its 钉钉 and 企业微信 groups and its contact's
// mobile) every 2 s for 150 s, queued as the mail activity queues them; all three providers down from
// 20 s to 80 s. It prints whether every notice arrived exactly once on every target, how late, and
// in how many messages (alone or in digests). Options: --outage SECONDS (60), --for SECONDS (150),
// --every MS (2000).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { channelDispatcherSettings, createChannelDispatcher } from '../activities/channel-dispatcher';
import { enqueueChannelNotice } from '../activities/channel-notices';
import { loadConfig } from '../common/config';
import { createDatabase } from '../common/database';
import { configureDirectoryCache } from '../common/directory-cache';
import { DEFAULT_TIME_ZONE } from '../common/time';
import { prepareAppDatabase } from '../devstack/app-database';
import { LAPTOP_CHANNELS, receivedText, startChannelServers } from '../devstack/channel-servers';
import { freePort } from '../devstack/free-port';
import { startEmbeddedPostgres } from '../devstack/postgres';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const OUTAGE_S = Number(arg('outage', '60'));
const FOR_S = Number(arg('for', '150'));
const EVERY_MS = Number(arg('every', '2000'));
const OUTAGE_FROM_S = 20;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'campus-safety-bench-channels-'));
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), database: 'campus' });
  const servers = await startChannelServers(LAPTOP_CHANNELS.servers);
  try {
    await prepareAppDatabase(pg.url);
    configureDirectoryCache({ ttlMs: 1000 });
    const db = createDatabase(pg.url);
    const token = 'laptop-market';
    await db.unitChannel.upsert({
      where: { unitType_unitId: { unitType: 'department', unitId: 'market' } },
      create: {
        unitType: 'department',
        unitId: 'market',
        contactMobiles: ['13800000001'],
        leaderMobiles: [],
        dingtalkWebhook: servers.dingtalkWebhook(token),
        dingtalkSecret: LAPTOP_CHANNELS.servers.dingtalk[token],
        wecomWebhook: servers.wecomWebhook('laptop-market-wecom'),
      },
      update: {},
    });
    const config = loadConfig({
      ...process.env,
      SMS_ENDPOINT: servers.smsEndpoint,
      SMS_ACCESS_KEY_ID: LAPTOP_CHANNELS.servers.sms.accessKeyId,
      SMS_ACCESS_KEY_SECRET: LAPTOP_CHANNELS.servers.sms.accessKeySecret,
    });
    const settings = channelDispatcherSettings(config);
    const dispatcher = createChannelDispatcher(db, settings);
    dispatcher.start();
    console.log(
      `dispatcher: ${settings.robotPerMinute} a minute a robot, ${settings.smsPerMinute} SMS a minute a number, polls every ${settings.pollMs} ms, retries after ${settings.retryMs} ms`,
    );

    const t0 = Date.now();
    const queued: { key: string; at: number }[] = [];
    let n = 0;
    let outageEndedAt = 0;
    while (Date.now() - t0 < FOR_S * 1000) {
      const s = (Date.now() - t0) / 1000;
      const down = s >= OUTAGE_FROM_S && s < OUTAGE_FROM_S + OUTAGE_S;
      for (const c of ['dingtalk', 'wecom', 'sms'] as const) servers.outage(c, down);
      if (!down && s >= OUTAGE_FROM_S + OUTAGE_S && !outageEndedAt) outageEndedAt = Date.now();
      const key = `bench-outage:${t0}:${n}`;
      await enqueueChannelNotice(
        db,
        { sms: true, smsWorkingHoursOnly: false },
        {
          dedupeKey: key,
          kind: 'overdue_notice',
          hazardId: `BENCH-${n}`,
          to: [{ kind: 'department', departmentId: 'market' }],
          cc: [],
          toUnits: [{ role: 'department', unitId: 'market', name: '区市场监管局' }],
          subject: `【护校安园】逾期通知：“第${n}号隐患”已超过整改期限`,
          text: '区市场监管局：\n隐患已到期，仍未报告整改完成。',
          link: { url: `http://127.0.0.1:3000/hazards/BENCH-${n}` },
          copyLink: { url: `http://127.0.0.1:3000/hazards/BENCH-${n}`, copy: true },
          item: `BENCH-${n}`,
          timeZone: DEFAULT_TIME_ZONE,
        },
      );
      queued.push({ key, at: Date.now() });
      n++;
      await new Promise((r) => setTimeout(r, EVERY_MS));
    }
    for (const c of ['dingtalk', 'wecom', 'sms'] as const) servers.outage(c, false);
    if (!outageEndedAt) outageEndedAt = Date.now();
    // Until everything queued is sent (or 5 minutes).
    const keys = queued.map((q) => q.key);
    for (const until = Date.now() + 300_000; Date.now() < until;) {
      if ((await db.channelDelivery.count({ where: { dedupeKey: { in: keys }, status: { not: 'sent' } } })) === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await dispatcher.stop();
    const rows = await db.channelDelivery.findMany({ where: { dedupeKey: { in: keys } } });
    const sent = rows.filter((r) => r.status === 'sent');
    const lateness = sent.map((r) => r.sentAt!.getTime() - r.createdAt.getTime()).sort((a, b) => a - b);
    const duringOutage = sent.filter((r) => r.createdAt.getTime() - t0 >= OUTAGE_FROM_S * 1000 && r.createdAt.getTime() - t0 < (OUTAGE_FROM_S + OUTAGE_S) * 1000);
    const catchUp = (channel: string) => ((Math.max(...duringOutage.filter((r) => r.channel === channel).map((r) => r.sentAt!.getTime())) - outageEndedAt) / 1000).toFixed(1);
    const texts = (channel: 'dingtalk' | 'wecom' | 'sms') => servers.received({ channel, accepted: true }).map(receivedText).join('\n');
    const once = (channel: 'dingtalk' | 'wecom') => queued.every((_, i) => texts(channel).split(`“第${i}号隐患”`).length - 1 === 1);
    const smsNotices = servers
      .received({ channel: 'sms', accepted: true })
      .reduce((sum, m) => sum + (m.body.TemplateCode === 'SMS_CS_DIGEST' ? Number(JSON.parse(String(m.body.TemplateParam)).count) : 1), 0);
    const messages = await db.channelMessage.groupBy({ by: ['channel', 'status'], _count: true, where: { target: { in: ['department:market', '13800000001'] } } });
    console.log(
      [
        `notices queued: ${queued.length} (one every ${EVERY_MS} ms for ${FOR_S} s), on 3 targets: ${rows.length} deliveries; outage of all three providers from ${OUTAGE_FROM_S} s for ${OUTAGE_S} s`,
        `sent: ${sent.length} of ${rows.length}; 钉钉 each notice exactly once: ${once('dingtalk')}; 企业微信: ${once('wecom')}; SMS notices carried: ${smsNotices} of ${queued.length}`,
        `refused by a provider: ${servers.received({ accepted: false }).length}`,
        `delay queued → sent: p50 ${(lateness[Math.floor(lateness.length / 2)] / 1000).toFixed(1)} s, p95 ${(lateness[Math.floor(lateness.length * 0.95)] / 1000).toFixed(1)} s, max ${(lateness.at(-1)! / 1000).toFixed(1)} s`,
        `the notices queued during the outage all sent after it ended: 钉钉 ${catchUp('dingtalk')} s, 企业微信 ${catchUp('wecom')} s, SMS ${catchUp('sms')} s (SMS: ${settings.smsPerMinute} a minute a number)`,
        `messages: ${messages.map((m) => `${m.channel} ${m.status} ${m._count}`).join(', ')}`,
      ].join('\n'),
    );
    await db.$disconnect();
  } finally {
    await servers.stop();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(pg.dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
