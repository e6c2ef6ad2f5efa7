// What the cluster tests check and the benchmark measures, in one place: registering hazards
// through the API process, and a worker SIGKILLed while deadlines fire.
import type { Cluster } from './cluster';
import type { CaughtMail } from './mail-catcher';

export async function apiCall(apiUrl: string, method: string, url: string, key: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${apiUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as any };
}

export const mailKey = (m: CaughtMail) => m.headers['x-campus-safety-key'] ?? '';
export const mailKind = (m: CaughtMail) => m.headers['x-campus-safety-kind'] ?? '';
/** The copy (Cc) of a mail that carries a signed link: the same notice, delivered apart to the copied units. */
export const isCcCopy = (m: CaughtMail) => m.headers['x-campus-safety-copy'] === 'cc';
export const isMailOfHazard = (id: string) => (m: CaughtMail) => mailKey(m).startsWith(`hazard:${id}:`);

/** Polls the cluster's mail catcher until `n` messages match. */
export async function waitForMails(cluster: Cluster, predicate: (m: CaughtMail) => boolean, n: number, timeoutMs = 30_000): Promise<CaughtMail[]> {
  if (!cluster.mail) throw new Error('the cluster relays its mail (SMTP_HOST): no catcher to read');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await cluster.mail.messages()).filter(predicate);
    if (found.length >= n) return found;
    if (Date.now() > deadline) {
      throw new Error(`expected ${n} mail(s) within ${timeoutMs} ms, found ${found.length}: ${found.map((m) => `${mailKind(m)} ${mailKey(m)}`).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface RegistrationResult {
  requests: number;
  concurrency: number;
  durationMs: number;
  /** Requests answered 201 per second. */
  perSecond: number;
  latencyMs: { p50: number; p95: number; max: number };
  /** Status code → count. */
  statuses: Record<number, number>;
}

/** `requests` × POST /api/hazards (general hazards of school s01 the school fixes itself), `concurrency` at a time. */
export async function registerHazards(apiUrl: string, opts: { requests: number; concurrency: number; prefix: string; key?: string }): Promise<RegistrationResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      for (let i = next++; i < opts.requests; i = next++) {
        const t = performance.now();
        const r = await apiCall(apiUrl, 'POST', '/api/hazards', opts.key ?? 'dev-school-s01', {
          id: `${opts.prefix}-${i}`,
          schoolId: 's01',
          category: 'fire',
          level: 'general',
          title: '消防通道堵塞',
          selfFixable: true,
        });
        latencies.push(performance.now() - t);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }),
  );
  const durationMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    requests: opts.requests,
    concurrency: opts.concurrency,
    durationMs,
    perSecond: ((statuses[201] ?? 0) * 1000) / durationMs,
    latencyMs: { p50: at(0.5), p95: at(0.95), max: latencies[latencies.length - 1] },
    statuses,
  };
}

export const TAKEOVER_KINDS = ['deadline_reminder', 'hazard_reported', 'overdue_notice', 'rectification_notice'] as const;

export interface TakeoverResult {
  ids: string[];
  killedAt: number;
  /** Every mail of the scenario's hazards at the sink. */
  mails: CaughtMail[];
  /** X-Campus-Safety-Key values that arrived more than once. */
  duplicates: string[];
  /** How late (ms) each reminder and overdue notice due after the SIGKILL arrived, and those due before. */
  lateAfterMs: number[];
  lateBeforeMs: number[];
  /**
   * The takeover time: the worst lateness of any reminder or overdue notice of the scenario. Those
   * due after the kill wait for the workflows cached on the dead worker to move to the other one;
   * one due just before it may have had its mail activity in flight on the dead worker, retried
   * when the activity's start-to-close timeout expires.
   */
  takeoverMs: number;
}

/**
 * `hazards` major hazards reported and assigned to the police, deadlines 0.4 s apart from 40 s on,
 * a reminder 20 s before each; the first worker is SIGKILLed 23 s in, amid the reminders; then
 * waits for every hazard's four mails (reported, 整改通知书, reminder, overdue notice). The
 * reminder comes 20 s before its deadline so that a takeover shorter than that still sends it (the
 * ladder drops a reminder overtaken by its deadline).
 */
export async function workerKillTakeover(cluster: Cluster, opts: { prefix: string; hazards?: number }): Promise<TakeoverResult> {
  const n = opts.hazards ?? 20;
  const reminderMs = 20_000;
  const ids = Array.from({ length: n }, (_, i) => `${opts.prefix}-${i}`);
  const policy = { reminderOffsets: ['PT20S'], overdueGrace: 'PT1H', governmentDeadline: 'P1D', lookBackAfter: 'P1D' };
  const victim = cluster.workers.find((w) => w.running());
  if (!victim || cluster.workers.filter((w) => w.running()).length < 2) throw new Error('the takeover needs two running workers');
  for (const id of ids) {
    const r = await apiCall(cluster.apiUrl, 'POST', '/api/hazards', 'dev-lead', { id, schoolId: 's01', category: 'traffic_order', level: 'major', title: '校门口缺少减速带', policy });
    if (r.status !== 201) throw new Error(`report ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const t0 = Date.now();
  const dueAt = new Map(ids.map((id, i) => [id, t0 + 40_000 + i * 400]));
  for (const id of ids) {
    const r = await apiCall(cluster.apiUrl, 'POST', `/api/hazards/${id}/assign`, 'dev-bureau', { departmentId: 'police', dueAt: new Date(dueAt.get(id)!).toISOString() });
    if (r.status !== 200) throw new Error(`assign ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, t0 + 23_000 - Date.now())));
  const killedAt = Date.now();
  victim.child.kill('SIGKILL');
  await victim.exited;

  const ofScenario = (m: CaughtMail) => mailKey(m).startsWith(`hazard:${opts.prefix}-`);
  await waitForMails(cluster, ofScenario, TAKEOVER_KINDS.length * n, 120_000);
  await new Promise((r) => setTimeout(r, 3_000)); // a duplicate would have come by now
  const mails = (await cluster.mail!.messages()).filter(ofScenario);
  const perKey = new Map<string, number>();
  for (const m of mails) perKey.set(mailKey(m), (perKey.get(mailKey(m)) ?? 0) + 1);
  const timed = mails
    .filter((m) => mailKind(m) === 'deadline_reminder' || mailKind(m) === 'overdue_notice')
    .map((m) => {
      const at = dueAt.get(mailKey(m).split(':')[1])! - (mailKind(m) === 'deadline_reminder' ? reminderMs : 0);
      return { at, late: Date.parse(m.receivedAt) - at };
    });
  const lateAfterMs = timed.filter((x) => x.at > killedAt).map((x) => x.late);
  return {
    ids,
    killedAt,
    mails,
    duplicates: [...perKey].filter(([, c]) => c > 1).map(([k]) => k),
    lateAfterMs,
    lateBeforeMs: timed.filter((x) => x.at <= killedAt).map((x) => x.late),
    takeoverMs: Math.max(0, ...timed.map((x) => x.late)),
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}
