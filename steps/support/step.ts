import { NotApplicable, UnsupportedAction } from '../../src/endpoints/adapter';
import type { SipWorld } from '../../src/world/world';

/**
 * Wraps a step body: when the SUT must act and its adapter cannot, or the SUT does not implement
 * the extension the scenario checks, the scenario is skipped with that reason (ARCHITECTURE.md) —
 * never passed, never failed for the framework's own limits or for an optional extension.
 */
export function sip<A extends unknown[]>(body: (world: SipWorld, ...args: A) => Promise<unknown>) {
  const step = async function (this: SipWorld, ...args: A): Promise<void | 'skipped'> {
    try {
      await body(this, ...args);
    } catch (err) {
      if (!(err instanceof UnsupportedAction) && !(err instanceof NotApplicable)) throw err;
      this.log(`skipped: ${err.message}`);
      return 'skipped';
    }
  };
  // Cucumber checks a step function's arity against its expression's parameters.
  Object.defineProperty(step, 'length', { value: Math.max(0, body.length - 1) });
  return step;
}
