// A refused human action: the rules (hazard-rules.ts, campaign-rules.ts) throw it; an Update's
// validator turns it into the ApplicationFailure the API maps to 400, 403, 404 or 409.
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';

export type RuleViolationKind = 'InvalidTransition' | 'Forbidden' | 'InvalidInput' | 'NotFound';

export class RuleViolation extends Error {
  constructor(
    readonly kind: RuleViolationKind,
    message: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

export const refuse = (message: string) => new RuleViolation('InvalidTransition', message);
export const forbid = (message: string) => new RuleViolation('Forbidden', message);
export const invalid = (message: string) => new RuleViolation('InvalidInput', message);
export const missing = (message: string) => new RuleViolation('NotFound', message);

/**
 * Handles a human action's Update: `rule` validates it (a violation is refused at once, with its
 * reason, and nothing is written; the API maps it to 400, 403, 404 or 409), then `handler` acts.
 */
export function setRuledUpdate<Ret, Args extends unknown[]>(
  update: UpdateDefinition<Ret, Args>,
  rule: (...args: Args) => void,
  handler: (...args: Args) => Promise<Ret>,
): void {
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
