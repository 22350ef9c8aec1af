import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCompliance, combineVerdicts, hashFeatureFiles, requirementIds, writeCompliance, type ComplianceInput } from '../../src/evidence/compliance';
import { parseXml, walk } from '../../src/evidence/xml-lite';

const input: ComplianceInput = {
  sut: { name: 'Acme <PBX> & "Co"', version: '7.1', adapter: 'remote', role: 'transferee', transport: 'UDP' },
  frameworkVersion: '0.1.0',
  date: '2026-11-24T01:02:03.000Z',
  features: [{ path: 'features/refer/notify.feature', sha256: 'b'.repeat(64) }, { path: 'features/refer/basic.feature', sha256: 'a'.repeat(64) }],
  requirements: [
    { id: 'RFC3515-2.4.4-a', keyword: 'MUST', text: 'The REFER-Recipient MUST send a NOTIFY' },
    { id: 'RFC3515-2.4.5-a', keyword: 'MUST', text: 'The NOTIFY body MUST be a message/sipfrag' },
    { id: 'RFC3515-2-c', keyword: 'MAY', text: 'REFER MAY be outside a dialog' },
  ],
  scenarios: [
    { name: 'REFER is accepted with 202', feature: 'features/refer/basic.feature', tags: ['@RFC3515-2.4.4-a', '@smoke'], status: 'passed', findings: [] },
    {
      name: 'NOTIFY carries a sipfrag | with <markup>', feature: 'features/refer/notify.feature', tags: ['@RFC3515-2.4.5-a', '@RFC3515-2.4.4-a'], status: 'failed',
      findings: [{ requirement: 'RFC3515-2.4.5-a', expected: 'Content-Type: message/sipfrag', seen: 'text/plain <script>alert(1)</script>', where: { traceIndex: 2, summary: 'NOTIFY (CSeq 1 NOTIFY)' }, hint: 'check the SUT & its NOTIFY body' }],
    },
    { name: 'port busy', feature: 'features/refer/notify.feature', tags: ['@TS24629-4.5.2-a'], status: 'broken', findings: [] },
    { name: 'untagged', feature: 'features/misc.feature', tags: [], status: 'skipped', findings: [] },
  ],
};

test('requirement ids come from @RFC/@TS tags only', () => {
  assert.deepEqual(requirementIds(['@RFC3515-2.4.5-a', '@smoke', '@TS24629-4.5.2-a', '@allure.label.epic:x', '@RFCx']), ['RFC3515-2.4.5-a', 'TS24629-4.5.2-a']);
});

test('a requirement fails if any scenario fails; a framework error is inconclusive, not a pass', () => {
  assert.equal(combineVerdicts(['passed', 'failed', 'broken']), 'failed');
  assert.equal(combineVerdicts(['passed', 'broken']), 'broken');
  assert.equal(combineVerdicts(['passed', 'skipped']), 'passed');
  assert.equal(combineVerdicts(['skipped']), 'skipped');
});

test('the JSON names SUT, date, framework, hashes, every scenario with verdict, requirement ids and findings', () => {
  const { json } = buildCompliance(input);
  const r = JSON.parse(json);
  assert.equal(r.sut.name, 'Acme <PBX> & "Co"');
  assert.equal(r.date, input.date);
  assert.equal(r.frameworkVersion, '0.1.0');
  assert.deepEqual(r.features.map((f: { path: string }) => f.path), ['features/refer/basic.feature', 'features/refer/notify.feature']);
  assert.deepEqual(r.scenarios.map((s: { status: string }) => s.status), ['passed', 'failed', 'broken', 'skipped']);
  assert.deepEqual(r.scenarios[1].requirements, ['RFC3515-2.4.5-a', 'RFC3515-2.4.4-a']);
  assert.equal(r.scenarios[1].findings[0].seen, 'text/plain <script>alert(1)</script>');
  assert.deepEqual(r.requirements.map((q: { id: string; verdict: string }) => [q.id, q.verdict]), [
    // 2.4.4-a: passed in one scenario; the failing one's findings cite only 2.4.5-a, so it says nothing of 2.4.4-a.
    ['RFC3515-2.4.4-a', 'passed'], ['RFC3515-2.4.5-a', 'failed'], ['TS24629-4.5.2-a', 'broken'],
  ]);
  assert.equal(r.requirements[0].keyword, 'MUST');
  assert.deepEqual(r.requirements[0].scenarios.map((s: { name: string }) => s.name), ['REFER is accepted with 202', 'NOTIFY carries a sipfrag | with <markup>']);
  assert.deepEqual(r.uncovered, ['RFC3515-2-c']);
  assert.deepEqual(r.totals, { scenarios: 4, passed: 1, failed: 1, skipped: 1, broken: 1, requirements: 3, requirementsFailed: 1 });
});

test('the HTML is self-contained, escaped, and shows each scenario with verdict and findings', () => {
  const { html } = buildCompliance(input);
  assert.doesNotMatch(html, /<script|<link|src=|https?:\/\//i, 'no scripts or external resources (the finding text is escaped)');
  assert.match(html, /<style>/);
  const root = parseXml(html); // written as well-formed XHTML-compatible HTML, so the strict reader takes it
  const sections = walk(root).filter((e) => e.name === 'section');
  assert.deepEqual(sections.map((s) => s.attrs['data-status']), ['passed', 'failed', 'broken', 'skipped']);
  const cells = walk(sections[1]!).filter((e) => e.name === 'td').map((e) => e.text);
  assert.deepEqual(cells, ['RFC3515-2.4.5-a', 'Content-Type: message/sipfrag', 'text/plain <script>alert(1)</script>', '#2 NOTIFY (CSeq 1 NOTIFY)', 'check the SUT & its NOTIFY body']);
  const all = walk(root).map((e) => e.text).join(' ');
  for (const needle of ['Acme <PBX> & "Co" 7.1', '2026-11-24T01:02:03.000Z', 'sipwright 0.1.0', 'a'.repeat(64), 'transferee']) assert.ok(all.includes(needle), needle);
});

test('the Markdown has the requirement table, findings and hashes, with table cells escaped', () => {
  const { markdown } = buildCompliance(input);
  assert.match(markdown, /^\| `RFC3515-2\.4\.5-a` \| MUST \| ❌ failed \| NOTIFY carries a sipfrag \\\| with &lt;markup> \(failed\) \|$/m);
  assert.match(markdown, /expected Content-Type: message\/sipfrag; seen text\/plain &lt;script>alert\(1\)&lt;\/script> \(at #2 NOTIFY \(CSeq 1 NOTIFY\)\)/);
  assert.match(markdown, /1 passed, 1 failed, 1 broken, 1 skipped/);
  const multiline = buildCompliance({ ...input, scenarios: [{ ...input.scenarios[1]!, findings: [{ expected: 'a\nb', seen: '<x>' }] }] }).markdown;
  assert.match(multiline, /expected a<br>b; seen &lt;x>/);
  assert.ok(markdown.includes(`\`features/refer/basic.feature\` ${'a'.repeat(64)}`));
});

test('hashFeatureFiles hashes files and directories of *.feature, relative and sorted; writeCompliance writes three files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-compliance-'));
  try {
    mkdirSync(join(dir, 'features', 'sub'), { recursive: true });
    writeFileSync(join(dir, 'features', 'b.feature'), 'Feature: B\n');
    writeFileSync(join(dir, 'features', 'sub', 'a.feature'), 'Feature: A\n');
    writeFileSync(join(dir, 'features', 'notes.md'), 'not a feature');
    const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
    assert.deepEqual(hashFeatureFiles([join(dir, 'features')], dir), [
      { path: 'features/b.feature', sha256: sha('Feature: B\n') },
      { path: 'features/sub/a.feature', sha256: sha('Feature: A\n') },
    ]);
    writeCompliance(join(dir, 'reports'), input);
    for (const f of ['compliance.json', 'compliance.html', 'compliance.md']) assert.ok(readFileSync(join(dir, 'reports', f), 'utf8').length > 100, f);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an interrupted run says so in the JSON, the HTML and the Markdown; a complete one carries no flag', () => {
  const done = buildCompliance(input);
  assert.equal('interrupted' in done.report, false);
  const cut = buildCompliance({ ...input, interrupted: true });
  assert.equal(JSON.parse(cut.json).interrupted, true);
  assert.match(cut.html, /<p class="interrupted">This run was interrupted/);
  assert.match(cut.markdown, /^> \*\*This run was interrupted/m);
  parseXml(cut.html.replace('<!DOCTYPE html>', ''));
});
