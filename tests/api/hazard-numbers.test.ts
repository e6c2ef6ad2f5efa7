// A hazard's 编号 (issue 24, item 14): a running number per campaign, 第1号, 第2号…, given once — two
// hazards reported at the same moment get two numbers, the same id again keeps its own — and what
// people read everywhere instead of its id: the view, the report mail, the 台账 CSV, an
// imported list in file order.
import { hazardNumberScope, takeHazardNumbers } from '../../common/hazard-numbers';
import { onePhasePlan, ownCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { DAY, eventually, uniqueId, waitForMail } from '../support/hazard-helpers';

const h = useHarness();
let campaignId: string;

beforeAll(async () => {
  ({ id: campaignId } = await ownCampaign(h, 'numbers', '隐患编号测试', (at) => ({ plan: onePhasePlan('rectification', at(DAY), at(30 * DAY)) })));
});

const report = (id: string, schoolId: string, title: string, more: Record<string, unknown> = {}) =>
  h.request('POST', '/api/hazards', { key: 'bureau', body: { id, campaignId, schoolId, category: 'fire', level: 'general', title, ...more } });

test('hazards reported at the same moment get running numbers 1…n, each once; the same id again keeps its number', async () => {
  const ids = Array.from({ length: 6 }, () => uniqueId('num'));
  const answers = await Promise.all(ids.map((id, i) => report(id, `s0${(i % 3) + 1}`, `消防器材过期${i + 1}`)));
  expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
  expect(answers.map((a) => a.body.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  // The same report again (a retry): its own number, no new one taken.
  const again = await report(ids[0], 's01', '消防器材过期1');
  expect(again.status).toBe(200);
  expect(again.body.number).toBe(answers[0].body.number);
  expect(await h.db.hazardNumber.count({ where: { scope: campaignId } })).toBe(6);
  // The read model has them, and the page's view (live, then recorded) says the same.
  const rows = await eventually(
    () => h.db.hazard.findMany({ where: { id: { in: ids } }, select: { id: true, number: true } }),
    (r) => r.length === 6,
  );
  expect(new Map(rows.map((r) => [r.id, r.number]))).toEqual(new Map(answers.map((a, i) => [ids[i], a.body.number])));
  expect((await h.request('GET', `/api/hazards/${ids[1]}`, { key: 'lead' })).body.number).toBe(answers[1].body.number);
});

test('the report mail and the 台账 CSV give the hazard’s 编号, not its id', async () => {
  const id = uniqueId('num-mail');
  const res = await report(id, 's04', '配电室门锁损坏', { level: 'major' });
  expect(res.status).toBe(201);
  const n: number = res.body.number;
  expect(n).toBeGreaterThan(0);
  const mail = await waitForMail(h, id, 'hazard_reported');
  expect(mail.text).toContain(`隐患编号：第${n}号`);
  expect(mail.text).not.toContain(id);
  // The 台账: 隐患编号 is 第n号; nowhere the id.
  const csv = await h.request('GET', `/api/campaigns/${campaignId}/hazards.csv`, { key: 'lead' });
  expect(csv.status).toBe(200);
  const text = String(csv.body);
  const line = text.split('\r\n').find((l) => l.includes('配电室门锁损坏'))!;
  expect(line.split(',')[0]).toBe(`第${n}号`);
  expect(text).not.toContain(id);
});

test('another campaign counts from 1; an imported list is numbered in file order after the reports', async () => {
  const { id: other } = await ownCampaign(h, 'numbers-import', '隐患编号导入测试', (at) => ({ plan: onePhasePlan('survey', at(DAY), at(30 * DAY)) }));
  const first = await h.request('POST', '/api/hazards', {
    key: 'bureau',
    body: { id: uniqueId('num-other'), campaignId: other, schoolId: 's05', category: 'fire', level: 'general', title: '灭火器压力不足' },
  });
  expect(first.body.number).toBe(1);
  const header = '学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料';
  const rows = ['s06,消防安全,一般,疏散指示灯损坏,,,否,,', 's07,消防安全,一般,安全出口上锁,,,否,,', 's08,消防安全,一般,消防栓被遮挡,,,否,,'];
  const res = await fetch(`${h.baseUrl}/api/campaigns/${other}/hazards.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.keys.bureau}`, 'content-type': 'text/csv; charset=utf-8' },
    body: [header, ...rows].join('\n'),
  });
  expect(res.status).toBe(202);
  const imported = await eventually(
    () => h.db.hazard.findMany({ where: { campaignId: other }, select: { title: true, number: true }, orderBy: { number: 'asc' } }),
    (r) => r.length === 4,
  );
  expect(imported.map((r) => `${r.number}:${r.title}`)).toEqual(['1:灭火器压力不足', '2:疏散指示灯损坏', '3:安全出口上锁', '4:消防栓被遮挡']);
});

test('numbers taken at once by many requests are 1…n without a gap or a double; one id taken twice at once is one number', async () => {
  const scope = hazardNumberScope({ campaignId: uniqueId('numbers-race') });
  const ids = Array.from({ length: 20 }, (_, i) => `${scope}-h${i}`);
  const taken = await Promise.all([...ids.map((id) => takeHazardNumbers(h.db, scope, [id])), takeHazardNumbers(h.db, scope, [ids[0]]), takeHazardNumbers(h.db, scope, ids.slice(0, 5))]);
  const numbers = new Map<string, number>();
  for (const m of taken)
    for (const [id, n] of m) {
      expect(numbers.get(id) ?? n).toBe(n);
      numbers.set(id, n);
    }
  expect([...numbers.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(await h.db.hazardNumber.count({ where: { scope } })).toBe(20);
  await h.db.hazardNumber.deleteMany({ where: { scope } });
});
