import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendScenarioRecord, claimEvidenceDir, evidenceDirName, failingIndex, missingLines, readScenarioRecords, scenarioAttachments, scenarioStatus, writeScenarioEvidence } from '../../src/evidence/scenario';
import { parseXml, walk } from '../../src/evidence/xml-lite';
import { referExchange } from './fixtures';

const records = referExchange({ transport: 'UDP', alice: { host: '192.0.2.10', port: 5060 }, bob: { host: '198.51.100.20', port: 5062 }, callId: 'sc@example.com' });
const findings = [{ requirement: 'RFC3515-2.4.5-a', expected: 'message/sipfrag', seen: 'text/plain', where: { traceIndex: 2, summary: 'NOTIFY' } }];

test('a failed scenario gets findings, ladder (failing message marked), trace text and pcapng', () => {
  const files = scenarioAttachments({ title: 'NOTIFY body', records, findings, partyOf: (a) => (a.port === 5060 ? 'Alice' : 'Bob') });
  assert.deepEqual(files.map((f) => [f.fileName, f.mediaType]), [
    ['findings.json', 'application/json'], ['ladder.svg', 'image/svg+xml'], ['sip-trace.txt', 'text/plain'], ['trace.pcapng', 'application/vnd.tcpdump.pcap'],
  ]);
  const svg = parseXml(files[1]!.body as string);
  assert.deepEqual(walk(svg).filter((e) => e.attrs['data-failing'] === 'true').map((e) => e.attrs['data-index']), ['2']);
  assert.deepEqual(JSON.parse(files[0]!.body as string), findings);
  assert.equal((files[3]!.body as Buffer).readUInt32LE(0), 0x0a0d0d0a, 'pcapng section header');
  assert.equal(scenarioAttachments({ title: 'ok', records, findings: [] })[0]!.fileName, 'ladder.svg', 'no findings file for a pass');
});

test('failingIndex, status mapping and directory names', () => {
  assert.equal(failingIndex(findings), 2);
  assert.equal(failingIndex([{ expected: 'a', seen: 'b', where: 'free text' }]), undefined);
  assert.equal(scenarioStatus({ status: 'FAILED', exception: { type: 'ConformanceError' }, message: 'AssertionError: [RFC3515-2.4.5-a] …' }), 'failed');
  assert.equal(scenarioStatus({ status: 'FAILED', message: 'AssertionError: expected …' }), 'failed');
  assert.equal(scenarioStatus({ status: 'FAILED', exception: { type: 'EnvironmentError' }, message: 'EnvironmentError: cannot bind' }), 'broken');
  assert.equal(scenarioStatus({ status: 'FAILED', exception: { type: 'TypeError' }, message: 'TypeError: x' }), 'broken');
  assert.equal(scenarioStatus({ status: 'PASSED' }), 'passed');
  assert.equal(scenarioStatus({ status: 'SKIPPED' }), 'skipped');
  assert.equal(scenarioStatus({ status: 'UNDEFINED' }), 'broken');
  assert.equal(scenarioStatus(undefined), 'broken');
  assert.equal(evidenceDirName(3, 'REFER is accepted with "202" — Ünïcode!'), '003-refer-is-accepted-with-202-unicode');
});

test('evidence files are written, and scenario lines survive a torn last line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-scenario-'));
  try {
    const paths = writeScenarioEvidence(join(dir, 'evidence', '001-x'), scenarioAttachments({ title: 'x', records, findings }));
    assert.equal(paths.length, 4);
    assert.ok(readFileSync(paths[2]!).includes(records[0]!.bytes));
    const file = join(dir, 'evidence', 'scenarios.jsonl');
    const rec = { name: 'x', feature: 'f.feature', tags: ['@RFC3515-2.4.5-a'], status: 'failed' as const, findings };
    appendScenarioRecord(file, rec);
    appendScenarioRecord(file, { ...rec, name: 'y', status: 'passed', findings: [] });
    appendFileSync(file, '{"name":"z","feat');
    assert.deepEqual(readScenarioRecords(file).map((r) => r.name), ['x', 'y']);
    assert.deepEqual(readScenarioRecords(join(dir, 'missing.jsonl')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('claimEvidenceDir continues the numbering and never reuses a directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-claim-'));
  try {
    const root = join(dir, 'evidence');
    assert.equal(claimEvidenceDir(root, 'first one'), join(root, '001-first-one'));
    assert.equal(claimEvidenceDir(root, 'first one'), join(root, '002-first-one'), 'same name, next number');
    mkdirSync(join(root, '007-from-another-run'));
    assert.equal(claimEvidenceDir(root, 'after'), join(root, '008-after'), 'after the highest number already there');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a finding without a trace index is listed under the ladder, one with an index marks its arrow', () => {
  const absent = [{ requirement: 'RFC3515-2.4.7-b', expected: 'a final NOTIFY within 2000 ms', seen: 'only #2' }];
  assert.deepEqual(missingLines([...absent, ...findings]), ['[RFC3515-2.4.7-b] expected a final NOTIFY within 2000 ms; seen only #2']);
  const svg = scenarioAttachments({ title: 't', records, findings: absent })[1]!.body as string;
  assert.match(svg, /class="missing" data-failing="true"/);
});
