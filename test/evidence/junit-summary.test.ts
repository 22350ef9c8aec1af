import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatJUnitCounts, summarizeJUnit } from '../../src/evidence/junit-summary';

const ROOT = resolve(__dirname, '../..');

function inTemp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-junit-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 3 pass, 2 fail, 3 skipped (one of them todo), with a describe suite and subtests. */
const NODE_TESTS = `
const { test, describe } = require('node:test');
test('passes', () => {});
test('fails <&>', () => { throw new Error('boom <&> ]]>'); });
test('skipped', { skip: 'no reason' }, () => {});
test('todo', { todo: true }, () => {});
describe('suite', () => { test('inner pass', () => {}); test('inner fail', () => { require('assert').equal(1, 2); }); });
test('parent', async (t) => { await t.test('child ok', () => {}); await t.test('child skip', (t) => t.skip()); });
`;

/** The child must not think it is a subtest of this runner (node passes NODE_TEST_CONTEXT down). */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

let nodeXml: string | undefined;
function nodeJUnit(): string {
  return nodeXml ??= inTemp((dir) => {
    writeFileSync(join(dir, 'sample.test.js'), NODE_TESTS);
    const out = join(dir, 'junit.xml');
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=junit', `--test-reporter-destination=${out}`, 'sample.test.js'], { cwd: dir, encoding: 'utf8', env: childEnv() });
    assert.equal(r.status, 1, `node --test should fail (2 failing tests): ${r.stderr}`);
    return readFileSync(out, 'utf8');
  });
}

const FEATURE = `Feature: Sample & <things>
  Scenario: passes
    Given a step that passes
  Scenario: fails
    Given a step that fails
  Scenario: pending
    Given a step that is pending
  Scenario: undefined
    Given a step nobody wrote
  Scenario: skipped
    Given a step that skips
`;

let cucumberXml: string | undefined;
function cucumberJUnit(): string {
  return cucumberXml ??= inTemp((dir) => {
    mkdirSync(join(dir, 'features'));
    writeFileSync(join(dir, 'features', 'sample.feature'), FEATURE);
    writeFileSync(join(dir, 'steps.js'), `const { Given } = require(${JSON.stringify(join(ROOT, 'node_modules/@cucumber/cucumber'))});
Given('a step that passes', () => {});
Given('a step that fails', () => { const e = new Error('expected 202; seen 200 <OK>'); e.name = 'AssertionError'; throw e; });
Given('a step that is pending', () => 'pending');
Given('a step that skips', () => 'skipped');
`);
    writeFileSync(join(dir, 'cucumber.config.js'), 'module.exports = { default: {} };\n');
    const out = join(dir, 'junit.xml');
    const bin = join(ROOT, 'node_modules/.bin/cucumber-js');
    const r = spawnSync(bin, ['--config', 'cucumber.config.js', '--require', 'steps.js', '--format', `junit:${out}`, 'features/sample.feature'], { cwd: dir, encoding: 'utf8', env: childEnv() });
    assert.equal(r.status, 1, `cucumber-js should fail: ${r.stdout}${r.stderr}`);
    return readFileSync(out, 'utf8');
  });
}

test("node's junit reporter: passed, failed (incl. in suites and subtests), skipped and todo", () => {
  const xml = nodeJUnit();
  assert.deepEqual(summarizeJUnit([xml]), { passed: 3, failed: 2, skipped: 3 });
});

test("cucumber's junit formatter: pending and undefined count as failed, skipped as skipped", () => {
  const xml = cucumberJUnit();
  assert.match(xml, /<testsuite name="Cucumber"/);
  assert.deepEqual(summarizeJUnit([xml]), { passed: 1, failed: 3, skipped: 1 });
});

test('several documents add up, and the CI line reads naturally', () => {
  const both = summarizeJUnit([nodeJUnit(), cucumberJUnit()]);
  assert.deepEqual(both, { passed: 4, failed: 5, skipped: 4 });
  assert.equal(formatJUnitCounts(both), '4 passed, 5 failed, 4 skipped');
  assert.deepEqual(summarizeJUnit([]), { passed: 0, failed: 0, skipped: 0 });
});

test('error elements count as failed; a broken document is reported, not miscounted', () => {
  const xml = '<testsuites><testsuite><testcase name="a"><error message="x"/></testcase><testcase name="b"/></testsuite></testsuites>';
  assert.deepEqual(summarizeJUnit([xml]), { passed: 1, failed: 1, skipped: 0 });
  assert.throws(() => summarizeJUnit([xml, '<testsuite><testcase name="x">']), /JUnit document 2 of 2 is not well-formed/);
});
