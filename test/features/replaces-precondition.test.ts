import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCatalogue } from '../../src/runner/catalogue';

// "Given X supports Replaces" (RFC 3891 §6.2): against a SUT that lists no "replaces" option tag
// the RFC 3891 scenarios are skipped with that reason — neither passed nor failed — and against
// the reference, which supports Replaces, they run and pass.
const RFC3891 = ['features/rfc3891'];
const run = (role: string, faults: string) => runCatalogue({ SIPWRIGHT_SUT: 'reference', SIPWRIGHT_ROLE: role, SIPWRIGHT_FAULTS: faults, SIPWRIGHT_DEADLINE_MS: '1000' }, RFC3891);
const replacesScenario = (id: string) => !id.includes('Referred-By is not refused');

for (const role of ['target', 'transferee']) {
  test(`a ${role} that does not list replaces in Supported: the Replaces scenarios are skipped, saying why`, async () => {
    const outcomes = (await run(role, 'no-supported-replaces')).filter((o) => o.id.startsWith('features/rfc3891/') && replacesScenario(o.id) && !/plays|checks the SUT as/.test(o.message));
    assert.ok(outcomes.length > 0, `some RFC 3891 scenario concerns the ${role}`);
    for (const o of outcomes) {
      assert.equal(o.verdict, 'skipped', `${o.id}: ${o.message.split('\n')[0]}`);
      assert.match(o.message, /^(Bob|Carol) \(reference\) does not support replaces: it lists no "replaces" option tag \(#\d+ 200 OK .*\); RFC 3891 §6\.2/);
    }
  });

  test(`the reference ${role}, which supports Replaces, runs and passes them`, async () => {
    const outcomes = (await run(role, '')).filter((o) => o.id.startsWith('features/rfc3891/'));
    assert.deepEqual(outcomes.filter((o) => o.verdict !== 'passed' && !/checks the SUT as/.test(o.message)).map((o) => `${o.id}: ${o.verdict} ${o.message}`), []);
    assert.ok(outcomes.some((o) => o.verdict === 'passed' && replacesScenario(o.id)));
  });
}
