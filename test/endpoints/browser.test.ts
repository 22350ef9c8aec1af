/**
 * The browser adapters (JsSIP and SIP.js page apps in headless Debian chromium behind the
 * UDP<->WebSocket relay) against scripted agents over loopback UDP. Chromium is required: CI
 * installs it (scripts/setup-debian.sh); a missing one fails here, and no browser is ever downloaded.
 * One chromium serves every adapter of the process (chromium.ts); each adapter has its own context.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Agent } from '../../src/endpoints/agent';
import { BrowserAdapter, CHROMIUM } from '../../src/endpoints/browser/browser-adapter';
import type { PageApp } from '../../src/endpoints/browser/bundle';
import { chromiumPids, chromiumProfiles, closeChromium, openContexts, processesUsing, running } from '../../src/endpoints/browser/chromium';
import { createAdapter, releaseShared } from '../../src/endpoints/registry';
import { EnvironmentError } from '../../src/sip/transport';
import { agent, call, cleanup, CTX, sutIsReferred, sutRefers, WAIT } from './harness';

const EXECUTABLE = process.env.CHROMIUM ?? CHROMIUM;
/** Chromium's start on a loaded 2-core machine takes 2 to 15 s. */
const TEST_TIMEOUT = 90_000;
const ESTABLISHED = (peer: string): RegExp => new RegExp(`${peer}\\S* (confirmed|established)`);

before(() => {
  assert.ok(existsSync(EXECUTABLE), `chromium not found at ${EXECUTABLE}: install the Debian package chromium (scripts/setup-debian.sh) or set CHROMIUM=/path/to/chromium. This test never downloads a browser.`);
});

after(() => closeChromium());

async function started(app: PageApp): Promise<BrowserAdapter> {
  const sut = new BrowserAdapter(app);
  await sut.start(CTX);
  return sut;
}

/** Closes the shared chromium and checks that none of its processes and no profile is left. */
async function closedLeavingNothing(): Promise<void> {
  const pids = chromiumPids();
  const profiles = chromiumProfiles();
  assert.ok(pids.length > 0 && profiles.length > 0, 'no shared chromium was running');
  await releaseShared();
  const left = pids.filter(running);
  assert.deepEqual(left, [], `chromium processes still alive after releaseShared(): ${left.join(', ')}`);
  for (const p of profiles) assert.equal(existsSync(p), false, `${p} still exists after releaseShared()`);
  assert.deepEqual(chromiumPids(), []);
}

for (const app of ['jssip', 'sipjs'] as const) {
  describe(`${app} in chromium`, { timeout: TEST_TIMEOUT * 6 }, () => {
    test(`${app}: starts behind the relay, registers, answers OPTIONS; the registry knows it`, { timeout: TEST_TIMEOUT }, async (t) => {
      const sut = createAdapter(app, { faults: [] }) as BrowserAdapter;
      assert.ok(sut instanceof BrowserAdapter);
      try {
        await sut.start(CTX);
        t.diagnostic(`ready in ${sut.startupMs} ms at ${sut.uri}; product "${sut.product}"`);
        assert.match(sut.uri, /^sip:bob@127\.0\.0\.1:\d+$/);
        assert.match(sut.product ?? '', app === 'jssip' ? /^JsSIP 3\.13/ : /^SIP\.js\/0\.21/);
        assert.match(sut.log(), /registrar: sip:\S+;transport=ws on ws/);
        assert.match(sut.log(), /\[ws in\].*\n(REGISTER|OPTIONS|SIP\/2\.0)/);
        for (const a of ['answer', 'call', 'refer', 'attended-transfer', 'hold', 'resume', 'hangup'] as const) assert.ok(sut.can.has(a), a);
      } finally {
        await sut.stop();
      }
    });

    test(`${app}: a scripted agent calls the browser UA and gets 200`, { timeout: TEST_TIMEOUT }, async (t) => {
      const agents: Agent[] = [];
      let sut: BrowserAdapter | undefined;
      try {
        sut = await started(app);
        const alice = await agent('Alice');
        agents.push(alice);
        await call(alice, sut.uri);
        await sut.waitForCall(ESTABLISHED('alice'), WAIT);
        t.diagnostic(`calls in the page: ${(await sut.calls()).join('; ')}`);
      } finally {
        await cleanup(sut, agents);
      }
    });

    test(`${app} as transferee: accepts a REFER and the target receives its INVITE`, { timeout: TEST_TIMEOUT }, async (t) => {
      const sut = await started(app);
      const seen = await sutIsReferred(sut, () => sut.waitForCall(ESTABLISHED('alice'), WAIT), (m) => t.diagnostic(m));
      assert.ok(seen.status >= 200 && seen.status < 300, `REFER answered ${seen.status}`);
      assert.ok(seen.notifies.length > 0, 'no NOTIFY at Alice');
      t.diagnostic(`NOTIFY count ${seen.notifies.length}; last Subscription-State ${seen.notifies.at(-1)?.headers.find((h) => h.name === 'subscription-state')?.value}`);
    });

    test(`${app} as transferor: told to transfer, it sends REFER with Refer-To the target`, { timeout: TEST_TIMEOUT }, async (t) => {
      const sut = await started(app);
      await sutRefers(sut, () => sut.waitForCall(ESTABLISHED('alice'), WAIT), (m) => t.diagnostic(m));
    });
  });
}

test('one chromium serves consecutive adapters, each in a fresh context with no call of the one before', { timeout: TEST_TIMEOUT }, async () => {
  const agents: Agent[] = [];
  const first = await started('jssip');
  const pids = chromiumPids();
  try {
    const alice = await agent('Alice');
    agents.push(alice);
    await call(alice, first.uri);
    await first.waitForCall(ESTABLISHED('alice'), WAIT);
    assert.equal(await openContexts(), 1);
  } finally {
    await cleanup(first, agents);
  }
  assert.equal(await openContexts(), 0, 'stop() left its browser context open');
  const second = await started('sipjs');
  try {
    assert.deepEqual(chromiumPids().filter((p) => pids.includes(p)).length > 0, true, 'a new chromium was launched for the second adapter');
    assert.notEqual(second.address.port, first.address.port, 'the second adapter reused the first one\'s relay');
    assert.deepEqual(await second.calls(), [], 'the second page sees a call of the first');
  } finally {
    await second.stop();
  }
  await closedLeavingNothing();
});

test('a crashed page: its action fails saying so, and the next adapter gets a working page', { timeout: TEST_TIMEOUT }, async () => {
  const crashed = await started('jssip');
  try {
    const page = crashed.currentPage!;
    const gone = new Promise<void>((resolve) => page.once('crash', () => resolve()));
    await page.goto('chrome://crash').catch(() => undefined);
    await gone;
    await assert.rejects(crashed.act('hangup', { peer: 'sip:alice@127.0.0.1:5060' }), /jssip page app could not hangup sip:alice@127\.0\.0\.1:5060: its page crashed/);
    assert.match(crashed.log(), /the page crashed/);
  } finally {
    await crashed.stop();
  }
  const next = await started('jssip');
  const agents: Agent[] = [];
  try {
    const alice = await agent('Alice');
    agents.push(alice);
    await call(alice, next.uri);
    await next.waitForCall(ESTABLISHED('alice'), WAIT);
  } finally {
    await cleanup(next, agents);
  }
});

test('a chromium that died is launched again by the next adapter; releaseShared() leaves nothing', { timeout: TEST_TIMEOUT }, async () => {
  const one = await started('sipjs');
  await one.stop();
  const dead = chromiumPids();
  for (const pid of dead) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
  const two = await started('sipjs');
  try {
    assert.equal(chromiumPids().some((p) => dead.includes(p)), false, 'the dead chromium is still in use');
    assert.ok(chromiumPids().length > 0);
  } finally {
    await two.stop();
  }
  await closedLeavingNothing();
});

test('stop() while chromium is still starting: start rejects, and closing the run leaves no chromium', { timeout: TEST_TIMEOUT }, async () => {
  await closeChromium();
  const sut = new BrowserAdapter('jssip');
  const starting = sut.start(CTX);
  const stopping = sut.stop();
  await assert.rejects(starting, /stopped while it was starting/);
  await stopping;
  assert.equal(await openContexts(), 0, 'the stopped adapter left its browser context open');
  const profiles = chromiumProfiles();
  await releaseShared();
  for (const p of profiles) assert.deepEqual(processesUsing(p), [], `a chromium of ${p} is still running`);
  assert.ok(profiles.length > 0, 'no chromium was launched');
});

test('a missing chromium fails start with what to install, and leaves nothing behind', async () => {
  const sut = new BrowserAdapter('jssip', { executable: '/nonexistent/chromium' });
  await assert.rejects(sut.start(CTX), (err: Error) => err instanceof EnvironmentError && /chromium not found at \/nonexistent\/chromium; install the Debian package chromium/.test(err.message));
  assert.deepEqual(chromiumProfiles(), []);
});
