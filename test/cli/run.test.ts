import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.join(__dirname, '..', '..', 'bin', 'sipwright.js');
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('sipwright run: a usage error exits 2 and says what is wrong', () => {
  const r = run('run', '--role', 'proxy');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown --role "proxy"; one of: transferee, transferor, target/);
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
