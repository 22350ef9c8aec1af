/**
 * Shared steps of the real-SUT adapter tests: scripted agents on loopback UDP that call the SUT,
 * refer it, or receive its transfer, and a record of what each message looked like.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Agent } from '../../src/endpoints/agent';
import type { EndpointAdapter } from '../../src/endpoints/adapter';
import { headerValue, serializeMessage, type SipMessage, type SipRequest } from '../../src/sip/message';
import { audioSdp } from '../../src/sip/useragent';

export const TIMERS = { T1: 100, T2: 400, T4: 500 };
export const CTX = { user: 'bob', host: '127.0.0.1', timers: TIMERS };
export const WAIT = 5000;

export async function agent(name: string): Promise<Agent> {
  return Agent.create(name, { host: '127.0.0.1', timers: TIMERS, trace: () => -1 });
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
  await Promise.allSettled(agents.map((a) => a.close()));
}
