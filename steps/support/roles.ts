import { Before } from '@cucumber/cucumber';
import type { SipWorld } from '../../src/world/world';

/**
 * `@role:transferee` (etc.) says which SUT roles a scenario applies to; untagged scenarios apply
 * to every role. In another role the scenario is skipped, with the reason in the report.
 */
Before(function (this: SipWorld, { pickle }) {
  const roles = pickle.tags.map((t) => t.name).filter((t) => t.startsWith('@role:')).map((t) => t.slice('@role:'.length));
  if (roles.length === 0 || roles.includes(this.config.role)) return undefined;
  this.log(`skipped: this scenario checks the SUT as ${roles.join(' or ')}; this run's SUT plays ${this.config.role}`);
  return 'skipped';
});
