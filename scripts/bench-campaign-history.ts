// Measures that a campaign's workflow history does not grow with its hazards: a campaign with
// N hazards (default 1,000, from all 32 schools' self-inspections) runs through its phases on a
// compressed timeline against the running system (`npm start`); at the end it prints the
// campaign workflow's event count next to its hazards' largest.
//
//   BENCH_HAZARDS=1000 npm run bench:campaign
import { Client, Connection } from '@temporalio/client';

const API = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '') + '/api';
const N = Number(process.env.BENCH_HAZARDS ?? 1000);
const SCHOOLS = 32;

async function call(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { authorization: 'Bearer dev-lead', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function main(): Promise<void> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const temporal = new Client({ connection });
  const t0 = Date.now();
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const survey = 30 + Math.ceil(N / 4); // room for the self-inspections (each answers once its hazards are triaged)
  const id = `bench-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  await call('POST', '/campaigns', {
    id,
    name: `事件数基准（${N}项隐患）`,
    jurisdictionId: 'yufeng',
    plan: {
      phases: [
        { key: 'survey', startAt: at(1), endAt: at(survey) },
        { key: 'rectification', startAt: at(survey), endAt: at(survey + 20) },
        { key: 'acceptance', startAt: at(survey + 20), endAt: at(survey + 40) },
        { key: 'consolidation', startAt: at(survey + 20), endAt: at(survey + 40) },
      ],
      obligations: [
        { key: 'plan', title: '实施方案', ownerIds: ['edu', 'police', 'market'], dueAt: at(survey) },
        { key: 'summary', title: '工作总结', ownerIds: ['edu'], dueAt: at(survey + 40) },
      ],
    },
    policy: { reminderOffsets: ['PT5S', 'PT2S'], overdueGrace: 'PT5S', rectificationOrderPeriod: 'PT10S' },
  });
  await new Promise((r) => setTimeout(r, 1500));
  const perSchool = Math.ceil(N / SCHOOLS);
  let made = 0;
  const started = Date.now();
  for (let i = 1; i <= SCHOOLS && made < N; i++) {
    const count = Math.min(perSchool, N - made);
    const hazards = Array.from({ length: count }, (_, j) => ({
      category: 'surroundings',
      level: j % 5 === 0 ? 'major' : 'general',
      title: `基准隐患 ${i}-${j + 1}`,
      policy: { reminderOffsets: ['PT30M'], overdueGrace: 'PT1H', governmentDeadline: 'P1D', lookBackAfter: 'P1D' },
    }));
    await call('POST', `/campaigns/${id}/self-inspections`, { schoolId: `s${String(i).padStart(2, '0')}`, hazards });
    made += count;
  }
  console.log(`${made} hazards reported through self-inspections in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const handle = temporal.workflow.getHandle(`campaign-${id}`);
  await handle.result();
  const campaignEvents = (await handle.describe()).historyLength;
  // The hazards' own histories, from a sample of them.
  let maxHazard = 0;
  let sampled = 0;
  for await (const wf of temporal.workflow.list({ query: `CampaignId = "${id}"` })) {
    maxHazard = Math.max(maxHazard, (await temporal.workflow.getHandle(wf.workflowId).describe()).historyLength);
    if (++sampled >= 50) break;
  }
  const stats = await call('GET', `/campaigns/${id}/stats`);
  console.log(
    JSON.stringify(
      {
        campaign: id,
        hazards: stats.hazards.total,
        escalated: stats.hazards.escalated,
        listedSupervision: stats.hazards.listedSupervision,
        campaignHistoryEvents: campaignEvents,
        largestHazardHistoryEventsOf50: maxHazard,
        wallSeconds: Math.round((Date.now() - t0) / 1000),
      },
      null,
      2,
    ),
  );
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
