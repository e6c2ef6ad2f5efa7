// `npm run bench`: every speed and memory figure of docs/benchmarks/README.md in one run, on one
// stack, so that the product's rates are read as ratios of what Temporal itself does on this
// machine at that moment (the machine is shared: absolute figures drift, ratios in one run hold).
//
// The stack: the laptop engine (the CLI's dev server on SQLite with the pragmas `npm start` sets),
// PostgreSQL, the mail catcher, WORKERS worker processes and one API process from dist/ — or the
// production engine (Temporal server on PostgreSQL) with --engine cluster.
//
//   npm run build && npm run bench -- [--engine dev|cluster] [--requests 1000] [--concurrency 32]
//                                     [--storm 10000] [--import 5000] [--only raw,api,life,storm,import]
//
// What it measures, in order:
//  1. raw: client.workflow.start of a trivial workflow (the yardstick, 1), and of hazardWorkflow.
//  2. api: POST /api/hazards, with what a report costs: history events, workflow tasks,
//     activities, search-attribute upserts per hazard, database transactions and rows, SMTP
//     messages per report, and the CPU each process used (who is the bound).
//  3. life: one hazard's whole life (report → 交办 → reminders → 逾期 → 督办 → 挂牌督办 → its
//     reminders and 逾期 → 整改 → 验收 → 回头看), its history events.
//  4. storm: N hazards due at the same instant (each started in a request's context, as through
//     the API): when each transition happened, when each mail arrived, duplicates; worker RSS
//     with the N hazards open and at the storm's peak; beside Temporal's own storm.
//  5. import: an N-row CSV import, until every row is triaged and its mail sent; beside
//     Temporal's own import (N workflows whose first task runs a local activity and arms a timer).
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { createDatabase, type Database } from '../common/database';
import { startHazardWorkflow } from '../temporal-client/hazards';
import { runWithRequestContext } from '../common/request-context-storage';
import { requestContextClientInterceptors } from '../common/temporal-client-interceptors';
import type { HazardPolicy } from '../common/hazard';
import { startScratchCluster, type Cluster } from '../devstack/cluster';
import { apiCall, isCcCopy, mailKey, mailKind } from '../devstack/cluster-scenarios';
import type { CaughtMail } from '../devstack/mail-catcher';
import type { YardstickActivities } from './bench/trivial-workflow';
import { benchImportCsv } from './bench/import-rows';
import { hazardWorkflowId } from '../domain/hazard/messages';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const ENGINE = arg('engine', 'dev') as 'dev' | 'cluster';
const REQUESTS = Number(arg('requests', '1000'));
const CONCURRENCY = Number(arg('concurrency', '32'));
const STORM = Number(arg('storm', '10000'));
const IMPORT_ROWS = Number(arg('import', '5000'));
const WORKERS = Number(process.env.WORKERS ?? 1);
const ONLY = new Set(arg('only', 'raw,api,life,storm,import').split(','));
/** Seconds from the storm's first start to its instant (default: time enough to start and triage N hazards here). */
const STORM_LEAD = arg('storm-lead', '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const rows: [string, string, string][] = [];
const notes: string[] = [];
const say = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] (load ${os.loadavg()[0].toFixed(1)}) ${line}`);

// -- measuring

interface Rate {
  n: number;
  ok: number;
  perSecond: number;
  p50: number;
  p95: number;
  errors: Record<string, number>;
}

/** `n` calls of `fn`, `concurrency` at a time: successes per second and latencies. */
async function concurrently(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<Rate> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = performance.now();
        try {
          await fn(i);
          ok += 1;
          latencies.push(performance.now() - t);
        } catch (err) {
          const key = (err instanceof Error ? err.message : String(err)).slice(0, 80);
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (x: number) => latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))] ?? NaN;
  return { n, ok, perSecond: ok / seconds, p50: q(0.5), p95: q(0.95), errors };
}

const CLK_TCK = 100;
const PAGE = 4096;

/** The processes this bench started (its descendants), by role, with CPU seconds and RSS. */
function processes(): { pid: number; role: string; cpuSeconds: number; rssBytes: number }[] {
  const parent = new Map<number, number>();
  const stat = new Map<number, string[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      stat.set(Number(name), fields);
    } catch {
      // gone
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = parent.get(p) ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  const out: { pid: number; role: string; cpuSeconds: number; rssBytes: number }[] = [];
  for (const [pid, f] of stat) {
    if (pid === process.pid || !mine(pid)) continue; // the bench itself: below, from its own count
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    const role = /worker\/main\.js/.test(cmd)
      ? 'worker'
      : /api\/main\.js/.test(cmd)
        ? 'api'
        : /postgres/.test(cmd)
          ? 'postgresql'
          : /temporal(-server)?\b.*(server start-dev|start)/.test(cmd) || /\.tools\/bin\/temporal/.test(cmd)
            ? 'temporal'
            : /mail-catcher|smtp/.test(cmd)
              ? 'mail'
              : 'other';
    // utime stime are fields 14, 15 (1-based) = index 11, 12 after the comm; rss is field 24 = index 21.
    out.push({ pid, role, cpuSeconds: (Number(f[11]) + Number(f[12])) / CLK_TCK, rssBytes: Number(f[21]) * PAGE });
  }
  out.push({ pid: process.pid, role: 'bench', cpuSeconds: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6, rssBytes: process.memoryUsage().rss });
  return out;
}

/** CPU seconds of each process this bench started, and its role. */
function cpuByProcess(): Map<number, { role: string; cpuSeconds: number }> {
  return new Map(processes().map((p) => [p.pid, { role: p.role, cpuSeconds: p.cpuSeconds }]));
}

/**
 * `fn`, with the CPU each role's processes used meanwhile, in cores. Counted per process: one that
 * ended meanwhile (a PostgreSQL backend) takes its CPU with it, and is left out rather than subtracted.
 */
async function withCpu<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; cores: Record<string, number> }> {
  const before = cpuByProcess();
  const t0 = Date.now();
  const result = await fn();
  const seconds = (Date.now() - t0) / 1000;
  const used: Record<string, number> = {};
  for (const [pid, { role, cpuSeconds }] of cpuByProcess()) used[role] = (used[role] ?? 0) + cpuSeconds - (before.get(pid)?.cpuSeconds ?? 0);
  const cores: Record<string, number> = {};
  for (const [role, cpuSeconds] of Object.entries(used)) cores[role] = Number((cpuSeconds / seconds).toFixed(2));
  return { result, seconds, cores };
}

const workerRss = (cluster: Cluster) =>
  processes()
    .filter((p) => cluster.workers.some((w) => w.pid === p.pid))
    .reduce((s, p) => s + p.rssBytes, 0);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

async function pgStats(db: Database): Promise<{ xacts: number; rows: number }> {
  const [r] = await db.$queryRawUnsafe<{ xacts: bigint; rows: bigint }[]>(
    'select xact_commit as xacts, tup_inserted + tup_updated + tup_deleted as rows from pg_stat_database where datname = current_database()',
  );
  return { xacts: Number(r.xacts), rows: Number(r.rows) };
}

/** Events, workflow tasks, activities, local activities, timers and upserts of a workflow's history. */
async function historyCost(temporal: Client, workflowId: string) {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const has = (k: string) => events.filter((e) => (e as Record<string, unknown>)[k] != null).length;
  return {
    events: events.length,
    workflowTasks: has('workflowTaskCompletedEventAttributes'),
    activities: has('activityTaskScheduledEventAttributes'),
    // A local activity's marker (the other markers are patches: `patched()`).
    localActivities: events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
    timers: has('timerStartedEventAttributes'),
    upserts: has('upsertWorkflowSearchAttributesEventAttributes'),
    updates: has('workflowExecutionUpdateAcceptedEventAttributes'),
  };
}

/** When a workflow was started, and when its first workflow task was scheduled, started and completed (ms since the epoch). */
async function firstTaskTimings(temporal: Client, workflowId: string) {
  const events = (await temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const at = (k: string) => {
    const e = events.find((x) => (x as Record<string, unknown>)[k] != null);
    return e?.eventTime ? Number(e.eventTime.seconds) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : NaN;
  };
  return {
    started: at('workflowExecutionStartedEventAttributes'),
    taskScheduled: at('workflowTaskScheduledEventAttributes'),
    taskStarted: at('workflowTaskStartedEventAttributes'),
    taskCompleted: at('workflowTaskCompletedEventAttributes'),
  };
}

async function averageCost(temporal: Client, ids: string[]) {
  const costs = await Promise.all(ids.map((id) => historyCost(temporal, id)));
  const avg = (k: keyof (typeof costs)[number]) => Number((costs.reduce((s, c) => s + c[k], 0) / costs.length).toFixed(1));
  return {
    events: avg('events'),
    workflowTasks: avg('workflowTasks'),
    activities: avg('activities'),
    localActivities: avg('localActivities'),
    timers: avg('timers'),
    upserts: avg('upserts'),
  };
}

async function until<T>(what: string, fn: () => Promise<T>, done: (x: T) => boolean, timeoutMs: number, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const x = await fn();
    if (done(x)) return x;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s (last: ${JSON.stringify(x)})`);
    await sleep(everyMs);
  }
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// -- the scenarios

const LONG: Partial<HazardPolicy> = { reminderOffsets: [], overdueGrace: 'P1D', governmentDeadline: 'P15D', lookBackAfter: 'P30D' };

function report(i: number, prefix: string, extra: Record<string, unknown> = {}) {
  return { id: `${prefix}-${i}`, schoolId: 's01', category: 'fire', level: 'general', title: '消防通道堵塞', selfFixable: true, ...extra };
}

async function post(cluster: Cluster, key: string, url: string, body: unknown, expect: number) {
  const r = await apiCall(cluster.apiUrl, 'POST', url, key, body);
  if (r.status !== expect) throw new Error(`${url} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

/** Runs `fn` while a worker of the yardstick workflows (scripts/bench/trivial-workflow.ts) polls `taskQueue`, with the SDK's defaults. */
async function withYardstickWorker<T>(cluster: Cluster, taskQueue: string, fn: () => Promise<T>, activities?: YardstickActivities): Promise<T> {
  const native = await NativeConnection.connect({ address: cluster.temporalAddress });
  const worker = await Worker.create({ connection: native, namespace: cluster.namespace, taskQueue, workflowsPath: require.resolve('./bench/trivial-workflow'), activities });
  const running = worker.run();
  try {
    return await fn();
  } finally {
    worker.shutdown();
    await running;
    await native.close();
  }
}

async function rawStarts(cluster: Cluster, temporal: Client, stamp: string) {
  const trivialQueue = `bench-trivial-${stamp}`;
  return withYardstickWorker(cluster, trivialQueue, async () => {
    await concurrently(20, 4, (i) => temporal.workflow.start('benchTrivialWorkflow', { taskQueue: trivialQueue, workflowId: `warm-trivial-${stamp}-${i}` }));
    return withCpu(() => concurrently(REQUESTS, CONCURRENCY, (i) => temporal.workflow.start('benchTrivialWorkflow', { taskQueue: trivialQueue, workflowId: `trivial-${stamp}-${i}` })));
  });
}

/**
 * Temporal's own storm, the storm's yardstick: N workflows that each sleep on one timer until the
 * same instant and then complete, on the same server. When did each complete (its close time)?
 */
async function rawStorm(cluster: Cluster, temporal: Client, stamp: string, n: number) {
  const queue = `bench-sleeping-${stamp}`;
  return withYardstickWorker(cluster, queue, async () => {
    const instant = Date.now() + Math.max(30_000, n * 12 + 15_000);
    say(`raw storm: ${n} sleeping workflows due at ${new Date(instant).toISOString()} …`);
    const started = await concurrently(n, CONCURRENCY, (i) => temporal.workflow.start('benchSleepingWorkflow', { taskQueue: queue, workflowId: `sleeping-${stamp}-${i}`, args: [instant] }));
    if (started.ok < n) notes.push(`raw storm: only ${started.ok} of ${n} started before the instant ${JSON.stringify(started.errors)}`);
    if (Date.now() > instant) notes.push('raw storm: the starts ran past the instant');
    await sleep(instant - Date.now());
    const query = `TaskQueue = '${queue}' AND ExecutionStatus = 'Completed'`;
    const cpu = await withCpu(() =>
      until(
        'raw storm completed',
        async () => (await temporal.workflow.count(query)).count,
        (c) => c >= started.ok,
        600_000,
        250,
      ),
    );
    const lags: number[] = [];
    for await (const w of temporal.workflow.list({ query })) lags.push((w.closeTime?.getTime() ?? NaN) - instant);
    notes.push(`raw storm: CPU cores busy from the instant until the last completed ${JSON.stringify(cpu.cores)}`);
    return { n: lags.length, max: Math.max(...lags), p50: pct(lags, 0.5) };
  });
}

/**
 * Temporal's own import, the import's yardstick: N workflows started as the import activity starts
 * its rows (32 at once), each whose first task runs one local activity that does nothing and arms a
 * timer. How long until every first task's local activity has run?
 */
async function rawImport(cluster: Cluster, temporal: Client, stamp: string, n: number) {
  const queue = `bench-imported-${stamp}`;
  let triaged = 0;
  let resolveAll: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const activities: YardstickActivities = {
    async benchRowTriaged() {
      if (++triaged === n) resolveAll();
    },
  };
  return withYardstickWorker(
    cluster,
    queue,
    () =>
      withCpu(async () => {
        const started = await concurrently(n, CONCURRENCY, (i) => temporal.workflow.start('benchImportedWorkflow', { taskQueue: queue, workflowId: `imported-${stamp}-${i}` }));
        if (started.ok < n) throw new Error(`raw import: only ${started.ok} of ${n} started ${JSON.stringify(started.errors)}`);
        await all;
      }),
    activities,
  );
}

/** The machine's 1-minute load average, sampled every 5 s while the bench runs (the machine is shared). */
const loads: number[] = [];
const loadSampler = setInterval(() => loads.push(os.loadavg()[0]), 5_000);
loadSampler.unref();
const loadNote = (from: number) => {
  const xs = loads.slice(from);
  return xs.length ? `load average ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} (median ${pct(xs, 0.5).toFixed(1)})` : `load average ${os.loadavg()[0].toFixed(1)}`;
};

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // the yardstick's worker, quietly
  const t0 = Date.now();
  const cluster = await startScratchCluster(`bench-${ENGINE}`, {
    workers: WORKERS,
    engine: ENGINE === 'cluster' ? 'temporal' : 'dev',
    webUi: false,
    appEnv: {
      ...process.env,
      SMTP_HOST: '',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      API_RATE_LIMIT_PER_MINUTE: '10000000',
      // The compressed deadlines' notices at any hour: a night run measures the ladder, not 08:30.
      NOTICES_WORKING_HOURS_ONLY: process.env.NOTICES_WORKING_HOURS_ONLY ?? 'false',
      // Mails as people get them (npm start, production): each with its signed one-click link.
      PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://campus-safety.bench',
      LINK_SECRET: process.env.LINK_SECRET ?? randomBytes(32).toString('base64url'),
    },
  });
  say(
    `${os.cpus().length} CPU(s), load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; ${ENGINE} engine, ${WORKERS} worker process(es), 1 API process; started in ${sec(Date.now() - t0)}`,
  );
  const connection = await Connection.connect({ address: cluster.temporalAddress });
  // As the API's client: a hazard started in a request's context carries it (its request id), as every reported hazard does.
  const temporal = new Client({ connection, namespace: cluster.namespace, interceptors: requestContextClientInterceptors() });
  const db = createDatabase(cluster.databaseUrl);
  const stamp = Date.now().toString(36);
  const policy = (p: Partial<HazardPolicy>): HazardPolicy => ({
    reminderOffsets: ['P3D', 'P1D'],
    overdueGrace: 'P3D',
    governmentDeadline: 'P15D',
    lookBackAfter: 'P30D',
    rectificationPeriod: 'P7D',
    ...p,
  });
  let yardstick = NaN;
  const ratio = (perSecond: number) => (Number.isFinite(yardstick) ? `${(perSecond / yardstick).toFixed(2)}` : '');
  try {
    // warm the API, the worker and the database
    await concurrently(20, 4, (i) => post(cluster, 'dev-school-s01', '/api/hazards', report(i, `warm-${stamp}`), 201));

    if (ONLY.has('raw') || ONLY.has('api')) {
      say('raw starts …');
      const l0 = loads.length;
      const trivial = await rawStarts(cluster, temporal, stamp);
      yardstick = trivial.result.perSecond;
      rows.push([
        `raw \`client.workflow.start\`, trivial workflow (${REQUESTS} at concurrency ${CONCURRENCY})`,
        `${trivial.result.perSecond.toFixed(0)} starts/s, p50 ${trivial.result.p50.toFixed(0)} ms`,
        '1',
      ]);
      notes.push(`raw trivial starts: CPU cores busy ${JSON.stringify(trivial.cores)}`);
      const hz = await withCpu(() =>
        concurrently(REQUESTS, CONCURRENCY, (i) =>
          startHazardWorkflow({
            temporal,
            taskQueue: cluster.taskQueue,
            reportedBy: { role: 'school', unitId: 's01', keyId: 'bench' },
            hazard: { id: `raw-${stamp}-${i}`, schoolId: 's01', category: 'fire', level: 'general', title: '消防通道堵塞', selfFixable: true, evidence: [] },
            policy: policy({}),
          }).then((created) => {
            if (!created) throw new Error('not created');
          }),
        ),
      );
      rows.push([`raw start of \`hazardWorkflow\` (no API)`, `${hz.result.perSecond.toFixed(0)}/s, p50 ${hz.result.p50.toFixed(0)} ms`, ratio(hz.result.perSecond)]);
      notes.push(`raw hazardWorkflow starts: CPU cores busy ${JSON.stringify(hz.cores)}`);
      notes.push(`raw starts: ${loadNote(l0)}`);
      await until(
        'raw hazards triaged',
        () => db.notification.count({ where: { hazardId: { startsWith: `raw-${stamp}-` }, status: 'sent' } }),
        (n) => n >= REQUESTS,
        300_000,
        1000,
      );
    }

    if (ONLY.has('api')) {
      say('POST /api/hazards …');
      await sleep(2000);
      const l0 = loads.length;
      const pgBefore = await pgStats(db);
      const mailsBefore = (await cluster.mail!.messages()).length;
      const api = await withCpu(() => concurrently(REQUESTS, CONCURRENCY, (i) => post(cluster, 'dev-school-s01', '/api/hazards', report(i, `api-${stamp}`), 201)));
      rows.push([
        `\`POST /api/hazards\` (${REQUESTS} at concurrency ${CONCURRENCY})`,
        `${api.result.perSecond.toFixed(0)}/s, p50 ${api.result.p50.toFixed(0)} ms, p95 ${api.result.p95.toFixed(0)} ms`,
        `**${ratio(api.result.perSecond)}**`,
      ]);
      if (Object.keys(api.result.errors).length) notes.push(`POST /api/hazards errors: ${JSON.stringify(api.result.errors)}`);
      notes.push(`POST /api/hazards: CPU cores busy while the requests ran ${JSON.stringify(api.cores)}; ${loadNote(l0)}`);
      const settled = await withCpu(() =>
        until(
          'reports settled',
          () => db.notification.count({ where: { hazardId: { startsWith: `api-${stamp}-` }, status: 'sent' } }),
          (n) => n >= REQUESTS,
          300_000,
          250,
        ),
      );
      notes.push(`… and until every report's mail was sent, ${settled.seconds.toFixed(1)} s more: ${JSON.stringify(settled.cores)}`);
      await sleep(2000);
      const pgAfter = await pgStats(db);
      const mails = (await cluster.mail!.messages()).length - mailsBefore;
      const cost = await averageCost(
        temporal,
        Array.from({ length: 20 }, (_, i) => hazardWorkflowId(`api-${stamp}-${i * Math.floor(REQUESTS / 20)}`)),
      );
      rows.push([
        'a report costs (per hazard)',
        `${cost.events} history events, ${cost.workflowTasks} workflow tasks, ${cost.activities} activities, ${cost.localActivities} local activities, ${cost.upserts} search-attribute upserts; ` +
          `${((pgAfter.xacts - pgBefore.xacts) / REQUESTS).toFixed(1)} PostgreSQL transactions and ${((pgAfter.rows - pgBefore.rows) / REQUESTS).toFixed(1)} rows written (API and worker); ${(mails / REQUESTS).toFixed(2)} SMTP messages`,
        '',
      ]);
    }

    if (ONLY.has('life')) {
      say('a whole life …');
      // As the issue counted it (rectified under listed supervision before the government's
      // deadline), and the longest path (the government's reminders and its deadline missed too).
      await Promise.all([life(cluster, temporal, `life-${stamp}`, false), life(cluster, temporal, `life-long-${stamp}`, true)]);
    }

    if (ONLY.has('storm')) await storm(cluster, temporal, db, stamp, policy);
    if (ONLY.has('import')) await bulkImport(cluster, db, temporal);
  } finally {
    console.log('');
    console.log("| what | rate / time | vs its yardstick (a raw start of a trivial workflow; Temporal's own storm or import) |");
    console.log('|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log('');
    for (const n of notes) console.log(`- ${n}`);
    console.log(`- the whole run: ${loadNote(0)} on ${os.cpus().length} CPU(s)`);
    await db.$disconnect();
    await connection.close();
    await cluster.stop();
  }
}

/** report → 交办 → 2 reminders → 逾期 → 督办 → 挂牌督办 [→ its 2 reminders → its 逾期] → 整改 → 验收 → 回头看 due → passed. */
async function life(cluster: Cluster, temporal: Client, id: string, governmentRungs: boolean) {
  const p = { reminderOffsets: ['PT4S', 'PT2S'], overdueGrace: 'PT3S', governmentDeadline: governmentRungs ? 'PT8S' : 'PT60S', lookBackAfter: 'PT3S' };
  await post(cluster, 'dev-lead', '/api/hazards', { id, schoolId: 's01', category: 'food_safety', level: 'major', title: '校门口无证流动摊点', policy: p }, 201);
  const due = Date.now() + 6_000;
  await post(cluster, 'dev-bureau', `/api/hazards/${id}/assign`, { departmentId: 'market', dueAt: new Date(due).toISOString() }, 200);
  // reminders at -4 s, -2 s, overdue, bureau +3 s, government +6 s (its deadline 8 s later, reminders 4 s and 2 s before), its overdue
  await sleep(due + 6_000 + (governmentRungs ? 8_000 : 0) + 1_500 - Date.now());
  await post(cluster, 'dev-dept-market', `/api/hazards/${id}/rectification`, { note: '已取缔' }, 200);
  await post(cluster, 'dev-bureau', `/api/hazards/${id}/verification`, { passed: true }, 200);
  await sleep(4_000); // the look-back comes due
  const done = await post(cluster, 'dev-bureau', `/api/hazards/${id}/look-back`, { passed: true }, 200);
  await until(
    'life ended',
    () => temporal.workflow.getHandle(hazardWorkflowId(id)).describe(),
    (d) => d.status.name === 'COMPLETED',
    60_000,
  );
  const cost = await historyCost(temporal, hazardWorkflowId(id));
  rows.push([
    `a hazard's whole life, ${done.history.length} transitions${governmentRungs ? " (with the government's reminders and deadline missed)" : ''}, ${(await cluster.mail!.messages()).filter((m) => !isCcCopy(m) && mailKey(m).startsWith(`hazard:${id}:`)).length} mails`,
    `${cost.events} history events (${cost.workflowTasks} workflow tasks, ${cost.activities} activities, ${cost.localActivities} local activities, ${cost.timers} timers, ${cost.upserts} upserts)`,
    '',
  ]);
}

async function storm(cluster: Cluster, temporal: Client, db: Database, stamp: string, policy: (p: Partial<HazardPolicy>) => HazardPolicy) {
  const n = STORM;
  const prefix = `storm-${stamp}`;
  /** An overdue notice of this storm's hazards, as addressed (a Cc copy is the same notice). */
  const isOverdueNotice = (m: CaughtMail) => mailKind(m) === 'overdue_notice' && !isCcCopy(m) && mailKey(m).startsWith(`hazard:${prefix}-`);
  const raw = await rawStorm(cluster, temporal, stamp, n);
  rows.push([`${n} workflows sleeping until the same instant (Temporal's own storm, the yardstick): every one completed`, `${raw.n}/${n} within ${sec(raw.max)} (p50 ${sec(raw.p50)})`, '1']);
  // Due once every hazard is started and triaged (about 10 a second on this machine), with a margin.
  const instant = Date.now() + (STORM_LEAD ? Number(STORM_LEAD) * 1000 : Math.max(60_000, n * 40 + 30_000));
  say(`storm: ${n} hazards due at ${new Date(instant).toISOString()} …`);
  const l0 = loads.length;
  // Each in a request's context, as every hazard reported through the API or imported is.
  const started = await concurrently(n, CONCURRENCY, (i) =>
    runWithRequestContext({ requestId: `${prefix}-${i}` }, () =>
      startHazardWorkflow({
        temporal,
        taskQueue: cluster.taskQueue,
        reportedBy: { role: 'lead', keyId: 'bench' },
        hazard: {
          id: `${prefix}-${i}`,
          schoolId: `s${String((i % 32) + 1).padStart(2, '0')}`,
          category: 'fire',
          level: 'general',
          title: '消防通道堵塞',
          selfFixable: true,
          evidence: [],
          dueAt: new Date(instant).toISOString(),
        },
        policy: policy(LONG),
      }),
    ),
  );
  let peakBefore = 0;
  const triaged = await until(
    'storm hazards triaged',
    async () => {
      peakBefore = Math.max(peakBefore, workerRss(cluster));
      return db.notification.count({ where: { hazardId: { startsWith: `${prefix}-` }, status: 'sent' } });
    },
    (c) => c >= n,
    Math.max(0, instant - Date.now() - 5_000),
    1000,
  ).catch(() => -1);
  if (triaged < 0) notes.push(`storm: the ${n} hazards were not all triaged 5 s before their instant`);
  await sleep(instant - 2_000 - Date.now());
  const rssOpen = workerRss(cluster);
  rows.push([`worker RSS with ${n} hazards open (sleeping on their timers)`, `${mib(rssOpen)} (${mib(peakBefore)} at most while they were reported)`, '']);
  notes.push(`storm: ${started.ok} started at ${started.perSecond.toFixed(0)}/s, ${triaged} triage mails sent before the instant`);
  let peak = rssOpen;
  const expected = n;
  const cpu = await withCpu(async () => {
    const deadline = instant + Math.max(300_000, n * 100); // 10 a second at least
    for (;;) {
      peak = Math.max(peak, workerRss(cluster));
      const got = (await cluster.mail!.messages()).filter(isOverdueNotice).length;
      if (got >= expected || Date.now() > deadline) break;
      await sleep(500);
    }
  });
  await sleep(3_000); // a duplicate would have come by now
  const mails = (await cluster.mail!.messages()).filter(isOverdueNotice);
  const perKey = new Map<string, number>();
  for (const m of mails) perKey.set(mailKey(m), (perKey.get(mailKey(m)) ?? 0) + 1);
  const duplicates = [...perKey.values()].filter((c) => c > 1).length;
  const mailLag = mails.map((m) => Date.parse(m.receivedAt) - instant);
  const transitions = await until(
    'overdue transitions in the read model',
    () => db.auditEvent.findMany({ where: { action: 'overdue', hazardId: { startsWith: `${prefix}-` } }, select: { at: true } }),
    (r) => r.length >= n,
    120_000,
    1000,
  ).catch(() => db.auditEvent.findMany({ where: { action: 'overdue', hazardId: { startsWith: `${prefix}-` } }, select: { at: true } }));
  const transitionLag = transitions.map((t) => t.at.getTime() - instant);
  rows.push([
    `${n} hazards due at the same instant: every overdue transition made`,
    `${transitions.length}/${n} within ${sec(Math.max(...transitionLag))} (p50 ${sec(pct(transitionLag, 0.5))})`,
    `${(Math.max(...transitionLag) / raw.max).toFixed(2)} of Temporal's own (p50 ${(pct(transitionLag, 0.5) / raw.p50).toFixed(2)})`,
  ]);
  rows.push([
    `… every overdue mail in`,
    `${perKey.size}/${n} within ${sec(Math.max(...mailLag))} (p50 ${sec(pct(mailLag, 0.5))}), ${duplicates} twice — ${(perKey.size / (Math.max(...mailLag) / 1000)).toFixed(0)}/s`,
    '',
  ]);
  rows.push([`worker RSS at the storm's peak`, mib(peak), '']);
  notes.push(`storm: CPU cores busy from the instant until the last mail ${JSON.stringify(cpu.cores)}; ${loadNote(l0)}`);
}

async function bulkImport(cluster: Cluster, db: Database, temporal: Client) {
  const n = IMPORT_ROWS;
  say(`raw import: ${n} workflows, each a local activity and a timer …`);
  const raw = await rawImport(cluster, temporal, Date.now().toString(36), n);
  rows.push([`${n} workflows started 32 at once, each a local activity and a timer (Temporal's own import, the yardstick): every first task done`, sec(raw.seconds * 1000), '1']);
  notes.push(`raw import: CPU cores busy ${JSON.stringify(raw.cores)}`);
  say(`import of ${n} rows …`);
  const l0 = loads.length;
  const t0 = Date.now();
  const at = (days: number) => new Date(t0 + days * 86_400_000).toISOString();
  const id = `import-${t0.toString(36)}`;
  await post(
    cluster,
    'dev-lead',
    '/api/campaigns',
    { id, name: `批量导入基准（${n}行）`, jurisdictionId: 'yufeng', plan: { phases: [{ key: 'survey', startAt: at(0.001), endAt: at(30) }], obligations: [] } },
    201,
  );
  const csv = benchImportCsv(n);
  const t = Date.now();
  const res = await fetch(`${cluster.apiUrl}/api/campaigns/${id}/hazards.csv`, { method: 'POST', headers: { authorization: 'Bearer dev-lead', 'content-type': 'text/csv' }, body: csv });
  if (!res.ok) throw new Error(`import → ${res.status} ${(await res.text()).slice(0, 300)}`);
  const accepted = Date.now() - t;
  let triaged = 0;
  let triagedMs = NaN;
  const cpu = await withCpu(async () => {
    triaged = await until(
      'import triaged',
      () => db.hazard.count({ where: { campaignId: id, status: { not: 'reported' } } }),
      (c) => c >= n,
      900_000,
      1000,
    );
    triagedMs = Date.now() - t;
    await until(
      'import mailed',
      () => db.notification.count({ where: { campaignId: id, hazardId: { not: null }, status: 'sent' } }),
      (c) => c >= n,
      900_000,
      1000,
    );
  });
  const mailedMs = Date.now() - t;
  rows.push([
    `${n}-row CSV import: all triaged / and mailed in`,
    `${sec(triagedMs)} / ${sec(mailedMs)} (accepted in ${sec(accepted)}; ${triaged} rows)`,
    `${(mailedMs / (raw.seconds * 1000)).toFixed(2)} of Temporal's own`,
  ]);
  notes.push(`import: CPU cores busy until every row was mailed ${JSON.stringify(cpu.cores)}`);
  // Where a row's time went, from 50 rows' histories: when its workflow was started (the import
  // activity's starts), how long its first task waited for the worker, and how long it ran
  // (triage and its local activity: the record and the mail).
  const ids = (await db.hazard.findMany({ where: { campaignId: id }, select: { id: true }, orderBy: { createdAt: 'asc' } })).map((h) => h.id);
  const sampled = Array.from({ length: 50 }, (_, i) => ids[Math.floor((i * ids.length) / 50)]);
  const timings = await Promise.all(sampled.map((hazardId) => firstTaskTimings(temporal, hazardWorkflowId(hazardId))));
  const stat = (xs: number[]) => `p50 ${sec(pct(xs, 0.5))}, p95 ${sec(pct(xs, 0.95))}, max ${sec(Math.max(...xs))}`;
  notes.push(
    `import, 50 rows' histories: started after the upload ${stat(timings.map((x) => x.started - t))}; ` +
      `first task waited for the worker ${stat(timings.map((x) => x.taskStarted - x.taskScheduled))}; ran ${stat(timings.map((x) => x.taskCompleted - x.taskStarted))}`,
  );
  notes.push(`import: ${loadNote(l0)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
