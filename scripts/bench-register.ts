// The production topology against the dev server, side by side in one run: the same processes
// (WORKERS worker processes and one API process from dist/, PostgreSQL for the app), on the
// Temporal server on PostgreSQL ("cluster") and on the CLI's dev server on SQLite ("dev").
// For each: the hazard registration rate (POST /api/hazards) and the worker-kill takeover time.
//
//   npm run build && npm run bench:register -- [--target cluster|dev|both] [--requests 300] [--concurrency 16] [--no-takeover]
import os from 'node:os';
import { startScratchCluster } from '../devstack/cluster';
import { median, registerHazards, workerKillTakeover, type RegistrationResult, type TakeoverResult } from '../devstack/cluster-scenarios';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function run(target: 'cluster' | 'dev', requests: number, concurrency: number, takeover: boolean) {
  const started = Date.now();
  const cluster = await startScratchCluster(`bench-${target}`, {
    workers: 2,
    engine: target === 'cluster' ? 'temporal' : 'dev',
    webUi: false,
    appEnv: { ...process.env, SMTP_HOST: '', LOG_LEVEL: 'warn' },
  });
  const startMs = Date.now() - started;
  try {
    const stamp = Date.now().toString(36);
    await registerHazards(cluster.apiUrl, { requests: 10, concurrency: 2, prefix: `warm-${stamp}` });
    const registration = await registerHazards(cluster.apiUrl, { requests, concurrency, prefix: `bench-${stamp}` });
    const kill = takeover ? await workerKillTakeover(cluster, { prefix: `takeover-${stamp}`, hazards: 20 }) : undefined;
    return { target, startMs, registration, kill };
  } finally {
    await cluster.stop();
  }
}

function describe(r: { target: string; startMs: number; registration: RegistrationResult; kill?: TakeoverResult }): string {
  const g = r.registration;
  const lines = [
    `${r.target === 'cluster' ? 'cluster (Temporal server on PostgreSQL)' : 'dev (Temporal CLI dev server, SQLite)'}: started in ${(r.startMs / 1000).toFixed(1)} s`,
    `  registration: ${g.requests} × POST /api/hazards at concurrency ${g.concurrency}: ${g.perSecond.toFixed(1)}/s ` +
      `(p50 ${g.latencyMs.p50.toFixed(0)} ms, p95 ${g.latencyMs.p95.toFixed(0)} ms, max ${g.latencyMs.max.toFixed(0)} ms; statuses ${JSON.stringify(g.statuses)})`,
  ];
  if (r.kill) {
    const k = r.kill;
    lines.push(
      `  worker-kill takeover ${(k.takeoverMs / 1000).toFixed(1)} s: ${k.lateAfterMs.length} deadlines due after the SIGKILL served at most ` +
        `${(Math.max(0, ...k.lateAfterMs) / 1000).toFixed(1)} s late (median ${(median(k.lateAfterMs) / 1000).toFixed(1)} s); ` +
        `${k.lateBeforeMs.length} due before it at most ${(Math.max(0, ...k.lateBeforeMs) / 1000).toFixed(1)} s late; ` +
        `${k.mails.length} mails, ${k.duplicates.length} duplicates`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const target = arg('target', 'both');
  const targets: ('cluster' | 'dev')[] | undefined = target === 'both' ? ['cluster', 'dev'] : target === 'cluster' || target === 'dev' ? [target] : undefined;
  if (!targets) throw new Error('--target: cluster, dev or both');
  const requests = Number(arg('requests', '300'));
  const concurrency = Number(arg('concurrency', '16'));
  const takeover = !process.argv.includes('--no-takeover');
  console.log(`${os.cpus().length} CPU(s), node ${process.version}; 2 worker processes and 1 API process from dist/ on each engine`);
  for (const t of targets) console.log(describe(await run(t, requests, concurrency, takeover)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
