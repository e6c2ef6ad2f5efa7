// docs/actions.md is the action tables as they are: regenerate it with `npm run docs:actions`.
import { readFileSync } from 'node:fs';
import { ACTIONS_DOC, actionsDoc } from '../../scripts/actions-doc';

test('docs/actions.md says who may do what exactly as the action tables do', () => {
  expect(readFileSync(ACTIONS_DOC, 'utf8')).toBe(actionsDoc());
});
