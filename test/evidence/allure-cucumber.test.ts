/**
 * End to end through the real toolchain: a temp feature whose After hook does what
 * docs/evidence.md tells the project's hooks to do; cucumber-js with allure-cucumberjs writes
 * results; generateReport renders them; the report holds the attachments, labels and category.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateReport, writeCategories } from '../../src/evidence/allure';

const ROOT = resolve(__dirname, '../..');
const mod = (p: string): string => JSON.stringify(join(ROOT, p));

const FEATURE = `Feature: Blind transfer evidence
  @RFC3515-2.4.5-a
  Scenario: NOTIFY carries a sipfrag body
    Given a recorded REFER exchange
    Then the NOTIFY body is checked
`;

const STEPS = `
require(${mod('scripts/register.js')}); // the project's TypeScript hook (esbuild), as cucumber.js uses
require(${mod('node_modules/allure-cucumberjs')});
const { Given, Then, Before, After } = require(${mod('node_modules/@cucumber/cucumber')});
const { appendScenarioRecord, scenarioAttachments, scenarioStatus } = require(${mod('src/evidence/scenario.ts')});
const { ConformanceError } = require(${mod('src/expect/finding.ts')});
const { applyAllureLabels } = require(${mod('src/evidence/allure.ts')});
const { referExchange } = require(${mod('test/evidence/fixtures.ts')});
const findings = [{ requirement: 'RFC3515-2.4.5-a', expected: 'Content-Type: message/sipfrag', seen: 'text/plain', where: { traceIndex: 2, summary: 'NOTIFY' } }];
Before(async function ({ pickle }) {
  await applyAllureLabels(pickle.tags.map((t) => t.name), { keywordOf: () => 'MUST', sutRole: 'transferee' });
});
Given('a recorded REFER exchange', function () {
  this.trace = referExchange({ transport: 'UDP', alice: { host: '127.0.0.1', port: 5060 }, bob: { host: '127.0.0.1', port: 5070 }, callId: 'e2e@x' });
});
Then('the NOTIFY body is checked', function () {
  throw new ConformanceError(findings);
});
After(function ({ pickle, result }) {
  appendScenarioRecord('scenarios.jsonl', { name: pickle.name, feature: pickle.uri, tags: pickle.tags.map((t) => t.name), status: scenarioStatus(result), findings });
  for (const a of scenarioAttachments({ title: pickle.name, records: this.trace, findings, partyOf: (x) => (x.port === 5060 ? 'Alice' : 'Bob') })) {
    this.attach(a.body, { mediaType: a.mediaType, fileName: a.fileName });
  }
});
`;

test('cucumber + allure-cucumberjs + our hooks → a report with findings, ladder, trace, pcap, labels, link, category', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'features'));
  writeFileSync(join(dir, 'features', 'e2e.feature'), FEATURE);
  writeFileSync(join(dir, 'steps.js'), STEPS);
  writeFileSync(join(dir, 'cucumber.config.js'), 'module.exports = { default: {} };\n');
  const results = join(dir, 'allure-results');
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(join(ROOT, 'node_modules/.bin/cucumber-js'), [
    '--config', 'cucumber.config.js', '--require', 'steps.js', '--format', `${join(ROOT, 'node_modules/allure-cucumberjs/dist/cjs/reporter.js')}:${join(dir, 'allure.log')}`,
    '--format-options', JSON.stringify({ resultsDir: results }), 'features/e2e.feature',
  ], { cwd: dir, encoding: 'utf8', env });
  assert.equal(r.status, 1, `the scenario fails on purpose:\n${r.stdout}\n${r.stderr}`);

  const line = JSON.parse(readFileSync(join(dir, 'scenarios.jsonl'), 'utf8'));
  assert.deepEqual([line.status, line.feature, line.tags], ['failed', 'features/e2e.feature', ['@RFC3515-2.4.5-a']]);

  const resultFile = readdirSync(results).find((f) => f.endsWith('-result.json'));
  assert.ok(resultFile, `allure-cucumberjs wrote a result: ${readdirSync(results).join(', ')}`);
  const res = JSON.parse(readFileSync(join(results, resultFile!), 'utf8'));
  assert.equal(res.status, 'failed', 'ConformanceError (name AssertionError) → failed, not broken');
  const labels = res.labels.map((l: { name: string; value: string }) => `${l.name}=${l.value}`);
  for (const l of ['epic=RFC 3515', 'severity=critical', 'sutRole=transferee']) assert.ok(labels.includes(l), `${l} in ${labels.join(', ')}`);
  assert.ok(res.links.some((l: { url: string }) => l.url === 'https://www.rfc-editor.org/rfc/rfc3515#section-2.4.5'));
  // the SUT's role is a parameter, so the same scenario in another role is another history, not a retry
  assert.deepEqual(res.parameters.map((p: { name: string; value: string }) => `${p.name}=${p.value}`), ['SUT role=transferee']);
  // attachments made in an After hook belong to the test's "Tear down" fixture (a *-container.json)
  const attachments = readdirSync(results).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(results, f), 'utf8')).join('\n');
  for (const name of ['findings.json', 'ladder.svg', 'sip-trace.txt', 'trace.pcapng']) assert.ok(attachments.includes(`"name":"${name}"`), name);

  writeCategories(results);
  const out = join(dir, 'allure-report');
  await generateReport(results, out);
  const cats = JSON.parse(readFileSync(join(out, 'data', 'categories.json'), 'utf8')) as { children: { name: string }[] };
  assert.deepEqual(cats.children.map((c) => c.name), ['Conformance findings (product defects)']);
  const files = readdirSync(join(out, 'data', 'attachments'));
  assert.ok(files.some((f) => f.endsWith('.svg')) && files.some((f) => f.endsWith('.pcap')), files.join(', '));
});
