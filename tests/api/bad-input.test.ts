// Bad input is refused at the door (issue 27, part A), through the real API: text PostgreSQL cannot
// store, deadlines out of their window, durations out of their bounds or beyond arithmetic, images
// too large to decode and photos for a hazard whose loop has ended, and a hazard list saved by
// Excel in Chinese (GBK). Each is a 400 (413, 409) naming what is wrong, and nothing is written; or,
// for the GBK list, it is imported with its Chinese intact.
import { deflateSync } from 'node:zlib';
import { launchCampaign, onePhasePlan, ownCampaign, timeline } from '../support/builders';
import { useHarness } from '../support/harness';
import { assignedHazard, DAY, eventually, reportHazard, uniqueId } from '../support/hazard-helpers';

const h = useHarness();

const fields = (body: any) => ((body?.error?.details ?? []) as { field: string }[]).map((d) => d.field).sort();
const report = (id: string, more: Record<string, unknown>, key = 'school') =>
  h.request('POST', '/api/hazards', { key, body: { id, schoolId: 's01', category: 'fire', level: 'general', title: '疏散通道堆放杂物', ...more } });

/** Nothing of the hazard anywhere: no row, no workflow. */
async function nothingWritten(id: string) {
  expect(await h.db.hazard.findUnique({ where: { id } })).toBeNull();
  await expect(h.temporal.workflow.getHandle(`hazard-${id}`).describe()).rejects.toThrow();
}

describe('1. text PostgreSQL cannot store', () => {
  test('a NUL (or another control character, or a lone surrogate) in a report is 400 naming the field, and nothing is written', async () => {
    for (const [field, value] of Object.entries({ description: 'd\u0000', title: '杂物\u0007堆放', location: '\ud800东门' })) {
      const id = uniqueId('nul');
      const res = await report(id, { [field]: value });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual([`body.${field}`]);
      await nothingWritten(id);
    }
    // Tabs and line breaks are text, and emoji (a surrogate pair) too.
    const ok = await reportHazard(h, { id: uniqueId('ok'), description: '第一行\n第二行\t（含制表符）😀' });
    expect(ok.description).toBe('第一行\n第二行\t（含制表符）😀');
  });

  test('a NUL in an action note or in an evidence link is 400 naming the field', async () => {
    const { id } = await assignedHazard(h, { departmentId: 'market' });
    const note = await h.request('POST', `/api/hazards/${id}/progress`, { key: 'market', body: { note: '已清理\u0000' } });
    expect(note.status).toBe(400);
    expect(fields(note.body)).toEqual(['body.note']);
    const link = await h.request('POST', `/api/hazards/${id}/rectification`, { key: 'market', body: { note: '已整改', evidence: ['https://files.example/a\u0000.jpg'] } });
    expect(link.status).toBe(400);
    expect(fields(link.body)).toEqual(['body.evidence.0']);
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'market' })).body.status).toBe('assigned');
  });

  test("a NUL in a school's name is 400 naming the field (not 500), and the school is unchanged", async () => {
    const before = await h.db.school.findUniqueOrThrow({ where: { id: 's01' } });
    const body = { jurisdictionId: before.jurisdictionId, name: `${before.name}\u0000`, kind: before.kind, principalName: before.principalName, principalEmail: before.principalEmail };
    const res = await h.request('PUT', '/api/schools/s01', { key: 'lead', body });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.name']);
    expect(await h.db.school.findUniqueOrThrow({ where: { id: 's01' } })).toEqual(before);
  });

  test('a NUL in a sign-in address is 400, not 500', async () => {
    const res = await h.request('POST', '/api/session', { key: null, body: { email: 'a\u0000@b.example', password: 'whatever-it-is' } });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.email']);
  });
});

describe('2. deadlines within their window', () => {
  test("a school's self-fix due 9999-12-31 is 400 naming dueAt; before 2000 too; a year ahead is fine", async () => {
    for (const dueAt of ['9999-12-31T23:59:59+08:00', '1999-12-31T00:00:00Z', '+275760-09-13T00:00:00.000Z']) {
      const id = uniqueId('due');
      const res = await report(id, { selfFixable: true, dueAt });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['body.dueAt']);
      await nothingWritten(id);
    }
    const { T } = await timeline(h);
    const inAYear = new Date(Math.max(T, Date.now()) + 360 * DAY).toISOString();
    expect((await report(uniqueId('due'), { selfFixable: true, dueAt: inAYear })).status).toBe(201);
  });

  test("the bureau's assign in year 9999 is 400 naming dueAt, and the hazard stays in review", async () => {
    const id = uniqueId('assign');
    await reportHazard(h, { id, level: 'major' });
    const res = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: '9999-12-31T00:00:00Z' } });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.dueAt']);
    expect((await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body.status).toBe('bureau_review');
  });

  test("a campaign's plan in year 9999 is 400 naming the phase's date", async () => {
    const { at } = await timeline(h);
    const res = await launchCampaign(h, { id: uniqueId('far'), name: '远期专项行动', plan: onePhasePlan('survey', at(DAY), '9999-12-31T00:00:00Z') });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.plan.phases.0.endAt']);
  });
});

describe('3. durations within their bounds', () => {
  test('P999999999Y in a policy is 400 naming the field (not 500, not accepted); so are PT0S and a reminder over P90D', async () => {
    for (const [policy, field] of [
      [{ rectificationPeriod: 'P999999999Y' }, 'body.policy.rectificationPeriod'],
      [{ overdueGrace: 'P999999999Y' }, 'body.policy.overdueGrace'],
      [{ governmentDeadline: 'P2Y' }, 'body.policy.governmentDeadline'],
      [{ lookBackAfter: 'PT0S' }, 'body.policy.lookBackAfter'],
      [{ reminderOffsets: ['P1D', 'P91D'] }, 'body.policy.reminderOffsets.1'],
    ] as const) {
      const id = uniqueId('dur');
      const res = await report(id, { level: 'major', policy }, 'lead');
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual([field]);
      await nothingWritten(id);
    }
    // The bounds themselves are fine, and the hazard can be read and its ladder planned.
    const id = uniqueId('dur');
    expect((await report(id, { level: 'major', policy: { overdueGrace: 'P1Y', reminderOffsets: ['P90D', 'PT1S'] } }, 'lead')).status).toBe(201);
    expect((await h.request('GET', `/api/hazards/${id}`)).status).toBe(200);
    expect((await h.request('GET', `/api/hazards/${id}/timeline`)).status).toBe(200);
  });

  test("a campaign's policy with P999999999Y is 400 naming the field", async () => {
    const { at } = await timeline(h);
    const res = await launchCampaign(h, {
      id: uniqueId('cdur'),
      name: '时长测试',
      plan: onePhasePlan('survey', at(DAY), at(10 * DAY)),
      policy: { overdueGrace: 'P999999999Y', hazard: { rectificationPeriod: 'P999999999Y' } },
    });
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['body.policy.hazard.rectificationPeriod', 'body.policy.overdueGrace']);
  });
});

/** A PNG whose header says `width`×`height` (1-bit grey, all black): small on the wire, huge decoded. */
function hugePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 and black pixels, every row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

describe('4. uploads', () => {
  const upload = async (key: string, hazardId: string, body: Buffer, type = 'image/png', name = 'photo.png') => {
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(body)], { type }), name);
    const res = await fetch(`${h.baseUrl}/api/uploads?hazardId=${hazardId}`, { method: 'POST', headers: { authorization: `Bearer ${h.keys[key as 'market']}` }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  };

  test('a 16000×16000 PNG is refused from its header, before decoding, with a message people read; nothing is stored', async () => {
    const { id } = await assignedHazard(h, { departmentId: 'market' });
    const png = hugePng(16000, 16000);
    expect(png.length).toBeLessThan(1024 * 1024);
    const before = await h.db.upload.count();
    const started = Date.now();
    const res = await upload('market', id, png);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('image_too_large');
    expect(res.body.error.message).toContain('4000万像素');
    expect(fields(res.body)).toEqual(['body.photo']);
    expect(Date.now() - started).toBeLessThan(3000); // the header is read; a decode of 256 megapixels is not quick
    expect(await h.db.upload.count()).toBe(before);
    // A photo of ordinary size still goes in.
    expect((await upload('market', id, hugePng(4000, 3000))).status).toBe(201);
  });

  test('a photo for a withdrawn hazard is 409, and nothing is stored', async () => {
    const id = uniqueId('wd');
    await reportHazard(h, { id, level: 'major' });
    expect((await h.request('POST', `/api/hazards/${id}/withdraw`, { key: 'bureau', body: { reason: '误报' } })).status).toBe(200);
    const before = await h.db.upload.count();
    const res = await upload('bureau', id, hugePng(64, 64));
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('已撤销');
    expect(await h.db.upload.count()).toBe(before);
  });
});

/** GBK bytes of a text (what Excel in Chinese saves as "CSV"): the two-byte table read back from the decoder. */
function encodeGbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else if (table.has(ch)) bytes.push(...table.get(ch)!);
    else throw new Error(`not in GBK: ${ch}`);
  }
  return Buffer.from(bytes);
}

describe('5. a hazard list that is not UTF-8', () => {
  let campaignId: string;
  beforeAll(async () => {
    ({ id: campaignId } = await ownCampaign(h, 'gbk', 'GBK 导入测试', (at) => ({ plan: onePhasePlan('survey', at(DAY), at(30 * DAY)) })));
  });
  const post = async (body: Buffer, contentType: string) => {
    const res = await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/hazards.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.keys.bureau}`, 'content-type': contentType },
      body: new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const HEADER = '学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料';

  test('a GBK file (as Excel in Chinese saves it) is imported with its Chinese intact, whatever charset the upload claims', async () => {
    for (const [contentType, title] of [
      ['text/csv', '消防通道被杂物堵塞'],
      ['text/csv; charset=utf-8', '校门口护栏松动'],
      ['text/csv; charset=gbk', '食堂燃气管道老化'],
    ] as const) {
      const csv = encodeGbk([HEADER, `s01,消防安全,重大,${title},“描述”，含中文标点,教学楼东侧,否,,`].join('\r\n'));
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(csv)).toThrow(); // truly not UTF-8
      const res = await post(csv, contentType);
      expect(res.status).toBe(202);
      const [hazardId] = res.body.hazardIds as string[];
      const row = await eventually(
        () => h.db.hazard.findUnique({ where: { id: hazardId } }),
        (r) => r !== null,
      );
      expect(row).toMatchObject({ schoolId: 's01', category: 'fire', level: 'major', title, description: '“描述”，含中文标点', location: '教学楼东侧' });
    }
  });

  test('a file that is neither UTF-8 nor GBK is 400 saying to save it as "CSV UTF-8", and nothing is imported', async () => {
    const before = await h.db.hazard.count({ where: { campaignId } });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\ns01,消防安全,一般,隐患,,,否,,\r\n`, 'utf16le')]);
    const res = await post(utf16, 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('CSV UTF-8');
    expect(fields(res.body)).toEqual(['file']);
    expect(await h.db.hazard.count({ where: { campaignId } })).toBe(before);
  });

  test('a NUL in a cell is refused naming its column, and nothing is imported', async () => {
    const res = await post(Buffer.from(`\uFEFF${HEADER}\r\ns01,消防安全,一般,隐患\u0000,,,否,,\r\n`), 'text/csv; charset=utf-8');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ row: 2, field: '隐患名称' })]);
  });
});
