// Measures a bulk import (一校一表) against the running system (`npm start`): a CSV of N hazard
// rows (default 5,000, spread over the 32 sample schools) in one request; prints how long until
// it was accepted, until the import workflow had started every hazard workflow, and until every
// hazard was triaged into the read model, and what a second upload of the same file does
// (nothing: it is the same import).
//
//   BENCH_ROWS=5000 npm run bench:import
import { benchImportCsv } from './bench/import-rows';

const API = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '') + '/api';
const N = Number(process.env.BENCH_ROWS ?? 5000);

async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<any> {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { authorization: 'Bearer dev-lead', ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json).slice(0, 2000)}`);
  return json;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const at = (days: number) => new Date(t0 + days * 24 * 3600 * 1000).toISOString();
  const id = `import-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  await call('POST', '/campaigns', {
    id,
    name: `批量导入基准（${N}行）`,
    jurisdictionId: 'yufeng',
    plan: { phases: [{ key: 'survey', startAt: at(0.001), endAt: at(30) }], obligations: [] },
  });

  const csv = benchImportCsv(N);

  let t = Date.now();
  const first = await call('POST', `/campaigns/${id}/hazards.csv`, csv, 'text/csv');
  const acceptedSeconds = (Date.now() - t) / 1000;

  // The import workflow starts the rows' hazard workflows, a few at a time.
  let job = first;
  while (job.status === 'running') {
    await new Promise((r) => setTimeout(r, 1000));
    job = await call('GET', first.statusUrl.replace(/^\/api/, ''));
  }
  const importedSeconds = (Date.now() - t) / 1000;

  // Every workflow triages its hazard and records it in the read model on its own.
  let recorded = 0;
  while (recorded < N) {
    recorded = (await call('GET', `/hazards?campaignId=${id}&limit=1`)).total;
    if (recorded < N) await new Promise((r) => setTimeout(r, 1000));
  }
  const allRecordedSeconds = (Date.now() - t) / 1000;

  t = Date.now();
  const again = await call('POST', `/campaigns/${id}/hazards.csv`, csv, 'text/csv');
  const againSeconds = (Date.now() - t) / 1000;

  const stats = await call('GET', `/campaigns/${id}/stats`);
  console.log(
    JSON.stringify(
      {
        campaign: id,
        rows: N,
        csvBytes: Buffer.byteLength(csv),
        accepted: { status: first.status, seconds: acceptedSeconds },
        imported: {
          status: job.status,
          started: job.started,
          alreadyImported: job.alreadyImported,
          seconds: importedSeconds,
          workflowsStartedPerSecond: Math.round(job.started / importedSeconds),
        },
        allTriagedIntoReadModelSeconds: allRecordedSeconds,
        sameFileAgain: { status: again.status, started: again.started, seconds: againSeconds },
        byStatus: stats.hazards.byStatus,
      },
      null,
      2,
    ),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
