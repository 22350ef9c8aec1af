/**
 * Ctrl-C during `sipwright run`: what finished is still reported. The run is the catalogue plus
 * a copy of its first feature, with a fault that makes scenarios wait for a NOTIFY that never
 * comes; the signal is sent as soon as the first scenario's Allure result is written, long before
 * the last scenario can finish.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { ComplianceReport } from '../../src/evidence/compliance';
import { killGroup, sandbox, startRun, type RunResult, type Sandbox } from './sandbox';

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? featureFiles(join(dir, e.name)) : e.name.endsWith('.feature') ? [join(dir, e.name)] : [])).sort();
}

/** A copy of the sandbox's first feature file, so that the run has a slow scenario after the first one. */
function addSecondFeature(box: Sandbox): void {
  const first = featureFiles(join(box.dir, 'features'))[0];
  assert.ok(first, 'the catalogue has a feature file');
  mkdirSync(join(box.dir, 'features', 'zz-again'), { recursive: true });
  copyFileSync(first, join(box.dir, 'features', 'zz-again', 'again.feature'));
}

/**
 * Resolves when allure-cucumberjs has written its first test result (an fs.watch event, not
 * polling): the last file a finished scenario leaves, after its evidence and its scenario record.
 */
function firstFinished(reports: string, deadlineMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(reports, { recursive: true }, (_event, name) => {
      if (!/allure-results[\\/][^\\/]+-result\.json$/.test(String(name))) return;
      clearTimeout(timer);
      watcher.close();
      resolve();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`no scenario finished within ${deadlineMs} ms (no *-result.json in ${reports}/allure-results)`));
    }, deadlineMs);
  });
}

/** Runs the catalogue plus the copy, failing slowly, and interrupts after the first scenario; `group`: as a terminal's Ctrl-C, else `kill -INT <pid>`. */
async function interruptedRun(box: Sandbox, group: boolean): Promise<RunResult> {
  addSecondFeature(box);
  mkdirSync(box.reports, { recursive: true });
  const finished = firstFinished(box.reports, 60_000);
  const running = startRun(box, ['--fault', 'no-final-notify'], 120_000);
  try {
    await Promise.race([finished, running.done.then((r) => Promise.reject(new Error(`the run ended before any scenario finished:\n${r.stdout}\n${r.stderr}`)))]);
    process.kill(group ? -running.child.pid! : running.child.pid!, 'SIGINT');
    return await running.done;
  } finally {
    killGroup(running.child);
  }
}

function checkReports(box: Sandbox, r: RunResult): void {
  const out = `--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  assert.equal(r.code, 2, `an interrupted run exits with 2 (not every scenario ran)\n${out}`);
  assert.match(r.stderr, /SIGINT: stopping the scenarios/, out);
  const matrix = JSON.parse(readFileSync(join(box.reports, 'compliance.json'), 'utf8')) as ComplianceReport;
  assert.equal(matrix.interrupted, true, 'the matrix says the run was interrupted');
  assert.ok(matrix.scenarios.length >= 1, 'the scenario that finished is in the matrix');
  const total = featureFiles(join(box.dir, 'features')).map((f) => (readFileSync(f, 'utf8').match(/^\s*Scenario( Outline)?:/gm) ?? []).length).reduce((a, b) => a + b, 0);
  assert.ok(matrix.scenarios.length < total, `the run stopped early: ${matrix.scenarios.length} of ${total} scenarios`);
  for (const f of ['compliance.html', 'compliance.md', 'allure-results/categories.json', 'allure-results/environment.properties', 'allure-report/index.html', 'allure-single/index.html']) {
    assert.ok(existsSync(join(box.reports, f)), `${f}\n${out}`);
  }
  // A scenario's record is written in its After hook, its Allure result just after: every result has its record.
  const results = readdirSync(join(box.reports, 'allure-results')).filter((f) => f.endsWith('-result.json'))
    .map((f) => (JSON.parse(readFileSync(join(box.reports, 'allure-results', f), 'utf8')) as { name: string }).name);
  assert.ok(results.length >= 1, 'the Allure result of the finished scenario is kept');
  const recorded = matrix.scenarios.map((s) => s.name);
  assert.deepEqual(results.filter((n) => !recorded.includes(n)), [], 'every Allure result is a scenario of the matrix');
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines.at(-2)!, /^\d+ passed, [1-9]\d* failed, \d+ skipped \(from scenario records, JUnit XML incomplete\)$/, out);
  assert.equal(lines.at(-1), `Allure report: ${join(box.reports, 'allure-report', 'index.html')}`);
}

test('Ctrl-C (SIGINT to the process group, as a terminal sends it) still writes the matrix and the Allure reports', async (t) => {
  const box = sandbox('interrupt-group');
  t.after(() => box.remove());
  checkReports(box, await interruptedRun(box, true));
});

test('SIGINT to sipwright alone is passed on to cucumber; the reports are still written', async (t) => {
  const box = sandbox('interrupt-pid');
  t.after(() => box.remove());
  checkReports(box, await interruptedRun(box, false));
});
