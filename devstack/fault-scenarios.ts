// The fault suite (issue 11): deadlines fire while a service of the production topology is taken
// away — a worker SIGKILLed, SMTP down, PostgreSQL stopped, the Temporal engine restarted, the
// API killed amid a burst — each a separate process of `startCluster` (devstack/cluster.ts). What
// is counted is what users notice, at the SMTP sink and in the hazards' live state:
//   - lost: a mail of the ladder that never came (a reminder overtaken by its deadline while mail
//     could not leave is not lost but replaced by the notice that overtook it, and counted apart);
//   - duplicated: a mail that came twice (and whether with the same Message-ID);
//   - transition lag: how late a deadline's transition (overdue, levels, 挂牌督办) happened after
//     its instant, from the hazard's history;
//   - mail lag: how long after its transition a mail arrived.
// Used by `npm run test:faults` (scripts/fault-suite.ts).
import type { Cluster } from './cluster';
import { apiCall, isCcCopy, mailKey, mailKind } from './cluster-scenarios';
import type { CaughtMail } from './mail-catcher';
import { HAZARD_LADDER_NOTICES } from '../common/notification';

const SECOND = 1000;

/**
 * The ladder of each hazard, compressed: deadline D, a reminder 12 s before, the bureau at D+6 s,
 * the government (挂牌督办) at D+12 s with its own deadline 20 s after the escalation, reminded 12 s
 * before it.
 */
export const FAULT_POLICY = { reminderOffsets: ['PT12S'], overdueGrace: 'PT6S', governmentDeadline: 'PT20S', lookBackAfter: 'P1D' };
const REMINDER_MS = 12 * SECOND;
const GRACE_MS = 6 * SECOND;
const GOVERNMENT_MS = 20 * SECOND;

/** The mails each hazard's addressees receive along the ladder, in order. */
export const LADDER_MAILS = ['hazard_reported', 'rectification_notice', ...HAZARD_LADDER_NOTICES] as const;

/** The reminders, and the transition whose deadline overtakes each. */
const REMINDERS: Record<string, string> = { deadline_reminder: 'overdue', listed_supervision_reminder: 'listed_supervision_overdue' };

export interface FaultResult {
  fault: string;
  hazards: number;
  expected: number;
  delivered: number;
  /** Reminders not sent because their deadline passed while mail could not leave; the overdue notice came instead. */
  replaced: number;
  /** The same, by kind of reminder. */
  replacedByKind: Record<string, number>;
  lost: number;
  duplicated: number;
  /** Duplicates whose copies carry the same Message-ID (mail systems drop them). */
  duplicatedSameMessageId: number;
  /** The latest a deadline's transition happened after its instant (ms), or, with one worker, after a worker was back (its first poll) if one came back after the instant. */
  worstTransitionLagMs: number;
  /** The 95th percentile of the same. */
  p95TransitionLagMs: number;
  /** Transitions recorded before their rung's instant (never, when all is well). */
  beforeInstant: number;
  /** The earliest a transition was recorded against its rung's instant (ms; negative: before it). */
  earliestTransitionLagMs: number;
  /** The latest a mail arrived after its transition (ms). */
  worstMailLagMs: number;
  /** The worst transition lag of each rung (ms), by its transition's action: which rungs the worst lag is made of. */
  worstLagByRung?: Record<string, number>;
  /** Each timer-driven transition recorded: its rung's instant and when it was recorded (for `traceRungs`). */
  rungs?: { hazardId: string; rung: string; instant: number; recordedAt: number }[];
  /** What went wrong, per hazard (empty when nothing was lost). */
  problems: string[];
}

const sleepUntil = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms - Date.now())));
const addressed = (m: CaughtMail) => !isCcCopy(m);

interface Planted {
  ids: string[];
  prefix: string;
  /** The deadline of each hazard. */
  dueAt: Map<string, number>;
}

/**
 * `n` major hazards reported and assigned to the police, their deadlines `firstDueInMs` from now and
 * `spacingMs` apart; returns once all are assigned.
 */
async function plantHazards(cluster: Cluster, prefix: string, n: number, firstDueInMs: number, spacingMs = 100): Promise<Planted> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await inParallel(ids, 8, async (id) => {
    const r = await apiCall(cluster.apiUrl, 'POST', '/api/hazards', 'dev-lead', {
      id,
      schoolId: 's01',
      category: 'traffic_order',
      level: 'major',
      title: '校门口缺少减速带',
      policy: FAULT_POLICY,
    });
    if (r.status !== 201) throw new Error(`report ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  });
  const t0 = Date.now() + firstDueInMs;
  const dueAt = new Map(ids.map((id, i) => [id, t0 + i * spacingMs]));
  await inParallel(ids, 8, async (id) => {
    // A 503 (a busy machine: the Update not accepted in time) is asked again; a 409 then means the first one took.
    for (let attempt = 0; ; attempt++) {
      const r = await apiCall(cluster.apiUrl, 'POST', `/api/hazards/${id}/assign`, 'dev-bureau', { departmentId: 'police', dueAt: new Date(dueAt.get(id)!).toISOString() });
      if (r.status === 200 || (r.status === 409 && attempt > 0)) break;
      if (r.status !== 503 || attempt === 30) throw new Error(`assign ${id}: ${r.status} ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, SECOND));
    }
  });
  return { ids, prefix, dueAt };
}

async function inParallel<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < items.length; i = next++) await fn(items[i]);
    }),
  );
}

/** The last rung of the ladder: the government's deadline, D + 12 s + 20 s. */
const ladderEnd = (p: Planted) => Math.max(...p.dueAt.values()) + GRACE_MS * 2 + GOVERNMENT_MS;

/**
 * Waits until every hazard's ladder has run and its mails are in (or `settleMs` past the last
 * deadline), then counts. `outages` are when mail could not leave (reminders due in it may be replaced).
 */
async function account(
  cluster: Cluster,
  fault: string,
  p: Planted,
  opts: { outages?: [number, number][]; settleMs?: number; kinds?: readonly string[]; noWorker?: [number, number][]; workerBack?: number[] },
): Promise<FaultResult> {
  const kinds = opts.kinds ?? LADDER_MAILS;
  const mine = (m: CaughtMail) => p.ids.some((id) => mailKey(m).startsWith(`hazard:${id}:`));
  const settleBy = Math.max(Date.now(), p.dueAt.size ? ladderEnd(p) : 0) + (opts.settleMs ?? 60 * SECOND);
  const readMails = async () => (await cluster.mail!.messages()).filter((m) => mine(m) && addressed(m));
  // A hazard's live state; a 503 (its workflow moving to another worker) is asked again.
  const readView = async (id: string) => {
    for (let i = 0; ; i++) {
      const r = await apiCall(cluster.apiUrl, 'GET', `/api/hazards/${id}`, 'dev-lead');
      if (r.status !== 503 || i === 10) return r.body;
      await new Promise((res) => setTimeout(res, SECOND));
    }
  };
  const readViews = async () => new Map(await Promise.all(p.ids.map(async (id) => [id, await readView(id)] as const)));
  // Until every ladder has run (its last deadline, 2 s more) and every mail is in, or the time is up.
  let views = new Map<string, any>();
  for (;;) {
    await new Promise((r) => setTimeout(r, 2 * SECOND));
    if (p.dueAt.size && Date.now() < ladderEnd(p) + 2 * SECOND) continue;
    const mails = await readMails();
    views = await readViews();
    const complete = p.ids.every((id) => {
      const v = views.get(id);
      const got = new Set(mails.filter((m) => mailKey(m).startsWith(`hazard:${id}:`)).map(mailKind));
      return v?.history && kinds.every((k) => got.has(k) || (REMINDERS[k] !== undefined && replaceable(v, k, opts.outages)));
    });
    if (complete || Date.now() > settleBy) break;
  }
  await new Promise((r) => setTimeout(r, 3 * SECOND)); // a duplicate would have come by now
  const mails = await readMails();
  views = await readViews();

  const result: FaultResult = {
    fault,
    hazards: p.ids.length,
    expected: p.ids.length * kinds.length,
    delivered: 0,
    replaced: 0,
    replacedByKind: {},
    lost: 0,
    duplicated: 0,
    duplicatedSameMessageId: 0,
    worstTransitionLagMs: 0,
    p95TransitionLagMs: 0,
    beforeInstant: 0,
    earliestTransitionLagMs: 0,
    worstMailLagMs: 0,
    problems: [],
  };
  const lags: number[] = [];
  // With one worker, a rung can fire only while a worker runs: its lag counts from its instant or, if
  // a worker came back after it (its instant fell while none ran, or the worker that ran then was
  // killed before recording it), from the latest moment a worker was back before it was recorded —
  // the instant that worker first polled its task queue.
  const firable = (instant: number, recorded: number) => Math.max(instant, ...(opts.workerBack ?? []).filter((back) => back <= recorded));
  for (const id of p.ids) {
    const v = views.get(id)?.history ? views.get(id) : undefined;
    const ofHazard = mails.filter((m) => mailKey(m).startsWith(`hazard:${id}:`));
    const byKey = new Map<string, CaughtMail[]>();
    for (const m of ofHazard) byKey.set(mailKey(m), [...(byKey.get(mailKey(m)) ?? []), m]);
    for (const copies of byKey.values()) {
      if (copies.length < 2) continue;
      result.duplicated += copies.length - 1;
      if (new Set(copies.map((c) => c.messageId)).size === 1) result.duplicatedSameMessageId += copies.length - 1;
    }
    const due = p.dueAt.get(id);
    for (const kind of kinds) {
      const got = ofHazard.filter((m) => mailKind(m) === kind);
      if (got.length) result.delivered += 1;
      else if (v && REMINDERS[kind] && (replaceable(v, kind, opts.outages) || droppedWhileNoWorker(v, kind, due, opts.noWorker))) {
        result.replaced += 1;
        result.replacedByKind[kind] = (result.replacedByKind[kind] ?? 0) + 1;
      } else {
        result.lost += 1;
        result.problems.push(`${id}: no ${kind}`);
      }
    }
    if (!v) {
      result.problems.push(`${id}: its live state could not be read`);
      continue;
    }
    // Mail lag: each mail against its transition (its key names the step).
    for (const m of ofHazard) {
      const entry = v.history[Number(mailKey(m).split(':')[2]) - 1];
      if (entry) result.worstMailLagMs = Math.max(result.worstMailLagMs, Date.parse(m.receivedAt) - Date.parse(entry.at));
    }
    // Transition lag: each timer-driven step against its instant.
    if (due === undefined) continue;
    const at = (action: string) => v.history.find((e: any) => e.action === action)?.at as string | undefined;
    const government = at('escalated_to_government');
    const planned: [string, number | undefined][] = [
      ['deadline_reminder', due - REMINDER_MS],
      ['overdue', due],
      ['escalated_to_bureau', due + GRACE_MS],
      ['escalated_to_government', due + 2 * GRACE_MS],
      ['listed_supervision_reminder', government ? Date.parse(government) + GOVERNMENT_MS - REMINDER_MS : undefined],
      ['listed_supervision_overdue', government ? Date.parse(government) + GOVERNMENT_MS : undefined],
    ];
    for (const [action, instant] of planned) {
      const happened = at(action);
      // A reminder whose deadline had come too when a worker was back is not made (the ladder drops it).
      if (!happened && REMINDERS[action] && droppedWhileNoWorker(v, action, due, opts.noWorker)) continue;
      if (!happened || instant === undefined) {
        result.problems.push(`${id}: no ${action} transition`);
        continue;
      }
      const early = Date.parse(happened) - instant;
      if (early < 0) {
        result.beforeInstant += 1;
        result.problems.push(`${id}: ${action} recorded at ${happened}, ${(-early / SECOND).toFixed(1)} s before its instant`);
      }
      result.earliestTransitionLagMs = Math.min(result.earliestTransitionLagMs, early);
      const lag = Date.parse(happened) - firable(instant, Date.parse(happened));
      lags.push(lag);
      (result.rungs ??= []).push({ hazardId: id, rung: action, instant, recordedAt: Date.parse(happened) });
      result.worstLagByRung = { ...result.worstLagByRung, [action]: Math.max(result.worstLagByRung?.[action] ?? 0, lag) };
    }
  }
  lags.sort((a, b) => a - b);
  result.worstTransitionLagMs = Math.max(0, ...lags);
  result.p95TransitionLagMs = lags.length ? Math.max(0, lags[Math.min(lags.length - 1, Math.ceil(lags.length * 0.95) - 1)]) : 0;
  return result;
}

/**
 * Whether a reminder could not have been sent before its deadline: it came due during the outage,
 * and its deadline passed before the mail held back in front of it could go (the mail activities
 * retry every 10 s at most, so within about 15 s of the service's return).
 */
function replaceable(view: any, kind: string, outages: [number, number][] = []): boolean {
  const reminder = view.history.find((e: any) => e.action === kind);
  const overtaking = view.history.find((e: any) => e.action === REMINDERS[kind]);
  if (!reminder || !overtaking) return false;
  return outages.some(([from, to]) => Date.parse(reminder.at) >= from - SECOND && Date.parse(reminder.at) <= to && Date.parse(overtaking.at) <= to + 15 * SECOND);
}

/** How late a rung may fire after its instant or a worker's return (issue 29's goal). */
const RUNG_LAG_GOAL_MS = 5 * SECOND;

/**
 * Whether a reminder was never made because no worker ran from within the goal's lag of its instant
 * until after the deadline it reminds of (the ladder drops a reminder a later rung of its deadline
 * overtook): a reminder due up to 5 s before a kill may still have been waiting for its task — a
 * new worker's first tasks hold the timers they arm back by their length — when the worker died.
 */
function droppedWhileNoWorker(view: any, kind: string, due: number | undefined, noWorker: [number, number][] = []): boolean {
  if (view.history.some((e: any) => e.action === kind)) return false;
  const overtaking = view.history.find((e: any) => e.action === REMINDERS[kind]);
  if (!overtaking) return false;
  const government = view.history.find((e: any) => e.action === 'escalated_to_government');
  const instant = kind === 'deadline_reminder' ? (due ?? NaN) - REMINDER_MS : government ? Date.parse(government.at) + GOVERNMENT_MS - REMINDER_MS : NaN;
  const deadline = kind === 'deadline_reminder' ? (due ?? NaN) : government ? Date.parse(government.at) + GOVERNMENT_MS : NaN;
  return noWorker.some(([down, up]) => instant >= down - RUNG_LAG_GOAL_MS && deadline <= up + SECOND);
}

export interface ScenarioOptions {
  prefix: string;
  hazards: number;
  /** How long SMTP or PostgreSQL stays down (ms; default 29 s: from just before the first reminder until after the government's escalations). */
  outageMs?: number;
}

const DEFAULT_OUTAGE_MS = 29 * SECOND;

/** No fault: the baseline. */
export async function noFault(cluster: Cluster, o: ScenarioOptions): Promise<FaultResult> {
  const p = await plantHazards(cluster, o.prefix, o.hazards, 20 * SECOND);
  return account(cluster, 'none', p, {});
}

/** A worker SIGKILLed three times while the deadlines fire (a new one started after each). */
export async function workerKills(cluster: Cluster, o: ScenarioOptions): Promise<FaultResult> {
  const p = await plantHazards(cluster, o.prefix, o.hazards, 20 * SECOND);
  const first = Math.min(...p.dueAt.values());
  // A mail activity in flight on the killed worker is retried elsewhere once its heartbeat timeout
  // (5 s) has passed, and its workflow's next task once the sticky queue times out: mail may be
  // held back up to 10 s after each kill.
  const outages: [number, number][] = [];
  for (const at of [first - 13 * SECOND, first + 3 * SECOND, first + 15 * SECOND]) {
    await sleepUntil(at);
    outages.push([Date.now(), Date.now() + 10 * SECOND]);
    const victim = cluster.workers.find((w) => w.running());
    if (!victim) throw new Error('no worker left to kill');
    victim.child.kill('SIGKILL');
    await victim.exited;
    void cluster.addWorker();
  }
  return account(cluster, 'worker SIGKILL ×3', p, { outages });
}

/**
 * A worker SIGKILLed while the deadlines fire, `kills` times (default 3, 20 s apart from 13 s before
 * the first deadline), and a new one started 5 s after each; meanwhile every hazard is read through
 * the API (GET /api/hazards/:id, as a person's page would), each read's status and time counted.
 * With one worker no worker runs for those 5 s and the worker's start: a rung due then, or due
 * before the kill and not yet recorded by the killed worker, can fire only once one is back, and its
 * lag counts from then — "back" being the instant the new worker first polls its task queue; with
 * two, the other takes over at once and every lag counts from the rung's instant.
 */
export async function workerKillsWhileRead(
  cluster: Cluster,
  o: ScenarioOptions & { kills?: number },
): Promise<FaultResult & { reads: ReadStats; workerStartMs: number[]; workerStartPhases: (Record<string, number> | undefined)[]; workerBack: number[] }> {
  const workers = cluster.workers.filter((w) => w.running()).length;
  // The deadlines 45 s out: on a busy machine assigning them all can take most of that.
  const p = await plantHazards(cluster, o.prefix, o.hazards, 45 * SECOND);
  const first = Math.min(...p.dueAt.values());
  const outages: [number, number][] = [];
  const noWorker: [number, number][] = [];
  const reads: ReadStats = { count: 0, byStatus: {}, worstMs: 0, fromReadModel: 0 };
  const workerStartMs: number[] = [];
  const workerBack: number[] = [];
  const workerStartPhases: (Record<string, number> | undefined)[] = [];
  const kills = o.kills ?? 3;
  for (let k = 0; k < kills; k++) {
    await sleepUntil(first - 13 * SECOND + k * 20 * SECOND);
    const victim = cluster.workers.find((w) => w.running());
    if (!victim) throw new Error('no worker left to kill');
    victim.child.kill('SIGKILL');
    await victim.exited;
    const down = Date.now();
    // Read every hazard while its worker is away (a page open on it), all at once.
    const reading = readAll(cluster, p.ids, reads);
    await sleepUntil(down + 5 * SECOND);
    const starting = Date.now();
    // Back: the instant the new worker first polls its task queue (as the server saw it).
    const added = await cluster.addWorker();
    const up = added.pollingAt;
    workerStartMs.push(up - starting);
    workerStartPhases.push(added.startMs);
    await reading;
    if (workers === 1) {
      noWorker.push([down, up]);
      workerBack.push(up);
    }
    outages.push([down, up + 10 * SECOND]);
  }
  const r = await account(cluster, `worker SIGKILL ×${kills}, ${workers === 1 ? 'one worker' : `${workers} workers`}, hazards read meanwhile`, p, { outages, noWorker, workerBack });
  return { ...r, reads, workerStartMs, workerStartPhases, workerBack: workers === 1 ? workerBack : [] };
}

export interface ReadStats {
  count: number;
  byStatus: Record<string, number>;
  /** The slowest answer (ms). */
  worstMs: number;
  /** Answers from the read model (the live state could not be had in time). */
  fromReadModel: number;
}

async function readAll(cluster: Cluster, ids: string[], stats: ReadStats): Promise<void> {
  await inParallel(ids, 16, async (id) => {
    const t = Date.now();
    const r = await apiCall(cluster.apiUrl, 'GET', `/api/hazards/${id}`, 'dev-lead').catch(() => ({ status: 0, body: undefined }));
    stats.count += 1;
    stats.byStatus[r.status] = (stats.byStatus[r.status] ?? 0) + 1;
    stats.worstMs = Math.max(stats.worstMs, Date.now() - t);
    if (r.body?.source === 'read_model') stats.fromReadModel += 1;
  });
}

/**
 * One service taken away while the deadlines fire: from `leadMs` before the first deadline, for
 * `forMs`; then given back, and the hazards counted.
 */
async function outage(
  cluster: Cluster,
  o: ScenarioOptions,
  service: { leadMs: number; forMs: number; stop(): Promise<void>; start(): Promise<void>; name(seconds: string): string },
): Promise<FaultResult> {
  const p = await plantHazards(cluster, o.prefix, o.hazards, 20 * SECOND);
  const first = Math.min(...p.dueAt.values());
  await sleepUntil(first - service.leadMs);
  const from = Date.now();
  await service.stop();
  await sleepUntil(from + service.forMs);
  await service.start();
  return account(cluster, service.name(((Date.now() - from) / SECOND).toFixed(0)), p, { outages: [[from, Date.now()]] });
}

/** SMTP refuses every connection from just before the first reminder, for `outageMs`. */
export async function smtpOutage(cluster: Cluster, o: ScenarioOptions): Promise<FaultResult> {
  const smtp = cluster.faults.smtp;
  if (!smtp) throw new Error('the SMTP outage needs a cluster started with faultInjection');
  return outage(cluster, o, { leadMs: 14 * SECOND, forMs: o.outageMs ?? DEFAULT_OUTAGE_MS, stop: () => smtp.cut(), start: () => smtp.restore(), name: (s) => `SMTP down ${s} s` });
}

/**
 * PostgreSQL stopped from the same instant, for `outageMs` (the read model, the notification log,
 * the API keys). The mail activities need the database too: it is a mail outage as well.
 */
export async function postgresOutage(cluster: Cluster, o: ScenarioOptions): Promise<FaultResult> {
  const { faults } = cluster;
  return outage(cluster, o, {
    leadMs: 14 * SECOND,
    forMs: o.outageMs ?? DEFAULT_OUTAGE_MS,
    stop: () => faults.stopPostgres(),
    start: () => faults.startPostgres(),
    name: (s) => `PostgreSQL down ${s} s`,
  });
}

/** The Temporal engine stopped just before the deadlines and started again about 11 s later. */
export async function temporalRestart(cluster: Cluster, o: ScenarioOptions): Promise<FaultResult> {
  const { faults } = cluster;
  return outage(cluster, o, {
    leadMs: 2 * SECOND,
    forMs: 11 * SECOND,
    stop: () => faults.stopTemporal(),
    start: () => faults.startTemporal(),
    name: (s) => `Temporal restarted after ${s} s`,
  });
}

/**
 * A burst of reports, each with its Idempotency-Key; the API process is SIGKILLed amid it and
 * started again; the client retries what failed with the same key. Every hazard is reported once.
 */
export async function apiKilledMidBurst(cluster: Cluster, o: ScenarioOptions): Promise<FaultResult & { attempts: number }> {
  const keys = Array.from({ length: o.hazards }, (_, i) => `${o.prefix}-${i}`);
  const ids = new Set<string>();
  let attempts = 0;
  let restarted: Promise<unknown> | undefined;
  let answered = 0;
  await inParallel(keys, 8, async (key) => {
    // No id in the body: the hazard's id comes from the Idempotency-Key, as a client without ids of its own sends it.
    for (;;) {
      attempts++;
      const r = await fetch(`${cluster.apiUrl}/api/hazards`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-lead', 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ schoolId: 's01', category: 'fire', level: 'major', title: `消防通道堵塞（${key}）` }),
      }).then(
        async (res) => ({ status: res.status, body: res.ok ? ((await res.json()) as { id: string }) : undefined }),
        () => ({ status: 0, body: undefined }),
      );
      if (r.body) {
        ids.add(r.body.id);
        break;
      }
      await new Promise((res) => setTimeout(res, 200)); // refused, reset or 503: again with the same key
    }
    if (++answered === Math.floor(keys.length / 3)) {
      const api = cluster.api;
      api.child.kill('SIGKILL');
      restarted = api.exited.then(() => cluster.faults.startApi());
    }
  });
  await restarted;
  const result = await account(cluster, 'API killed mid-burst', { ids: [...ids], prefix: o.prefix, dueAt: new Map() }, { kinds: ['hazard_reported'], settleMs: 30 * SECOND });
  // A hazard reported twice (a retry that started a second one) would be a second 上报 mail of the same title.
  const reported = (await cluster.mail!.messages()).filter((m) => addressed(m) && mailKind(m) === 'hazard_reported' && m.subject.includes(`（${o.prefix}-`));
  const extra = reported.length - keys.length;
  if (ids.size !== keys.length || extra !== 0) result.problems.push(`${keys.length} keys gave ${ids.size} hazards and ${reported.length} 上报 mails`);
  return { ...result, duplicated: result.duplicated + Math.max(0, extra), attempts };
}

/** The table of docs/benchmarks/README.md (Faults, measured). */
export function faultTable(results: FaultResult[]): string {
  const s = (ms: number) => `${(ms / SECOND).toFixed(1)} s`;
  return [
    '| fault | hazards | mails expected | delivered | replaced by the overtaking notice | lost | duplicated (same Message-ID) | transitions before their instant | worst transition lag | p95 transition lag | worst mail lag |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) => {
      const none = r.fault === 'API killed mid-burst';
      return `| ${r.fault} | ${r.hazards} | ${r.expected} | ${r.delivered} | ${r.replaced} | ${r.lost} | ${r.duplicated} (${r.duplicatedSameMessageId}) | ${none ? '—' : r.beforeInstant} | ${none ? '—' : s(r.worstTransitionLagMs)} | ${none ? '—' : s(r.p95TransitionLagMs)} | ${s(r.worstMailLagMs)} |`;
    }),
  ].join('\n');
}
