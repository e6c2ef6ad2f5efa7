// The states a hazard reaches, and an actor of every role: what the docs' table of the actions
// (scripts/actions-doc.ts) and the property test of the action table (tests/unit/hazard-actions.test.ts)
// run the rules over. Pure.
import { ROLES, type Actor, type HazardStatus } from '../../common/hazard';
import type { HazardFacts } from './actions';

const DAY = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A unit of every role, and for departments and schools one the states below name and one they do not. */
export const SAMPLE_ACTORS: Actor[] = ROLES.flatMap((role): Actor[] => {
  switch (role) {
    case 'department':
      return [
        { role, unitId: 'market' },
        { role, unitId: 'police' },
      ];
    case 'school':
      return [
        { role, unitId: 's01' },
        { role, unitId: 's02' },
      ];
    case 'bureau':
      return [{ role, unitId: 'edu' }];
    case 'government':
      return [{ role, unitId: 'yufeng' }];
    default:
      return [{ role }];
  }
});

/** The states a hazard reaches (its status with who is responsible, 挂牌督办, a pending extension, a look-back due or done). */
export function reachableHazardStates(nowMs: number): HazardFacts[] {
  const base = {
    schoolId: 's01',
    level: 'major',
    escalationLevel: 0,
    listedSupervision: false,
    dueAt: iso(nowMs + 5 * DAY),
    governmentDueAt: null,
    pendingExtension: null,
    lookBackDueAt: null,
    lookBackDone: false,
  };
  const states: HazardFacts[] = [];
  // From 整改 on, the department assigned or the school rectifying itself.
  const rectifiers: HazardFacts['responsible'][] = [
    { type: 'department', id: 'market' },
    { type: 'school', id: 's01' },
  ];
  const responsibles: Record<HazardStatus, HazardFacts['responsible'][]> = {
    reported: [{ type: 'school', id: 's01' }],
    bureau_review: [{ type: 'bureau' }],
    assigned: [
      { type: 'department', id: 'market' },
      { type: 'department', id: 'edu' },
    ],
    rectifying: rectifiers,
    rectified: rectifiers,
    closed: rectifiers,
    withdrawn: [{ type: 'department', id: 'market' }],
  };
  for (const [status, rs] of Object.entries(responsibles) as [HazardStatus, HazardFacts['responsible'][]][]) {
    for (const responsible of rs) {
      for (const escalationLevel of [0, 2, 3]) {
        const listedSupervision = escalationLevel === 3;
        if (listedSupervision && (status === 'reported' || status === 'closed' || status === 'withdrawn')) continue;
        const s: HazardFacts = { ...base, status, responsible, escalationLevel, listedSupervision, governmentDueAt: listedSupervision ? iso(nowMs + 15 * DAY) : null };
        states.push(s);
        // A school's own hazard is a general one it fixes itself (黔南 item 12): closed by its registration, then spot-checked.
        if (responsible.type === 'school' && status !== 'reported') {
          const general: HazardFacts = { ...s, level: 'general' };
          if (status === 'closed') states.push({ ...general, selfRegistered: true, spotChecked: false }, { ...general, selfRegistered: true, spotChecked: true });
          else states.push(general);
          if (status === 'rectifying') states.push({ ...general, pendingExtension: { requestedDueAt: iso(nowMs + 20 * DAY) } });
        }
        if (status === 'assigned' || status === 'rectifying') states.push({ ...s, pendingExtension: { requestedDueAt: iso(nowMs + 20 * DAY) } });
        // A 整改通知书 (or a 挂牌督办) awaiting its 签收, and one acknowledged.
        if (responsible.type === 'department' && status !== 'closed' && status !== 'withdrawn') {
          const notice = listedSupervision ? ('listed_supervision' as const) : ('rectification_notice' as const);
          states.push({ ...s, acknowledgement: { notice } }, { ...s, acknowledgement: { notice, acknowledgedAt: iso(nowMs - DAY) } });
        }
        if (status === 'closed') {
          states.push({ ...s, lookBackDueAt: iso(nowMs - DAY) });
          states.push({ ...s, lookBackDone: true });
        }
      }
    }
  }
  return states;
}
