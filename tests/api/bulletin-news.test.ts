// 通报 only with news (issue 24, item 6): two reports due at one instant, both missed, make one
// bulletin naming both occasions; a deadline everyone met and a phase closing that finds nothing
// issue none; the lead office's bulletin on demand is issued anyway. Each bulletin kept carries its
// 文号 (鱼护校办通〔year〕n号), numbered per campaign and year, on its page's data, its mail and its CSV;
// issuing a kept number again returns the same 文号.
import { issueCampaignBulletin } from '../../activities/bulletin-issue';
import { formatDate, zoned } from '../../common/time';
import { pdfText } from '../support/pdf-text';
import { campaignMail, onePhasePlan, ownCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { DAY, eventually, HOUR } from '../support/hazard-helpers';

const h = useHarness();

test('one 通报 per instant and only with news, each with its 文号', async () => {
  const { id, T } = await ownCampaign(h, 'news', '通报测试专项行动', (at) => ({
    plan: {
      phases: [{ key: 'preparation', startAt: at(HOUR), endAt: at(4 * DAY) }],
      obligations: [
        { key: 'plan_a', title: '实施方案', ownerIds: ['market'], dueAt: at(DAY) },
        { key: 'plan_b', title: '排查清单', ownerIds: ['police'], dueAt: at(DAY) },
        { key: 'plan_c', title: '整改报告', ownerIds: ['market'], dueAt: at(2 * DAY) },
      ],
    },
    policy: { reminderOffsets: [], overdueGrace: 'PT2H', rectificationOrderPeriod: 'P20D' },
    participants: { schools: { ids: ['s01'] }, departmentIds: ['market', 'police'] },
  }));
  const bulletins = async () => (await h.request('GET', `/api/campaigns/${id}/bulletins`)).body;

  // Day 1: both reports missed at the same instant — one bulletin for both.
  await h.advance(T + DAY + 10 * 60_000 - (await h.now()));
  const first = await eventually(bulletins, (b) => b.total >= 1);
  const year = zoned(T + DAY).year;
  expect(first.items).toHaveLength(1);
  expect(first.items[0]).toMatchObject({ no: 1, docNo: `鱼护校办通〔${year}〕1号`, trigger: 'report:plan_a:once', triggers: ['report:plan_a:once', 'report:plan_b:once'] });
  expect(first.items[0].content.blacklist.map((u: any) => u.unitId)).toEqual(['market', 'police']);

  // Day 2: the market bureau reported in time — nothing to report, no bulletin; day 4: the phase closes, finding nothing.
  expect((await h.request('POST', `/api/campaigns/${id}/reports`, { key: 'market', body: { obligationKey: 'plan_c', note: '已报送' } })).status).toBe(201);
  await h.advance(T + 4 * DAY + 10 * 60_000 - (await h.now()));
  const closed = await eventually(
    () => h.request('GET', `/api/campaigns/${id}`),
    (r) => r.body.phases[0].outcome !== undefined,
  );
  expect(closed.body.phases[0].status).toBe('closed');
  expect((await bulletins()).total).toBe(1);

  // On demand: issued though there is no news, with the next 文号.
  const onDemand = await h.request('POST', `/api/campaigns/${id}/bulletins`, { key: 'lead' });
  expect(onDemand.status).toBe(201);
  expect(onDemand.body).toMatchObject({
    no: 2,
    docNo: `鱼护校办通〔${zoned(Date.parse(onDemand.body.issuedAt)).year}〕2号`,
    trigger: 'on_demand',
    triggers: ['on_demand'],
    issuedBy: 'lead',
  });
  expect(onDemand.body.content.blacklist).toEqual([]);
  expect((await bulletins()).total).toBe(2);

  // The mails: one per bulletin, the 文号 in the subject and the text.
  const mails = await h.mail.waitForCount(campaignMail(id, 'bulletin_issued'), 2);
  await new Promise((r) => setTimeout(r, 500));
  const subjects = [...new Set((await h.mail.messages()).filter(campaignMail(id, 'bulletin_issued')).map((m) => m.subject))].sort();
  expect(subjects).toEqual([`【护校安园】通报测试专项行动第1期通报（鱼护校办通〔${year}〕1号）`, `【护校安园】通报测试专项行动第2期通报（${onDemand.body.docNo}）`]);
  expect(mails.find((m) => m.subject.includes('第1期'))!.text).toContain(`鱼护校办通〔${year}〕1号`);

  // The CSV.
  const csv = await fetch(`${h.baseUrl}/api/campaigns/${id}/bulletins/1.csv`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  expect((await csv.text()).split('\r\n')[0]).toContain(`文号：鱼护校办通〔${year}〕1号`);

  // The 通报 as a document: an A4 PDF in the GB/T 9704 layout, the same file the mail carries.
  const pdfRes = await fetch(`${h.baseUrl}/api/campaigns/${id}/bulletins/1.pdf`, { headers: { authorization: `Bearer ${h.keys.school}` } });
  expect(pdfRes.status).toBe(200);
  expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
  const pdf = Buffer.from(await pdfRes.arrayBuffer());
  const read = pdfText(pdf);
  expect(read.pages).toBe(1);
  expect(read.sizes).toEqual([[595.28, 841.89]]);
  // Read in order, lines joined as laid out (a long line wraps).
  const flat = read.texts[0].replace(/\n/g, '');
  const parts = [
    '鱼峰区护校安园专项行动领导小组办公室',
    `鱼护校办通〔${year}〕1号`,
    '关于通报测试专项行动第1期工作情况的通报',
    '各成员单位、各学校：',
    `现将通报测试专项行动第1期工作情况通报如下（截至${formatDate(first.items[0].issuedAt)}）：`,
    '一、未按时完成任务的单位（黑榜，共2个）',
    '1.区市场监管局：逾期未报送：实施方案',
    '2.公安鱼峰分局：逾期未报送：排查清单',
    '二、本期无逾期未整改隐患。',
    '三、本期无挂牌督办隐患。',
    '鱼峰区护校安园专项行动领导小组办公室',
    formatDate(first.items[0].issuedAt),
    '— 1 —',
  ];
  let from = 0;
  for (const part of parts) {
    const at = flat.indexOf(part, from);
    expect([part, at >= from]).toEqual([part, true]);
    from = at + part.length;
  }
  const attached = mails.find((m) => m.subject.includes('第1期'))!.attachments;
  expect(attached.map((a) => [a.filename, a.contentType])).toEqual([[`${id}-通报-第1期.pdf`, 'application/pdf']]);
  expect(pdfText(attached[0].data!).texts).toEqual(read.texts);
  expect((await fetch(`${h.baseUrl}/api/campaigns/${id}/bulletins/9.pdf`, { headers: { authorization: `Bearer ${h.keys.lead}` } })).status).toBe(404);

  // Assigned once: issuing number 1 again returns it as kept; from after bulletin 2's last entry nothing is new: not kept, no number taken.
  const issue = (no: number, trigger: string, dedupe: string, more: { afterEntryId?: string } = {}) =>
    issueCampaignBulletin(h.db, { campaignId: id, no, at: new Date().toISOString(), trigger, issuedBy: { role: 'system' }, dedupeKey: `test:${id}:${dedupe}`, ...more, whenNews: true });
  const again = await issue(1, 'report:plan_a:once', 'again');
  expect(again).toMatchObject({ no: 1, docNo: `鱼护校办通〔${year}〕1号` });
  const kept = await h.db.campaignBulletin.findMany({ where: { campaignId: id }, orderBy: { no: 'asc' } });
  const quiet = await issue(3, 'report:plan_c:once', 'quiet', { afterEntryId: (kept[1].content as any).lastEntryId });
  expect(quiet).toEqual({ campaignId: id, passed: true, triggers: ['report:plan_c:once'] });
  expect((await h.db.campaignBulletin.findMany({ where: { campaignId: id } })).map((b) => [b.no, b.docSeq])).toEqual([
    [1, 1],
    [2, 2],
  ]);
  await h.temporal.workflow.getHandle(`campaign-${id}`).terminate('test done');
});

test('the 通报 lists the units slow to acknowledge (签收) — late, or not at all — with the working hours it took, on its page, in its mail and in its PDF', async () => {
  const { id, T, at } = await ownCampaign(h, 'slow-ack', '签收测试专项行动', (at) => ({
    plan: onePhasePlan('rectification', at(HOUR), at(20 * DAY)),
    participants: { schools: { ids: ['s01'] }, departmentIds: ['market'] },
  }));
  // Three 整改通知书 to 区市场监管局 at one instant: one acknowledged at once, one two days on, one never.
  const assign = async (n: number) => {
    const hazardId = `${id}-${n}`;
    const reported = await h.request('POST', '/api/hazards', {
      key: 'school',
      body: { id: hazardId, campaignId: id, schoolId: 's01', category: 'food_safety', level: 'major', title: `签收测试隐患${n}` },
    });
    expect(reported.status).toBe(201);
    const assigned = await h.request('POST', `/api/hazards/${hazardId}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: at(10 * DAY) } });
    expect(assigned.status).toBe(200);
    return hazardId;
  };
  const [prompt, late, never] = [await assign(1), await assign(2), await assign(3)];
  expect((await h.request('POST', `/api/hazards/${prompt}/acknowledgement`, { key: 'market', body: {} })).status).toBe(200);
  await h.advance(T + 2 * DAY - (await h.now()));
  expect((await h.request('POST', `/api/hazards/${late}/acknowledgement`, { key: 'market', body: {} })).status).toBe(200);
  // The read model has the three 签收 as they are (its rows follow the transitions within moments).
  await eventually(
    () => h.db.hazard.count({ where: { id: { in: [prompt, late] }, acknowledgedAt: { not: null } } }),
    (n) => n === 2,
  );

  const issued = await h.request('POST', `/api/campaigns/${id}/bulletins`, { key: 'lead' });
  expect(issued.status).toBe(201);
  const slow = issued.body.content.slowAcknowledgements as any[];
  // Not yet acknowledged first, then the slowest; 48 hours hold 2 × 9.5 working hours (08:30–18:00).
  expect(slow.map((l) => [l.hazardId, l.unitType, l.unitId, l.name, l.notice, l.acknowledgedAt === null])).toEqual([
    [never, 'department', 'market', '区市场监管局', 'rectification_notice', true],
    [late, 'department', 'market', '区市场监管局', 'rectification_notice', false],
  ]);
  for (const l of slow) expect(Math.abs(l.workingHours - 19)).toBeLessThan(0.5);
  const hoursOf = (hazardId: string) => slow.find((l) => l.hazardId === hazardId).workingHours;
  const lines = [
    `区市场监管局：鱼峰区第一实验小学“签收测试隐患3”整改通知书，已过${hoursOf(never)}个工作小时仍未签收（规定4个工作小时内签收）`,
    `区市场监管局：鱼峰区第一实验小学“签收测试隐患2”整改通知书，用时${hoursOf(late)}个工作小时签收（规定4个工作小时内签收）`,
  ];

  // The mail: the section and each line.
  const mail = await h.mail.waitFor((m) => campaignMail(id, 'bulletin_issued')(m) && m.subject.includes('第1期'));
  expect(mail.text).toContain(['四、签收不及时的单位（共2项）：', `1. ${lines[0]}`, `2. ${lines[1]}`].join('\n'));
  expect(mail.text).not.toContain('签收测试隐患1');
  // The PDF (the page's download, the mail's attachment): the same lines, in order.
  const pdfRes = await fetch(`${h.baseUrl}/api/campaigns/${id}/bulletins/1.pdf`, { headers: { authorization: `Bearer ${h.keys.lead}` } });
  expect(pdfRes.status).toBe(200);
  // Read in order across its pages, without their numbers.
  const flat = pdfText(Buffer.from(await pdfRes.arrayBuffer()))
    .texts.join('')
    .replace(/\n|— \d+ —/g, '');
  let from = 0;
  for (const part of ['四、各单位隐患整改销号率', '五、签收不及时的单位（共2项）', `1.${lines[0]}`, `2.${lines[1]}`, '各单位要对照通报查漏补缺']) {
    const found = flat.indexOf(part, from);
    expect([part, found >= from]).toEqual([part, true]);
    from = found + part.length;
  }
  expect(flat).not.toContain('签收测试隐患1');
});
