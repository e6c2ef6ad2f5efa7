// A human action's Update with its rule: the rule (pure, in domain/) refuses at once, with its
// reason, and nothing is written; the API maps the refusal to 400, 403, 404 or 409.
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import { RuleViolation } from '../domain/rule-violation';

/**
 * Handles a human action's Update: `rule` validates it (a violation is refused at once, with its
 * reason, and nothing is written; the API maps it to 400, 403, 404 or 409), then `handler` acts.
 */
export function setRuledUpdate<Ret, Args extends unknown[]>(update: UpdateDefinition<Ret, Args>, rule: (...args: Args) => void, handler: (...args: Args) => Promise<Ret>): void {
  setHandler(update, handler, {
    validator: (...args: Args) => {
      try {
        rule(...args);
      } catch (err) {
        if (err instanceof RuleViolation) throw ApplicationFailure.create({ type: err.kind, message: err.message, nonRetryable: true });
        throw err;
      }
    },
  });
}
