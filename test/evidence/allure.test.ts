import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allureLabelsFor, applyAllureLabels, CATEGORIES, generateReport, parseRequirementId, rfcSectionUrl, writeCategories, writeEnvironment, type AllureLabel, type AllureLink } from '../../src/evidence/allure';

const KEYWORDS: Record<string, string> = { 'RFC3515-2.4.5-a': 'MUST', 'RFC4488-4-b': 'SHOULD', 'RFC3515-2-c': 'MAY' };
const keywordOf = (id: string): string | undefined => KEYWORDS[id];

test('labels: epic per RFC/TS, severity from the strongest keyword, links to rfc-editor sections', () => {
  const { labels, links } = allureLabelsFor(['@RFC3515-2.4.5-a', '@RFC4488-4-b', '@smoke', '@TS24629-4.5.2.1-a'], { keywordOf, sutRole: 'transferee' });
  assert.deepEqual(labels, [
    { name: 'epic', value: 'RFC 3515' }, { name: 'epic', value: 'RFC 4488' }, { name: 'epic', value: 'TS 24.629' },
    { name: 'severity', value: 'critical' }, { name: 'tag', value: 'SUT as transferee' }, { name: 'sutRole', value: 'transferee' },
  ]);
  assert.deepEqual(links.map((l) => l.url), ['https://www.rfc-editor.org/rfc/rfc3515#section-2.4.5', 'https://www.rfc-editor.org/rfc/rfc4488#section-4']);
  assert.equal(links[0]!.name, 'RFC3515-2.4.5-a (RFC 3515 §2.4.5)');
  assert.deepEqual(allureLabelsFor(['@RFC4488-4-b'], { keywordOf }).labels.at(-1), { name: 'severity', value: 'normal' });
  assert.deepEqual(allureLabelsFor(['@RFC3515-2-c'], { keywordOf }).labels.at(-1), { name: 'severity', value: 'minor' });
  assert.deepEqual(allureLabelsFor(['@wip']), { labels: [], links: [] });
});

test('requirement ids without a letter, appendices and TS numbers parse', () => {
  assert.deepEqual(parseRequirementId('RFC3515-2.4.5'), { doc: 'RFC 3515', rfc: '3515', section: '2.4.5' });
  assert.equal(rfcSectionUrl('5589', 'A.1'), 'https://www.rfc-editor.org/rfc/rfc5589#appendix-A.1');
  assert.equal(rfcSectionUrl('3515'), 'https://www.rfc-editor.org/rfc/rfc3515');
  assert.deepEqual(parseRequirementId('TS24.629-4.5'), { doc: 'TS 24.629', section: '4.5' });
});

test('applyAllureLabels hands labels and links to the runtime API', async () => {
  const got: { labels: AllureLabel[]; links: AllureLink[] } = { labels: [], links: [] };
  await applyAllureLabels(['@RFC3515-2.4.5-a'], { keywordOf }, { labels: async (...l) => void got.labels.push(...l), links: async (...l) => void got.links.push(...l), parameter: async () => undefined });
  assert.deepEqual(got.labels.map((l) => l.value), ['RFC 3515', 'critical']);
  assert.equal(got.links.length, 1);
});

/** Java's full-match semantics, close enough for these patterns (JS and Java agree on them). */
const fullMatch = (re: string, s: string): boolean => new RegExp(`^(?:${re})$`).test(s);

const MESSAGES: Array<[status: string, message: string, category: string]> = [
  ['failed', 'AssertionError: [RFC3515-2.4.5-a] expected Content-Type: message/sipfrag; seen text/plain (at #2 NOTIFY)\n    at World.check', 'Conformance findings (product defects)'],
  ['broken', 'EnvironmentError: cannot bind UDP 127.0.0.1:5060: EADDRINUSE\n    at Socket.<anonymous>', 'Environment: port busy'],
  ['broken', 'EnvironmentError: SUT did not start within 5000 ms\n    at start', 'Environment: SUT did not start or did not answer'],
  ['broken', 'EnvironmentError: disk full\n    at x', 'Environment: other'],
  ['broken', 'Error: function timed out, ensure the promise resolves within 5000 milliseconds', 'Step timed out'],
  ['broken', "TypeError: Cannot read properties of undefined (reading 'via')\n    at parse", 'Framework errors (test defects)'],
  ['skipped', 'UnsupportedAction: the remote adapter cannot perform "refer"', 'Skipped: not supported by the adapter'],
];

test('categories put each failed/broken message in exactly one category (full-match, multi-line)', () => {
  for (const [status, message, expected] of MESSAGES) {
    const hits = CATEGORIES.filter((c) => c.matchedStatuses.includes(status) && fullMatch(c.messageRegex, message)).map((c) => c.name);
    assert.deepEqual(hits, [expected], message);
  }
});

function result(name: string, status: string, message: string, dir: string): void {
  const uuid = randomUUID();
  const attachment = `${randomUUID()}-attachment.pcapng`;
  writeFileSync(join(dir, attachment), Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]));
  const now = Date.now();
  writeFileSync(join(dir, `${uuid}-result.json`), JSON.stringify({
    uuid, historyId: `h-${name}`, testCaseId: `t-${name}`, fullName: `features/x.feature#${name}`, name, status, stage: 'finished',
    statusDetails: status === 'passed' ? {} : { message, trace: message },
    start: now - 50, stop: now, steps: [], parameters: [],
    labels: [{ name: 'epic', value: 'RFC 3515' }, { name: 'feature', value: 'Blind transfer' }, { name: 'severity', value: 'critical' }],
    links: [{ name: 'RFC3515-2.4.5-a', url: 'https://www.rfc-editor.org/rfc/rfc3515#section-2.4.5', type: 'link' }],
    attachments: [{ name: 'trace.pcapng', source: attachment, type: 'application/vnd.tcpdump.pcap' }],
  }));
}

function leafNames(node: { name: string; children?: unknown[] }): string[] {
  return node.children ? node.children.flatMap((c) => leafNames(c as typeof node)) : [node.name];
}

test('generateReport renders a real report: categories, environment, attachments, history, single file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-allure-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const results = join(dir, 'allure-results');
  mkdirSync(results);
  MESSAGES.forEach(([status, message], i) => result(`case ${i}`, status, message, results));
  result('passes', 'passed', '', results);
  writeCategories(results);
  writeEnvironment(results, { SUT: 'Acme PBX 7.1', 'SUT role': 'transferee', Transport: 'UDP', Framework: 'sipwright 0.1.0', Note: 'a=b: c ü' });

  const out = join(dir, 'allure-report');
  const first = await generateReport(results, out);
  assert.ok(existsSync(first.index));
  assert.equal(first.historyCarried, false);
  t.diagnostic(`allure generate: ${first.seconds.toFixed(2)} s`);
  const cats = JSON.parse(readFileSync(join(out, 'data', 'categories.json'), 'utf8')) as { children: { name: string; children?: unknown[] }[] };
  const byCategory = Object.fromEntries(cats.children.map((c) => [c.name, leafNames(c)]));
  for (const [i, [, , category]] of MESSAGES.entries()) assert.deepEqual(byCategory[category], [`case ${i}`], category);
  const env = JSON.parse(readFileSync(join(out, 'widgets', 'environment.json'), 'utf8')) as { name: string; values: string[] }[];
  assert.deepEqual(env.find((e) => e.name === 'SUT role')?.values, ['transferee']);
  assert.deepEqual(env.find((e) => e.name === 'Note')?.values, ['a=b: c ü']);
  assert.equal(readdirSync(join(out, 'data', 'attachments')).length, MESSAGES.length + 1, 'every attachment copied into the report');
  assert.doesNotMatch(readFileSync(first.index, 'utf8'), /googletagmanager|gtag\(/, 'ALLURE_NO_ANALYTICS=true keeps the analytics script out');

  const second = await generateReport(results, out);
  assert.equal(second.historyCarried, true);
  const trend = JSON.parse(readFileSync(join(out, 'history', 'history-trend.json'), 'utf8')) as unknown[];
  assert.equal(trend.length, 2, 'the second report continues the first one\'s trend');

  const single = await generateReport(results, join(dir, 'single'), { singleFile: true, historyFrom: out });
  assert.ok(existsSync(single.index));
  assert.ok(!existsSync(join(dir, 'single', 'data')), 'one self-contained file');
  assert.ok(readFileSync(single.index, 'utf8').length > 100_000);
});
