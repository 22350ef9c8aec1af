/**
 * Shared steps of the real-SUT adapter tests: scripted agents on loopback UDP that call the SUT,
 * refer it, or receive its transfer, and a record of what each message looked like.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Agent } from '../../src/endpoints/agent';
import type { EndpointAdapter } from '../../src/endpoints/adapter';
import { headerValue, serializeMessage, type SipMessage, type SipRequest } from '../../src/sip/message';
import { audioSdp, sdpDirection } from '../../src/sip/useragent';

export const TIMERS = { T1: 100, T2: 400, T4: 500 };
export const CTX = { user: 'bob', host: '127.0.0.1', timers: TIMERS };
export const WAIT = 5000;

const reInvitesAnswered = new WeakMap<Agent, () => void>();
/** The re-INVITEs each agent answered, with the SDP direction offered (a hold shows as sendonly). */
export const reInvites = new WeakMap<Agent, string[]>();

/**
 * A scripted party on loopback. Agents answer every re-INVITE in an existing dialog with 200 and a
 * mirrored SDP (linphone holds the call with Alice before it transfers or places a second call);
 * the harness records the direction each one offered.
 */
export async function agent(name: string): Promise<Agent> {
  const a = await Agent.create(name, { host: '127.0.0.1', timers: TIMERS, trace: () => -1 });
  let on = true;
  const reInvite = (m: SipMessage): boolean => m.type === 'request' && m.method === 'INVITE' && /;\s*tag=/.test(headerValue(m, 'to') ?? '');
  // The agent answers re-INVITEs itself (mirroring the offer); the harness records what was offered.
  void (async () => {
    while (on) {
      const got = await a.inbox.claim(reInvite, 200);
      if (!got || !on) continue;
      const offer = got.message.body;
      reInvites.get(a)?.push(offer.length ? sdpDirection(offer) : 'no SDP');
    }
  })();
  reInvitesAnswered.set(a, () => { on = false; });
  reInvites.set(a, []);
  return a;
}

export function isRequest(method: string, callId?: string) {
  return (m: SipMessage): m is SipRequest => m.type === 'request' && m.method === method && (!callId || headerValue(m, 'call-id') === callId);
}

/** `caller` INVITEs `uri` and must get a 2xx (the SUT answers by itself); returns the INVITE. */
export async function call(caller: Agent, uri: string): Promise<SipRequest> {
  const invite = caller.ua.newRequest('INVITE', uri, {
    headers: [{ name: 'content-type', value: 'application/sdp' }],
    body: audioSdp(caller.address.host, 4000, 1),
  });
  caller.send(invite);
  const callId = headerValue(invite, 'call-id');
  const got = await caller.inbox.claim((m) => m.type === 'response' && m.status >= 200 && headerValue(m, 'call-id') === callId, WAIT);
  assert.ok(got, `no final response to the INVITE to ${uri} within ${WAIT} ms`);
  assert.equal(got.message.type === 'response' && got.message.status, 200, `the SUT answered ${got.message.type === 'response' ? got.message.status : '?'}`);
  return invite;
}

/** A scripted party answers an INVITE it received: 180 then 200 with SDP. */
export function answer(callee: Agent, invite: SipRequest): void {
  const incoming = callee.incomingFor(invite);
  assert.ok(incoming, 'the INVITE is not pending at the callee');
  callee.respond(incoming, 180);
  callee.respond(incoming, 200, { headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp(callee.address.host, 4004, 1) });
}

/** The agent's dialog for the call created by `invite`. */
export function dialogOf(a: Agent, invite: SipRequest) {
  const callId = headerValue(invite, 'call-id');
  const dialog = [...a.ua.dialogs.values()].find((d) => d.id.callId === callId);
  assert.ok(dialog, `no dialog for Call-ID ${callId}`);
  return dialog;
}

/** The message as it went over the wire, for the record (test diagnostics and docs/suts.md). */
export function wire(m: SipMessage): string {
  return serializeMessage(m).toString('utf8').trimEnd();
}

/** Each message's first line, sipfrag and Subscription-State: a compact record of a NOTIFY sequence. */
export function notifySummary(m: SipRequest): string {
  return `NOTIFY Event: ${headerValue(m, 'event')} | Subscription-State: ${headerValue(m, 'subscription-state')} | Content-Type: ${headerValue(m, 'content-type')} | body: ${JSON.stringify(m.body.toString('utf8'))}`;
}

/** After stop(): the pid is gone and the temporary directory removed. */
export function assertNothingLeft(pid: number | undefined, dir: string | undefined): void {
  assert.ok(pid, 'the adapter never had a process');
  assert.throws(() => process.kill(pid, 0), /ESRCH/, `process ${pid} still exists after stop()`);
  assert.ok(dir, 'the adapter never had a temporary directory');
  assert.equal(existsSync(dir), false, `${dir} still exists after stop()`);
}

/**
 * Stops the SUT, then closes the agents, whatever happened in the test: the agents still answer the
 * BYEs a SUT sends as it quits, so it exits at once instead of waiting for its BYE transactions.
 */
export async function cleanup(sut: EndpointAdapter | undefined, agents: Agent[]): Promise<void> {
  await Promise.allSettled([sut?.stop()]);
  for (const a of agents) reInvitesAnswered.get(a)?.();
  await Promise.allSettled(agents.map((a) => a.close()));
}

type Diag = (message: string) => void;

/** Alice calls the SUT; `settle` waits until the SUT sees the call established. */
async function inCall(sut: EndpointAdapter, agents: Agent[], settle: () => Promise<unknown>): Promise<{ alice: Agent; carol: Agent; invite: SipRequest }> {
  const [alice, carol] = [await agent('Alice'), await agent('Carol')];
  agents.push(alice, carol);
  const invite = await call(alice, sut.uri);
  await settle();
  return { alice, carol, invite };
}

/** Sends a NOTIFY with a sipfrag in `dialog`, as a transferee reporting progress would. */
function notify(a: Agent, invite: SipRequest, line: string, state: string): void {
  a.send(a.ua.newInDialog(dialogOf(a, invite), 'NOTIFY', {
    headers: [{ name: 'event', value: 'refer' }, { name: 'subscription-state', value: state }, { name: 'content-type', value: 'message/sipfrag;version=2.0' }],
    body: Buffer.from(`${line}\r\n`),
  }));
}

/**
 * The SUT as transferor: told to refer its call with Alice to Carol, Alice must get a REFER whose
 * Refer-To is Carol. Alice then accepts it and reports 100 and 200; whether the SUT hangs up is recorded.
 */
export async function sutRefers(sut: EndpointAdapter, settle: () => Promise<unknown>, diag: Diag): Promise<SipRequest> {
  const agents: Agent[] = [];
  try {
    const { alice, carol, invite } = await inCall(sut, agents, settle);
    await sut.act('refer', { target: carol.uri, peer: alice.uri });
    const callId = headerValue(invite, 'call-id');
    const got = await alice.inbox.claim(isRequest('REFER', callId), WAIT);
    assert.ok(got, `no REFER at Alice within ${WAIT} ms`);
    const refer = got.message as SipRequest;
    diag(`REFER as sent by ${sut.name}:\n${wire(refer)}`);
    assert.equal(headerValue(refer, 'refer-to')?.replace(/^<|>$/g, ''), carol.uri);
    alice.respond(alice.incomingFor(refer)!, 202);
    notify(alice, invite, 'SIP/2.0 100 Trying', 'active;expires=60');
    notify(alice, invite, 'SIP/2.0 200 OK', 'terminated;reason=noresource');
    const bye = await alice.inbox.claim(isRequest('BYE', callId), 2000);
    const answers = alice.inbox.items.filter((r) => r.message.type === 'response' && /NOTIFY$/.test(headerValue(r.message, 'cseq') ?? ''));
    diag(`re-INVITEs to Alice before/around the REFER (offered direction): ${reInvites.get(alice)!.join(', ') || 'none'}`);
    diag(`${sut.name}'s responses to the NOTIFYs: ${answers.map((r) => (r.message.type === 'response' ? r.message.status : '')).join(', ') || 'none'}; BYE to Alice after the final NOTIFY: ${bye ? 'yes' : 'no (within 2 s)'}`);
    return refer;
  } finally {
    await cleanup(sut, agents);
  }
}

/**
 * The SUT as transferee: Alice REFERs it to Carol. Records the response, the INVITE at Carol
 * (answered by Carol), every NOTIFY until the subscription ends, and whether the SUT hangs up on Alice.
 */
export async function sutIsReferred(sut: EndpointAdapter, settle: () => Promise<unknown>, diag: Diag): Promise<{ status: number; notifies: SipRequest[]; invite: SipRequest }> {
  const agents: Agent[] = [];
  try {
    const { alice, carol, invite } = await inCall(sut, agents, settle);
    const callId = headerValue(invite, 'call-id');
    const refer = alice.ua.newInDialog(dialogOf(alice, invite), 'REFER', {
      headers: [{ name: 'refer-to', value: `<${carol.uri}>` }, { name: 'referred-by', value: `<${alice.uri}>` }],
    });
    alice.send(refer);
    const response = await alice.inbox.claim((m) => m.type === 'response' && headerValue(m, 'cseq') === headerValue(refer, 'cseq') && m.status >= 200, WAIT);
    assert.ok(response && response.message.type === 'response', 'no final response to the REFER');
    diag(`response to the REFER:\n${wire(response.message)}`);
    const toCarol = await carol.inbox.claim(isRequest('INVITE'), WAIT);
    assert.ok(toCarol, 'no INVITE at Carol');
    diag(`INVITE at the target:\n${wire(toCarol.message)}`);
    answer(carol, toCarol.message as SipRequest);
    const notifies: SipRequest[] = [];
    for (;;) {
      const n = await alice.inbox.claim(isRequest('NOTIFY', callId), WAIT);
      if (!n) break;
      notifies.push(n.message as SipRequest);
      if (/terminated/.test(headerValue(n.message, 'subscription-state') ?? '')) break;
    }
    diag(`NOTIFYs at Alice:\n${notifies.map(notifySummary).join('\n')}`);
    if (notifies[0]) diag(`first NOTIFY:\n${wire(notifies[0])}`);
    const bye = await alice.inbox.arrives(isRequest('BYE', callId), 2000);
    diag(`${sut.name} ${bye ? 'sent' : 'did not send (within 2 s)'} BYE to Alice after the transfer; re-INVITEs to Alice (offered direction): ${reInvites.get(alice)!.join(', ') || 'none'}`);
    return { status: response.message.status, notifies, invite: toCarol.message as SipRequest };
  } finally {
    await cleanup(sut, agents);
  }
}

/** The SUT holds, resumes and hangs up its call with Alice when told to: each shows at Alice. */
export async function sutHoldsResumesHangsUp(sut: EndpointAdapter, settle: () => Promise<unknown>, diag: Diag): Promise<void> {
  const agents: Agent[] = [];
  try {
    const alice = await agent('Alice');
    agents.push(alice);
    const invite = await call(alice, sut.uri);
    await settle();
    const callId = headerValue(invite, 'call-id');
    const seen = reInvites.get(alice)!;
    const reInviteAt = async (n: number): Promise<void> => {
      await alice.inbox.arrives(() => seen.length >= n, WAIT);
      assert.ok(seen.length >= n, `no re-INVITE #${n} at Alice`);
    };
    await sut.act('hold', { peer: alice.uri });
    await reInviteAt(1);
    await sut.act('resume', { peer: alice.uri });
    await reInviteAt(2);
    diag(`${sut.name}: hold then resume offered ${seen.join(' then ')}`);
    await sut.act('hangup', { peer: alice.uri });
    assert.ok(await alice.inbox.claim(isRequest('BYE', callId), WAIT), 'no BYE at Alice after hangup');
  } finally {
    await cleanup(sut, agents);
  }
}

/**
 * `setup` brings Alice into a call with the SUT (returns its Call-ID); the SUT is then told at once
 * to transfer that call to Carol, and the REFER must reach Alice. For the races between what a
 * scripted peer saw and what the SUT's control channel reports.
 */
export async function sutRefersAtOnce(sut: EndpointAdapter, setup: (alice: Agent) => Promise<string | undefined>): Promise<void> {
  const agents: Agent[] = [];
  try {
    await sut.start(CTX);
    const [alice, carol] = [await agent('Alice'), await agent('Carol')];
    agents.push(alice, carol);
    const callId = await setup(alice);
    await sut.act('refer', { target: carol.uri, peer: alice.uri });
    assert.ok(await alice.inbox.claim(isRequest('REFER', callId), WAIT), 'no REFER at Alice');
  } finally {
    await cleanup(sut, agents);
  }
}
