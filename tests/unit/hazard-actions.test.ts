// The hazard's action table, pure (no server): for every role × every reachable state × every
// action, what `actions` says this viewer may do ⇔ what the Update's validator accepts (neither
// 403 nor 409); every 工作台 item is one of those actions; every duty the workflow waits on is in
// the 工作台 of someone who can do it; every form can give what its schema needs and nothing else.
import { z } from 'zod';
import { ROLES, type Actor } from '../../common/hazard';
import {
  allowedActions,
  cooperationItemOf,
  HAZARD_ACTIONS,
  HAZARD_ACTION_KEYS,
  isSchoolSelfFix,
  requireAcceptable,
  workItemsOf,
  type HazardActionKey,
  type HazardFacts,
} from '../../domain/hazard/actions';
import { reachableHazardStates, SAMPLE_ACTORS as ACTORS } from '../../domain/hazard/samples';
import { verdict } from '../support/verdict';

const NOW = Date.parse('2026-06-01T08:00:00+08:00');
const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A command each action's schema takes, whose fields its rule accepts now (deadlines later than any running one). */
const VALID: { [K in HazardActionKey]: unknown } = {
  assign: { departmentId: 'market', dueAt: iso(NOW + 30 * DAY) },
  acknowledge: {},
  progress: { note: '正在整改' },
  rectification: { note: '已整改' },
  extension: { requestedDueAt: iso(NOW + 60 * DAY), reason: '需协调多部门' },
  extensionDecision: { approved: true },
  verification: { passed: true },
  escalation: { reason: '难以解决' },
  withdraw: { reason: '误报' },
  lookBack: { passed: true },
  selfFixRegistration: { note: '已更换灭火器', evidence: ['https://files.example/after.jpg'] },
  spotCheck: { passed: true },
};

const STATES = reachableHazardStates(NOW);

test('for every role × reachable state × action: in `actions` ⇔ the validator accepts it (a refusal otherwise is 403 or 409, never 400)', () => {
  let accepted = 0;
  for (const f of STATES) {
    for (const actor of ACTORS) {
      const actions = allowedActions(f, actor);
      for (const key of HAZARD_ACTION_KEYS) {
        const command = HAZARD_ACTIONS[key].schema.parse(VALID[key]);
        const said = verdict(() => requireAcceptable(key, f, actor, command as never, NOW));
        expect([key, f.status, actor, said === 'allowed']).toEqual([key, f.status, actor, actions.includes(key)]);
        if (said !== 'allowed') expect(['Forbidden', 'InvalidTransition']).toContain(said);
        else accepted++;
      }
    }
  }
  expect(accepted).toBeGreaterThan(100);
});

test('every 工作台 item is an action its viewer may take; every duty the workflow waits on is in the 工作台 of someone who can do it', () => {
  /** What the workflow waits for in this state, and from whom. */
  const duties = (f: HazardFacts): HazardActionKey[] => {
    if (f.status === 'bureau_review') return ['assign'];
    // A school's own general hazard is closed by its registration (黔南 item 12), not reported for 验收.
    const rectify: HazardActionKey = isSchoolSelfFix(f) ? 'selfFixRegistration' : 'rectification';
    // A 整改通知书 / 挂牌督办 not yet acknowledged: its 签收 is due from the unit it is addressed to.
    const acknowledge: HazardActionKey[] = f.acknowledgement && !f.acknowledgement.acknowledgedAt ? ['acknowledge'] : [];
    if (f.status === 'assigned' || f.status === 'rectifying') return [...(f.pendingExtension ? [rectify, 'extensionDecision' as const] : [rectify]), ...acknowledge];
    if (f.status === 'rectified') return ['verification'];
    if (f.status === 'closed' && f.selfRegistered && !f.spotChecked) return ['spotCheck'];
    if (f.status === 'closed' && !f.lookBackDone && f.lookBackDueAt) return ['lookBack'];
    return [];
  };
  for (const f of STATES) {
    const listedFor = new Map<HazardActionKey, Actor[]>();
    for (const actor of ACTORS) {
      const items = workItemsOf(f, actor, NOW);
      for (const w of items) {
        expect(allowedActions(f, actor)).toContain(w.action);
        listedFor.set(w.action, [...(listedFor.get(w.action) ?? []), actor]);
      }
    }
    for (const duty of duties(f))
      expect([f.status, f.responsible, f.listedSupervision, duty, (listedFor.get(duty) ?? []).length > 0]).toEqual([f.status, f.responsible, f.listedSupervision, duty, true]);
    // The unit that must rectify sees it: the department, the school, or under 挂牌督办 the government.
    if ((f.status === 'assigned' || f.status === 'rectifying') && f.responsible.id !== 'edu') {
      const who = listedFor.get(isSchoolSelfFix(f) ? 'selfFixRegistration' : 'rectification')!.map((a) => `${a.role}:${a.unitId ?? ''}`);
      expect(who).toEqual(
        [...(f.listedSupervision ? ['government:yufeng'] : []), `${f.responsible.type}:${f.responsible.id}`].sort(
          (a, b) => ROLES.indexOf(a.split(':')[0] as never) - ROLES.indexOf(b.split(':')[0] as never),
        ),
      );
    }
  }
});

test("a 整改通知书 awaiting 签收 is in the addressed unit's 工作台 alone (待签收, its page opened on 签收); once acknowledged, in nobody's", () => {
  for (const listed of [false, true]) {
    const awaiting = STATES.find((s) => s.status === 'rectifying' && s.listedSupervision === listed && s.acknowledgement && !s.acknowledgement.acknowledgedAt && !s.pendingExtension)!;
    const listedFor = ACTORS.filter((a) => workItemsOf(awaiting, a, NOW).some((w) => w.action === 'acknowledge')).map((a) => `${a.role}:${a.unitId ?? ''}`);
    expect(listedFor).toEqual([listed ? 'government:yufeng' : 'department:market']);
    const who = listed ? { role: 'government' as const, unitId: 'yufeng' } : { role: 'department' as const, unitId: 'market' };
    expect(workItemsOf(awaiting, who, NOW).find((w) => w.action === 'acknowledge')).toEqual({
      action: 'acknowledge',
      kind: 'acknowledge',
      label: listed ? '待签收（挂牌督办）' : '待签收',
      dueAt: null,
      opensForm: true,
    });
    const done = { ...awaiting, acknowledgement: { ...awaiting.acknowledgement!, acknowledgedAt: new Date(NOW).toISOString() } };
    expect(ACTORS.flatMap((a) => workItemsOf(done, a, NOW)).filter((w) => w.action === 'acknowledge')).toEqual([]);
  }
  // A copy's read-only link (抄送) may do nothing, whoever it signs in as.
  const awaiting = STATES.find((s) => s.status === 'rectifying' && s.acknowledgement && !s.acknowledgement.acknowledgedAt)!;
  expect(allowedActions(awaiting, { role: 'department', unitId: 'market', readOnly: true })).toEqual([]);
  expect(allowedActions(awaiting, { role: 'department', unitId: 'market' })).toContain('acknowledge');
});

test("a hazard assigned to the bureau's own department is the bureau's to rectify, in its 工作台", () => {
  const f = STATES.find((s) => s.status === 'assigned' && s.responsible.id === 'edu' && !s.listedSupervision && !s.pendingExtension)!;
  expect(workItemsOf(f, { role: 'bureau', unitId: 'edu' }, NOW).map((w) => w.kind)).toEqual(['rectify']);
});

test('each form asks for what its schema needs, and its schema takes every field the form sends', () => {
  for (const key of HAZARD_ACTION_KEYS) {
    const def = HAZARD_ACTIONS[key];
    const schema = def.schema instanceof z.ZodObject ? def.schema : ((def.schema as unknown as { def: { in: z.ZodObject } }).def.in ?? def.schema);
    const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
    const fields = new Set(def.fields.map((f) => f.name));
    expect([key, [...fields].filter((f) => !(f in shape))]).toEqual([key, []]);
    const needed = Object.entries(shape)
      .filter(([, s]) => !s.safeParse(undefined).success)
      .map(([name]) => name);
    expect([key, needed.filter((n) => !fields.has(n))]).toEqual([key, []]);
    // What the schema needs the form requires (the form may require more: a 责任单位 the API would otherwise pick).
    for (const n of needed) expect([key, n, def.fields.some((f) => f.name === n && (f.required || f.requiredWhen))]).toEqual([key, n, true]);
  }
});

test('配合单位: a co-operating department sees the hazard and acts on nothing; its 工作台 lists it read-only (配合整改) while the lead unit rectifies', () => {
  const f: HazardFacts = { ...STATES.find((s) => s.status === 'assigned' && s.responsible.id === 'market' && !s.listedSupervision)!, cooperatingDepartmentIds: ['enforcement'] };
  const cooperating: Actor = { role: 'department', unitId: 'enforcement' };
  expect(allowedActions(f, cooperating)).toEqual([]);
  expect(verdict(() => requireAcceptable('rectification', f, cooperating, { note: '已整改' }, NOW))).toBe('Forbidden');
  expect(() => requireAcceptable('rectification', f, cooperating, { note: '已整改' }, NOW)).toThrow(/^a co-operating unit sees this hazard, but only the lead unit \(department market\)/);
  expect(cooperationItemOf(f, cooperating)).toEqual({ kind: 'cooperate', label: '配合整改', dueAt: f.dueAt });
  // The lead unit keeps its own item; a department that is neither has none; once rectified, nothing is asked of the 配合单位.
  expect(cooperationItemOf(f, { role: 'department', unitId: 'market' })).toBeUndefined();
  expect(workItemsOf(f, { role: 'department', unitId: 'market' }, NOW).map((w) => w.kind)).toEqual(['rectify']);
  expect(cooperationItemOf(f, { role: 'department', unitId: 'police' })).toBeUndefined();
  expect(cooperationItemOf({ ...f, status: 'rectified' }, cooperating)).toBeUndefined();
});
