// `npm run test:faults`: the fault suite's scenarios (devstack/fault-scenarios.ts) at a larger
// size, on the production topology's processes, printing the table of docs/benchmarks/README.md
// (Faults, measured). Exits 1 if a mail was lost or a transition missed.
//
//   npm run build && npm run test:faults -- [--engine dev|temporal] [--workers 2] [--hazards 100] [--outage 29] [--only smtp,postgres,...] [--trace FILE]
//
// --workers: how many worker processes run (the 'reads' scenario — a worker killed while the
// deadlines fire and the hazards are read — is measured with 1 and with 2).
//
// --outage: how many seconds SMTP and PostgreSQL stay down.
//
// --trace FILE: after the 'reads' scenario, each rung's path through its hazard's history (the task
// queue its workflow task waited on, its timeouts, the worker that started it: devstack/rung-trace.ts)
// written to FILE, one line per rung, and summed up by rung.
//
// With the 'temporal' engine PostgreSQL holds the Temporal server's state too: its outage stops
// the engine as well, and the deadlines of that span fire when it is back.
import os from 'node:os';
import { writeFile } from 'node:fs/promises';
import { temporal } from '@temporalio/proto';
import { startScratchCluster } from '../devstack/cluster';
import { formatRungPath, traceRungs, type RungPath } from '../devstack/rung-trace';
import { apiKilledMidBurst, faultTable, noFault, postgresOutage, smtpOutage, temporalRestart, workerKills, workerKillsWhileRead, type FaultResult } from '../devstack/fault-scenarios';

const SCENARIOS = { none: noFault, smtp: smtpOutage, postgres: postgresOutage, kills: workerKills, reads: workerKillsWhileRead, temporal: temporalRestart, api: apiKilledMidBurst } as const;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const engine = arg('engine', 'dev');
  if (engine !== 'dev' && engine !== 'temporal') throw new Error('--engine: dev or temporal');
  const hazards = Number(arg('hazards', '100'));
  if (!Number.isInteger(hazards) || hazards < 1) throw new Error('--hazards: a whole number of at least 1');
  const workers = Number(arg('workers', '2'));
  if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers: a whole number of at least 1');
  const outage = Number(arg('outage', '29'));
  if (!(outage > 0)) throw new Error('--outage: seconds, more than 0');
  const only = arg('only', Object.keys(SCENARIOS).join(',')).split(',') as (keyof typeof SCENARIOS)[];
  for (const name of only) if (!(name in SCENARIOS)) throw new Error(`--only: unknown scenario ${name} (${Object.keys(SCENARIOS).join(', ')})`);

  const cluster = await startScratchCluster('faults', {
    workers,
    engine,
    webUi: false,
    faultInjection: true,
    appEnv: { ...process.env, SMTP_HOST: '', LOG_LEVEL: 'error', API_RATE_LIMIT_PER_MINUTE: '1000000', NOTICES_WORKING_HOURS_ONLY: process.env.NOTICES_WORKING_HOURS_ONLY ?? 'false' },
    // The workers at info: their 'worker polling' line gives the start's phases.
    workerEnv: { LOG_LEVEL: 'info' },
    log: (source: string, line: string) => {
      if (!source.startsWith('temporal') && /"level":(50|60)/.test(line)) console.error(`${source}: ${line}`);
    },
  });
  const results: FaultResult[] = [];
  try {
    console.log(
      `${os.cpus().length} CPU(s), node ${process.version}; engine ${engine === 'dev' ? 'Temporal CLI dev server (SQLite)' : 'Temporal server on PostgreSQL'}, ${workers} worker process(es), 1 API process, ${hazards} hazards per scenario`,
    );
    const stamp = Date.now().toString(36);
    for (const name of only) {
      const r = await SCENARIOS[name](cluster, { prefix: `${name}-${stamp}`, hazards, outageMs: outage * 1000 });
      results.push(r);
      console.log(`${r.fault}: done${r.problems.length ? ` — ${r.problems.length} problem(s): ${r.problems.slice(0, 5).join('; ')}` : ''}`);
      if ('reads' in r) {
        const { workerStartMs, workerStartPhases } = r as unknown as { workerStartMs: number[]; workerStartPhases: unknown[] };
        console.log(`  reads: ${JSON.stringify(r.reads)}; worker start (spawn until its first poll): ${JSON.stringify(workerStartMs)} ms`);
        console.log(`  worst lag by rung (ms): ${JSON.stringify(r.worstLagByRung ?? {})}`);
        console.log(`  each new worker's start by phase (ms: process start to main(), PostgreSQL, the Temporal connections, Worker.create, total): ${JSON.stringify(workerStartPhases)}`);
        const trace = arg('trace', '');
        if (trace) {
          const { workerBack } = r as unknown as { workerBack: number[] };
          const kept: Record<string, unknown> = {};
          const paths = await traceRungs(cluster.temporalAddress, cluster.namespace, r.rungs ?? [], cluster.workers, workerBack, (id, events) => {
            if (Object.keys(kept).length < 3) kept[id] = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.create({ events }), { enums: String, longs: String });
          });
          await writeFile(`${trace}.histories.json`, JSON.stringify(kept, null, 1));
          await writeFile(trace, paths.map(formatRungPath).join('\n') + '\n');
          console.log(`  each rung's path (${trace}), by rung:\n${rungSummary(paths)}`);
        }
      }
    }
  } finally {
    await cluster.stop();
  }
  console.log(`\n${faultTable(results)}`);
  if (results.some((r) => r.lost > 0 || r.problems.length > 0)) process.exitCode = 1;
}

/** By rung: how many, the worst and median lag, and of the lag the time on a dead worker's sticky queue and until a worker started the task; the tasks that timed out. */
function rungSummary(paths: RungPath[]): string {
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
  const rows = [...new Set(paths.map((p) => p.rung))].map((rung) => {
    const of = paths.filter((p) => p.rung === rung);
    const count = (event: string, detail: string) => of.reduce((n, p) => n + p.steps.filter((x) => x.event === event && x.detail === detail).length, 0);
    const worst = of.reduce((a, b) => (b.lag > a.lag ? b : a));
    return `| ${rung} | ${of.length} | ${s(worst.lag)} | ${s(median(of.map((p) => p.lag)))} | ${s(worst.onDeadSticky)} / ${s(worst.toStart)} | ${s(median(of.map((p) => p.onDeadSticky)))} | ${s(median(of.map((p) => p.toStart)))} | ${count('WORKFLOW_TASK_TIMED_OUT', 'SCHEDULE_TO_START')} | ${count('WORKFLOW_TASK_TIMED_OUT', 'START_TO_CLOSE')} |`;
  });
  return [
    '| rung | n | worst lag | median lag | of the worst: on a dead sticky queue / until started | median on a dead sticky queue | median until started | sticky timeouts (SCHEDULE_TO_START) | task timeouts (START_TO_CLOSE) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
