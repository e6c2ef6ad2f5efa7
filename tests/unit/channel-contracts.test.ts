// The local providers (devstack/channel-servers.ts) hold the product's senders
// (activities/channel-senders.ts) to the documented contracts (docs/channels.md): what they accept
// is signed and shaped right, and what a provider refuses they refuse with its errcode / Code.
import { dingtalkSignedUrl, sendDingtalk, sendSms, sendWecom, signedSendSms } from '../../activities/channel-senders';
import { LAPTOP_SMS_TEMPLATES, startChannelServers, type ChannelServers } from '../../devstack/channel-servers';

const SECRET = 'SEC0123456789abcdef0123456789abcdef';
const SMS = { accessKeyId: 'unit-ak', accessKeySecret: 'unit-secret', signName: '护校安园' };
let s: ChannelServers;
beforeAll(async () => {
  s = await startChannelServers({ dingtalk: { tok: SECRET, tok2: SECRET }, wecom: ['key', 'key2'], sms: { ...SMS, templates: LAPTOP_SMS_TEMPLATES }, dingtalkThrottleMs: 600_000 });
});
afterAll(() => s.stop());

const post = async (url: string, body: unknown, type = 'application/json'): Promise<any> =>
  (await fetch(url, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) })).json();
const md = { msgtype: 'markdown', markdown: { title: '整改通知书', text: '#### 整改通知书' } };

test('钉钉: 加签 within the hour and the right HMAC, markdown with title and text; 21 a minute throttles the robot', async () => {
  expect(await sendDingtalk(s.dingtalkWebhook('tok'), SECRET, { title: '整改通知书', text: '请整改', mentions: ['13800000001'] })).toMatchObject({ result: 'sent' });
  expect(await post(dingtalkSignedUrl(s.dingtalkWebhook('tok'), 'SECwrong'), md)).toEqual({ errcode: 310000, errmsg: 'sign not match' });
  expect(await post(dingtalkSignedUrl(s.dingtalkWebhook('tok'), SECRET, Date.now() - 3_700_000), md)).toMatchObject({ errcode: 310000, errmsg: 'invalid timestamp' });
  expect(await post(s.dingtalkWebhook('tok'), md)).toMatchObject({ errcode: 310000 }); // unsigned
  expect(await post(dingtalkSignedUrl(s.dingtalkWebhook('nobody'), SECRET), md)).toMatchObject({ errcode: 300001 });
  expect(await post(dingtalkSignedUrl(s.dingtalkWebhook('tok'), SECRET), { msgtype: 'markdown', markdown: { text: 'x' } })).toMatchObject({ errcode: 400105 });
  const sent = s.received({ robot: 'tok', accepted: true });
  expect(sent).toHaveLength(1);
  expect(sent[0].body).toMatchObject({ msgtype: 'markdown', at: { atMobiles: ['13800000001'] }, markdown: { text: '请整改\n\n@13800000001' } });
  for (let i = 0; i < 20; i++) expect(await sendDingtalk(s.dingtalkWebhook('tok2'), SECRET, { title: 't', text: `${i}`, mentions: [] })).toMatchObject({ result: 'sent' });
  expect(await sendDingtalk(s.dingtalkWebhook('tok2'), SECRET, { title: 't', text: '21', mentions: [] })).toMatchObject({ result: 'throttled' });
  expect(s.received({ robot: 'tok2', accepted: false })[0].answer).toEqual({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
});

test('企业微信: markdown within 4096 bytes, text with mentioned_mobile_list within 2048; over 20 a minute, 45009', async () => {
  expect(await sendWecom(s.wecomWebhook('key'), { title: '整改通知书', text: '#### 整改通知书\n[办理入口](http://x/l/abc)', mentions: ['13800000001'] })).toMatchObject({ result: 'sent' });
  expect(s.received({ robot: 'key' })[0].body).toEqual({ msgtype: 'text', text: { content: '整改通知书\n整改通知书\n办理入口：http://x/l/abc', mentioned_mobile_list: ['13800000001'] } });
  expect(await post(s.wecomWebhook('key'), { msgtype: 'markdown', markdown: { content: '隐'.repeat(1366) } })).toMatchObject({ errcode: 40058 }); // 4098 bytes
  expect(await post(s.wecomWebhook('key'), { msgtype: 'markdown', markdown: { content: '隐'.repeat(1365) } })).toEqual({ errcode: 0, errmsg: 'ok' }); // 4095 bytes
  expect(await post(s.wecomWebhook('key'), { msgtype: 'text', text: { content: '隐'.repeat(683) } })).toMatchObject({ errcode: 40058 }); // 2049 bytes
  expect(await post(s.wecomWebhook('nokey'), md)).toMatchObject({ errcode: 93000 });
  expect(await post(s.wecomWebhook('key'), 'not json', 'text/plain')).toMatchObject({ errcode: 40016 });
  for (let i = 0; i < 20; i++) expect(await sendWecom(s.wecomWebhook('key2'), { title: 't', text: `${i}`, mentions: [] })).toMatchObject({ result: 'sent' });
  expect(await sendWecom(s.wecomWebhook('key2'), { title: 't', text: '21', mentions: [] })).toMatchObject({ result: 'throttled' });
});

test('SMS: the RPC signature, a fresh nonce and timestamp, the approved sign name and template, string parameters within 20 characters and no URL', async () => {
  const account = { endpoint: s.smsEndpoint, ...SMS };
  const params = { unit: '区市场监管局', notice: '整改通知书', item: 'HZ-2026-001', deadline: '期限12月10日24时' };
  expect(await sendSms(account, { phones: ['13800000001'], templateCode: 'SMS_CS_NOTICE', params })).toMatchObject({ result: 'sent' });
  expect(s.received({ channel: 'sms', accepted: true })[0].body.text).toBe(
    '【护校安园】区市场监管局：您有一项整改通知书（HZ-2026-001），期限12月10日24时，详见邮件或工作群，请及时登录督办系统办理。',
  );
  const code = async (form: URLSearchParams) => (await post(s.smsEndpoint, form.toString(), 'application/x-www-form-urlencoded')).Code;
  const good = signedSendSms(SMS, { phones: ['13800000001'], templateCode: 'SMS_CS_NOTICE', params });
  const tampered = new URLSearchParams(good);
  tampered.set('PhoneNumbers', '13800000002');
  expect(await code(tampered)).toBe('SignatureDoesNotMatch');
  expect(await code(good)).toBe('OK');
  expect(await code(good)).toBe('SignatureNonceUsed'); // the same request again
  expect(await code(signedSendSms({ ...SMS, accessKeySecret: 'wrong' }, { phones: ['13800000001'], templateCode: 'SMS_CS_NOTICE', params }))).toBe('SignatureDoesNotMatch');
  expect(await code(signedSendSms(SMS, { phones: ['13800000001'], templateCode: 'SMS_CS_NOTICE', params }, new Date(Date.now() - 20 * 60_000)))).toBe('InvalidTimeStamp.Expired');
  expect(await code(signedSendSms({ ...SMS, signName: '别的签名' }, { phones: ['13800000001'], templateCode: 'SMS_CS_NOTICE', params }))).toBe('isv.SMS_SIGNATURE_ILLEGAL');
  expect(await code(signedSendSms(SMS, { phones: ['13800000001'], templateCode: 'SMS_FREE_TEXT', params }))).toBe('isv.SMS_TEMPLATE_ILLEGAL');
  expect(await code(signedSendSms(SMS, { phones: ['13800000001'], templateCode: 'SMS_CS_NOTICE', params: { ...params, deadline: undefined as unknown as string } }))).toBe(
    'isv.TEMPLATE_MISSING_PARAMETERS',
  );
  expect(await code(signedSendSms(SMS, { phones: ['13800000001'], templateCode: 'SMS_CS_NOTICE', params: { ...params, unit: '鱼峰区人民政府教育局学校安全稳定工作股办公室' } }))).toBe(
    'isv.PARAM_LENGTH_LIMIT',
  );
  expect(await code(signedSendSms(SMS, { phones: ['13800000001'], templateCode: 'SMS_CS_NOTICE', params: { ...params, item: 'https://x.cn/l/a' } }))).toBe('isv.PARAM_NOT_SUPPORT_URL');
  expect(await code(signedSendSms(SMS, { phones: ['1380000'], templateCode: 'SMS_CS_NOTICE', params }))).toBe('isv.MOBILE_NUMBER_ILLEGAL');
});

test('an outage drops the connection: the sender sees an error, not an answer', async () => {
  s.outage('dingtalk', true);
  await expect(sendDingtalk(s.dingtalkWebhook('tok'), SECRET, { title: 't', text: 'x', mentions: [] })).rejects.toThrow();
  s.outage('dingtalk', false);
});
