import { Before } from '@cucumber/cucumber';
import type { SipWorld } from '../../src/world/world';
import { prepareCallPolicy } from '../../src/world/call-policy';

/** The roles a scenario's `@role:` tags name; none means every role. */
function rolesOf(tags: readonly { name: string }[]): string[] {
  return tags.map((t) => t.name).filter((t) => t.startsWith('@role:')).map((t) => t.slice('@role:'.length));
}

/**
 * `@role:transferee` (etc.) says which SUT roles a scenario applies to; untagged scenarios apply
 * to every role. In another role the scenario is skipped, with the reason in the report. In its
 * roles, what the SUT's user decides before a call rings (a refusal) is asked of the SUT first.
 */
Before(async function (this: SipWorld, { pickle }) {
  const roles = rolesOf(pickle.tags);
  if (roles.length === 0 || roles.includes(this.config.role)) return prepareCallPolicy(this, pickle.steps.map((s) => s.text));
  this.log(`skipped: this scenario checks the SUT as ${roles.join(' or ')}; this run's SUT plays ${this.config.role}`);
  return 'skipped';
});
