import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

test('a process that ran transfers over every transport and stopped its UAs exits on its own', { timeout: 150000 }, async () => {
  const child = spawn(process.execPath, ['--require', 'ts-node/register', join(__dirname, 'support', 'exit-child.ts')], {
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))),
    new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), 120000); /* ts-node start-up alone can take 10 s on a busy machine */ }),
  ]).finally(() => clearTimeout(timer));
  if (exit === 'hung') child.kill('SIGKILL');
  assert.equal(exit, 0, `child output:\n${out}`);
  assert.match(out, /transfers done/);
});
