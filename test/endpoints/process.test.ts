/** The helpers every process-driven adapter uses: free ports, managed children, readiness waits. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { untilEvent } from '../../src/endpoints/deadline';
import { aor, findExecutable, freePort, ManagedProcess, removeDir } from '../../src/endpoints/process';
import { EnvironmentError } from '../../src/sip/transport';

test('freePort: a port both TCP and UDP can bind on loopback', async () => {
  const port = await freePort('127.0.0.1');
  const udp = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(port, '127.0.0.1', resolve); });
  udp.close();
  const tcp = net.createServer();
  await new Promise<void>((resolve, reject) => { tcp.once('error', reject); tcp.listen(port, '127.0.0.1', resolve); });
  tcp.close();
});

test('aor: user@host:port whatever the display name and parameters', () => {
  assert.equal(aor('"bob" <sip:bob@127.0.0.1:5070;transport=udp>;tag=1'), 'bob@127.0.0.1:5070');
  assert.equal(aor('sip:carol@127.0.0.1'), 'carol@127.0.0.1:5060');
});

test('ManagedProcess: lines as events, a clear error when the awaited line never comes', async () => {
  const p = ManagedProcess.spawn(process.execPath, ['-e', 'console.log("hello"); console.error("oops"); setTimeout(() => {}, 100)'], { name: 'demo' });
  assert.equal(await p.waitForLine(/hello/, 3000, 'hello'), 'hello');
  await assert.rejects(p.waitForLine(/never/, 3000, 'the line "never"'),
    (e: unknown) => e instanceof EnvironmentError && /demo did not start: the line "never": it exited \(exit code 0\)/.test(e.message) && /oops/.test(e.message));
  assert.match(p.log(), /hello\noops\n/);
});

test('ManagedProcess.stop: SIGKILL when SIGTERM is ignored; the pid is gone', async () => {
  const p = ManagedProcess.spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => console.log("ignored")); console.log("up"); setInterval(() => {}, 1000)'], { name: 'stubborn' });
  await p.waitForLine(/up/, 3000, 'up');
  const exit = await p.stop(300);
  assert.equal(exit.signal, 'SIGKILL');
  assert.throws(() => process.kill(p.pid!, 0), /ESRCH/);
});

test('findExecutable: a missing program names the Debian package to install', () => {
  assert.throws(() => findExecutable('no-such-ua', 'no-such-package'), /no-such-ua did not start: executable not found on PATH; install the Debian package no-such-package/);
});

test('a SUT outlives no test process: SIGKILL of Node takes baresip with it (PR_SET_PDEATHSIG)', async () => {
  const fixture = path.join(__dirname, 'fixtures', 'orphan-baresip.ts');
  const child = spawn(process.execPath, ['--require', 'ts-node/register', fixture], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } });
  try {
    const line = await untilEvent<string>((deliver) => { child.stdout.on('data', (d: Buffer) => deliver(d.toString())); return () => {}; }, 30_000);
    assert.ok(line, 'the fixture did not report its baresip');
    const { pid, ctrl, dir } = JSON.parse(line) as { pid: number; ctrl: { host: string; port: number }; dir: string };
    // A second ctrl_tcp connection closes when baresip dies: the event we wait for.
    const watch = net.connect(ctrl.port, ctrl.host);
    // A dying baresip may reset the connection rather than close it: both mean it is gone,
    // and 'close' follows 'error', so the reset is expected here, not a failure.
    watch.on('error', () => {});
    await untilEvent((deliver) => { watch.once('connect', () => deliver(true)); return () => {}; }, 3000);
    const closed = untilEvent((deliver) => { watch.once('close', () => deliver(true)); return () => {}; }, 5000);
    child.kill('SIGKILL');
    assert.equal(await closed, true, `baresip ${pid} still serves ctrl_tcp 5 s after its parent was SIGKILLed`);
    // Its temporary directory cannot be removed by a SIGKILLed parent; clean up here.
    if (existsSync(dir)) removeDir(dir);
  } finally {
    child.kill('SIGKILL');
  }
});
