/**
 * The baresip adapter against a real baresip 1.0.0 over loopback UDP. The binary is required:
 * CI installs it (scripts/setup-debian.sh); a missing one fails here with the package to install.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Agent } from '../../src/endpoints/agent';
import { headerValue, type SipRequest } from '../../src/sip/message';
import { BaresipAdapter } from '../../src/endpoints/baresip';
import { UnsupportedAction } from '../../src/endpoints/adapter';
import { assertNothingLeft, agent, answer, call, cleanup, CTX, isRequest, sutHoldsResumesHangsUp, sutIsReferred, sutRefers, sutRefersAtOnce, WAIT } from './harness';

async function started(): Promise<BaresipAdapter> {
  const sut = new BaresipAdapter();
  await sut.start(CTX);
  return sut;
}

test('baresip starts on free loopback ports, answers OPTIONS and announces itself', async (t) => {
  const sut = await started();
  try {
    t.diagnostic(`ready in ${sut.startupMs} ms at ${sut.uri}; product "${sut.product}"`);
    assert.match(sut.uri, /^sip:bob@127\.0\.0\.1:\d+$/);
    assert.match(sut.product ?? '', /^baresip v1\.0\.0/);
    assert.match(sut.log(), /baresip is ready/);
    assert.equal(sut.can.has('attended-transfer'), false);
    await assert.rejects(sut.act('attended-transfer', {}), UnsupportedAction);
  } finally {
    await sut.stop();
  }
});

test('baresip answers a call from a scripted agent with 200', async () => {
  const agents: Agent[] = [];
  let sut: BaresipAdapter | undefined;
  try {
    sut = await started();
    const alice = await agent('Alice');
    agents.push(alice);
    await call(alice, sut.uri);
    const established = await sut.event((e) => e.type === 'CALL_ESTABLISHED', WAIT);
    assert.ok(established, 'baresip reported no CALL_ESTABLISHED');
  } finally {
    await cleanup(sut, agents);
  }
});

test('baresip as transferor: told to transfer, it sends REFER with Refer-To the target', async (t) => {
  const sut = await started();
  await sutRefers(sut, () => sut.event((e) => e.type === 'CALL_ESTABLISHED', WAIT), (m) => t.diagnostic(m));
  t.diagnostic(`events: ${sut.events.map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`).join(', ')}`);
});

test('baresip as transferee: a REFER gets 202, NOTIFYs, and an INVITE at the target', async (t) => {
  const sut = await started();
  const seen = await sutIsReferred(sut, () => sut.event((e) => e.type === 'CALL_ESTABLISHED', WAIT), (m) => t.diagnostic(m));
  assert.equal(seen.status, 202);
  assert.ok(seen.notifies.length > 0, 'no NOTIFY at Alice');
  t.diagnostic(`events: ${sut.events.map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`).join(', ')}`);
});

test('baresip told to transfer right after its own call was answered waits for the call, then sends REFER', async () => {
  // The callee sees its 200 acknowledged before baresip reports CALL_ESTABLISHED on ctrl_tcp: a
  // step acting at once used to find "no call with" the peer.
  const sut = new BaresipAdapter();
  await sutRefersAtOnce(sut, async (alice) => {
    await sut.act('call', { target: alice.uri });
    const invite = await alice.inbox.claim(isRequest('INVITE'), WAIT);
    assert.ok(invite, 'no INVITE from baresip');
    answer(alice, invite.message as SipRequest);
    assert.ok(await alice.inbox.claim(isRequest('ACK'), WAIT), 'no ACK from baresip');
    return headerValue(invite.message, 'call-id');
  });
});

test('baresip told to act on a call it does not have fails after its deadline, listing its calls', async () => {
  const sut = new BaresipAdapter({ commandTimeoutMs: 300 });
  try {
    await sut.start(CTX);
    await assert.rejects(sut.act('hold', { peer: 'sip:nobody@127.0.0.1:9' }), /baresip has no established call with sip:nobody@127\.0\.0\.1:9 after 300 ms; its call events: none/);
  } finally {
    await sut.stop();
  }
});

test('baresip holds, resumes and hangs up its call when told to', async (t) => {
  const sut = await started();
  await sutHoldsResumesHangsUp(sut, () => sut.event((e) => e.type === 'CALL_ESTABLISHED', WAIT), (m) => t.diagnostic(m));
});

test('baresip stop leaves no process and no temporary directory', async () => {
  const sut = await started();
  const { pid, tempDir } = sut;
  assert.ok(pid && tempDir);
  process.kill(pid, 0); // alive now
  await sut.stop();
  assertNothingLeft(pid, tempDir);
});

test('a missing baresip binary fails start with the package to install', async () => {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(new BaresipAdapter().start(CTX), /baresip did not start: executable not found on PATH; install the Debian package baresip-core/);
  } finally {
    process.env.PATH = saved;
  }
});
