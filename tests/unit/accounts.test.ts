// An account's unit goes with its role (domain/accounts.ts): one rule for the invitation (POST
// /api/invitations) and the users command, each refusing naming unitId.
import { accountUnitProblem } from '../../domain/accounts';
import { newUserSchema } from '../../api/sessions';

test('an account names its unit when its role acts for one, and none otherwise; the users command is held to it as the invitation is', () => {
  expect([accountUnitProblem('school', 's01'), accountUnitProblem('school', undefined), accountUnitProblem('lead', undefined), accountUnitProblem('lead', 'edu')]).toEqual([
    undefined,
    'this role acts for a unit: unitId is required',
    undefined,
    'this role acts for no unit: leave unitId out',
  ]);
  const user = { email: 'Ke@Example.org', name: '柯老师', password: 'a-long-password' };
  const issues = (input: object) => {
    const r = newUserSchema.safeParse({ ...user, ...input });
    return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
  };
  expect(issues({ role: 'department', unitId: 'market' })).toEqual([]);
  expect(issues({ role: 'department' })).toEqual([['unitId', 'this role acts for a unit: unitId is required']]);
  expect(issues({ role: 'lead', unitId: 'edu' })).toEqual([['unitId', 'this role acts for no unit: leave unitId out']]);
});
