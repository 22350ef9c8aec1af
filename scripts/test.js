#!/usr/bin/env node
'use strict';
// `npm test`: unit tests (node:test), the step-definition dry run, and the feature catalogue
// against the embedded reference SUT. Ends with one line `N passed, N failed` (JUnit counts).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// Its own folder: a `sipwright run` inside a test clears reports/junit, never this.
const junitDir = path.join(root, 'reports', 'test-junit');
fs.rmSync(junitDir, { recursive: true, force: true });
fs.mkdirSync(junitDir, { recursive: true });

function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.ts') ? [path.relative(root, p)] : [];
  }).sort();
}

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n== ${label} ==\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

// `--unit`: unit tests only; file arguments: just those files.
const unitOnly = process.argv.includes('--unit');
const only = process.argv.slice(2).filter((a) => a !== '--unit');
const files = only.length ? only : testFiles(path.join(root, 'test'));
const ok = [];
ok.push(run('unit tests', process.execPath, [
  '--require', path.join(root, 'scripts', 'register.js'), '--test', '--test-concurrency=2',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=junit', `--test-reporter-destination=${path.join(junitDir, 'unit.xml')}`,
  ...files,
]));
if (!only.length && !unitOnly) {
  ok.push(run('typecheck', process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', 'tsconfig.json']));
  const cucumber = path.join(root, 'node_modules', '.bin', 'cucumber-js');
  ok.push(run('step definitions (dry run)', cucumber, ['--profile', 'dryrun']));
  ok.push(run('feature catalogue against the reference SUT', cucumber, ['--format', `junit:${path.join(junitDir, 'features.xml')}`]));
}

require('./register.js');
const { summarizeJUnit } = require('../src/evidence/junit-summary');
const xml = fs.readdirSync(junitDir).filter((f) => f.endsWith('.xml')).map((f) => fs.readFileSync(path.join(junitDir, f), 'utf8'));
const { passed, failed } = summarizeJUnit(xml);
const broken = ok.filter((x) => !x).length && failed === 0 ? 1 : 0; // a run that failed without a failing test case
process.stdout.write(`\n${passed} passed, ${failed + broken} failed\n`);
process.exitCode = ok.every(Boolean) && failed === 0 ? 0 : 1;
