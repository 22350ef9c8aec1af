import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCatalogue } from '../../src/runner/catalogue';
import { compare, firstLine, knownFile, loadKnown, type Role } from '../../src/runner/known';

/**
 * Real SUTs in CI (issue 7, "Known results"): the catalogue runs against `sut` in every role its
 * suts/NAME.known.json lists, and must fail exactly where the file says, with the same finding. A
 * new failure or a fixed one fails the test as a difference. One test file per SUT
 * (test/suts/known-NAME.test.ts), so that the test runner runs SUTs side by side.
 */
export function knownResultsTests(sut: string): void {
  const file = knownFile(sut);
  const known = loadKnown(file);
  for (const role of Object.keys(known.roles) as Role[]) {
    test(`${known.sut} as ${role} behaves as its known results say`, async (t) => {
      const run = await runCatalogue({ SIPWRIGHT_SUT: known.sut, SIPWRIGHT_ROLE: role, SIPWRIGHT_FAULTS: '' });
      assert.ok(run.length > 0, 'the catalogue ran');
      const diff = compare(known.roles[role] ?? [], run);
      const lines = [
        ...diff.newFailures.map((r) => `new failure: ${r.id}: ${firstLine(r.message)}`),
        ...diff.fixed.map((k) => `no longer fails, passed or skipped (remove it from ${path.basename(file)}): ${k.scenario}`),
        ...diff.changed.map((c) => `changed finding: ${c.known.scenario}: now ${firstLine(c.now.message)}`),
      ];
      // The run's evidence is gone with its folder: keep the SUT's log of each differing scenario in the output.
      const differing = new Set([...diff.newFailures.map((r) => r.id), ...diff.changed.map((c) => c.now.id)]);
      for (const r of run.filter((o) => differing.has(o.id) && o.sutLogTail)) t.diagnostic(`sut.log of ${r.id}, last lines:\n${r.sutLogTail}`);
      assert.deepEqual(lines, [], `run \`node bin/sipwright.js known --sut ${known.sut} --role ${role}\` to see it`);
    });
  }
}
