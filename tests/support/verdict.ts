// What a rule says: 'allowed', or the kind of its refusal (the API answers 403 for Forbidden, 409
// for InvalidTransition, 400 for InvalidInput, 404 for NotFound).
import { RuleViolation } from '../../domain/rule-violation';

export function verdict(check: () => void): string {
  try {
    check();
    return 'allowed';
  } catch (err: unknown) {
    if (err instanceof RuleViolation) return err.kind;
    throw err;
  }
}
