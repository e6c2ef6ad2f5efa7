// 工作台 (GET /api/me/work): what is due from each unit now, overdue first, then by deadline; and
// the photo uploads behind the evidence (type, size, who may see them).
import sharp from 'sharp';
import { launchReportingCampaign, uploadPhoto } from '../support/builders';
import { useHarness } from '../support/harness';
import { assignedHazard, DAY, HOUR, reportHazard, uniqueId, waitForMail } from '../support/hazard-helpers';

const h = useHarness();

const work = async (key: string, ids: string[]) =>
  ((await h.request('GET', '/api/me/work', { key })).body.items as any[])
    .filter((i) => ids.includes(i.hazardId) || ids.includes(i.campaignId))
    .map((i) => [i.kind, i.hazardId ?? i.campaignId, i.overdue]);

test('each unit sees what is due from it: rectifications by deadline with the overdue first, decisions, verifications, listed supervision', async () => {
  const late = await assignedHazard(h, { departmentId: 'market', dueInMs: HOUR });
  await h.advance(HOUR + 10 * 60_000);
  await waitForMail(h, late.id, 'overdue_notice');
  const later = await assignedHazard(h, { departmentId: 'market', dueInMs: 10 * DAY });
  const sooner = await assignedHazard(h, { departmentId: 'market', dueInMs: 5 * DAY });
  const police = await assignedHazard(h, { departmentId: 'police', dueInMs: 5 * DAY });
  const waiting = uniqueId('wait');
  await reportHazard(h, { id: waiting, level: 'major', title: '待交办的重大隐患' });
  const self = uniqueId('self');
  await reportHazard(h, { id: self, selfFixable: true, title: '学校自行整改的隐患' });
  // The bureau has decisions to make: an extension, a verification; the government a listed supervision.
  await h.request('POST', `/api/hazards/${later.id}/extension`, { key: 'market', body: { requestedDueAt: new Date((await h.now()) + 20 * DAY).toISOString(), reason: '需协调执法力量' } });
  await h.request('POST', `/api/hazards/${sooner.id}/rectification`, { key: 'market', body: { note: '已整改' } });
  await h.request('POST', `/api/hazards/${police.id}/escalation`, { key: 'bureau', body: { reason: '涉及多部门职责，需政府统筹' } });
  const ids = [late.id, later.id, sooner.id, police.id, waiting, self];

  // Each 整改通知书 not yet acknowledged is also 待签收 (no deadline of its own: after the dated items).
  expect(await work('market', ids)).toEqual([
    ['rectify', late.id, true],
    ['rectify', later.id, false],
    ['acknowledge', late.id, false],
    ['acknowledge', later.id, false],
  ]);
  expect(await work('police', ids)).toEqual([['rectify', police.id, false]]);
  // Each item names its hazard by its 编号 (第N号 on the page), not by its id.
  const marketItems = (await h.request('GET', '/api/me/work', { key: 'market' })).body.items as any[];
  expect(late.view.number).toBeGreaterThan(0);
  expect(marketItems.filter((i) => i.hazardId === late.id).map((i) => [i.kind, i.hazardNumber])).toEqual([
    ['rectify', late.view.number],
    ['acknowledge', late.view.number],
  ]);
  // 待签收 opens the hazard's page on 签收.
  expect(marketItems.find((i) => i.hazardId === late.id && i.kind === 'acknowledge')).toMatchObject({ action: '待签收', page: `/hazards/${late.id}?action=acknowledge`, dueAt: null });
  // The school's own general hazard: it registers it with photos (登记销号), not reported for 验收.
  expect(await work('school', ids)).toEqual([['self_fix', self, false]]);
  expect(await work('bureau', ids)).toEqual([
    ['extension', later.id, false],
    ['assign', waiting, false],
    ['verify', sooner.id, false],
  ]);
  expect(await work('inspector', ids)).toEqual([['verify', sooner.id, false]]);
  // The 挂牌督办 awaits the government's 签收 (the department's 整改通知书 no longer does).
  expect(await work('government', ids)).toEqual([
    ['listed_supervision', police.id, false],
    ['acknowledge', police.id, false],
  ]);
  const market = (await h.request('GET', '/api/me/work', { key: 'market' })).body.items.find((i: any) => i.hazardId === late.id);
  expect(market).toMatchObject({ action: '整改', title: '校门口占道经营，影响学生通行', page: `/hazards/${late.id}`, statusLabel: '已交办', dueAt: late.dueAt });
});

test("report periods due from a unit and a school's self-inspection come from the campaign", async () => {
  const id = uniqueId('cpw');
  const { launch, at, reportDay } = await launchReportingCampaign(h, { id, name: '工作台测试专项行动', monthlyOwners: ['edu'] });
  expect(launch.status).toBe(201);
  const items = async (key: string) => ((await h.request('GET', '/api/me/work', { key })).body.items as any[]).filter((i) => i.campaignId === id && !i.hazardId);
  expect((await items('market')).map((i) => [i.kind, i.title, i.dueAt])).toEqual([['report', '工作台测试专项行动：实施方案', at(3 * DAY)]]);
  // The period as people name it: the month the report covers (the one before, unless due on its month's last day), not its code.
  const [ry, rm, rd] = reportDay.split('-').map(Number);
  const [cy, cm] = new Date(Date.UTC(ry, rm, 0)).getUTCDate() === rd ? [ry, rm] : rm === 1 ? [ry - 1, 12] : [ry, rm - 1];
  expect((await items('bureau')).map((i) => [i.kind, i.title])).toEqual([['report', `工作台测试专项行动：月度工作情况（${cy}年${cm}月）`]]);
  expect((await items('school')).map((i) => [i.kind, i.action, i.dueAt])).toEqual([['self_inspection', '摸排自查', at(5 * DAY)]]);
  expect(await items('police')).toEqual([]);
  // Submitted: no longer due.
  expect((await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'market', body: { obligationKey: 'plan', note: '已制定' } })).status).toBe(201);
  expect(await items('market')).toEqual([]);
});

describe('photo uploads', () => {
  const jpeg = (w: number, h2: number) =>
    sharp({ create: { width: w, height: h2, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();

  test('a photo is stored upright without its metadata, with a thumbnail, for those who may see its hazard', async () => {
    const { id } = await assignedHazard(h, { departmentId: 'market' });
    // A phone's portrait photo: stored landscape pixels with an EXIF orientation.
    const phone = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3a6' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const up = await uploadPhoto(h, 'market', id, phone);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ url: `${h.baseUrl}/api/uploads/${up.body.id}`, thumbnailUrl: `${h.baseUrl}/api/uploads/${up.body.id}/thumbnail`, width: 1200, height: 1600 });
    const full = await fetch(up.body.url, { headers: { authorization: `Bearer ${h.keys.bureau}` } });
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await full.arrayBuffer())).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif]).toEqual([1200, 1600, undefined, undefined]);
    const thumb = await sharp(Buffer.from(await (await fetch(up.body.thumbnailUrl, { headers: { authorization: `Bearer ${h.keys.school}` } })).arrayBuffer())).metadata();
    expect([thumb.width, thumb.height]).toEqual([240, 320]);
    // Another department sees neither the hazard nor its photos; nobody without a key does.
    expect((await fetch(up.body.url, { headers: { authorization: `Bearer ${h.keys.police}` } })).status).toBe(403);
    expect((await fetch(up.body.url)).status).toBe(401);
    // The URL is evidence the API accepts.
    const done = await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '已整改', evidence: [up.body.url] } });
    expect(done.body.evidence).toEqual([up.body.url]);
  });

  test('what is not a photo, too large, or for a hazard out of remit is refused, and nothing is stored', async () => {
    const { id } = await assignedHazard(h, { departmentId: 'market' });
    const before = await h.db.upload.count();
    const text = await uploadPhoto(h, 'market', id, Buffer.from('not an image at all'), 'image/jpeg', 'fake.jpg');
    expect(text.status).toBe(415);
    expect(text.body.error.message).toBe('只能上传 JPEG、PNG 或 WebP 格式的照片');
    const big = await uploadPhoto(h, 'market', id, Buffer.alloc(6 * 1024 * 1024, 1));
    expect(big.status).toBe(413);
    expect((await uploadPhoto(h, 'police', id, await jpeg(100, 100))).status).toBe(403);
    expect((await uploadPhoto(h, 'market', 'no-such-hazard', await jpeg(100, 100))).status).toBe(404);
    expect(await h.db.upload.count()).toBe(before);
  });
});
