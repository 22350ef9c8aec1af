import { headerValue, type SipMessage, type SipRequest } from '../sip/message';
import { audioSdp } from '../sip/useragent';
import { answers, type Agent } from '../endpoints/agent';
import type { Finding } from '../expect/finding';
import { describeMessage, lastSeen } from './describe';
import type { Call, SipWorld } from './world';

/**
 * "Given A is in a call with B": A invites B and the call is answered. A scripted callee
 * answers at once; an SUT callee answers as its adapter does.
 */
export async function establishCall(world: SipWorld, caller: string, callee: string): Promise<Call> {
  const a = await world.agent(caller);
  const b = await world.party(callee);
  const invite = a.ua.newRequest('INVITE', b.uri, {
    headers: [{ name: 'content-type', value: 'application/sdp' }],
    body: audioSdp(a.address.host, 4000, 1),
  });
  a.send(invite);
  if (b.kind === 'agent') await answerInvite(world, b.agent, invite);
  const got = await a.inbox.claim((m) => answers(invite, m) && m.type === 'response' && m.status >= 200, world.config.deadlineMs);
  const findings: Finding[] = [];
  if (!got) {
    findings.push({ requirement: undefined, expected: `a final response to ${caller}'s INVITE within ${world.config.deadlineMs} ms`, seen: lastSeen(a), hint: `is ${callee} reachable at ${b.uri}?` });
  } else if (got.message.type === 'response' && got.message.status >= 300) {
    findings.push({ expected: `${callee} answers the call with 2xx`, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } });
  }
  world.verdict(findings);
  const call: Call = { parties: [caller, callee], invite };
  world.calls.push(call);
  return call;
}

/** A scripted callee answers the INVITE it received (matched by Call-ID), ringing first. */
export async function answerInvite(world: SipWorld, callee: Agent, invite?: SipRequest): Promise<SipRequest> {
  const callId = invite ? headerValue(invite, 'call-id') : undefined;
  const isInvite = (m: SipMessage): boolean => m.type === 'request' && m.method === 'INVITE'
    && (!callId || headerValue(m, 'call-id') === callId) && callee.incomingFor(m) !== undefined;
  const got = await callee.inbox.arrives(isInvite, world.config.deadlineMs);
  const incoming = got && got.message.type === 'request' ? callee.incomingFor(got.message) : undefined;
  if (!got || !incoming) {
    world.verdict([{ expected: `an INVITE at ${callee.name} within ${world.config.deadlineMs} ms`, seen: lastSeen(callee) }]);
    throw new Error('unreachable');
  }
  got.claimed = true;
  callee.respond(incoming, 180);
  callee.respond(incoming, 200, {
    headers: [{ name: 'content-type', value: 'application/sdp' }],
    body: audioSdp(callee.address.host, 4002, 1),
  });
  return incoming.request;
}

/** The call between two parties, in either direction. */
export function callBetween(world: SipWorld, x: string, y: string): Call | undefined {
  return world.calls.find((c) => (c.parties[0] === x && c.parties[1] === y) || (c.parties[0] === y && c.parties[1] === x));
}
