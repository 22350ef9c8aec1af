/**
 * src/cli/report.ts without a SIP run: what a fresh run clears and keeps, Allure history carried
 * over through it, the SUT taken from the scenario records, and the counts line's fallbacks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finishReport, prepareResults, runCounts, sutOf } from '../../src/cli/report';
import type { ScenarioRecord } from '../../src/evidence/scenario';

const record = (over: Partial<ScenarioRecord> = {}): ScenarioRecord => ({
  name: 'Transferee accepts', feature: 'features/rfc3515/blind-transfer.feature', tags: ['@RFC3515-2.4.7-b'], status: 'failed',
  findings: [{ requirement: 'RFC3515-2.4.7-b', expected: 'a final NOTIFY', seen: 'none' }],
  sut: { adapter: 'reference', role: 'transferee', transport: 'UDP', product: 'Acme-PBX/7.1.2 (build 5)' }, ...over,
});

function put(file: string, body = 'x'): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, body);
}

const TREND = [{ buildOrder: 1, reportName: 'previous', data: { failed: 0, broken: 0, skipped: 0, passed: 3, unknown: 0, total: 3 } }];

test('a fresh run clears every old result and report but carries the Allure history; finishReport writes it all and prints the path last', async (t) => {
  const reports = mkdtempSync(join(tmpdir(), 'sipwright-report-'));
  t.after(() => rmSync(reports, { recursive: true, force: true }));
  for (const f of ['allure-results/old-result.json', 'junit/features.xml', 'evidence/001-old/trace.pcapng', 'evidence/scenarios.jsonl', 'compliance.json',
    'compliance.html', 'compliance.md', 'cucumber.json', 'allure-single/index.html', 'allure-report/index.html', 'screenshots/kept.png']) put(join(reports, f));
  put(join(reports, 'allure-report', 'history', 'history-trend.json'), JSON.stringify(TREND));
  const sigint = process.listenerCount('SIGINT');

  prepareResults(reports);
  assert.deepEqual(readdirSync(reports).sort(), ['.allure-previous', 'allure-results', 'evidence', 'screenshots']);
  assert.deepEqual([readdirSync(join(reports, 'allure-results')), readdirSync(join(reports, 'evidence'))], [[], []]);
  assert.deepEqual(JSON.parse(readFileSync(join(reports, '.allure-previous', 'history', 'history-trend.json'), 'utf8')), TREND);
  assert.equal(process.listenerCount('SIGINT'), sigint + 1, 'Ctrl-C is caught during the run');

  put(join(reports, 'evidence', 'scenarios.jsonl'), `${JSON.stringify(record())}\n`);
  put(join(reports, 'allure-results', 'a1-result.json'), JSON.stringify({
    uuid: 'a1', historyId: 'h1', name: 'Transferee accepts', fullName: 'f#Transferee accepts', status: 'failed', stage: 'finished',
    statusDetails: { message: 'AssertionError: [RFC3515-2.4.7-b] expected a final NOTIFY' }, start: 1, stop: 2, labels: [], steps: [], attachments: [], parameters: [], links: [],
  }));
  let printed = '';
  const out = new Writable({ write: (chunk, _enc, done) => void ((printed += String(chunk)), done()) });
  const index = await finishReport(reports, { sut: 'reference', role: 'transferee', faults: ['no-final-notify'] }, out);

  assert.equal(process.listenerCount('SIGINT'), sigint, 'and released after the report');
  const lines = printed.trimEnd().split('\n');
  assert.equal(lines.at(-1), `Allure report: ${index}`);
  assert.equal(lines.at(-2), '0 passed, 1 failed, 0 skipped (from scenario records, no JUnit XML)');
  const trend = JSON.parse(readFileSync(join(reports, 'allure-report', 'history', 'history-trend.json'), 'utf8')) as unknown[];
  assert.equal(trend.length, 2, 'the trend continues from the previous report');
  assert.ok(existsSync(join(reports, 'allure-single', 'index.html')));
  const env = readFileSync(join(reports, 'allure-results', 'environment.properties'), 'utf8');
  for (const line of ['SUT=Acme-PBX', 'SUT\\ version=7.1.2', 'SUT\\ role=transferee', 'Adapter=reference', 'Transport=UDP', 'Fault\\ modes=no-final-notify']) {
    assert.ok(env.split('\n').includes(line), `${line} in\n${env}`);
  }
  assert.match(env, /^Framework=sipwright \d+\.\d+\.\d+$/m);
  const matrix = JSON.parse(readFileSync(join(reports, 'compliance.json'), 'utf8'));
  assert.deepEqual([matrix.sut.name, matrix.sut.version, matrix.totals.failed, 'interrupted' in matrix], ['Acme-PBX', '7.1.2', 1, false]);
  assert.equal(matrix.features[0].path, 'features/rfc3515/blind-transfer.feature', 'hashes the feature files the scenarios came from');
});

test('the SUT comes from the scenario records (first announced product, every role), else from what the CLI was told', () => {
  assert.deepEqual(sutOf([record({ sut: { adapter: 'remote', role: 'target', transport: 'TCP' } }), record()], { sut: 'x', role: 'y', faults: [] }),
    { name: 'Acme-PBX', version: '7.1.2', adapter: 'remote', role: 'target, transferee', transport: 'TCP' });
  // a one-role run names its role; a multi-role run (`--role all`) names each, in run order
  assert.equal(sutOf([record(), record()], { sut: 'x', role: 'y', faults: [] }).role, 'transferee');
  assert.deepEqual(sutOf([], { sut: 'reference', role: 'transferee', faults: [] }),
    { name: 'reference', version: undefined, adapter: 'reference', role: 'transferee', transport: 'UDP' });
});

test('counts come from the JUnit XML; from the scenario records when it is missing or cut short', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-junit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const records = [record(), record({ status: 'passed' }), record({ status: 'broken' }), record({ status: 'skipped' })];
  assert.deepEqual(runCounts(join(dir, 'missing'), records), { counts: { passed: 1, failed: 2, skipped: 1 }, source: 'scenario records, no JUnit XML' });
  writeFileSync(join(dir, 'features.xml'), '');
  assert.equal(runCounts(dir, records).source, 'scenario records, JUnit XML incomplete');
  writeFileSync(join(dir, 'features.xml'), '<testsuite><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>');
  assert.deepEqual(runCounts(dir, records), { counts: { passed: 1, failed: 1, skipped: 0 }, source: 'JUnit XML' });
});
