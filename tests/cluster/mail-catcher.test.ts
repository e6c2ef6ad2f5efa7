// The development mail catcher (`npm start`, `npm run mail-catcher`): on loopback only, its mail
// cleared only from its own origin, a malformed message id a 400.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { sendDingtalk } from '../../activities/channel-senders';
import { LAPTOP_CHANNELS, receivedText, startChannelServers } from '../../devstack/channel-servers';
import { startMailCatcher, type MailCatcher } from '../../devstack/mail-catcher';

let dir: string;
let catcher: MailCatcher;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'campus-mail-'));
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, dir });
});
afterAll(async () => {
  await catcher?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A raw request, so that Host and Origin are exactly what a browser or an attacker would send. */
function call(method: string, urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: catcher.httpPort, method, path: urlPath, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function send(subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: catcher.smtpPort, secure: false, ignoreTLS: true });
  await transport.sendMail({ from: 'a@test.example', to: 'b@test.example', subject, text: '正文' });
  transport.close();
}

test('DELETE /api/messages is refused from another origin or host name, and clears the mail from its own page', async () => {
  await send('第一封');
  await send('第二封');
  const own = `127.0.0.1:${catcher.httpPort}`;
  expect((await call('DELETE', '/api/messages', { origin: 'http://evil.example' })).status).toBe(403);
  expect((await call('DELETE', '/api/messages', { host: `evil.example:${catcher.httpPort}` })).status).toBe(403);
  expect((await call('GET', '/api/messages', { host: `rebound.evil.example:${catcher.httpPort}` })).status).toBe(403);
  expect(await catcher.messages()).toHaveLength(2);
  expect((await call('DELETE', '/api/messages', { origin: `http://${own}` })).status).toBe(204);
  expect(await catcher.messages()).toHaveLength(0);
  await send('第三封');
  expect((await call('DELETE', '/api/messages', { host: `localhost:${catcher.httpPort}` })).status).toBe(204); // curl, no Origin
  expect(await catcher.messages()).toHaveLength(0);
});

test('a malformed percent-escape in a message id is 400; an unknown id 404', async () => {
  const bad = await call('GET', '/messages/%E0%A4%A');
  expect(bad.status).toBe(400);
  expect(bad.body).toContain('malformed percent-escape');
  expect((await call('GET', '/messages/no-such-message')).status).toBe(404);
});

test('it listens on loopback only, refuses another address, and says so when it starts', async () => {
  await expect(startMailCatcher({ smtpPort: 0, httpPort: 0, dir, host: '0.0.0.0' })).rejects.toThrow('loopback only');
  // Not reachable on this machine's other addresses.
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (external) {
    for (const port of [catcher.httpPort, catcher.smtpPort]) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: external, port }, () => (s.destroy(), resolve(false)));
        s.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  }
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '..', '..', 'devstack', 'mail-catcher.ts')], {
    env: { ...process.env, MAIL_CATCHER_SMTP_PORT: '0', MAIL_CATCHER_HTTP_PORT: '0', MAIL_CATCHER_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      child.on('exit', (code) => reject(new Error(`mail catcher exited with ${code}`)));
    });
    expect(line).toMatch(/^Mail catcher on loopback only: SMTP on 127\.0\.0\.1:\d+; read mail at http:\/\/127\.0\.0\.1:\d+\/; files in /);
  } finally {
    child.kill('SIGTERM');
  }
});

test('npm start: the page lists what the local 钉钉, 企业微信 and SMS providers received under the mail, escaped', async () => {
  const servers = await startChannelServers(LAPTOP_CHANNELS.servers);
  const own = await mkdtemp(path.join(os.tmpdir(), 'campus-mail-'));
  const withChannels = await startMailCatcher({ smtpPort: 0, httpPort: 0, dir: own, channelMessages: () => servers.received().map((m) => ({ ...m, text: receivedText(m) })) });
  try {
    const secret = LAPTOP_CHANNELS.servers.dingtalk['laptop-market'];
    await sendDingtalk(servers.dingtalkWebhook('laptop-market'), secret, { title: '整改通知书', text: '#### 整改通知书 <script>x</script>', mentions: [] });
    await sendDingtalk(servers.dingtalkWebhook('laptop-market'), 'SECwrongsecret0', { title: '整改通知书', text: '伪造的消息', mentions: [] });
    const page = await (await fetch(`http://127.0.0.1:${withChannels.httpPort}/`)).text();
    expect(page).toContain('钉钉, 企业微信 and SMS: 2 message(s)');
    expect(page).toContain('#### 整改通知书 &#60;script&#62;x&#60;/script&#62;');
    expect(page).toContain('refused: sign not match');
  } finally {
    await withChannels.stop();
    await servers.stop();
    await rm(own, { recursive: true, force: true });
  }
});
