// CSV: a campaign's hazards and bulletin exported for Excel; hazard lists (一校一表) imported
// whole or not at all.
import { parse as parseCsv } from 'csv-parse/sync';
import { csvCell } from '../../api/campaign-csv';
import { startHazardWorkflow } from '../../temporal-client/hazards';
import { launchCampaign, onePhasePlan, ownCampaign, timeline } from '../support/builders';
import { DEFAULT_TEST_POLICY, useHarness } from '../support/harness';
import { DAY, eventually, uniqueId } from '../support/hazard-helpers';

const h = useHarness();
let campaignId: string;

beforeAll(async () => {
  ({ id: campaignId } = await ownCampaign(h, 'csv', 'CSV 测试', (at) => ({ plan: onePhasePlan('survey', at(DAY), at(30 * DAY)) })));
});

async function postCsv(text: string, key = 'bureau') {
  const res = await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/hazards.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.keys[key as 'bureau']}`, 'content-type': 'text/csv; charset=utf-8' },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const HEADER = '学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料';

test('a file with any bad row is refused whole, each bad row named, nothing imported', async () => {
  const csv = [HEADER, 's02,食品安全,一般,校门口流动摊点,,南门,否,,', 's03,外星人,特大,,,,也许,明天,ftp://x', 'nope,消防安全,重大,消防通道堵塞,,,否,,'].join('\n');
  const res = await postCsv(csv);
  expect(res.status).toBe(400);
  expect(res.body.error.message).toContain('nothing was imported');
  const rows = res.body.error.details.map((d: any) => `${d.row}:${d.field}`);
  expect(rows).toEqual(expect.arrayContaining(['3:隐患类别', '3:隐患等级', '3:能否自行整改', '3:隐患名称', '3:整改期限', '4:学校编号']));
  expect(rows.some((r: string) => r.startsWith('2:'))).toBe(false);
  expect(await h.db.hazard.count({ where: { campaignId } })).toBe(0);
});

/** Follows an import to its end through its statusUrl. */
async function finished(statusUrl: string, key = 'bureau') {
  for (let i = 0; i < 200; i++) {
    const res = await h.request('GET', statusUrl, { key });
    if (res.status !== 200 || res.body.status !== 'running') return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`import ${statusUrl} still running`);
}

test('a good file is accepted at once and imported by a workflow, every row a hazard workflow, once', async () => {
  const rows = Array.from({ length: 120 }, (_, i) => {
    const school = `s${String((i % 32) + 1).padStart(2, '0')}`;
    return `${school},${i % 2 ? '交通秩序' : 'food_safety'},${i % 10 === 0 ? '重大' : '一般'},隐患${i + 1},"描述, 含逗号",校门口,${i % 3 === 0 ? '是' : '否'},,https://files.example/${i}.jpg`;
  });
  const csv = '\uFEFF' + [HEADER, ...rows].join('\r\n');
  const first = await postCsv(csv);
  expect(first.status).toBe(202);
  expect(first.body).toMatchObject({ campaignId, rows: 120, statusUrl: `/api/campaigns/${campaignId}/imports/${first.body.importId}` });
  expect(first.body.hazardIds).toHaveLength(120);
  const done = await finished(first.body.statusUrl);
  expect(done.body).toMatchObject({ status: 'completed', rows: 120, processed: 120, started: 120, alreadyImported: 0, requestedBy: 'bureau:edu' });
  // The same file again is the same import: nothing started twice.
  const again = await postCsv(csv);
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ importId: first.body.importId, status: 'completed', started: 120 });
  // Another file repeating some of these rows starts only the new ones.
  const overlapping = await postCsv('\uFEFF' + [HEADER, ...rows.slice(0, 10), 's05,防溺水,重大,校外河道无护栏,,,否,,'].join('\r\n'));
  expect(overlapping.status).toBe(202);
  expect((await finished(overlapping.body.statusUrl)).body).toMatchObject({ status: 'completed', rows: 11, started: 1, alreadyImported: 10 });
  // The import's progress is for the lead, the bureau and whoever uploaded it.
  expect((await h.request('GET', first.body.statusUrl, { key: 'market' })).status).toBe(403);
  expect((await h.request('GET', first.body.statusUrl, { key: 'lead' })).status).toBe(200);
  expect((await h.request('GET', `/api/campaigns/${campaignId}/imports/nope`, { key: 'lead' })).status).toBe(404);
  // The workflows triage and record each hazard.
  for (let i = 0; i < 100 && (await h.db.hazard.count({ where: { campaignId } })) < 121; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await h.db.hazard.count({ where: { campaignId } })).toBe(121);
  // Each row's triage follows its report in the read model within moments.
  expect(
    await eventually(
      () => h.db.hazard.count({ where: { campaignId, status: 'rectifying', selfFixable: true } }),
      (n) => n === 36,
    ),
  ).toBe(36);

  const school = await postCsv([HEADER, 's02,消防安全,一般,别校的隐患,,,否,,'].join('\n'), 'school');
  expect(school.status).toBe(400);
  expect(school.body.error.details[0]).toMatchObject({ row: 2, field: '学校编号' });
});

test('exports open in Excel: UTF-8 with a byte-order mark, Chinese headers', async () => {
  const res = await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/hazards.csv`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes.slice(3));
  const [header, ...lines] = text.trim().split('\r\n');
  expect(header.split(',').slice(0, 6)).toEqual(['隐患编号', '学校编号', '学校名称', '隐患类别', '隐患等级', '隐患名称']);
  expect(lines).toHaveLength(121);
  expect(text).toContain('"描述, 含逗号"');
  expect(text).toContain('鱼峰区第一实验小学');
  // A school exports only its own hazards (rows 1, 33, 65 and 97 of the import).
  const own = await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/hazards.csv`, { headers: { authorization: `Bearer ${h.keys.school}` } });
  const ownLines = (await own.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1);
  expect(ownLines).toHaveLength(4);
  expect(ownLines.every((l) => l.split(',')[1] === 's01')).toBe(true);
  const bulletin = await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/bulletin.csv`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  const bulletinBytes = Buffer.from(await bulletin.arrayBuffer());
  expect(bulletinBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(bulletinBytes.subarray(3).toString('utf8').startsWith('单位类型,单位编号,单位名称')).toBe(true);
});

test('a body that is neither JSON nor CSV is 415', async () => {
  const res = await fetch(`${h.baseUrl}/api/hazards`, { method: 'POST', headers: { authorization: `Bearer ${h.keys.lead}`, 'content-type': 'text/plain' }, body: 'hello' });
  expect(res.status).toBe(415);
  expect(((await res.json()) as any).error.code).toBe('unsupported_media_type');
});

test('an import cut off part-way resumes at its cursor and starts no row twice', async () => {
  // As if a worker died after starting rows 1–32 but recording only rows 1–16 as processed.
  const importId = uniqueId('resume');
  const rows = Array.from({ length: 64 }, (_, i) => {
    const hazardId = `${importId}-row-${i + 1}`;
    return {
      hazardId,
      hazard: { id: hazardId, campaignId, schoolId: 's07', category: 'fire' as const, level: 'general' as const, title: `续传隐患 ${i + 1}`, evidence: [], selfFixable: true },
    };
  });
  const actor = { role: 'bureau' as const, unitId: 'edu', keyId: 'test' };
  for (const r of rows.slice(0, 32)) {
    await startHazardWorkflow({ temporal: h.temporal, taskQueue: h.taskQueue, reportedBy: actor, hazard: r.hazard, policy: DEFAULT_TEST_POLICY });
  }
  await h.db.hazardImport.create({
    data: {
      id: importId,
      campaignId,
      requestedBy: 'bureau:edu',
      payload: JSON.parse(JSON.stringify({ actor, policy: DEFAULT_TEST_POLICY, rows })),
      rows: rows.length,
      processed: 16,
      started: 16,
      status: 'running',
      createdAt: new Date(),
    },
  });
  const result = await h.temporal.workflow.execute('hazardImportWorkflow', { workflowId: `hazard-import-${importId}`, taskQueue: h.taskQueue, args: [{ importId }] });
  expect(result).toMatchObject({ status: 'completed', rows: 64, processed: 64, started: 48, alreadyImported: 16 });
  const view = await h.request('GET', `/api/campaigns/${campaignId}/imports/${importId}`, { key: 'bureau' });
  expect(view.body).toMatchObject({ status: 'completed', processed: 64, started: 48, alreadyImported: 16 });
  // Every row is one hazard workflow.
  for (let i = 0; i < 100 && (await h.db.hazard.count({ where: { id: { startsWith: `${importId}-row-` } } })) < 64; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await h.db.hazard.count({ where: { id: { startsWith: `${importId}-row-` } } })).toBe(64);
});

test('a campaign with a long id still gives its imported hazards ids every route takes', async () => {
  const { at } = await timeline(h);
  const longId = `yufeng-2027-campus-safety-special-action-${uniqueId('long')}`.padEnd(64, 'x').slice(0, 64);
  const launched = await launchCampaign(h, { id: longId, name: '长编号专项行动', plan: onePhasePlan('survey', at(DAY), at(9 * DAY)) });
  expect(launched.status).toBe(201);
  const res = await fetch(`${h.baseUrl}/api/campaigns/${longId}/hazards.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.keys.bureau}`, 'content-type': 'text/csv' },
    body: [HEADER, 's04,防溺水,重大,校外河道无护栏,,,否,,'].join('\n'),
  });
  const accepted = (await res.json()) as any;
  expect(res.status).toBe(202);
  expect(accepted.importId.length).toBeLessThanOrEqual(64);
  expect((await finished(accepted.statusUrl)).body.status).toBe('completed');
  const [hazardId] = accepted.hazardIds;
  expect(hazardId.length).toBeLessThanOrEqual(64);
  expect((await h.request('GET', `/api/hazards/${hazardId}`, { key: 'bureau' })).body).toMatchObject({ id: hazardId, campaignId: longId, status: 'bureau_review' });
  const inspection = await h.request('POST', `/api/campaigns/${longId}/self-inspections`, {
    key: 'school',
    body: { schoolId: 's01', hazards: [{ category: 'fire', level: 'general', title: '灭火器过期', selfFixable: true }] },
  });
  expect(inspection.status).toBe(201);
  expect((await h.request('GET', `/api/hazards/${inspection.body.hazardIds[0]}`, { key: 'school' })).status).toBe(200);
});

test('exported cells that a spreadsheet would run as formulas start with a single quote', async () => {
  const { id } = await ownCampaign(h, 'formula', '公式注入', (at) => ({ plan: onePhasePlan('survey', at(DAY), at(9 * DAY)) }));
  const titles = ['=HYPERLINK("http://evil.example","点我")', '+1+2', '-2+3', '@SUM(A1:A9)', '校门口-东侧'];
  for (const [i, title] of titles.entries()) {
    const res = await h.request('POST', '/api/hazards', {
      key: 'bureau',
      body: { id: `${id}-${i}`, campaignId: id, schoolId: 's01', category: 'fire', level: 'general', title, location: i === 0 ? '=1+1' : '南门' },
    });
    expect(res.status).toBe(201);
  }
  for (let i = 0; i < 100 && (await h.db.hazard.count({ where: { campaignId: id } })) < titles.length; i++) await new Promise((r) => setTimeout(r, 100));
  const res = await fetch(`${h.baseUrl}/api/campaigns/${id}/hazards.csv`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
  const title = header.indexOf('隐患名称');
  const location = header.indexOf('隐患位置');
  expect(rows.map((r) => r[title]).sort()).toEqual(["'+1+2", "'-2+3", '\'=HYPERLINK("http://evil.example","点我")', "'@SUM(A1:A9)", '校门口-东侧'].sort());
  expect(rows.find((r) => r[title].startsWith("'=H"))?.[location]).toBe("'=1+1");
  // Leading tab and carriage return too; numbers and ordinary text as they are.
  expect([csvCell('\tcmd'), csvCell('\r=1'), csvCell(-3), csvCell('一般'), csvCell(null)]).toEqual(["'\tcmd", "'\r=1", -3, '一般', '']);
});
