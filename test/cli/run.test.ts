import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { roleTagExpression } from '../../src/cli/run';

const BIN = path.join(__dirname, '..', '..', 'bin', 'sipwright.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('sipwright run: a usage error exits 2 and says what is wrong', () => {
  const r = run('run', '--role', 'proxy');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown --role "proxy"; one or more of: transferee, transferor, target, or all/);
});

test('sipwright run --fault with an unknown name exits 2 and points at --list-faults', () => {
  const r = run('run', '--fault', 'no-such-fault');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown --fault no-such-fault; see sipwright run --list-faults/);
});

test('sipwright run --list-faults names every fault mode with its role and requirement', () => {
  const r = run('run', '--list-faults');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^no-final-notify +as transferee .*\[RFC3515-2\.4\.7-b\]$/m);
});

test('an unknown sipwright command exits 2 and lists the commands', () => {
  const r = run('frobnicate');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  assert.match(r.stderr, /commands: .*run/);
});

test('roleTagExpression keeps untagged scenarios and those of the role, drops the other roles\' ones', () => {
  assert.equal(roleTagExpression('transferor'), 'not (@role:transferee or @role:target) or @role:transferor');
});

test('sipwright run --role with two roles runs the catalogue once per role, only the scenarios of each, into one report', () => {
  const reports = path.join(__dirname, '..', '..', 'reports');
  // one @role:transferee and one @role:transferor scenario: each role runs exactly its own, nothing is skipped
  const r = run('run', '--role', 'transferee,transferor', '--no-report', 'features/rfc7647/refer-outside-dialog.feature');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /== the SUT \(reference\) as transferee ==[\s\S]*1 scenario \(1 passed\)[\s\S]*== the SUT \(reference\) as transferor ==[\s\S]*1 scenario \(1 passed\)/);
  assert.deepEqual(fs.readdirSync(path.join(reports, 'junit')).sort(), ['features-transferee.xml', 'features-transferor.xml']);
  const records = fs.readFileSync(path.join(reports, 'evidence', 'scenarios.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { sut: { role: string }; status: string });
  assert.deepEqual(records.map((x) => `${x.sut.role}:${x.status}`), ['transferee:passed', 'transferor:passed']);
});

test('sipwright run: remote-only flags are checked before anything runs', () => {
  const tcp = run('run', '--sut', 'baresip', '--transport', 'tcp');
  assert.equal(tcp.status, 2);
  assert.match(tcp.stderr, /--transport tcp: the baresip adapter listens on UDP only; other transports are for --sut remote and reference/);
  const half = run('run', '--sut', 'remote', '--uri', 'sip:bob@127.0.0.1', '--tls-cert', 'c.pem');
  assert.equal(half.status, 2);
  assert.match(half.stderr, /--tls-cert and --tls-key go together/);
  const ports = run('run', '--ports', '50x');
  assert.equal(ports.status, 2);
  assert.match(ports.stderr, /--ports must be PORT or FIRST-LAST, not "50x"/);
});
