// The providers' HTTP calls, as each documents them (docs/channels.md): a 钉钉 robot's signed
// POST (加签), a 企业微信 robot's POST, Alibaba Cloud's SendSms with its RPC signature. Each
// returns what the provider answered, sorted into sent, throttled (over the quota) or failed; a
// provider that cannot be reached throws.
import { createHmac, randomUUID } from 'node:crypto';

export type SendOutcome = { result: 'sent'; answer: string } | { result: 'throttled'; answer: string } | { result: 'failed'; answer: string };

/** A provider that does not answer is given up on within this time (the attempt is retried). */
const TIMEOUT_MS = 10_000;

async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: failed below
  }
  return { status: res.status, json, text: text.slice(0, 500) };
}

/** 钉钉 加签: urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret))), the timestamp in milliseconds. */
export function dingtalkSignedUrl(webhook: string, secret: string, nowMs = Date.now()): string {
  const timestamp = String(nowMs);
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  const url = new URL(webhook);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('sign', sign); // URLSearchParams url-encodes it (+ / = escaped)
  return url.toString();
}

export interface RobotMessage {
  title: string;
  /** Markdown. */
  text: string;
  mentions: string[];
}

/** 钉钉: markdown, the mentioned mobiles in `at.atMobiles` and written as @mobile in the text. */
export async function sendDingtalk(webhook: string, secret: string | null, m: RobotMessage): Promise<SendOutcome> {
  const mentions = m.mentions.length ? `\n\n${m.mentions.map((p) => `@${p}`).join(' ')}` : '';
  const body = { msgtype: 'markdown', markdown: { title: m.title, text: `${m.text}${mentions}` }, at: { atMobiles: m.mentions, isAtAll: false } };
  const { json, text } = await postJson(secret ? dingtalkSignedUrl(webhook, secret) : webhook, body);
  if (json.errcode === 0) return { result: 'sent', answer: text };
  if (json.errcode === 130101) return { result: 'throttled', answer: text };
  return { result: 'failed', answer: text };
}

/** 企业微信's limits: markdown ≤ 4096 bytes, text ≤ 2048 bytes (UTF-8). */
export const WECOM_MARKDOWN_BYTES = 4096;
export const WECOM_TEXT_BYTES = 2048;

/** A markdown message's text as plain text (links as "label：url"). */
const plainText = (markdown: string) =>
  markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1：$2')
    .replace(/^#+\s*/gm, '')
    .replace(/\*\*/g, '');

/**
 * 企业微信: markdown; a message that mentions people as text with mentioned_mobile_list (markdown
 * cannot mention by mobile), when it fits the text's 2048 bytes.
 */
export async function sendWecom(webhook: string, m: RobotMessage): Promise<SendOutcome> {
  const asText = `${m.title}\n${plainText(m.text)}`;
  const body =
    m.mentions.length && Buffer.byteLength(asText, 'utf8') <= WECOM_TEXT_BYTES
      ? { msgtype: 'text', text: { content: asText, mentioned_mobile_list: m.mentions } }
      : { msgtype: 'markdown', markdown: { content: m.text } };
  const { json, text } = await postJson(webhook, body);
  if (json.errcode === 0) return { result: 'sent', answer: text };
  if (json.errcode === 45009) return { result: 'throttled', answer: text };
  return { result: 'failed', answer: text };
}

export interface SmsAccount {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
}

/** Percent-encoding as Alibaba Cloud's RPC signature wants it (RFC 3986). */
const percentEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The signed form of a SendSms request (signature version 1.0, HMAC-SHA1, POST). */
export function signedSendSms(account: Omit<SmsAccount, 'endpoint'>, sms: { phones: string[]; templateCode: string; params: Record<string, string> }, now = new Date()): URLSearchParams {
  const params: Record<string, string> = {
    AccessKeyId: account.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: sms.phones.join(','),
    RegionId: 'cn-hangzhou',
    SignName: account.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: sms.templateCode,
    TemplateParam: JSON.stringify(sms.params),
    Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&');
  const signature = createHmac('sha1', `${account.accessKeySecret}&`)
    .update(`POST&${percentEncode('/')}&${percentEncode(canonical)}`, 'utf8')
    .digest('base64');
  return new URLSearchParams({ ...params, Signature: signature });
}

export async function sendSms(account: SmsAccount, sms: { phones: string[]; templateCode: string; params: Record<string, string> }): Promise<SendOutcome> {
  const res = await fetch(account.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: signedSendSms(account, sms).toString(),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = (await res.text()).slice(0, 500);
  let code: unknown;
  try {
    code = (JSON.parse(text) as { Code?: unknown }).Code;
  } catch {
    code = undefined;
  }
  if (code === 'OK') return { result: 'sent', answer: text };
  if (code === 'isv.BUSINESS_LIMIT_CONTROL') return { result: 'throttled', answer: text };
  return { result: 'failed', answer: text };
}
