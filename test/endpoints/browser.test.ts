/**
 * The browser adapters (JsSIP and SIP.js page apps in headless Debian chromium behind the
 * UDP<->WebSocket relay) against scripted agents over loopback UDP. Chromium is required: CI
 * installs it (scripts/setup-debian.sh); a missing one fails here, and no browser is ever downloaded.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Agent } from '../../src/endpoints/agent';
import { BrowserAdapter, CHROMIUM, processesUsing, running } from '../../src/endpoints/browser/browser-adapter';
import type { PageApp } from '../../src/endpoints/browser/bundle';
import { createAdapter } from '../../src/endpoints/registry';
import { EnvironmentError } from '../../src/sip/transport';
import { agent, call, cleanup, CTX, sutIsReferred, sutRefers, WAIT } from './harness';

const EXECUTABLE = process.env.CHROMIUM ?? CHROMIUM;
/** Chromium's start on a loaded 2-core machine takes 2 to 15 s. */
const TEST_TIMEOUT = 90_000;
const ESTABLISHED = (peer: string): RegExp => new RegExp(`${peer}\\S* (confirmed|established)`);

before(() => {
  assert.ok(existsSync(EXECUTABLE), `chromium not found at ${EXECUTABLE}: install the Debian package chromium (scripts/setup-debian.sh) or set CHROMIUM=/path/to/chromium. This test never downloads a browser.`);
});

async function started(app: PageApp): Promise<BrowserAdapter> {
  const sut = new BrowserAdapter(app);
  await sut.start(CTX);
  return sut;
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

    test(`${app}: stop leaves no chromium process and no profile directory`, { timeout: TEST_TIMEOUT }, async () => {
      const sut = await started(app);
      const pids = sut.browserPids();
      const dir = sut.tempDir;
      assert.ok(pids.length > 0 && dir, 'no chromium process found for the profile');
      await sut.stop();
      const left = pids.filter(running);
      assert.deepEqual(left, [], `chromium processes still alive after stop(): ${left.join(', ')}`);
      assert.equal(existsSync(dir), false, `${dir} still exists after stop()`);
    });
  });
}

test('stop() while chromium is still starting: start rejects, and no chromium is left', { timeout: TEST_TIMEOUT }, async () => {
  const sut = new BrowserAdapter('jssip');
  const starting = sut.start(CTX);
  const stopping = sut.stop();
  await assert.rejects(starting, /stopped while it was starting/);
  await stopping;
  assert.deepEqual(processesUsing('sipwright-jssip-chromium-'), [], 'a chromium of a stopped adapter is still running');
  assert.equal(sut.tempDir, undefined);
});

test('a missing chromium fails start with what to install, and leaves nothing behind', async () => {
  const sut = new BrowserAdapter('jssip', { executable: '/nonexistent/chromium' });
  await assert.rejects(sut.start(CTX), (err: Error) => err instanceof EnvironmentError && /chromium not found at \/nonexistent\/chromium; install the Debian package chromium/.test(err.message));
  assert.equal(sut.tempDir, undefined);
});
