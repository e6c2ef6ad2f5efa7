// A local mail catcher: a real SMTP server (smtp-server) that keeps every message as an .eml
// file under a folder, and a small web page to read them. Used by `npm start` and the tests.
// It listens on the loopback interface only (nobody else on the network reads or sends its mail);
// its web side answers only requests addressed to a loopback name (no DNS rebinding), and
// DELETE /api/messages only without an Origin or from its own page (no other site can clear it).
//
//   tsx devstack/mail-catcher.ts     (MAIL_CATCHER_SMTP_PORT=1025, MAIL_CATCHER_HTTP_PORT=1080, MAIL_CATCHER_DIR=data/mail)
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  messageId: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  envelope: { from: string; to: string[] };
  /** The files sent with the mail; text ones (text/*) decoded as UTF-8 in `text`, others base64 in `data`. */
  attachments: { filename: string; contentType: string; size: number; text?: string; data?: string }[];
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  webUrl: string;
  dir: string;
  /** Every message on disk, oldest first. */
  messages(): Promise<CaughtMail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export interface MailCatcherOptions {
  smtpPort: number;
  httpPort: number;
  dir: string;
  /** A loopback address (default 127.0.0.1); anything else is refused. */
  host?: string;
  /** What the local 钉钉, 企业微信 and SMS servers received (devstack/channel-servers.ts), listed under the mail. */
  channelMessages?: () => { at: string; channel: string; robot: string; accepted: boolean; text: string; reason?: string }[];
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

async function parse(dir: string, file: string): Promise<CaughtMail> {
  const raw = await readFile(path.join(dir, file));
  const envelope = JSON.parse(await readFile(path.join(dir, file.replace(/\.eml$/, '.json')), 'utf8').catch(() => '{"from":"","to":[]}'));
  const m = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const line of m.headerLines) {
    const value = m.headers.get(line.key);
    headers[line.key] = typeof value === 'string' ? value : line.line.slice(line.line.indexOf(':') + 1).trim();
  }
  return {
    id: file.replace(/\.eml$/, ''),
    receivedAt: envelope.receivedAt ?? '',
    from: addresses(m.from)[0] ?? '',
    to: addresses(m.to),
    cc: addresses(m.cc),
    subject: m.subject ?? '',
    text: m.text ?? '',
    messageId: m.messageId ?? '',
    headers,
    envelope: { from: envelope.from ?? '', to: envelope.to ?? [] },
    attachments: m.attachments.map((a) => ({
      filename: a.filename ?? '',
      contentType: a.contentType,
      size: a.size,
      ...(a.contentType.startsWith('text/') ? { text: a.content.toString('utf8') } : { data: a.content.toString('base64') }),
    })),
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startMailCatcher(opts: MailCatcherOptions): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`the mail catcher listens on loopback only (127.0.0.1, ::1, localhost), not ${host}`);
  const dir = path.resolve(opts.dir);
  await mkdir(dir, { recursive: true });
  let counter = 0;

  const files = async () => (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  // Messages never change once written: parse each file once.
  const parsed = new Map<string, Promise<CaughtMail>>();
  const messages = async () => {
    const names = await files();
    return Promise.all(
      names.map((f) => {
        let m = parsed.get(f);
        if (!m) parsed.set(f, (m = parse(dir, f)));
        return m;
      }),
    );
  };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: 10 * 1024 * 1024,
    logger: false,
    banner: 'campus-safety mail catcher',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', async () => {
        try {
          const now = new Date();
          const name = `${now.toISOString().replace(/[:.]/g, '-')}-${String(++counter).padStart(6, '0')}-${randomBytes(3).toString('hex')}`;
          const envelope = {
            receivedAt: now.toISOString(),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          };
          await writeFile(path.join(dir, `${name}.json`), JSON.stringify(envelope));
          // Atomic: a reader sees the whole message or none of it.
          await writeFile(path.join(dir, `.${name}.tmp`), Buffer.concat(chunks));
          await rename(path.join(dir, `.${name}.tmp`), path.join(dir, `${name}.eml`));
          callback();
        } catch (err) {
          callback(err as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const web = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // Addressed to this machine by a loopback name: a page of another site that rebinds its
      // name to 127.0.0.1 is not answered.
      const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
      if (!LOOPBACK_HOSTS.has(hostName)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('the mail catcher answers requests to 127.0.0.1 or localhost only');
        return;
      }
      if (url.pathname === '/api/messages' && req.method === 'DELETE') {
        // Same origin: a script on another site open in the developer's browser may not clear the mail.
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== `http://${req.headers.host}`) {
          res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('DELETE /api/messages is refused from another origin');
          return;
        }
        await clear();
        res.writeHead(204).end();
      } else if (url.pathname === '/api/messages') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify((await messages()).reverse()));
      } else if (url.pathname.startsWith('/messages/')) {
        let id: string;
        try {
          id = decodeURIComponent(url.pathname.slice('/messages/'.length));
        } catch {
          res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('malformed percent-escape in the message id');
          return;
        }
        if (!(await files()).includes(`${id}.eml`)) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('no such message');
          return;
        }
        const m = await parse(dir, `${id}.eml`);
        const head = [
          'From',
          m.from,
          'To',
          m.to.join(', '),
          'Cc',
          m.cc.join(', '),
          'Date',
          m.headers.date ?? '',
          'Subject',
          m.subject,
          'Attachments',
          m.attachments.map((a) => `${a.filename} (${a.size} B)`).join(', '),
        ];
        const rows = [];
        for (let i = 0; i < head.length; i += 2) rows.push(`<tr><th>${head[i]}</th><td>${escape(head[i + 1])}</td></tr>`);
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><meta charset="utf-8"><title>${escape(m.subject)}</title><p><a href="/">← all mail</a></p>` +
              `<table>${rows.join('')}</table><pre style="white-space:pre-wrap;font-size:15px">${escape(m.text)}</pre>`,
          );
      } else if (url.pathname === '/') {
        const all = (await messages()).reverse();
        const rows = all
          .map((m) => `<tr><td>${escape(m.receivedAt)}</td><td>${escape(m.to.join(', '))}</td><td><a href="/messages/${encodeURIComponent(m.id)}">${escape(m.subject)}</a></td></tr>`)
          .join('');
        const channel = opts.channelMessages ? [...opts.channelMessages()].reverse() : undefined;
        const channelLabels: Record<string, string> = { dingtalk: '钉钉', wecom: '企业微信', sms: '短信' };
        const channelRows = (channel ?? [])
          .map(
            (m) =>
              `<tr><td>${escape(m.at)}</td><td>${escape(channelLabels[m.channel] ?? m.channel)}</td><td>${escape(m.robot)}</td><td>${m.accepted ? '✓' : `refused: ${escape(m.reason ?? '')}`}</td><td><pre style="white-space:pre-wrap;margin:0">${escape(m.text)}</pre></td></tr>`,
          )
          .join('');
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><meta charset="utf-8"><title>Mail catcher (${all.length})</title><h1>Mail catcher: ${all.length} message(s)</h1>` +
              `<p>Files in ${escape(dir)}</p><table border="1" cellpadding="4"><tr><th>received</th><th>to</th><th>subject</th></tr>${rows}</table>` +
              (channel
                ? `<h2>钉钉, 企业微信 and SMS: ${channel.length} message(s)</h2><p>As the local providers received and checked them (docs/channels.md).</p>` +
                  `<table border="1" cellpadding="4"><tr><th>received</th><th>channel</th><th>robot / account</th><th>verified</th><th>message</th></tr>${channelRows}</table>`
                : ''),
          );
      } else {
        res.writeHead(404).end();
      }
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(err));
    }
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(opts.httpPort, host, () => resolve());
  });
  const httpPort = (web.address() as AddressInfo).port;

  async function clear(): Promise<void> {
    parsed.clear();
    for (const f of await readdir(dir)) if (/\.(eml|json)$/.test(f)) await rm(path.join(dir, f), { force: true });
  }

  return {
    smtpPort,
    httpPort,
    webUrl: `http://${host}:${httpPort}/`,
    dir,
    messages,
    clear,
    stop: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => web.close(() => r()));
    },
  };
}

if (require.main === module) {
  startMailCatcher({
    smtpPort: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
    httpPort: Number(process.env.MAIL_CATCHER_HTTP_PORT ?? 1080),
    dir: process.env.MAIL_CATCHER_DIR ?? 'data/mail',
  }).then(
    (c) => {
      console.log(`Mail catcher on loopback only: SMTP on 127.0.0.1:${c.smtpPort}; read mail at ${c.webUrl}; files in ${c.dir}`);
      const stop = () => c.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
