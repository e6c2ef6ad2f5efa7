// The deadline ladder's planning, pure (no server): which rungs a deadline has and when, what
// re-arming drops, which reminder is overtaken, and what crosses continue-as-new. Its timers run
// in tests/workflows/workflow-ladder.test.ts.
import { DeadlineLadder, planRungs } from '../../workflows/deadline-ladder';

const DAY = 24 * 3600 * 1000;
const due = '2026-12-10T00:00:00.000Z';
const spec = {
  dueAt: due,
  reminderOffsets: ['P1D', 'P3D'],
  escalations: [
    { step: 'to-bureau', delay: 'P3D' },
    { step: 'to-government', delay: 'P6D' },
  ],
};
const at = (iso: string) => Date.parse(iso);
/** A deadline a month from now (a ladder is armed at the current time). */
const soon = () => {
  const dueAtMs = Math.ceil((Date.now() + 30 * DAY) / DAY) * DAY;
  return { dueAtMs, spec: { ...spec, dueAt: new Date(dueAtMs).toISOString() } };
};

test('a deadline: reminders before, overdue at, named escalations after, in time order', () => {
  const rungs = planRungs(spec, at('2026-12-01T00:00:00Z'));
  expect(rungs.map((r) => [r.key, new Date(r.at).toISOString()])).toEqual([
    ['reminder:P3D', '2026-12-07T00:00:00.000Z'],
    ['reminder:P1D', '2026-12-09T00:00:00.000Z'],
    ['overdue', due],
    ['escalation:to-bureau', '2026-12-13T00:00:00.000Z'],
    ['escalation:to-government', '2026-12-16T00:00:00.000Z'],
  ]);
});

test('a deadline armed two days out gets no "3 days before" reminder', () => {
  expect(planRungs({ ...spec, escalations: [] }, at('2026-12-08T00:00:00Z')).map((r) => r.key)).toEqual(['reminder:P1D', 'overdue']);
});

test('re-arming replaces the deadline: only the new rungs are pending', () => {
  const { dueAtMs, spec } = soon();
  const ladder = new DeadlineLadder<'rectification', string>();
  ladder.arm(spec, 'rectification');
  const later = new Date(dueAtMs + 10 * DAY).toISOString();
  ladder.arm({ ...spec, dueAt: later }, 'rectification');
  const pending = ladder.pending();
  expect(pending).toHaveLength(5);
  expect(pending.every((r) => r.at > dueAtMs)).toBe(true);
  expect(pending.find((r) => r.kind === 'overdue')!.at).toBe(Date.parse(later));
});

test('several deadlines at once, by id, earliest first; a disarmed one fires nothing', () => {
  const ladder = new DeadlineLadder<'report', never>();
  ladder.arm({ dueAt: '2099-01-28T00:00:00Z', reminderOffsets: [], escalations: [] }, 'report', 'report:monthly:2099-01-28');
  ladder.arm({ dueAt: '2098-12-28T00:00:00Z', reminderOffsets: [], escalations: [] }, 'report', 'report:monthly:2098-12-28');
  expect(ladder.pending().map((r) => r.id)).toEqual(['report:monthly:2098-12-28', 'report:monthly:2099-01-28']);
  ladder.disarm('report:monthly:2098-12-28');
  expect(ladder.pending().map((r) => r.id)).toEqual(['report:monthly:2099-01-28']);
});

test('a rung fires once; a reminder overtaken by its deadline is dropped, the overdue rung is not', () => {
  const { dueAtMs: dueMs, spec } = soon();
  const ladder = new DeadlineLadder<'rectification', string>();
  ladder.arm(spec, 'rectification');
  const [first] = ladder.pending();
  expect(ladder.fire(first, first.at)).toEqual({ rung: expect.objectContaining({ kind: 'reminder', key: 'reminder:P3D' }), id: 'main', tag: 'rectification' });
  expect(ladder.fire(first, first.at)).toBeUndefined(); // once

  // The workers come back a day after the deadline: the 1-day reminder can no longer be true.
  const afterDue = dueMs + DAY;
  const [reminder] = ladder.pending();
  expect(reminder.key).toBe('reminder:P1D');
  expect(ladder.fire(reminder, afterDue)).toBeUndefined();
  const [overdue] = ladder.pending();
  expect(ladder.fire(overdue, afterDue)).toEqual({ rung: expect.objectContaining({ kind: 'overdue' }), id: 'main', tag: 'rectification' });
  expect(ladder.pending().map((r) => r.key)).toEqual(['escalation:to-bureau', 'escalation:to-government']);
});

test('continue-as-new: a snapshot carries each deadline, its tag and what has fired', () => {
  const { dueAtMs: dueMs, spec } = soon();
  const ladder = new DeadlineLadder<'rectification' | 'look-back', string>();
  ladder.arm(spec, 'rectification');
  ladder.fire(ladder.pending()[0], dueMs - 3 * DAY);
  const resumed = new DeadlineLadder<'rectification' | 'look-back', string>(JSON.parse(JSON.stringify(ladder.snapshot())));
  expect(resumed.pending()).toEqual(ladder.pending());
  expect(resumed.pending().map((r) => r.key)).toEqual(['reminder:P1D', 'overdue', 'escalation:to-bureau', 'escalation:to-government']);
  expect(resumed.fire(resumed.pending()[0], dueMs - DAY)?.tag).toBe('rectification');
});
