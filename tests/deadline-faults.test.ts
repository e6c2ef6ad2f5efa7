// Deadlines keep their time when mail fails: on the real dev server, in real time, SMTP is taken
// away (a TCP proxy between the worker and the sink, cut) while a hazard's deadline passes and the
// ladder climbs to 挂牌督办. The transitions happen at their instants — the live state, the search
// attributes and the read model show them — and once SMTP is back every mail arrives once, in
// order; the reminder whose deadline passed meanwhile is not sent.
import { useDevServerHarness } from './support/dev-server';
import { eventually, isMailOf, uniqueId } from './support/hazard-helpers';

const h = useDevServerHarness({ smtpProxy: true });
const SECOND = 1000;

test('an SMTP outage holds back the mail, never the deadline', async () => {
  const id = uniqueId('smtp-down');
  const report = await h.request('POST', '/api/hazards', {
    body: {
      id,
      schoolId: 's01',
      category: 'food_safety',
      level: 'major',
      title: '校门口无证流动摊点',
      policy: { reminderOffsets: ['PT6S'], overdueGrace: 'PT4S', governmentDeadline: 'PT30S', lookBackAfter: 'P1D' },
    },
  });
  expect(report.status).toBe(201);
  const due = Date.now() + 12 * SECOND;
  expect((await h.request('POST', `/api/hazards/${id}/assign`, { key: 'bureau', body: { departmentId: 'market', dueAt: new Date(due).toISOString() } })).status).toBe(200);
  await h.mail.waitFor(isMailOf(id, 'rectification_notice'));

  await h.smtp!.cut();
  // The reminder (due − 6 s), the overdue notice (due), the bureau (due + 4 s) and the government
  // (due + 8 s) come and go while no mail can leave.
  await new Promise((r) => setTimeout(r, due + 9 * SECOND - Date.now()));
  const live = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  // Under 挂牌督办 the government's own deadline runs now (not yet passed).
  expect(live).toMatchObject({ escalationLevel: 3, listedSupervision: true, overdue: false });
  const at = (action: string) => Date.parse(live.history.find((e: any) => e.action === action).at);
  for (const [action, instant] of [
    ['deadline_reminder', due - 6 * SECOND],
    ['overdue', due],
    ['escalated_to_bureau', due + 4 * SECOND],
    ['escalated_to_government', due + 8 * SECOND],
  ] as const) {
    const late = at(action) - instant;
    expect([action, late >= 0 && late < 2 * SECOND]).toEqual([action, true]);
  }
  // The read model and the search attributes follow the transitions, not the mail.
  const list = await eventually(
    () => h.request('GET', `/api/hazards?schoolId=s01&status=assigned&limit=500`, { key: 'bureau' }),
    (res) => res.body.items?.some((x: any) => x.id === id && x.escalationLevel === 3),
    3 * SECOND,
  );
  expect(list.body.items.find((x: any) => x.id === id)).toMatchObject({ escalationLevel: 3, listedSupervision: true });
  const listed = await h.temporal.workflow.count(`WorkflowId = 'hazard-${id}' AND EscalationLevel = 3 AND HazardStatus = 'assigned'`);
  expect(listed.count).toBe(1);
  expect((await h.mail.messages()).filter(isMailOf(id)).map((m) => m.headers['x-campus-safety-kind'])).toEqual(['hazard_reported', 'rectification_notice']);

  await h.smtp!.restore();
  // Everything held back, in the order of its transitions, once; then the government's own
  // deadline (due + 38 s) with its reminder 6 s before, on time.
  const kinds = ['hazard_reported', 'rectification_notice', 'overdue_notice', 'escalated_to_bureau', 'listed_supervision', 'listed_supervision_reminder', 'listed_supervision_overdue'];
  const all = await h.mail.waitForCount(isMailOf(id), kinds.length, { timeoutMs: 60 * SECOND });
  const seqOf = (m: (typeof all)[number]) => Number(m.headers['x-campus-safety-key']!.split(':')[2]);
  expect([...all].sort((a, b) => seqOf(a) - seqOf(b)).map((m) => m.headers['x-campus-safety-kind'])).toEqual(kinds);
  const overdueOfGovernment = at('escalated_to_government') + 30 * SECOND;
  const final = (await h.request('GET', `/api/hazards/${id}`, { key: 'bureau' })).body;
  const late = Date.parse(final.history.find((e: any) => e.action === 'listed_supervision_overdue').at) - overdueOfGovernment;
  expect(late >= 0 && late < 2 * SECOND).toBe(true);
  // Nothing more is on its way: a second later the sink holds exactly these.
  await new Promise((r) => setTimeout(r, SECOND));
  expect((await h.mail.messages()).filter(isMailOf(id))).toHaveLength(kinds.length);
});
