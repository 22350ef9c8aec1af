/**
 * The reports as a reviewer sees them: one real `sipwright run --fault no-final-notify` over the
 * scenarios of the requirement it breaks (so a scenario fails), its Allure report and compliance matrix served on 127.0.0.1, opened in headless
 * Debian chromium through playwright-core (never a downloaded browser). Screenshots go to the
 * repository's reports/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ComplianceReport, ScenarioEntry } from '../../src/evidence/compliance';
import { ROOT, run, sandbox, type RunResult, type Sandbox } from './sandbox';
import { serveStatic, type StaticServer } from './static-server';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// research/toolchain.md: without the background-networking flags Chromium reaches out at start.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(ROOT, 'reports', 'screenshots');
const CONFORMANCE = 'Conformance findings (product defects)';
const ATTACHMENTS = ['findings.json', 'ladder.svg', 'sip-trace.txt', 'trace.pcapng'];

let box: Sandbox;
let server: StaticServer;
let browser: Browser;
let result: RunResult;
let matrix: ComplianceReport;
let failed: ScenarioEntry;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM}: install the Debian package with scripts/setup-debian.sh, or set CHROMIUM=/path/to/chromium. This test never downloads a browser.`);
  box = sandbox('browser');
  // Only the scenarios of the requirement this fault breaks (RFC 3515 §2.4.7: the final NOTIFY): a
  // real run of the real catalogue, without every other scenario's 2 s wait for the missing NOTIFY.
  result = await run(box, ['--fault', 'no-final-notify', '--tags', '@RFC3515-2.4.7-b'], 1);
  matrix = JSON.parse(readFileSync(join(box.reports, 'compliance.json'), 'utf8')) as ComplianceReport;
  const f = matrix.scenarios.find((s) => s.status === 'failed' && s.findings.length > 0);
  assert.ok(f, `--fault no-final-notify made no scenario fail with findings: ${matrix.scenarios.map((s) => `${s.name}: ${s.status}`).join('; ')}`);
  failed = f;
  server = await serveStatic(box.reports);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  box?.remove();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page.setDefaultTimeout(30_000); // generous: a loaded CI machine renders the single-file report slowly
  return page;
}

test('the run ends with the report path, after the counts line, and wrote every report', () => {
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.at(-1), `Allure report: ${join(box.reports, 'allure-report', 'index.html')}`);
  assert.match(lines.at(-2)!, /^\d+ passed, [1-9]\d* failed, \d+ skipped$/);
  for (const f of ['compliance.json', 'compliance.html', 'compliance.md', 'allure-report/index.html', 'allure-single/index.html']) {
    assert.ok(existsSync(join(box.reports, f)), f);
  }
});

test('Allure: the failed scenario shows its findings, its ladder diagram and its pcap under Tear down', async (t) => {
  const started = performance.now();
  const page = await newPage();
  try {
    await page.goto(`${server.url}/allure-report/index.html#categories`);
    await openFailedScenario(page);

    const pane = page.locator('.test-result');
    await pane.locator('.test-result__status .label_status_failed').waitFor();
    const message = await pane.locator('.status-details__message').first().innerText();
    for (const f of failed.findings) assert.ok(message.includes(f.requirement ?? f.expected), `status message names ${f.requirement}: ${message}`);

    await pane.locator('.step__title', { hasText: 'Tear down' }).click();
    for (const name of ATTACHMENTS) await pane.locator('.attachment-row', { hasText: name }).waitFor();

    const findings = await openAttachment(page, 'findings.json');
    await findings.locator('.attachment-preview_code').waitFor();
    const json = JSON.parse(await findings.locator('.attachment-preview_code').innerText()) as ScenarioEntry['findings'];
    assert.deepEqual(json.map((f) => f.requirement), failed.findings.map((f) => f.requirement), 'findings.json is the scenario\'s findings');

    const ladder = (await openAttachment(page, 'ladder.svg')).locator('img.attachment-preview__media');
    await ladder.waitFor();
    const svg = await ladder.evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      return { width: img.naturalWidth, text: await (await fetch(img.src)).text() };
    });
    assert.ok(svg.width > 200, `the ladder renders (natural width ${svg.width})`);
    assert.match(svg.text, /data-failing="true"/, 'the ladder marks the failure in red');
    for (const party of ['Alice', 'Bob']) assert.match(svg.text, new RegExp(`data-party="${party}"`), `${party} is a column`);

    const pcap = await openAttachment(page, 'trace.pcapng');
    const [download] = await Promise.all([page.waitForEvent('download'), pcap.getByText('Click to download attachment').click()]);
    const bytes = readFileSync((await download.path())!);
    assert.equal(bytes.readUInt32LE(0), 0x0a0d0d0a, `the pcap attachment downloads as pcapng (${download.suggestedFilename()})`);

    await page.screenshot({ path: join(SHOTS, 'allure-failed-scenario.png'), fullPage: true });
    await ladder.screenshot({ path: join(SHOTS, 'allure-ladder.png') });
  } finally {
    await page.close();
    t.diagnostic(`browser part: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
});

test('Allure: the environment names the SUT and its version, role, adapter, transport and framework', async () => {
  const page = await newPage();
  try {
    await page.goto(`${server.url}/allure-report/index.html#`);
    const widget = page.locator('.widget', { hasText: 'Environment' });
    await widget.locator('.table__row').first().waitFor();
    const more = widget.getByText('Show all');
    if (await more.count()) await more.click();
    const text = await widget.innerText();
    const { sut } = matrix;
    for (const v of [sut.name, sut.version ?? 'not announced', sut.role, sut.adapter, sut.transport, `sipwright ${matrix.frameworkVersion}`]) {
      assert.ok(text.includes(v), `environment shows "${v}":\n${text}`);
    }
    await page.screenshot({ path: join(SHOTS, 'allure-overview.png'), fullPage: true });
  } finally {
    await page.close();
  }
});

test('Allure single file: opens from file:// and files the failed scenario under conformance findings', async () => {
  const page = await newPage();
  try {
    await page.goto(`file://${join(box.reports, 'allure-single', 'index.html')}#categories`);
    await openFailedScenario(page);
    await page.locator('.test-result .test-result__status .label_status_failed').waitFor();
  } finally {
    await page.close();
  }
});

test('compliance matrix: the failed requirement, the scenario with its findings, the SUT and the feature hashes', async () => {
  const page = await newPage();
  try {
    await page.goto(`${server.url}/compliance.html`);
    const section = page.locator('section.scenario[data-status="failed"]', { hasText: failed.name });
    const findings = await section.locator('table.findings').innerText();
    for (const f of failed.findings) assert.ok(findings.includes(f.requirement!) && findings.includes(f.expected), `findings table shows ${f.requirement}:\n${findings}`);
    for (const id of new Set(failed.findings.map((f) => f.requirement!))) {
      assert.match(await page.locator(`table.requirements tr[id="req-${id}"]`).innerText(), /failed/, `${id} is not met`);
    }
    assert.ok((await page.locator('table.meta').innerText()).includes(matrix.sut.name), 'names the SUT');
    const hashes = await page.locator('table.features td.mono').allInnerTexts();
    assert.ok(hashes.some((h) => /^[0-9a-f]{64}$/.test(h.trim())), `SHA-256 of the feature files: ${hashes.join(', ')}`);
    await page.screenshot({ path: join(SHOTS, 'compliance.png'), fullPage: true });
  } finally {
    await page.close();
  }
});

interface Tree { name: string; status?: string; children: Tree[] }

/**
 * Categories tab → "Conformance findings" → the message group holding the failed scenario → the
 * scenario. Allure groups a category by the whole failure message, so the group is looked up in
 * the report's own data (categories.json) and matched on its full text.
 */
async function openFailedScenario(page: Page): Promise<void> {
  const cats = JSON.parse(readFileSync(join(box.reports, 'allure-report', 'data', 'categories.json'), 'utf8')) as Tree;
  const group = cats.children.find((c) => c.name === CONFORMANCE)?.children?.find((g) => g.children?.some((l) => l.name === failed.name));
  assert.ok(group, `the report files "${failed.name}" under "${CONFORMANCE}": ${JSON.stringify(cats.children.map((c) => c.name))}`);
  await page.locator('.node__title', { hasText: CONFORMANCE }).click();
  await page.locator('.node__title', { hasText: group.name.replace(/\s+/g, ' ').trim() }).first().click();
  await page.locator('.node__title', { hasText: failed.name }).first().click();
}

/** Expands an attachment row under Tear down; returns its preview. */
async function openAttachment(page: Page, name: string): Promise<ReturnType<Page['locator']>> {
  const row = page.locator('.test-result .attachment-row', { hasText: name });
  const uid = await row.getAttribute('data-uid');
  await row.click();
  const preview = page.locator(`.attachment__${uid}`);
  await preview.locator('allure-attachment').waitFor();
  return preview;
}
