// Hostile values, well-formed requests (issue 27): strings with NUL, control characters, lone
// surrogates, formula starts, huge lengths; instants from year 0 to 275760 and every offset;
// durations from PT0S to P999999999Y. Sent to the hazard report, an action (交办, 进展), the
// directory's PUTs and the 一校一表 importer. Each answer is a 4xx naming the fields (and nothing
// is written), or a success whose value a following read returns intact (trimmed as the schema
// trims) and that can be read and listed; never a 5xx. Bounded: numRuns per route, under a minute.
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { onePhasePlan, ownCampaign } from '../support/builders';
import { useHarness } from '../support/harness';
import { assignedHazard, DAY, eventually, reportHazard, uniqueId } from '../support/hazard-helpers';

const h = useHarness({ rateLimitPerMinute: 1_000_000 });

// ---------------------------------------------------------------------------------------------
// Hostile values

const NASTY = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\ude00',
  '😀',
  '👨‍👩‍👧',
  'é',
  'e\u0301',
  '\u200b',
  '\u202e',
  '\t',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\u3000',
  '%00',
  '\\u0000',
  '"',
  ',',
  '=1+1',
  '+SUM(A1)',
  '@x',
  '-1',
  '<script>alert(1)</script>',
  'x\'; DROP TABLE "Hazard"; --',
  '{{title}}',
  '${process.exit()}',
  '隐患',
  '校门口',
  '鱼峰区',
];
const piece = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 5 }), fc.string({ maxLength: 8 }));
const hostileText = fc.oneof(
  { weight: 4, arbitrary: fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', 'a'.repeat(200), 'a'.repeat(201), '隐'.repeat(5000), '隐'.repeat(5001)) },
);
const benignText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0);
/** Mostly hostile, sometimes plain, so that both refusals and successes are exercised. */
const someText = fc.oneof({ weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: benignText });

const NOW = Date.now();
/** An instant written at an offset (+08:00, -12:00, Z). */
const atOffset = (ms: number, offset: string) => {
  const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
  const minutes = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(ms + minutes * 60_000).toISOString().replace('Z', offset);
};
const hostileInstant = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: -800, max: 800 }), fc.integer({ min: 0, max: DAY - 1 }), fc.constantFrom('Z', '+08:00', '-12:00', '+14:00', '+05:45'))
      .map(([d, ms, off]) => atOffset(NOW + d * DAY + ms, off)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '9999-12-31T23:59:59Z',
      '9999-12-31T23:59:59+08:00',
      '0000-01-01T00:00:00Z',
      '1970-01-01T00:00:00Z',
      '1999-12-31T23:59:59Z',
      '2000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      '-000001-01-01T00:00:00Z',
      '2027-02-29T00:00:00Z',
      '2028-02-29T00:00:00+08:00',
      '2027-01-01T24:00:00Z',
      '2027-01-01T00:00:60Z',
      '2027-01-01',
      '2027-01-01T00:00:00',
      'tomorrow',
      '',
      'NaN',
      '2027-03-01T00:00:00.123456789Z',
      '2027-03-01T00:00:00+99:00',
      '2027-03-01T00:00:00\u0000Z',
      ' 2027-03-01T00:00:00Z',
    ),
  },
  { weight: 1, arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()) },
);
/** A deadline within the window: 1 to 300 days ahead. */
const plainDue = fc.integer({ min: 1, max: 300 }).map((d) => new Date(NOW + d * DAY).toISOString());
const hostileDuration = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'P999999999Y',
      'P999999999999999999999D',
      'PT99999999999999999999S',
      'PT0S',
      'P0D',
      'PT0.0001S',
      'PT0.5S',
      'PT1S',
      'P1Y',
      'P1Y1D',
      'P12M',
      'P13M',
      'P365D',
      'P366D',
      'P52W',
      'P53W',
      'P90D',
      'P91D',
      'P3M',
      'P3D',
      'PT12H',
      'P1DT12H',
      '-P1D',
      'P',
      'PT',
      'P1DT',
      'p3d',
      ' P3D',
      'P3D ',
      'P3D\u0000',
      'PT1e3S',
      'P1.5D',
      'PT1,5S',
      'PT1.5S',
      'P9007199254740993D',
      'P1W',
      '3 days',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.nat(400), fc.nat()), fc.constantFrom('Y', 'M', 'W', 'D')).map(([n, u]) => `P${n}${u}`) },
  { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.nat(100_000), fc.nat()), fc.constantFrom('H', 'M', 'S')).map(([n, u]) => `PT${n}${u}`) },
);

// ---------------------------------------------------------------------------------------------
// What every answer must be

const statuses = new Map<string, Map<number, number>>();
function count(what: string, status: number) {
  const m = statuses.get(what) ?? new Map<number, number>();
  m.set(status, (m.get(status) ?? 0) + 1);
  statuses.set(what, m);
}

/**
 * Never a 5xx; a 4xx names its fields: each detail's field under `prefix`, or, for a rule's refusal
 * (a deadline not in the future: the action table's rule, where it was checked before), the message
 * "<field> must …" as the web app reads it.
 */
function refusedNamingFields(res: { status: number; body: any }, prefix: string) {
  expect(res.status).toBeLessThan(500);
  expect(res.status).toBeGreaterThanOrEqual(400);
  const details = res.body?.error?.details as { field: string }[] | undefined;
  if (Array.isArray(details) && details.length > 0) {
    for (const d of details) expect(d.field.startsWith(prefix)).toBe(true);
  } else {
    const subject = /^(\w+) must/.exec(res.body?.error?.message ?? '')?.[1];
    expect(subject && `body.${subject}`.startsWith(prefix)).toBeTruthy();
  }
}

/** The value as the schema keeps it: trimmed (text) or as sent (ids, instants, durations). */
const trimmed = (s: string | undefined) => (s === undefined ? null : s.trim());
const sameInstant = (a: string | null | undefined, b: string | undefined) => (b === undefined ? a == null : a != null && Date.parse(a) === Date.parse(b));

// ---------------------------------------------------------------------------------------------

test('the hazard report: hostile text, deadlines and policies are refused naming the field, or stored and read back intact', async () => {
  // Each run makes one field hostile and leaves the others plain, so that each field's refusal and
  // a fair share of successes are both exercised.
  const policyKey = fc.constantFrom('overdueGrace', 'governmentDeadline', 'lookBackAfter', 'rectificationPeriod');
  const hostile = fc.oneof(
    someText.map((title) => ({ title })),
    someText.map((description) => ({ description })),
    someText.map((location) => ({ location })),
    hostileInstant.map((dueAt) => ({ dueAt })),
    fc.tuple(policyKey, hostileDuration).map(([k, d]) => ({ policy: { [k]: d } })),
    fc.array(hostileDuration, { maxLength: 3 }).map((reminderOffsets) => ({ policy: { reminderOffsets } })),
  );
  const body = fc
    .tuple(fc.record({ title: benignText, description: benignText, location: benignText, dueAt: plainDue }, { requiredKeys: ['title'] }), hostile)
    .map(([plain, bad]) => ({ ...plain, ...bad }));
  await fc.assert(
    fc.asyncProperty(body, async (b) => {
      const id = uniqueId('fz');
      const res = await h.request('POST', '/api/hazards', { key: 'lead', body: { id, schoolId: 's01', category: 'fire', level: 'general', selfFixable: b.dueAt !== undefined, ...b } });
      count('report', res.status);
      if (res.status !== 201) {
        refusedNamingFields(res, 'body.');
        expect(await h.db.hazard.findUnique({ where: { id } })).toBeNull();
        return;
      }
      // Read back: the view, its ladder (planned from the policy), the row the lists read.
      const view = await h.request('GET', `/api/hazards/${id}`);
      expect(view.status).toBe(200);
      expect([view.body.title, view.body.description ?? null, view.body.location ?? null]).toEqual([trimmed(b.title), trimmed(b.description), trimmed(b.location)]);
      if (b.dueAt !== undefined) expect(sameInstant(view.body.dueAt, b.dueAt)).toBe(true);
      expect((await h.request('GET', `/api/hazards/${id}/timeline`)).status).toBe(200);
      const row = await eventually(
        () => h.db.hazard.findUnique({ where: { id } }),
        (r) => r !== null,
      );
      expect([row?.title, row?.description ?? null, row?.location ?? null]).toEqual([trimmed(b.title), trimmed(b.description), trimmed(b.location)]);
      const listed = await h.request('GET', '/api/hazards?schoolId=s01&limit=500');
      expect(listed.body.items.some((i: { id: string }) => i.id === id)).toBe(true);
    }),
    { numRuns: 40, seed: 20270127 },
  );
  // Both kinds of answer were exercised.
  expect(statuses.get('report')?.get(201) ?? 0).toBeGreaterThan(5);
  expect(statuses.get('report')?.get(400) ?? 0).toBeGreaterThan(5);
});

test('actions: 交办 with hostile deadlines and notes, 进展 with hostile notes; refused naming the field, or applied and read back intact', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof({ weight: 2, arbitrary: hostileInstant }, { weight: 1, arbitrary: plainDue }), fc.option(someText, { nil: undefined }), async (dueAt, note) => {
      const id = uniqueId('fza');
      await reportHazard(h, { id, level: 'major' });
      const res = await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt, ...(note === undefined ? {} : { note }) } });
      count('assign', res.status);
      const view = await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' });
      expect(view.status).toBe(200);
      if (res.status !== 200) {
        refusedNamingFields(res, 'body.');
        expect(view.body.status).toBe('bureau_review');
        return;
      }
      expect(view.body.status).toBe('assigned');
      expect(sameInstant(view.body.dueAt, dueAt)).toBe(true);
      if (note !== undefined) expect(view.body.history.at(-1).note).toBe(note.trim());
    }),
    { numRuns: 20, seed: 20270128 },
  );
  expect(statuses.get('assign')?.get(200) ?? 0).toBeGreaterThan(2);

  const { id } = await assignedHazard(h, { departmentId: 'market' });
  await fc.assert(
    fc.asyncProperty(someText, async (note) => {
      const before = (await h.request('GET', `/api/hazards/${id}`, { key: 'market' })).body.history.length;
      const res = await h.request('POST', `/api/hazards/${id}/progress`, { key: 'market', body: { note } });
      count('progress', res.status);
      const view = await h.request('GET', `/api/hazards/${id}`, { key: 'market' });
      expect(view.status).toBe(200);
      if (res.status !== 200) {
        refusedNamingFields(res, 'body.note');
        expect(view.body.history).toHaveLength(before);
        return;
      }
      expect(view.body.history.at(-1).note).toBe(note.trim());
      // And the audit trail (what the 办理记录 and exports read once the loop has ended) has it too.
      const row = await eventually(
        () => h.db.auditEvent.findFirst({ where: { hazardId: id, note: note.trim() } }),
        (r) => r !== null,
      );
      expect(row?.note).toBe(note.trim());
    }),
    { numRuns: 25, seed: 20270129 },
  );
  expect(statuses.get('progress')?.get(200) ?? 0).toBeGreaterThan(5);
});

test("the directory's PUTs: hostile names and addresses are refused naming the field, or stored and listed intact", async () => {
  // A jurisdiction of its own, so the sample district the other files count stays as seeded.
  const jurisdictionId = uniqueId('fz-street');
  const jurisdiction = {
    name: '模糊测试街道',
    level: 'street',
    governmentName: '模糊测试街道办事处',
    governmentContactName: '李主任',
    governmentEmail: 'fuzz-street@test.example',
    leadOfficeName: '模糊测试街道护校安园办公室',
    leadOfficeEmail: 'fuzz-huxiao@test.example',
  };
  expect((await h.request('PUT', `/api/jurisdictions/${jurisdictionId}`, { key: 'lead', body: jurisdiction })).status).toBe(201);
  // …and gone again at the end: the pages take the first jurisdiction as the lead office's (鱼峰区 as seeded).
  const schoolId = uniqueId('fz-school');
  try {
    const hostileEmail = fc.oneof(
      fc.constant('principal@fuzz.example'),
      someText.map((s) => `${s}@fuzz.example`),
      someText,
    );

    await fc.assert(
      fc.asyncProperty(someText, someText, hostileEmail, fc.option(someText, { nil: null }), async (name, principalName, principalEmail, safetyOfficerName) => {
        const before = await h.db.school.findUnique({ where: { id: schoolId } });
        const body = { jurisdictionId, name, kind: 'primary', principalName, principalEmail, safetyOfficerName };
        const res = await h.request('PUT', `/api/schools/${schoolId}`, { key: 'lead', body });
        count('school', res.status);
        if (res.status !== 200 && res.status !== 201) {
          refusedNamingFields(res, 'body.');
          expect(await h.db.school.findUnique({ where: { id: schoolId } })).toEqual(before);
          return;
        }
        const listed = await h.request('GET', `/api/schools?jurisdictionId=${jurisdictionId}`, { key: 'market' });
        const school = listed.body.items.find((s: { id: string }) => s.id === schoolId);
        expect([school.name, school.principalName, school.principalEmail, school.safetyOfficerName]).toEqual([
          name.trim(),
          principalName.trim(),
          principalEmail,
          safetyOfficerName === null ? null : safetyOfficerName.trim(),
        ]);
      }),
      { numRuns: 100, seed: 20270130 },
    );

    await fc.assert(
      fc.asyncProperty(someText, someText, async (name, governmentName) => {
        const res = await h.request('PUT', `/api/jurisdictions/${jurisdictionId}`, { key: 'lead', body: { ...jurisdiction, name, governmentName } });
        count('jurisdiction', res.status);
        if (res.status !== 200) return refusedNamingFields(res, 'body.');
        const listed = await h.request('GET', '/api/jurisdictions', { key: 'market' });
        const j = listed.body.items.find((x: { id: string }) => x.id === jurisdictionId);
        expect([j.name, j.governmentName]).toEqual([name.trim(), governmentName.trim()]);
      }),
      { numRuns: 50, seed: 20270131 },
    );
    for (const what of ['school', 'jurisdiction']) {
      expect(statuses.get(what)?.get(400) ?? 0).toBeGreaterThan(5);
      expect([...(statuses.get(what)?.entries() ?? [])].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(5);
    }
  } finally {
    await h.db.school.deleteMany({ where: { jurisdictionId } });
    await h.db.jurisdiction.deleteMany({ where: { id: jurisdictionId } });
  }
});

test('the 一校一表 importer: hostile cells and deadlines are refused naming the row and column, or imported intact', async () => {
  const { id: campaignId } = await ownCampaign(h, 'fz-csv', '模糊测试导入', (at) => ({ plan: onePhasePlan('survey', at(DAY), at(30 * DAY)) }));
  const COLUMNS = ['学校编号', '隐患类别', '隐患等级', '隐患名称', '隐患描述', '隐患位置', '能否自行整改', '整改期限', '佐证材料'];
  const localDate = fc.oneof(
    fc.integer({ min: -400, max: 800 }).map((d) => new Date(NOW + d * DAY).toISOString().slice(0, 10)),
    fc.constantFrom('9999-12-31', '0000-01-01', '1999-12-31', '2027-02-30', '2027-13-01'),
  );
  // A cell written by an export (a formula start escaped with ') is read back without it: not generated here.
  const cell = someText.filter((s) => !s.trimStart().startsWith("'"));
  const imported = new Set<string>();
  // One cell hostile a row, the others plain.
  const plainCell = benignText.filter((s) => !s.trimStart().startsWith("'"));
  const row = fc
    .tuple(
      fc.record({ title: plainCell, description: fc.option(plainCell, { nil: undefined }), location: fc.option(plainCell, { nil: undefined }) }),
      fc.oneof(
        cell.map((title) => ({ title })),
        cell.map((description) => ({ description })),
        cell.map((location) => ({ location })),
        fc.oneof(hostileInstant, localDate).map((due) => ({ due })),
      ),
    )
    .map(([plain, bad]): { title: string; description?: string; location?: string; due?: string } => ({ ...plain, ...bad }));

  await fc.assert(
    fc.asyncProperty(row, fc.boolean(), async (r, bom) => {
      const before = await h.db.hazard.count({ where: { campaignId } });
      const csv =
        (bom ? '\uFEFF' : '') +
        stringify([COLUMNS, ['s01', '消防安全', '一般', r.title, r.description ?? '', r.location ?? '', '否', r.due ?? '', '']], { record_delimiter: '\r\n', quoted: true });
      const res = await fetch(`${h.baseUrl}/api/campaigns/${campaignId}/hazards.csv`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.keys.bureau}`, 'content-type': 'text/csv; charset=utf-8' },
        body: csv,
      });
      const body = (await res.json()) as any;
      count('csv', res.status);
      if (res.status !== 202 && res.status !== 200) {
        expect(res.status).toBe(400);
        const details = body.error.details as { row: number; field: string }[];
        expect(details.length).toBeGreaterThan(0);
        for (const d of details) expect([...COLUMNS, 'file', 'header']).toContain(d.field);
        expect(await h.db.hazard.count({ where: { campaignId } })).toBe(before);
        return;
      }
      const [hazardId] = body.hazardIds as string[];
      const stored = await eventually(
        () => h.db.hazard.findUnique({ where: { id: hazardId } }),
        (x) => x !== null,
      );
      // csv-parse trims each cell, the schema trims again: what is stored is the cell trimmed. A
      // row's id comes from its school, title and location: one imported before keeps its description.
      const cellOf = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());
      expect([stored?.title, stored?.location ?? null]).toEqual([r.title.trim(), cellOf(r.location)]);
      if (!imported.has(hazardId)) expect(stored?.description ?? null).toEqual(cellOf(r.description));
      imported.add(hazardId);
      expect((await h.request('GET', `/api/hazards/${hazardId}`)).status).toBe(200);
    }),
    { numRuns: 25, seed: 20270201 },
  );
  expect(statuses.get('csv')?.get(400) ?? 0).toBeGreaterThan(3);
  expect((statuses.get('csv')?.get(202) ?? 0) + (statuses.get('csv')?.get(200) ?? 0)).toBeGreaterThan(3);
});
