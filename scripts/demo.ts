// `npm run demo`: a whole campaign on a compressed timeline, against the running system
// (`npm start` in another terminal). The Pulü 2021 plan (蒲吕街道, four phases, a monthly report
// before the 28th, a summary before 1/20) is mapped onto a few minutes; schools self-inspect,
// the bureau assigns hazards, some are rectified on time, some late, some never (and end under
// listed supervision); reports are submitted and missed. Progress prints as it goes, the final
// statistics at the end; every mail lands in the mail catcher.
//
//   API_URL=http://127.0.0.1:3000 DEMO_DAY=PT0.5S npm run demo
const API = (process.env.API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '') + '/api';
const DAY_LENGTH = process.env.DEMO_DAY ?? 'PT0.5S'; // one day of the plan
const dayMs = Number(/^PT([\d.]+)S$/.exec(DAY_LENGTH)?.[1] ?? '0.5') * 1000;
const seconds = (days: number) => `PT${Math.max(0.001, (days * dayMs) / 1000).toFixed(3)}S`;
const key = { lead: 'dev-lead', bureau: 'dev-bureau', inspector: 'dev-inspector', market: 'dev-dept-market', police: 'dev-dept-police' };

let seed = 20210423;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

async function call(method: string, path: string, as: string, body?: unknown): Promise<any> {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${as}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok && res.status !== 409) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s]`;
const log = (...a: unknown[]) => console.log(stamp(), ...a);

interface DemoHazard {
  category: string;
  level: 'general' | 'major';
  title: string;
  selfFixable: boolean;
  /** Who the bureau assigns it to. */
  department?: string;
}

const HAZARDS: DemoHazard[] = [
  { category: 'food_safety', level: 'general', title: '校门口流动摊点售卖“三无”食品', selfFixable: false, department: 'market' },
  { category: 'traffic_order', level: 'general', title: '上下学时段校门口车辆乱停', selfFixable: false, department: 'traffic' },
  { category: 'fire', level: 'general', title: '教学楼灭火器过期', selfFixable: true },
  { category: 'buildings_disaster', level: 'major', title: '围墙开裂存在倒塌风险', selfFixable: false, department: 'housing' },
  { category: 'public_order', level: 'general', title: '校园周边网吧接纳未成年人', selfFixable: false, department: 'culture' },
  { category: 'drowning', level: 'general', title: '校外河道缺少防护栏和警示牌', selfFixable: false, department: 'emergency' },
  { category: 'internal_security', level: 'general', title: '门卫室未配齐安全防护器械', selfFixable: true },
  { category: 'school_bus', level: 'major', title: '校车超员运行', selfFixable: false, department: 'transport' },
];

async function main(): Promise<void> {
  await call('GET', '/hazards?limit=1', key.lead).catch((err) => {
    throw new Error(`the system is not reachable at ${API} (run npm start first): ${err.message}`);
  });
  const campaignId = `demo-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const startAt = new Date(Date.now() + 3000).toISOString();
  const hazardPolicy = { reminderOffsets: [seconds(3), seconds(1)], overdueGrace: seconds(6), governmentDeadline: seconds(20), lookBackAfter: seconds(30), rectificationPeriod: seconds(15) };
  const campaign = await call('POST', '/campaigns', key.lead, {
    id: campaignId,
    name: '蒲吕街道“护校安园”专项行动（演示）',
    jurisdictionId: 'yufeng',
    preset: { id: 'pulu-2021', startAt, dayLength: DAY_LENGTH },
    policy: { reminderOffsets: [seconds(3), seconds(1)], overdueGrace: seconds(3), rectificationOrderPeriod: seconds(10) },
  });
  log(`campaign ${campaignId} launched from preset pulu-2021, one day = ${DAY_LENGTH}:`);
  for (const p of campaign.phases) log(`   ${p.label.padEnd(5, '　')} ${p.startAt} → ${p.endAt}`);
  for (const o of campaign.obligations) log(`   报送 ${o.title}: ${o.periods.length} period(s), owners ${o.ownerIds.join(', ')}`);
  const phaseEnd = (k: string) => Date.parse(campaign.phases.find((p: any) => p.key === k).endAt);

  // 摸排: 28 of the 32 schools self-inspect; four miss the deadline.
  await until(Date.parse(campaign.phases.find((p: any) => p.key === 'survey').startAt) + 200);
  const hazards: { id: string; def: DemoHazard }[] = [];
  for (let i = 1; i <= 28; i++) {
    const schoolId = `s${String(i).padStart(2, '0')}`;
    const picks = HAZARDS.filter(() => random() < 0.25).slice(0, 3);
    const res = await call('POST', `/campaigns/${campaignId}/self-inspections`, key.lead, {
      schoolId,
      hazards: picks.map(({ department: _d, ...h }) => ({ ...h, policy: hazardPolicy })),
    });
    res.hazardIds.forEach((id: string, j: number) => hazards.push({ id, def: picks[j] }));
  }
  log(`摸排: 28 schools self-inspected, ${hazards.length} hazards reported; s29–s32 did not`);
  // The schools fix what they can themselves, within days (自查自改).
  const work: Promise<void>[] = hazards.filter((hz) => hz.def.selfFixable).map((hz, i) => rectifyAndVerify(hz.id, key.lead, (2 + (i % 5)) * dayMs));

  // Reports: the bureau submits the monthly report most months; the summary is missed.
  const reporting = (async () => {
    const monthly = campaign.obligations.find((o: any) => o.key === 'monthly_report');
    for (const [i, p] of (monthly?.periods ?? []).entries()) {
      await until(Date.parse(p.dueAt) - 2 * dayMs);
      if (i % 3 === 2) continue; // missed: overdue notice, escalation, bulletin
      for (const ownerId of monthly.ownerIds)
        await call('POST', `/campaigns/${campaignId}/reports`, key.bureau, { obligationKey: 'monthly_report', period: p.period, ownerId, note: `${p.period}期工作情况` });
      log(`报送: monthly report ${p.period} submitted`);
    }
  })();

  // 交办 → 整改 → 验收: the bureau assigns; departments rectify on time, late, or never.
  await until(Date.parse(campaign.phases.find((p: any) => p.key === 'rectification').startAt) + 200);
  let n = 0;
  for (const hz of hazards) {
    if (hz.def.selfFixable) continue;
    n += 1;
    const fate = n % 4; // 0,1: on time; 2: late; 3: never
    const dueAt = new Date(Date.now() + 20 * dayMs).toISOString();
    await call('POST', `/hazards/${hz.id}/assign`, key.bureau, { departmentId: hz.def.department, dueAt, note: '请限期整改' });
    if (fate === 3) continue;
    work.push(rectifyAndVerify(hz.id, key.bureau, fate === 2 ? 20 * dayMs + 8 * dayMs : 10 * dayMs));
  }
  log(`交办: ${n} hazards assigned to departments (some will be rectified on time, some late, some never)`);

  const progress = setInterval(
    async () => {
      const c = await call('GET', `/campaigns/${campaignId}`, key.lead).catch(() => undefined);
      if (!c) return;
      const s = c.stats.hazards;
      log(
        `进度: phases [${c.currentPhases.join(', ') || '-'}] found ${s.total}, rectified ${s.rectified}, verified ${s.verified}, overdue ${s.overdue}, escalated ${s.escalated}, 挂牌督办 ${s.listedSupervision}, 动态清零 ${(c.stats.closureRate * 100).toFixed(0)}%`,
      );
    },
    Math.max(5000, 20 * dayMs),
  );

  await Promise.all([...work, reporting]);
  await until(phaseEnd('acceptance') + 5 * dayMs);
  clearInterval(progress);
  const stats = await call('GET', `/campaigns/${campaignId}/stats`, key.lead);
  log('final statistics:');
  console.log(JSON.stringify(stats, null, 2));
  log('mail: http://127.0.0.1:1080 ; workflows: http://127.0.0.1:8233');

  async function rectifyAndVerify(hazardId: string, as: string, afterMs: number): Promise<void> {
    await sleep(afterMs);
    const r = await call('POST', `/hazards/${hazardId}/rectification`, as, { note: '已整改到位', evidence: ['https://files.example/after.jpg'] });
    if (r.error) return;
    await sleep(2 * dayMs);
    await call('POST', `/hazards/${hazardId}/verification`, key.inspector, { passed: true, note: '验收合格' });
  }
}

async function until(t: number): Promise<void> {
  if (t > Date.now()) await sleep(t - Date.now());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
