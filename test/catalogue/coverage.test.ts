import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { main } from '../../src/cli/coverage';
import { capture, tempDir, writeCatalogue, writeFeatures } from './fixtures';

/** Catalogue fixture: 5 observable rows (3 in RFC 3515, 1 in RFC 3891, 1 in TS 24.629), 1 not. */
function setup(files: Record<string, string>): string[] {
  const dir = tempDir();
  return ['--catalogue', writeCatalogue(dir), '--features', writeFeatures(dir, files)];
}

const COVERS_TWO = `@RFC3515-2.4.1-a
Feature: f
  @RFC3891-3-b
  Scenario: s
    Given g
  @RFC3515-2.1-c
  Scenario: tags a requirement that is not observable
    Given g
`;

test('counts covered observable requirements and ends with the summary line', async () => {
  const { result, out } = await capture(() => main(setup({ 'f.feature': COVERS_TWO })));
  assert.equal(result, 0);
  const lines = out.trimEnd().split('\n');
  assert.equal(lines.at(-1), 'requirements covered: 2/5 (40.0%)');
  assert.match(out, /RFC 3515\s+1\/3\s+33\.3%/);
  assert.match(out, /RFC 3891\s+1\/1\s+100\.0%/);
  assert.match(out, /TS 24\.629\s+0\/1\s+0\.0%/);
  assert.match(out, /Uncovered observable requirements \(3\)/);
  assert.match(out, /RFC3515-2\.4\.5-a\s+MUST\s+NOTIFY body starts/);
  assert.doesNotMatch(out, /Uncovered[\s\S]*RFC3515-2\.1-c /, 'unobservable rows are never "uncovered"');
  assert.match(out, /Tagged but catalogued as not observable \(1\): RFC3515-2\.1-c/);
});

test('inherited tags from Rule and Examples count as coverage', async () => {
  const feature = `Feature: f
  Rule: r
    @RFC3515-2.4.5-a
    Scenario Outline: o <n>
      Given <n>
      @RFC3515-2.4.6-b
      Examples:
        | n |
        | 1 |
`;
  const { result, out } = await capture(() => main(setup({ 'g/f.feature': feature })));
  assert.equal(result, 0);
  assert.match(out, /requirements covered: 2\/5 \(40\.0%\)\n$/);
});

test('unknown requirement tags are listed with file:line and exit 1', async () => {
  const feature = 'Feature: f\n\n  @RFC3515-2.4.5-a @RFC3515-9.9-z\n  Scenario: s\n    Given g\n';
  const { result, out } = await capture(() => main(setup({ 'u.feature': feature })));
  assert.equal(result, 1);
  assert.match(out, /Unknown requirement tags \(1\)/);
  assert.match(out, /u\.feature:3 {2}@RFC3515-9\.9-z/);
  assert.match(out, /requirements covered: 1\/5 \(20\.0%\)\n$/);
});

test('--json gives the same numbers as data', async () => {
  const { result, out } = await capture(() => main([...setup({ 'f.feature': COVERS_TWO }), '--json']));
  assert.equal(result, 0);
  const report = JSON.parse(out);
  assert.equal(report.covered, 2);
  assert.equal(report.observable, 5);
  assert.equal(report.summary, 'requirements covered: 2/5 (40.0%)');
  assert.deepEqual(report.uncovered.map((u: { id: string }) => u.id).sort(), ['RFC3515-2.4.5-a', 'RFC3515-2.4.6-b', 'TS24629-4.2.1-a']);
});

test('usage errors exit 2', async () => {
  for (const argv of [['--bogus'], ['--features'], ['--features', '/nonexistent/dir']]) {
    const { result, err } = await capture(() => main(argv));
    assert.equal(result, 2, argv.join(' '));
    assert.match(err, /usage: sipwright coverage/);
  }
});

test('a malformed catalogue exits 2 and names the row', async () => {
  const dir = tempDir();
  const cat = writeCatalogue(dir, ['RFC3515-2.4.1-a\tRFC 3515 §2.4.1\tMUST\tnobody\tt\tyes\tw']);
  const { result, err } = await capture(() => main(['--catalogue', cat, '--features', writeFeatures(dir, {})]));
  assert.equal(result, 2);
  assert.match(err, /catalogue\.tsv:2:\d+: role: "nobody"/);
});

test('tag-convention warnings are listed but do not change the exit status', async () => {
  const feature = '@severity:critical @role:nobody\nFeature: f\n  @RFC3891-3-b\n  Scenario: s\n    Given g\n';
  const { result, out } = await capture(() => main(setup({ 'w.feature': feature })));
  assert.equal(result, 0);
  assert.match(out, /Tag convention warnings \(2\)/);
  assert.match(out, /w\.feature:1 {2}@severity:critical: derived from the requirement ids/);
  assert.match(out, /requirements covered: 1\/5 \(20\.0%\)\n$/);
});

test('an empty feature tree covers nothing: 0/5 (0.0%)', async () => {
  const { result, out } = await capture(() => main(setup({})));
  assert.equal(result, 0);
  assert.match(out, /requirements covered: 0\/5 \(0\.0%\)\n$/);
});
