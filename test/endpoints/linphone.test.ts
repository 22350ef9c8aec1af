/**
 * The linphone adapter against a real linphone-daemon 5.1 over loopback UDP. The binary is
 * required: CI installs it (scripts/setup-debian.sh); a missing one fails here with the package.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Agent } from '../../src/endpoints/agent';
import { LinphoneAdapter, parseReply } from '../../src/endpoints/linphone';
import { headerValue, type SipRequest } from '../../src/sip/message';
import { answer, assertNothingLeft, agent, call, cleanup, CTX, isRequest, sutHoldsResumesHangsUp, sutIsReferred, sutRefers, sutRefersAtOnce, WAIT, wire } from './harness';

async function started(): Promise<LinphoneAdapter> {
  const sut = new LinphoneAdapter();
  await sut.start(CTX);
  return sut;
}

/** The daemon saw the call from `peer` (its event queue drained into `events`). */
function callFrom(sut: LinphoneAdapter, peer: string): () => Promise<string> {
  return () => sut.callWith(peer);
}

test('daemon replies parse into status, reason and fields', () => {
  assert.deepEqual(parseReply('Status: Ok\n\nId: 2\n'), { ok: true, reason: undefined, fields: { Id: '2' }, text: 'Status: Ok\n\nId: 2\n' });
  assert.equal(parseReply('Status: Error\nReason: No current call available.\n')?.reason, 'No current call available.');
  assert.equal(parseReply('Status: O'), undefined);
});

test('linphone-daemon starts on a free loopback port, answers OPTIONS and announces itself', async (t) => {
  const sut = await started();
  try {
    t.diagnostic(`ready in ${sut.startupMs} ms at ${sut.uri}; product "${sut.product}"`);
    assert.match(sut.uri, /^sip:bob@127\.0\.0\.1:\d+$/);
    assert.match(sut.product ?? '', /5\.1/);
    assert.ok(sut.can.has('attended-transfer'));
  } finally {
    await sut.stop();
  }
});

test('linphone answers a call from a scripted agent with 200', async () => {
  const agents: Agent[] = [];
  let sut: LinphoneAdapter | undefined;
  try {
    sut = await started();
    const alice = await agent('Alice');
    agents.push(alice);
    await call(alice, sut.uri);
    assert.match(await sut.callWith(alice.uri), /^\d+$/);
  } finally {
    await cleanup(sut, agents);
  }
});

test('linphone as transferor (blind): told to transfer, it sends REFER with Refer-To the target', async (t) => {
  const sut = await started();
  await sutRefers(sut, () => sut.callWith(undefined), (m) => t.diagnostic(m));
});

test('linphone as transferee: a REFER gets 202, NOTIFYs, and an INVITE at the target', async (t) => {
  const sut = await started();
  const seen = await sutIsReferred(sut, () => sut.callWith(undefined), (m) => t.diagnostic(m));
  t.diagnostic(`final response to REFER: ${seen.status}; ${seen.notifies.length} NOTIFY(s)`);
  assert.ok(seen.status >= 200 && seen.status < 300);
});

test('linphone as transferor (attended): REFER to Alice with Refer-To Carol?Replaces=<its call with Carol>', async (t) => {
  const agents: Agent[] = [];
  let sut: LinphoneAdapter | undefined;
  try {
    sut = await started();
    const [alice, carol] = [await agent('Alice'), await agent('Carol')];
    agents.push(alice, carol);
    const withAlice = await call(alice, sut.uri);
    await callFrom(sut, alice.uri)();
    // linphone places the second call (the consultation call) to Carol itself; Carol answers.
    await sut.act('call', { target: carol.uri });
    const consult = await carol.inbox.claim(isRequest('INVITE'), WAIT);
    assert.ok(consult, 'no INVITE at Carol after "call"');
    answer(carol, consult.message as SipRequest);
    await carol.inbox.claim(isRequest('ACK'), WAIT);
    await sut.act('attended-transfer', { peer: alice.uri, target: carol.uri, replacing: carol.uri });
    const got = await alice.inbox.claim(isRequest('REFER', headerValue(withAlice, 'call-id')), WAIT);
    assert.ok(got, 'no REFER at Alice');
    const referTo = headerValue(got.message, 'refer-to') ?? '';
    t.diagnostic(`attended REFER as sent by linphone:\n${wire(got.message)}`);
    assert.match(referTo, /Replaces=/i);
    assert.ok(referTo.includes(encodeURIComponent(headerValue(consult.message, 'call-id')!).slice(0, 8)) || referTo.includes(headerValue(consult.message, 'call-id')!.slice(0, 8)), 'Replaces does not name the call with Carol');
  } finally {
    await cleanup(sut, agents);
  }
});

test('linphone told to transfer right after it put the call on hold waits until the hold settles, then sends REFER', async () => {
  // Our agent answers the hold's re-INVITE at once; linphone is still "Pausing" when the next
  // command comes, and a call-transfer then was taken ("Ok") but never sent.
  const sut = new LinphoneAdapter();
  await sutRefersAtOnce(sut, async (alice) => {
    const invite = await call(alice, sut.uri);
    await sut.act('hold', { peer: alice.uri });
    return headerValue(invite, 'call-id');
  });
});

test('linphone holds, resumes and hangs up its call when told to', async (t) => {
  const sut = await started();
  await sutHoldsResumesHangsUp(sut, () => sut.callWith(undefined), (m) => t.diagnostic(m));
});

test('linphone stop leaves no process, no pipe and no temporary directory', async () => {
  const sut = await started();
  const { pid, tempDir } = sut;
  assert.ok(pid && tempDir);
  process.kill(pid, 0);
  await sut.stop();
  assertNothingLeft(pid, tempDir);
  assert.match(sut.log(), /Server unix socket created/);
});

test('a missing linphone-daemon binary fails start with the package to install', async () => {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(new LinphoneAdapter().start(CTX), /linphone-daemon did not start: executable not found on PATH; install the Debian package linphone-cli/);
  } finally {
    process.env.PATH = saved;
  }
});
