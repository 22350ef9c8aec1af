import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCatalogue } from '../../src/runner/catalogue';
import { compare, firstLine, loadKnown, SUTS_DIR, type Role } from '../../src/runner/known';

// Real SUTs in CI: for every suts/NAME.known.json, the catalogue runs against that SUT in every
// role the file lists, and must fail exactly where the file says, with the same finding. A new
// failure or a fixed one fails this test as a difference (issue 7, "Known results").
const files = fs.readdirSync(SUTS_DIR).filter((f) => f.endsWith('.known.json')).sort();

test('every known-results file is valid against suts/known-results.schema.json', () => {
  for (const f of files) assert.doesNotThrow(() => loadKnown(path.join(SUTS_DIR, f)), f);
});

for (const f of files) {
  const known = loadKnown(path.join(SUTS_DIR, f));
  for (const role of Object.keys(known.roles) as Role[]) {
    test(`${known.sut} as ${role} behaves as its known results say`, async () => {
      const run = await runCatalogue({ SIPWRIGHT_SUT: known.sut, SIPWRIGHT_ROLE: role, SIPWRIGHT_FAULTS: '' });
      assert.ok(run.length > 0, 'the catalogue ran');
      const diff = compare(known.roles[role] ?? [], run);
      const lines = [
        ...diff.newFailures.map((r) => `new failure: ${r.id}: ${firstLine(r.message)}`),
        ...diff.fixed.map((k) => `no longer fails, passed or skipped (remove it from ${f}): ${k.scenario}`),
        ...diff.changed.map((c) => `changed finding: ${c.known.scenario}: now ${firstLine(c.now.message)}`),
      ];
      assert.deepEqual(lines, [], `run \`node bin/sipwright.js known --sut ${known.sut} --role ${role}\` to see it`);
    });
  }
}
