// A refused human action: the rules of the action tables (domain/hazard/actions.ts,
// domain/campaign/actions.ts) throw it; a workflow's Update validator turns it into the
// ApplicationFailure the API maps to 400, 403, 404 or 409 (workflows/ruled-update.ts), and the API
// maps it itself where it decides before any workflow is asked.

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

/** The violation `rule` throws, or undefined when it passes. */
export function violationOf(rule: () => void): RuleViolation | undefined {
  try {
    rule();
    return undefined;
  } catch (err) {
    if (err instanceof RuleViolation) return err;
    throw err;
  }
}
