import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readScenarios, requirementTags, scenariosOf } from '../../src/catalogue/tags';
import { tempDir, writeFeatures } from './fixtures';

const FEATURE = `@feature:refer @RFC3515-2.4.1-a
Feature: REFER basics

  @RFC3515-2.4.5-a
  Scenario: plain
    Given nothing

  Rule: errors
    @RFC3891-3-b
    Scenario: in a rule
      Given nothing

  @role:transferee
  Scenario Outline: outline <n>
    Given <n>

    @RFC3515-2.4.6-b
    Examples: first
      | n |
      | 1 |
      | 2 |

    Examples: second
      | n |
      | 3 |
`;

const names = (tags: { name: string }[]): string[] => tags.map((t) => t.name).sort();

test('feature, rule, scenario and examples tags are all inherited', () => {
  const s = scenariosOf(FEATURE, 'x.feature');
  assert.equal(s.length, 5, 'two plain scenarios and three example rows');
  assert.deepEqual(names(s[0]!.tags), ['@RFC3515-2.4.1-a', '@RFC3515-2.4.5-a', '@feature:refer']);
  assert.deepEqual(names(s[1]!.tags), ['@RFC3515-2.4.1-a', '@RFC3891-3-b', '@feature:refer']);
  assert.deepEqual(names(s[2]!.tags), ['@RFC3515-2.4.1-a', '@RFC3515-2.4.6-b', '@feature:refer', '@role:transferee']);
  assert.deepEqual(names(s[4]!.tags), ['@RFC3515-2.4.1-a', '@feature:refer', '@role:transferee'], 'second Examples has no id tag');
});

test('each tag keeps the line where it was written', () => {
  const s = scenariosOf(FEATURE, 'x.feature');
  const inherited = s[1]!.tags.find((t) => t.name === '@RFC3515-2.4.1-a');
  const own = s[1]!.tags.find((t) => t.name === '@RFC3891-3-b');
  assert.equal(inherited?.line, 1);
  assert.equal(own?.line, 9);
  assert.equal(s[2]!.tags.find((t) => t.name === '@RFC3515-2.4.6-b')?.line, 17);
});

test('requirement-looking tags not in the catalogue are unknown; other tags are ignored', () => {
  const [s] = scenariosOf('@RFC3515-2.4.5 @TS24629-x-a @feature:x @RFC3515-2.4.5-a\nFeature: f\n  Scenario: s\n    Given g\n', 'f.feature');
  const { ids, unknown } = requirementTags(s!, new Set(['RFC3515-2.4.5-a']));
  assert.deepEqual(ids, ['RFC3515-2.4.5-a']);
  assert.deepEqual(unknown.map((t) => t.name), ['@RFC3515-2.4.5', '@TS24629-x-a']);
});

test('readScenarios walks sub-directories and names the file of a syntax error', () => {
  const dir = writeFeatures(tempDir(), {
    'a.feature': 'Feature: a\n  Scenario: one\n    Given g\n',
    'sub/b.feature': 'Feature: b\n  Scenario: two\n    Given g\n',
  });
  assert.deepEqual(readScenarios(dir).map((s) => path.basename(s.file)), ['a.feature', 'b.feature']);
  const broken = writeFeatures(tempDir(), { 'bad.feature': 'Feature: a\n  Scenario: x\n    Given g\n    | a |\n    | b | c |\n' });
  assert.throws(() => readScenarios(broken), /bad\.feature: not valid Gherkin/);
});
