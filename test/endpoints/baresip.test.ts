/**
 * The baresip adapter against a real baresip 1.0.0 over loopback UDP. The binary is required:
 * CI installs it (scripts/setup-debian.sh); a missing one fails here with the package to install.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Agent } from '../../src/endpoints/agent';
import { BaresipAdapter } from '../../src/endpoints/baresip';
import { UnsupportedAction } from '../../src/endpoints/adapter';
import { headerValue } from '../../src/sip/message';
import { answer, assertNothingLeft, agent, call, cleanup, CTX, dialogOf, isRequest, notifySummary, WAIT, wire } from './harness';

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
  const agents: Agent[] = [];
  let sut: BaresipAdapter | undefined;
  try {
    sut = await started();
    const [alice, carol] = [await agent('Alice'), await agent('Carol')];
    agents.push(alice, carol);
    const invite = await call(alice, sut.uri);
    await sut.event((e) => e.type === 'CALL_ESTABLISHED', WAIT);
    await sut.act('refer', { target: carol.uri, peer: alice.uri });
    const got = await alice.inbox.claim(isRequest('REFER', headerValue(invite, 'call-id')), WAIT);
    assert.ok(got, `no REFER at Alice within ${WAIT} ms`);
    const refer = got.message as import('../../src/sip/message').SipRequest;
    t.diagnostic(`REFER as sent by baresip:\n${wire(refer)}`);
    assert.equal(headerValue(refer, 'refer-to')?.replace(/^<|>$/g, ''), carol.uri);
    // Accept it and report success, as a transferee would: how baresip ends the call is a fact to record.
    const incoming = alice.incomingFor(refer)!;
    alice.respond(incoming, 202);
    const dialog = dialogOf(alice, invite);
    const frag = (line: string, state: string) => alice.ua.newInDialog(dialog, 'NOTIFY', {
      headers: [{ name: 'event', value: 'refer' }, { name: 'subscription-state', value: state }, { name: 'content-type', value: 'message/sipfrag;version=2.0' }],
      body: Buffer.from(`${line}\r\n`),
    });
    alice.send(frag('SIP/2.0 100 Trying', 'active;expires=60'));
    alice.send(frag('SIP/2.0 200 OK', 'terminated;reason=noresource'));
    const bye = await alice.inbox.claim(isRequest('BYE', headerValue(invite, 'call-id')), WAIT);
    const responses = alice.inbox.items.filter((r) => r.message.type === 'response' && headerValue(r.message, 'cseq')?.endsWith('NOTIFY'));
    t.diagnostic(`responses to our NOTIFYs: ${responses.map((r) => (r.message.type === 'response' ? r.message.status : '')).join(', ')}; BYE after final NOTIFY: ${bye ? 'yes' : 'no'}`);
    t.diagnostic(`events: ${sut.events.map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`).join(', ')}`);
  } finally {
    await cleanup(sut, agents);
  }
});

test('baresip as transferee: a REFER gets 202, NOTIFYs, and an INVITE at the target', async (t) => {
  const agents: Agent[] = [];
  let sut: BaresipAdapter | undefined;
  try {
    sut = await started();
    const [alice, carol] = [await agent('Alice'), await agent('Carol')];
    agents.push(alice, carol);
    const invite = await call(alice, sut.uri);
    await sut.event((e) => e.type === 'CALL_ESTABLISHED', WAIT);
    const callId = headerValue(invite, 'call-id');
    const refer = alice.ua.newInDialog(dialogOf(alice, invite), 'REFER', {
      headers: [{ name: 'refer-to', value: `<${carol.uri}>` }, { name: 'referred-by', value: `<${alice.uri}>` }],
    });
    alice.send(refer);
    const response = await alice.inbox.claim((m) => m.type === 'response' && headerValue(m, 'cseq') === headerValue(refer, 'cseq') && m.status >= 200, WAIT);
    assert.ok(response, 'no final response to the REFER');
    t.diagnostic(`response to REFER:\n${wire(response.message)}`);
    assert.equal(response.message.type === 'response' && response.message.status, 202);
    const toCarol = await carol.inbox.claim(isRequest('INVITE'), WAIT);
    assert.ok(toCarol, 'no INVITE at Carol');
    t.diagnostic(`INVITE at the target:\n${wire(toCarol.message)}`);
    answer(carol, toCarol.message as import('../../src/sip/message').SipRequest);
    const notifies = [];
    for (;;) {
      const n = await alice.inbox.claim(isRequest('NOTIFY', callId), WAIT);
      if (!n) break;
      notifies.push(n.message as import('../../src/sip/message').SipRequest);
      if (/terminated/.test(headerValue(n.message, 'subscription-state') ?? '')) break;
    }
    t.diagnostic(`NOTIFYs at Alice:\n${notifies.map(notifySummary).join('\n')}`);
    if (notifies[0]) t.diagnostic(`first NOTIFY:\n${wire(notifies[0])}`);
    assert.ok(notifies.length > 0, 'no NOTIFY at Alice');
    const bye = await alice.inbox.arrives(isRequest('BYE', callId), 1000);
    t.diagnostic(`baresip ${bye ? 'sent' : 'did not send'} BYE to Alice after the transfer`);
  } finally {
    await cleanup(sut, agents);
  }
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
