import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULTS } from '../../src/endpoints/reference/faults';

// Every test must be able to fail: each fault mode of the reference SUT must make at least one
// scenario fail, every scenario must be failed by at least one fault mode, and the clean SUT passes.
const ROOT = path.join(__dirname, '..', '..');

interface StepResult { result: { status: string; error_message?: string } }
interface ScenarioResult { name: string; uri: string; steps: StepResult[] }

async function runCatalogue(faults: string[]): Promise<{ failed: Map<string, string>; all: string[] }> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sipwright-check-')), 'results.json');
  await new Promise<void>((resolve) => {
    execFile(path.join(ROOT, 'node_modules', '.bin', 'cucumber-js'), ['--profile', 'check'], {
      cwd: ROOT, env: { ...process.env, SIPWRIGHT_FAULTS: faults.join(','), SIPWRIGHT_CHECK_OUT: out }, timeout: 120_000,
    }, () => resolve());
  });
  assert.ok(fs.existsSync(out), `cucumber wrote no results for faults [${faults}]`);
  const features = JSON.parse(fs.readFileSync(out, 'utf8')) as { uri: string; elements: ScenarioResult[] }[];
  const failed = new Map<string, string>();
  const all: string[] = [];
  for (const f of features) for (const s of f.elements) {
    const id = `${f.uri}: ${s.name}`;
    all.push(id);
    const bad = s.steps.find((st) => st.result.status !== 'passed');
    if (bad) failed.set(id, `${bad.result.status}: ${bad.result.error_message ?? ''}`);
  }
  return { failed, all };
}

test('the clean reference SUT passes every scenario', async () => {
  const { failed, all } = await runCatalogue([]);
  assert.ok(all.length > 0, 'the catalogue has scenarios');
  assert.deepEqual([...failed.entries()], []);
});

test('every fault mode is caught by a scenario, and every scenario catches a fault mode', async () => {
  const caught = new Map<string, string[]>();
  let scenarios: string[] = [];
  const names = Object.keys(FAULTS);
  // Two at a time: each run waits on the network more than it computes.
  for (let i = 0; i < names.length; i += 2) {
    const batch = names.slice(i, i + 2);
    const runs = await Promise.all(batch.map((f) => runCatalogue([f])));
    batch.forEach((fault, k) => {
      scenarios = runs[k].all;
      const failing = [...runs[k].failed.entries()].filter(([, why]) => why.startsWith('failed'));
      assert.ok(failing.length > 0, `fault mode "${fault}" was not caught by any scenario`);
      for (const [s] of failing) caught.set(s, [...(caught.get(s) ?? []), fault]);
    });
  }
  const uncaught = scenarios.filter((s) => !caught.has(s));
  assert.deepEqual(uncaught, [], 'scenarios no fault mode makes fail');
});

test('a transferee that skips the final NOTIFY fails the scenario, saying what was expected and what came', async () => {
  const { failed } = await runCatalogue(['no-final-notify']);
  const why = [...failed.values()].join('\n');
  assert.match(why, /RFC3515-2\.4\.7-b/);
  assert.match(why, /expected a NOTIFY from Bob with sipfrag "SIP\/2\.0 200 OK"/);
  assert.match(why, /seen NOTIFYs with #\d+ "SIP\/2\.0 100 Trying"/);
});
