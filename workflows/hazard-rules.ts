// The rules of the hazard closed loop (排查→上报→交办→整改→验收→销号): which action the
// current state allows, and for whom. Pure functions, used by the workflow's update
// validators so that a refused action is answered at once, with its reason.
import { HAZARD_STATUS_LABELS, type Actor, type HazardState, type HazardStatus } from '../common/hazard';
import { forbid, invalid, refuse } from './rule-violation';

function requireStatus(state: HazardState, allowed: HazardStatus[], action: string): void {
  if (!allowed.includes(state.status)) {
    throw refuse(`cannot ${action} a hazard that is ${state.status} (${HAZARD_STATUS_LABELS[state.status]}); allowed from: ${allowed.join(', ')}`);
  }
}

function requireRole(actor: Actor, roles: Actor['role'][], action: string): void {
  if (actor.role !== 'system' && !roles.includes(actor.role)) {
    throw forbid(`role ${actor.role} may not ${action}`);
  }
}

/** Is the actor the unit that must rectify the hazard now (or the bureau acting for it)? */
function requireResponsible(state: HazardState, actor: Actor, action: string): void {
  const r = state.responsible;
  if (actor.role === 'bureau' || actor.role === 'lead' || actor.role === 'system') return;
  // 挂牌督办: the local government takes the hazard over (the API checks it is the hazard's own).
  if (actor.role === 'government') {
    if (state.listedSupervision) return;
    throw forbid(`the local government may ${action} only under its listed supervision (挂牌督办); this hazard is not`);
  }
  if (actor.role === 'department' && r.type === 'department' && r.id === actor.unitId) return;
  if (actor.role === 'school' && r.type === 'school' && r.id === actor.unitId) return;
  throw forbid(`only the responsible unit (${r.type}${'id' in r ? ` ${r.id}` : ''}) or the education bureau may ${action}`);
}

function requireLater(next: string, current: string | undefined, field: string): void {
  if (Number.isNaN(Date.parse(next))) throw invalid(`${field} is not an instant`);
  if (Date.parse(next) <= Date.now()) throw invalid(`${field} must be in the future`);
  if (current && Date.parse(next) <= Date.parse(current)) throw invalid(`${field} must be later than the current deadline ${current}`);
}

export const rules = {
  assign(state: HazardState, actor: Actor, dueAt: string): void {
    requireRole(actor, ['bureau', 'lead'], 'assign a hazard');
    requireStatus(state, ['bureau_review'], 'assign');
    requireLater(dueAt, undefined, 'dueAt');
  },
  reportRectification(state: HazardState, actor: Actor): void {
    requireResponsible(state, actor, 'report its rectification');
    requireStatus(state, ['assigned', 'rectifying'], 'report rectification of');
  },
  reportProgress(state: HazardState, actor: Actor): void {
    requireResponsible(state, actor, 'report progress on');
    requireStatus(state, ['assigned', 'rectifying'], 'report progress on');
  },
  verify(state: HazardState, actor: Actor, passed: boolean, newDueAt?: string): void {
    requireRole(actor, ['inspector', 'bureau', 'lead'], 'verify a rectification');
    requireStatus(state, ['rectified'], 'verify');
    if (!passed && newDueAt) requireLater(newDueAt, undefined, 'newDueAt');
  },
  requestExtension(state: HazardState, actor: Actor, requestedDueAt: string): void {
    requireResponsible(state, actor, 'request an extension');
    requireStatus(state, ['assigned', 'rectifying'], 'request an extension for');
    if (state.pendingExtension) throw refuse(`an extension to ${state.pendingExtension.requestedDueAt} is already awaiting a decision`);
    requireLater(requestedDueAt, state.listedSupervision ? state.governmentDueAt : state.dueAt, 'requestedDueAt');
  },
  decideExtension(state: HazardState, actor: Actor): void {
    requireRole(actor, ['bureau', 'lead'], 'decide an extension');
    if (!state.pendingExtension) throw refuse('no extension request is awaiting a decision');
    requireStatus(state, ['assigned', 'rectifying'], 'decide an extension for');
  },
  escalate(state: HazardState, actor: Actor): void {
    requireRole(actor, ['bureau', 'lead'], 'escalate a hazard to the local government');
    requireStatus(state, ['bureau_review', 'assigned', 'rectifying', 'rectified'], 'escalate');
    if (state.listedSupervision) throw refuse('the hazard is already under listed supervision (挂牌督办)');
  },
  withdraw(state: HazardState, actor: Actor): void {
    if (actor.role === 'school') {
      if (actor.unitId !== state.schoolId) throw forbid('a school may withdraw only its own hazards');
      if (state.status !== 'bureau_review' && state.responsible.type !== 'school') {
        throw forbid('once assigned to a department, only the education bureau may withdraw a hazard');
      }
    } else {
      requireRole(actor, ['bureau', 'lead'], 'withdraw a hazard');
    }
    requireStatus(state, ['reported', 'bureau_review', 'assigned', 'rectifying', 'rectified'], 'withdraw');
  },
  lookBack(state: HazardState, actor: Actor, passed: boolean, newDueAt?: string): void {
    requireRole(actor, ['inspector', 'bureau', 'lead'], 'record a look-back check (回头看)');
    requireStatus(state, ['closed'], 'record a look-back check for');
    if (state.lookBackDone) throw refuse('the look-back check (回头看) is already recorded');
    if (!passed && newDueAt) requireLater(newDueAt, undefined, 'newDueAt');
  },
};
