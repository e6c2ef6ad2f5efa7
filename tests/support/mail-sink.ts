// The SMTP sink of the tests: the real mail catcher on free ports over a fresh folder.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startMailCatcher, type CaughtMail } from '../../devstack/mail-catcher';

export type ParsedMail = CaughtMail;

export interface MailSink {
  smtpPort: number;
  messages(): Promise<ParsedMail[]>;
  /** The first message matching, polling the sink until it arrives. */
  waitFor(predicate: (m: ParsedMail) => boolean, opts?: { timeoutMs?: number }): Promise<ParsedMail>;
  /** Waits until at least `n` messages match; returns them. */
  waitForCount(predicate: (m: ParsedMail) => boolean, n: number, opts?: { timeoutMs?: number }): Promise<ParsedMail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'campus-safety-mail-'));
  const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, dir });

  async function waitForCount(predicate: (m: ParsedMail) => boolean, n: number, { timeoutMs = 15_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await catcher.messages();
      const found = all.filter(predicate);
      if (found.length >= n) return found;
      if (Date.now() > deadline) {
        const seen = all.map((m) => `  - ${m.subject} → ${m.to.join(', ')}${m.cc.length ? ` (cc ${m.cc.join(', ')})` : ''}`).join('\n');
        throw new Error(`expected ${n} matching mail(s) within ${timeoutMs} ms, found ${found.length}; the sink holds ${all.length}:\n${seen}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    smtpPort: catcher.smtpPort,
    messages: catcher.messages,
    waitForCount,
    waitFor: async (predicate, opts) => (await waitForCount(predicate, 1, opts))[0],
    clear: catcher.clear,
    stop: async () => {
      await catcher.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
