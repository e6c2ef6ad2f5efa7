// Local stand-ins for the providers of the notice channels (docs/channels.md), one HTTP server on
// the loopback interface: the 钉钉 custom robot (POST /robot/send), the 企业微信 group robot
// (POST /cgi-bin/webhook/send) and Alibaba Cloud's SendSms (POST / with Action=SendSms). Each
// implements and VERIFIES its provider's documented contract — 加签 within the hour, JSON shape,
// byte limits, 20 messages a minute per robot (钉钉: then refused for 10 minutes), the SMS RPC
// signature, nonce and timestamp, sign name, approved template and its parameters — and answers
// with the provider's errcode / Code. It keeps what it received (accepted or refused, and why).
// Written apart from the product's senders (activities/channel-senders.ts): the checks here are
// coded from the documentation, not by calling the code they check.
//
//   tsx devstack/channel-servers.ts     (CHANNEL_SERVERS_PORT=1090)
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../common/database';
import type { UnitChannels } from '../common/views';

export type ChannelName = 'dingtalk' | 'wecom' | 'sms';

export interface ReceivedMessage {
  seq: number;
  at: string;
  channel: ChannelName;
  /** The robot (its access_token / key) or the SMS account's AccessKeyId. */
  robot: string;
  /** What was posted: the JSON body of a robot message, the SMS parameters. */
  body: Record<string, unknown>;
  /** Accepted (errcode 0 / Code OK) or refused, with the answer given. */
  accepted: boolean;
  answer: Record<string, unknown>;
  /** Why a message was refused, in words. */
  reason?: string;
}

export interface SmsTemplate {
  code: string;
  /** The approved text, with ${name} parameters. */
  text: string;
}

export interface ChannelServersOptions {
  port?: number;
  host?: string;
  /** 钉钉 robots: access_token → 加签 secret. */
  dingtalk?: Record<string, string>;
  /** 企业微信 robot keys. */
  wecom?: string[];
  sms?: { accessKeyId: string; accessKeySecret: string; signName: string; templates: SmsTemplate[] };
  /** Messages a robot may send per minute (the providers' 20). */
  robotPerMinute?: number;
  /** How long a 钉钉 robot over its quota is refused (10 minutes). */
  dingtalkThrottleMs?: number;
}

export interface ChannelServers {
  url: string;
  port: number;
  /** The webhook of a 钉钉 robot (without timestamp and sign). */
  dingtalkWebhook(token: string): string;
  wecomWebhook(key: string): string;
  smsEndpoint: string;
  addDingtalkRobot(token: string, secret: string): void;
  addWecomRobot(key: string): void;
  received(filter?: { channel?: ChannelName; robot?: string; accepted?: boolean }): ReceivedMessage[];
  clear(): void;
  /** Takes a provider away (connections dropped as they come) or gives it back. */
  outage(channel: ChannelName, down: boolean): void;
  stop(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
const MINUTE = 60_000;
/** 钉钉: "与请求调用时间误差不能超过1小时". */
const DINGTALK_TIMESTAMP_WINDOW_MS = 3_600_000;
/** 企业微信: markdown content ≤ 4096 bytes, text ≤ 2048 bytes. */
const WECOM_MARKDOWN_BYTES = 4096;
const WECOM_TEXT_BYTES = 2048;
/** Alibaba Cloud: a parameter within 20 characters (docs/channels.md); a request's Timestamp within 15 minutes. */
const SMS_PARAM_CHARS = 20;
const SMS_TIMESTAMP_WINDOW_MS = 15 * MINUTE;

/** RFC 3986 percent-encoding as Alibaba Cloud's signature documents it. */
const aliyunEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const bytes = (s: unknown) => Buffer.byteLength(typeof s === 'string' ? s : '', 'utf8');
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

export async function startChannelServers(opts: ChannelServersOptions = {}): Promise<ChannelServers> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`the channel servers listen on loopback only, not ${host}`);
  const perMinute = opts.robotPerMinute ?? 20;
  const throttleMs = opts.dingtalkThrottleMs ?? 10 * MINUTE;
  const dingtalk = new Map(Object.entries(opts.dingtalk ?? {}));
  const wecom = new Set(opts.wecom ?? []);
  const sms = opts.sms;
  const down = new Set<ChannelName>();
  const log: ReceivedMessage[] = [];
  let seq = 0;
  /** Accepted messages' instants per robot (the sliding minute), and 钉钉 robots refused until. */
  const sent = new Map<string, number[]>();
  const throttledUntil = new Map<string, number>();
  const nonces = new Set<string>();

  const record = (m: Omit<ReceivedMessage, 'seq' | 'at'>) => {
    log.push({ seq: ++seq, at: new Date().toISOString(), ...m });
  };
  /** One more message of a robot in its minute: false when it is over the quota. */
  const withinQuota = (robot: string, now: number) => {
    const times = (sent.get(robot) ?? []).filter((t) => t > now - MINUTE);
    sent.set(robot, times);
    if (times.length >= perMinute) return false;
    times.push(now);
    return true;
  };

  function dingtalkSend(url: URL, body: Record<string, unknown>, raw: string): { answer: Record<string, unknown>; robot: string; reason?: string } {
    const token = url.searchParams.get('access_token') ?? '';
    const secret = dingtalk.get(token);
    const refuse = (errcode: number, errmsg: string, reason = errmsg) => ({ answer: { errcode, errmsg }, robot: token, reason });
    if (secret === undefined) return refuse(300001, 'token is not exist');
    const timestamp = url.searchParams.get('timestamp');
    const sign = url.searchParams.get('sign');
    if (!timestamp || !sign) return refuse(310000, 'sign not match, more: timestamp and sign are required (加签)');
    const now = Date.now();
    if (!/^\d{13}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > DINGTALK_TIMESTAMP_WINDOW_MS)
      return refuse(310000, 'invalid timestamp', `timestamp ${timestamp} not within an hour of now (milliseconds)`);
    // URLSearchParams has decoded the urlencoded signature once: compare it with the Base64 HMAC.
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
    if (sign !== expected) return refuse(310000, 'sign not match');
    if (raw.length === 0 || !body) return refuse(400102, 'msgtype is empty');
    const msgtype = body.msgtype;
    const at = body.at as { atMobiles?: unknown; isAtAll?: unknown } | undefined;
    if (at !== undefined && (typeof at !== 'object' || (at.atMobiles !== undefined && !isStringArray(at.atMobiles)))) return refuse(400104, 'at.atMobiles must be a list of mobile numbers');
    if (msgtype === 'markdown') {
      const md = body.markdown as { title?: unknown; text?: unknown } | undefined;
      if (!md || typeof md.title !== 'string' || !md.title || typeof md.text !== 'string' || !md.text) return refuse(400105, 'markdown.title and markdown.text are required');
    } else if (msgtype === 'actionCard') {
      const card = body.actionCard as { title?: unknown; text?: unknown; singleURL?: unknown; btns?: unknown } | undefined;
      if (!card || typeof card.title !== 'string' || typeof card.text !== 'string' || (typeof card.singleURL !== 'string' && !Array.isArray(card.btns)))
        return refuse(400105, 'actionCard needs title, text and singleURL or btns');
    } else if (msgtype === 'text') {
      const text = body.text as { content?: unknown } | undefined;
      if (!text || typeof text.content !== 'string' || !text.content) return refuse(400105, 'text.content is required');
    } else {
      return refuse(400101, `msgtype ${String(msgtype)} is not supported`);
    }
    const until = throttledUntil.get(token) ?? 0;
    if (until > now) return refuse(130101, 'send too fast, exceed 20 times per minute', `throttled until ${new Date(until).toISOString()}`);
    if (!withinQuota(`dingtalk:${token}`, now)) {
      throttledUntil.set(token, now + throttleMs);
      return refuse(130101, 'send too fast, exceed 20 times per minute', `over ${perMinute} a minute: throttled for ${throttleMs / 1000} s`);
    }
    return { answer: { errcode: 0, errmsg: 'ok' }, robot: token };
  }

  function wecomSend(url: URL, body: Record<string, unknown>): { answer: Record<string, unknown>; robot: string; reason?: string } {
    const key = url.searchParams.get('key') ?? '';
    const refuse = (errcode: number, errmsg: string, reason = errmsg) => ({ answer: { errcode, errmsg }, robot: key, reason });
    if (!wecom.has(key)) return refuse(93000, 'invalid webhook url');
    if (!body) return refuse(40008, 'invalid message type');
    if (body.msgtype === 'markdown') {
      const md = body.markdown as Record<string, unknown> | undefined;
      if (!md || typeof md.content !== 'string' || !md.content) return refuse(40008, 'markdown.content is required');
      if (Object.keys(md).some((k) => k !== 'content'))
        return refuse(
          40058,
          `markdown takes only content, not ${Object.keys(md)
            .filter((k) => k !== 'content')
            .join(', ')}`,
        );
      if (bytes(md.content) > WECOM_MARKDOWN_BYTES) return refuse(40058, `markdown.content exceed max length ${WECOM_MARKDOWN_BYTES}`, `markdown of ${bytes(md.content)} bytes`);
    } else if (body.msgtype === 'text') {
      const text = body.text as Record<string, unknown> | undefined;
      if (!text || typeof text.content !== 'string' || !text.content) return refuse(40008, 'text.content is required');
      if (bytes(text.content) > WECOM_TEXT_BYTES) return refuse(40058, `text.content exceed max length ${WECOM_TEXT_BYTES}`, `text of ${bytes(text.content)} bytes`);
      for (const list of ['mentioned_list', 'mentioned_mobile_list']) if (text[list] !== undefined && !isStringArray(text[list])) return refuse(40058, `${list} must be a list of strings`);
    } else {
      return refuse(40008, `invalid message type ${String(body.msgtype)}`);
    }
    if (!withinQuota(`wecom:${key}`, Date.now())) return refuse(45009, 'api freq out of limit', `over ${perMinute} a minute`);
    return { answer: { errcode: 0, errmsg: 'ok' }, robot: key };
  }

  function sendSms(params: URLSearchParams): { answer: Record<string, unknown>; robot: string; reason?: string; status: number } {
    const requestId = randomUUID().toUpperCase();
    const keyId = params.get('AccessKeyId') ?? '';
    const refuse = (status: number, Code: string, Message: string, reason = Message) => ({ answer: { Code, Message, RequestId: requestId }, robot: keyId, reason, status });
    if (!sms || keyId !== sms.accessKeyId) return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (params.get('SignatureMethod') !== 'HMAC-SHA1' || params.get('SignatureVersion') !== '1.0')
      return refuse(400, 'IncompleteSignature', 'SignatureMethod HMAC-SHA1 and SignatureVersion 1.0 are required');
    if (params.get('Action') !== 'SendSms' || params.get('Version') !== '2017-05-25')
      return refuse(400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    const timestamp = params.get('Timestamp') ?? '';
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(timestamp) || Math.abs(Date.now() - Date.parse(timestamp)) > SMS_TIMESTAMP_WINDOW_MS)
      return refuse(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired: ${timestamp}`);
    const signature = params.get('Signature') ?? '';
    const canonical = [...params.entries()]
      .filter(([k]) => k !== 'Signature')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${aliyunEncode(k)}=${aliyunEncode(v)}`)
      .join('&');
    const expected = createHmac('sha1', `${sms.accessKeySecret}&`)
      .update(`POST&${aliyunEncode('/')}&${aliyunEncode(canonical)}`, 'utf8')
      .digest('base64');
    if (signature !== expected) return refuse(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    const nonce = params.get('SignatureNonce') ?? '';
    if (!nonce || nonces.has(nonce)) return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(nonce);
    if (params.get('SignName') !== sms.signName) return refuse(200, 'isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
    const template = sms.templates.find((t) => t.code === params.get('TemplateCode'));
    if (!template) return refuse(200, 'isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
    const phones = (params.get('PhoneNumbers') ?? '').split(',');
    if (phones.length === 0 || phones.some((p) => !/^1\d{10}$/.test(p))) return refuse(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    let values: Record<string, unknown>;
    try {
      values = JSON.parse(params.get('TemplateParam') ?? '{}');
    } catch {
      return refuse(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    if (typeof values !== 'object' || values === null || Object.values(values).some((v) => typeof v !== 'string'))
      return refuse(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    const names = [...template.text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
    const absent = names.filter((n) => !(n in values));
    if (absent.length) return refuse(200, 'isv.TEMPLATE_MISSING_PARAMETERS', `模板缺少变量: ${absent.join(', ')}`);
    for (const [name, value] of Object.entries(values) as [string, string][]) {
      if ([...value].length > SMS_PARAM_CHARS) return refuse(200, 'isv.PARAM_LENGTH_LIMIT', `参数超出长度限制: ${name} (${[...value].length} 字符)`);
      if (/https?:\/\/|www\.|\.(com|cn|net)\b/i.test(value)) return refuse(200, 'isv.PARAM_NOT_SUPPORT_URL', `不支持URL: ${name}`);
    }
    return { answer: { Code: 'OK', Message: 'OK', BizId: `${Date.now()}^0`, RequestId: requestId }, robot: keyId, status: 200 };
  }

  /** The text an SMS shows: the sign name and the template with its parameters. */
  const smsText = (params: URLSearchParams) => {
    const template = sms?.templates.find((t) => t.code === params.get('TemplateCode'));
    let values: Record<string, string> = {};
    try {
      values = JSON.parse(params.get('TemplateParam') ?? '{}');
    } catch {
      // refused above
    }
    return template ? `【${params.get('SignName')}】${template.text.replace(/\$\{(\w+)\}/g, (_, n: string) => values[n] ?? '')}` : undefined;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const raw = Buffer.concat(chunks).toString('utf8');
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
      const channel: ChannelName | undefined =
        url.pathname === '/robot/send' ? 'dingtalk' : url.pathname === '/cgi-bin/webhook/send' ? 'wecom' : url.pathname === '/' && req.method === 'POST' ? 'sms' : undefined;
      if (channel && down.has(channel)) {
        req.socket.destroy(); // the provider cannot be reached
        return;
      }
      if (channel === 'dingtalk' || channel === 'wecom') {
        if (req.method !== 'POST') return json(405, { errcode: 43002, errmsg: 'require POST method' });
        let body: Record<string, unknown> | undefined;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = undefined;
        }
        if (!/^application\/json/i.test(req.headers['content-type'] ?? '') || (raw && !body)) {
          const answer = channel === 'dingtalk' ? { errcode: 43004, errmsg: 'invalid content-type or JSON' } : { errcode: 40016, errmsg: 'invalid content-type or JSON' };
          record({ channel, robot: url.searchParams.get(channel === 'dingtalk' ? 'access_token' : 'key') ?? '', body: { raw }, accepted: false, answer, reason: 'not a JSON body' });
          return json(200, answer);
        }
        const out = channel === 'dingtalk' ? dingtalkSend(url, body ?? {}, raw) : wecomSend(url, body ?? {});
        record({ channel, robot: out.robot, body: body ?? {}, accepted: out.answer.errcode === 0, answer: out.answer, reason: out.reason });
        return json(200, out.answer);
      }
      if (channel === 'sms') {
        const params = new URLSearchParams(/^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '') ? raw : url.search);
        const out = sendSms(params);
        const body = Object.fromEntries(['PhoneNumbers', 'SignName', 'TemplateCode', 'TemplateParam'].map((k) => [k, params.get(k)]));
        const accepted = out.answer.Code === 'OK';
        record({ channel, robot: out.robot, body: accepted ? { ...body, text: smsText(params) } : body, accepted, answer: out.answer, reason: out.reason });
        return json(out.status, out.answer);
      }
      if (url.pathname === '/api/received' && req.method === 'GET') return json(200, log);
      if (url.pathname === '/api/received' && req.method === 'DELETE') {
        log.length = 0;
        return res.writeHead(204).end();
      }
      json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    dingtalkWebhook: (token) => `${url}/robot/send?access_token=${encodeURIComponent(token)}`,
    wecomWebhook: (key) => `${url}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    smsEndpoint: `${url}/`,
    addDingtalkRobot: (token, secret) => void dingtalk.set(token, secret),
    addWecomRobot: (key) => void wecom.add(key),
    received: (filter = {}) =>
      log.filter(
        (m) =>
          (filter.channel === undefined || m.channel === filter.channel) &&
          (filter.robot === undefined || m.robot === filter.robot) &&
          (filter.accepted === undefined || m.accepted === filter.accepted),
      ),
    clear: () => {
      log.length = 0;
    },
    outage: (channel, isDown) => void (isDown ? down.add(channel) : down.delete(channel)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A received message as people read it (the mail catcher's page): the markdown, the text, the SMS as shown. */
export function receivedText(m: ReceivedMessage): string {
  const b = m.body as Record<string, any>;
  if (m.channel === 'dingtalk') return String(b.markdown?.text ?? b.text?.content ?? b.actionCard?.text ?? JSON.stringify(b));
  if (m.channel === 'wecom') return String(b.markdown?.content ?? b.text?.content ?? JSON.stringify(b));
  return `${String(b.PhoneNumbers ?? '')}: ${String(b.text ?? `${b.TemplateCode} ${b.TemplateParam}`)}`;
}

/** The SMS templates the product uses (activities/channel-notices.ts), as approved on the laptop's stand-in. */
export const LAPTOP_SMS_TEMPLATES: SmsTemplate[] = [
  { code: 'SMS_CS_NOTICE', text: '${unit}：您有一项${notice}（${item}），${deadline}，详见邮件或工作群，请及时登录督办系统办理。' },
  { code: 'SMS_CS_DIGEST', text: '${unit}：您有${count}项隐患通知待办（${first}等），详见邮件或工作群，请及时登录督办系统办理。' },
];

/** The laptop's robots and SMS account (npm start): fixed, so the directory's webhooks stay valid across restarts. */
export const LAPTOP_CHANNELS = {
  servers: {
    dingtalk: { 'laptop-market': 'SEClaptopmarket0123456789abcdef', 'laptop-edu': 'SEClaptopedu0123456789abcdef' } as Record<string, string>,
    wecom: ['laptop-market-wecom', 'laptop-s01-wecom'],
    sms: { accessKeyId: 'laptop-access-key', accessKeySecret: 'laptop-access-key-secret', signName: '护校安园', templates: LAPTOP_SMS_TEMPLATES },
  },
};

/** A unit's channels (UnitChannel) with only those `given`: no mobiles, no group robot otherwise. */
export const unitChannelsWith = (unitType: string, unitId: string, given: Partial<Omit<UnitChannels, 'unitType' | 'unitId'>>): UnitChannels => ({
  unitType,
  unitId,
  contactMobiles: [],
  leaderMobiles: [],
  dingtalkWebhook: null,
  dingtalkSecret: null,
  wecomWebhook: null,
  ...given,
});

/**
 * The sample directory's channels on the laptop: 区市场监管局 with a 钉钉 and a 企业微信 group and
 * mobiles, the bureau with a 钉钉 group, 鱼峰区第一实验小学 with a 企业微信 group and the
 * principal's mobile. Written once (an edit through the directory page is kept).
 */
export async function seedLaptopChannels(db: Database, servers: ChannelServers): Promise<void> {
  const rows = [
    unitChannelsWith('department', 'market', {
      contactMobiles: ['13800000001'],
      leaderMobiles: ['13900000001'],
      dingtalkWebhook: servers.dingtalkWebhook('laptop-market'),
      dingtalkSecret: LAPTOP_CHANNELS.servers.dingtalk['laptop-market'],
      wecomWebhook: servers.wecomWebhook('laptop-market-wecom'),
    }),
    unitChannelsWith('department', 'edu', {
      contactMobiles: ['13800000002'],
      dingtalkWebhook: servers.dingtalkWebhook('laptop-edu'),
      dingtalkSecret: LAPTOP_CHANNELS.servers.dingtalk['laptop-edu'],
    }),
    unitChannelsWith('school', 's01', { contactMobiles: ['13700000001'], wecomWebhook: servers.wecomWebhook('laptop-s01-wecom') }),
  ];
  for (const row of rows) {
    await db.unitChannel.upsert({ where: { unitType_unitId: { unitType: row.unitType, unitId: row.unitId } }, create: row, update: {} });
  }
}

if (require.main === module) {
  startChannelServers({ port: Number(process.env.CHANNEL_SERVERS_PORT ?? 1090), ...LAPTOP_CHANNELS.servers }).then(
    (s) => console.log(`channel servers on ${s.url} (钉钉 /robot/send, 企业微信 /cgi-bin/webhook/send, SMS /); received: ${s.url}/api/received`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
