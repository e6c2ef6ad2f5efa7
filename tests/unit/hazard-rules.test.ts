// The rules of the hazard closed loop, pure (no server): what each state allows, for whom, and
// the kind of each refusal (the API answers 403 for Forbidden, 409 for InvalidTransition, 400 for
// InvalidInput) — each action's rule as the action table has it and the workflow's validator runs it.
import type { Actor, HazardState, HazardStatus } from '../../common/hazard';
import { requireAcceptable } from '../../domain/hazard/actions';
import { verdict } from '../support/verdict';

/** Each action's whole rule (role, unit, state, command), as an Update's validator runs it now. */
const rules = {
  assign: (s: HazardState, a: Actor, dueAt: string) => requireAcceptable('assign', s, a, { dueAt }, Date.now()),
  reportRectification: (s: HazardState, a: Actor) => requireAcceptable('rectification', s, a, { note: '已整改' }, Date.now()),
  verify: (s: HazardState, a: Actor, passed: boolean, newDueAt?: string) =>
    requireAcceptable('verification', s, a, { passed, newDueAt, note: passed ? undefined : '未整改到位' }, Date.now()),
  requestExtension: (s: HazardState, a: Actor, requestedDueAt: string) => requireAcceptable('extension', s, a, { requestedDueAt, reason: '协调' }, Date.now()),
  decideExtension: (s: HazardState, a: Actor) => requireAcceptable('extensionDecision', s, a, { approved: true }, Date.now()),
  escalate: (s: HazardState, a: Actor) => requireAcceptable('escalation', s, a, { reason: '难以解决' }, Date.now()),
  withdraw: (s: HazardState, a: Actor) => requireAcceptable('withdraw', s, a, { reason: '误报' }, Date.now()),
  lookBack: (s: HazardState, a: Actor, passed: boolean) => requireAcceptable('lookBack', s, a, { passed, note: passed ? undefined : '出现反弹' }, Date.now()),
};

const DAY = 24 * 3600 * 1000;
const future = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const actor = (role: Actor['role'], unitId?: string): Actor => ({ role, unitId });

function hazard(status: HazardStatus, extra: Partial<HazardState> = {}): HazardState {
  return {
    id: 'hz-1',
    schoolId: 's01',
    category: 'food_safety',
    level: 'major',
    title: '校门口无证流动摊点',
    evidence: [],
    selfFixable: false,
    status,
    responsible: { type: 'department', id: 'market' },
    departmentId: 'market',
    dueAt: future(5),
    escalationLevel: 0,
    listedSupervision: false,
    rejectionCount: 0,
    overdue: false,
    overdueCount: 0,
    reportedBy: actor('school', 's01'),
    reportedAt: new Date().toISOString(),
    lookBackDone: false,
    policy: { reminderOffsets: ['P3D', 'P1D'], overdueGrace: 'P3D', governmentDeadline: 'P15D', lookBackAfter: 'P30D', rectificationPeriod: 'P7D' },
    seq: 3,
    history: [],
    ...extra,
  };
}

test('交办: only the bureau or the lead, only from bureau_review, with a future deadline', () => {
  const review = hazard('bureau_review', { responsible: { type: 'bureau' }, departmentId: undefined });
  expect(verdict(() => rules.assign(review, actor('bureau', 'edu'), future(7)))).toBe('allowed');
  expect(verdict(() => rules.assign(review, actor('lead'), future(7)))).toBe('allowed');
  expect(verdict(() => rules.assign(review, actor('department', 'market'), future(7)))).toBe('Forbidden');
  expect(verdict(() => rules.assign(review, actor('bureau', 'edu'), future(-1)))).toBe('InvalidInput');
  expect(verdict(() => rules.assign(hazard('assigned'), actor('bureau', 'edu'), future(7)))).toBe('InvalidTransition');
});

test('整改: the responsible department or the bureau, while the deadline runs; never another department', () => {
  for (const status of ['assigned', 'rectifying'] as const) {
    expect(verdict(() => rules.reportRectification(hazard(status), actor('department', 'market')))).toBe('allowed');
    expect(verdict(() => rules.reportRectification(hazard(status), actor('bureau', 'edu')))).toBe('allowed');
    expect(verdict(() => rules.reportRectification(hazard(status), actor('department', 'police')))).toBe('Forbidden');
    expect(verdict(() => rules.reportRectification(hazard(status), actor('school', 's01')))).toBe('Forbidden');
  }
  expect(verdict(() => rules.reportRectification(hazard('rectified'), actor('department', 'market')))).toBe('InvalidTransition');
  const selfFix = hazard('rectifying', { responsible: { type: 'school', id: 's01' }, departmentId: undefined });
  expect(verdict(() => rules.reportRectification(selfFix, actor('school', 's01')))).toBe('allowed');
  expect(verdict(() => rules.reportRectification(selfFix, actor('school', 's02')))).toBe('Forbidden');
});

test('验收: inspectors or the bureau verify a reported rectification; a new deadline only when it fails', () => {
  expect(verdict(() => rules.verify(hazard('rectified'), actor('inspector'), true))).toBe('allowed');
  expect(verdict(() => rules.verify(hazard('rectified'), actor('inspector'), false, future(3)))).toBe('allowed');
  expect(verdict(() => rules.verify(hazard('rectified'), actor('inspector'), false, future(-3)))).toBe('InvalidInput');
  expect(verdict(() => rules.verify(hazard('rectified'), actor('department', 'market'), true))).toBe('Forbidden');
  expect(verdict(() => rules.verify(hazard('assigned'), actor('inspector'), true))).toBe('InvalidTransition');
});

test("延期: one request at a time, later than the running deadline (the government's under 挂牌督办); decided by the bureau", () => {
  const assigned = hazard('assigned');
  expect(verdict(() => rules.requestExtension(assigned, actor('department', 'market'), future(10)))).toBe('allowed');
  expect(verdict(() => rules.requestExtension(assigned, actor('department', 'market'), future(4)))).toBe('InvalidInput');
  const pending = hazard('assigned', { pendingExtension: { requestedDueAt: future(10), reason: '协调', requestedBy: actor('department', 'market'), requestedAt: new Date().toISOString() } });
  expect(verdict(() => rules.requestExtension(pending, actor('department', 'market'), future(12)))).toBe('InvalidTransition');
  expect(verdict(() => rules.decideExtension(pending, actor('bureau', 'edu')))).toBe('allowed');
  expect(verdict(() => rules.decideExtension(pending, actor('department', 'market')))).toBe('Forbidden');
  expect(verdict(() => rules.decideExtension(assigned, actor('bureau', 'edu')))).toBe('InvalidTransition');
  const listed = hazard('assigned', { listedSupervision: true, escalationLevel: 3, governmentDueAt: future(15) });
  expect(verdict(() => rules.requestExtension(listed, actor('department', 'market'), future(10)))).toBe('InvalidInput');
  expect(verdict(() => rules.requestExtension(listed, actor('department', 'market'), future(20)))).toBe('allowed');
});

test('挂牌督办 on request: the bureau or the lead, once, before write-off', () => {
  expect(verdict(() => rules.escalate(hazard('rectified'), actor('bureau', 'edu')))).toBe('allowed');
  expect(verdict(() => rules.escalate(hazard('assigned'), actor('government', 'yufeng')))).toBe('Forbidden');
  expect(verdict(() => rules.escalate(hazard('assigned', { listedSupervision: true }), actor('bureau', 'edu')))).toBe('InvalidTransition');
  expect(verdict(() => rules.escalate(hazard('closed'), actor('bureau', 'edu')))).toBe('InvalidTransition');
});

test('撤销: the school only its own hazard before a department has it; the bureau until write-off', () => {
  const review = hazard('bureau_review', { responsible: { type: 'bureau' } });
  expect(verdict(() => rules.withdraw(review, actor('school', 's01')))).toBe('allowed');
  expect(verdict(() => rules.withdraw(review, actor('school', 's02')))).toBe('Forbidden');
  expect(verdict(() => rules.withdraw(hazard('assigned'), actor('school', 's01')))).toBe('Forbidden');
  expect(verdict(() => rules.withdraw(hazard('assigned'), actor('bureau', 'edu')))).toBe('allowed');
  expect(verdict(() => rules.withdraw(hazard('closed'), actor('bureau', 'edu')))).toBe('InvalidTransition');
});

test('回头看: once, after write-off, by inspectors or the bureau', () => {
  expect(verdict(() => rules.lookBack(hazard('closed'), actor('inspector'), true))).toBe('allowed');
  expect(verdict(() => rules.lookBack(hazard('closed', { lookBackDone: true }), actor('inspector'), true))).toBe('InvalidTransition');
  expect(verdict(() => rules.lookBack(hazard('rectified'), actor('inspector'), true))).toBe('InvalidTransition');
  expect(verdict(() => rules.lookBack(hazard('closed'), actor('school', 's01'), true))).toBe('Forbidden');
});
