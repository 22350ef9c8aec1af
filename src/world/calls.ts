import { headerValue, parseNameAddr, type SipMessage, type SipRequest } from '../sip/message';
import type { Dialog } from '../sip/dialog';
import { audioSdp, sdpDirection, type MediaDirection } from '../sip/useragent';
import type { Agent } from '../endpoints/agent';
import { refusalPrepared } from './call-policy';
import { offerWithToken, type MimePart } from '../endpoints/referred-by-token';
import { NotApplicable, UnsupportedAction } from '../endpoints/adapter';
import { describeMessage } from './describe';
import { expectAt, expectNone, finalTo, isRequest } from './observe';
import type { Call, SipWorld } from './world';

const SDP = [{ name: 'content-type', value: 'application/sdp' }];

/**
 * Skips the scenario on a 415 to an INVITE with a multipart body (SDP beside a Referred-By token,
 * RFC 3892 §7.1): not a deviation, RFC 3261 §8.2.3 requires a UAS that does not understand a body to
 * refuse it with 415, and what the scenario checks then needs a target that takes such bodies.
 */
export function skipIfBodyNotTaken(invite: SipRequest, response: SipMessage, who: string): void {
  if (response.type !== 'response' || response.status !== 415) return;
  const type = headerValue(invite, 'content-type') ?? '';
  if (!/^\s*multipart\//i.test(type)) return;
  throw new NotApplicable(`${who} refused the INVITE's ${type.split(';')[0].trim()} body with ${describeMessage(response)}, as RFC 3261 §8.2.3 requires of a UAS that does not understand a body; the scenario needs a target that takes it`);
}

/** The call between two parties, in either direction (newest first). */
export function callBetween(world: SipWorld, x: string, y: string): Call {
  const call = [...world.calls].reverse().find((c) => c.parties.includes(x) && c.parties.includes(y));
  if (!call) throw new Error(`${x} and ${y} have no call: start one first ("Given ${x} is in a call with ${y}")`);
  return call;
}

/** A scripted party's side of a call: its dialog with that Call-ID. */
export function dialogOf(agent: Agent, callId: string): Dialog {
  const d = [...agent.ua.dialogs.values()].find((x) => x.id.callId === callId && x.state !== 'terminated')
    ?? [...agent.ua.dialogs.values()].find((x) => x.id.callId === callId);
  if (!d) throw new Error(`${agent.name} holds no dialog with Call-ID ${callId}`);
  return d;
}

/** A scripted party sends an INVITE; which party answers is for later steps. */
export function sendInvite(world: SipWorld, from: Agent, to: string, uri: string, extra: SipRequest['headers'] = [], token?: MimePart): SipRequest {
  const offer = audioSdp(from.address.host, 4000, 1);
  // RFC 3892 §2.2: a referenced request carries the REFER's Referred-By token beside the offer.
  const body = token ? offerWithToken(offer, token) : { contentType: 'application/sdp', body: offer };
  const invite = from.ua.newRequest('INVITE', uri, { headers: [{ name: 'content-type', value: body.contentType }, ...extra], body: body.body });
  from.send(invite);
  world.invites.push({ from: from.name, to, request: invite });
  return invite;
}

/**
 * A scripted callee rings and answers the oldest INVITE it has not answered (waiting for one to
 * come), then waits for the caller's ACK (RFC 3261 §13.2.2.4) so the call is up on both sides.
 */
export async function answerAsAgent(world: SipWorld, callee: Agent, caller: string): Promise<SipRequest> {
  let incoming = callee.unanswered.find((i) => i.request.method === 'INVITE' && !i.dialog);
  if (!incoming) {
    const got = await expectAt(world, callee, (m): m is SipRequest => isRequest('INVITE')(m) && callee.incomingFor(m) !== undefined, {
      expected: `an INVITE from ${caller} at ${callee.name}`, hint: `check that ${caller} sends the INVITE to ${callee.uri}`,
    });
    incoming = callee.incomingFor(got.message)!;
  }
  callee.respond(incoming, 180);
  callee.respond(incoming, 200, { headers: SDP, body: audioSdp(callee.address.host, 4002, 1) });
  await expectAt(world, callee, isRequest('ACK', headerValue(incoming.request, 'call-id')), {
    requirement: undefined, expected: `${caller}'s ACK for the 200 OK (RFC 3261 §13.2.2.4)`,
  });
  return incoming.request;
}

/** "Given X is in a call with Y": X calls, Y answers, whichever of them is the SUT. */
export async function establishCall(world: SipWorld, caller: string, callee: string): Promise<Call> {
  const a = await world.party(caller);
  const b = await world.party(callee);
  let invite: SipRequest;
  if (a.kind === 'agent') {
    invite = sendInvite(world, a.agent, callee, b.uri);
    if (b.kind === 'agent') await answerAsAgent(world, b.agent, caller);
    else await world.act(callee, 'answer', { peer: a.uri });
    const got = await expectAt(world, a.agent, finalTo(invite), { expected: `a final response from ${callee} to the INVITE`, hint: `is ${callee} reachable at ${b.uri}?` });
    if (got.message.status >= 300) world.verdict([{ expected: `${callee} answers the call with 2xx`, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
  } else {
    if (b.kind !== 'agent') throw new Error('a call needs at least one scripted party');
    await world.act(caller, 'call', { target: b.uri });
    invite = await answerAsAgent(world, b.agent, caller);
  }
  const call: Call = { parties: [caller, callee], callId: headerValue(invite, 'call-id')!, invite };
  world.calls.push(call);
  return call;
}

/** "X answers": a scripted party answers its pending INVITE; the SUT is asked to, and its 2xx awaited. */
export async function answers(world: SipWorld, callee: string): Promise<void> {
  const p = await world.party(callee);
  const sent = [...world.invites].reverse().find((i) => i.to === callee);
  if (p.kind === 'agent') {
    const invite = await answerAsAgent(world, p.agent, sent?.from ?? 'someone');
    // The caller is whoever sent this INVITE (a SUT's INVITE is not in world.invites): match its From.
    const from = parseNameAddr(headerValue(invite, 'from') ?? '<sip:unknown@invalid>').uri;
    const caller = [...world.parties.values()].find((q) => q.uri === from)?.name ?? sent?.from ?? '?';
    world.calls.push({ parties: [caller, callee], callId: headerValue(invite, 'call-id')!, invite });
    return;
  }
  if (!sent) throw new Error(`no scripted party has sent an INVITE to ${callee}`);
  const caller = await world.agent(sent.from);
  // A SUT that has already refused the INVITE has no call to answer: the refusal is the outcome.
  const refused = (m: SipMessage): boolean => finalTo(sent.request)(m) && m.status >= 300;
  const stop = new AbortController();
  const refusal = caller.inbox.arrives(refused, world.config.deadlineMs, 0, stop.signal);
  const answering = world.act(callee, 'answer', { peer: caller.uri });
  answering.catch(() => undefined); // awaited below unless the refusal came first
  try {
    const refusedFirst = await Promise.race([answering.then(() => false), refusal.then((r) => r !== undefined)]);
    if (!refusedFirst) await answering;
  } finally {
    stop.abort();
  }
  const got = await expectAt(world, caller, finalTo(sent.request), { requirement: undefined, expected: `a final response from ${callee} to ${sent.from}'s INVITE` });
  if (got.message.status >= 300) {
    skipIfBodyNotTaken(sent.request, got.message, callee);
    world.verdict([{ expected: `${callee} answers with 2xx`, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
  }
  world.calls.push({ parties: [sent.from, callee], callId: headerValue(sent.request, 'call-id')!, invite: sent.request });
}

/**
 * "X hangs up on Y" (When: X's user does it) / "X ends the call with Y" (Then: the protocol says so):
 * a scripted X sends BYE; a SUT X is asked to (trigger) or not, and the BYE is awaited at Y.
 */
export async function hangsUp(world: SipWorld, x: string, y: string, trigger: boolean, requirement = trigger ? undefined : 'RFC5589-6-c'): Promise<void> {
  const call = callBetween(world, x, y);
  const px = await world.party(x);
  if (px.kind === 'agent') {
    const d = dialogOf(px.agent, call.callId);
    d.state = 'terminated';
    return px.agent.send(px.agent.ua.newInDialog(d, 'BYE'));
  }
  const py = await world.agent(y);
  if (trigger) await world.act(x, 'hangup', { peer: py.uri });
  await expectAt(world, py, isRequest('BYE', call.callId), { requirement, expected: `a BYE from ${x} ending the call with ${y}` });
}

/** "Then X keeps the call with Y": no BYE in their call within the deadline (RFC 5589 §4, requirement 2). */
export async function keepsCall(world: SipWorld, x: string, y: string, requirement = 'RFC5589-4-r2'): Promise<void> {
  const call = callBetween(world, x, y);
  for (const name of [y, x]) {
    const p = await world.party(name);
    if (p.kind !== 'agent') continue;
    await expectNone(world, p.agent, isRequest('BYE', call.callId), {
      requirement, expected: `the call between ${x} and ${y} stays up (no BYE)`,
      hint: 'a failed transfer must leave the original call in place',
    }, { since: 0 });
    return;
  }
}

/** "X puts Y on hold" / "X resumes the call with Y": a re-INVITE with a=sendonly or a=sendrecv (RFC 3264 §8.4). */
export async function reoffer(world: SipWorld, x: string, y: string, direction: MediaDirection): Promise<void> {
  const call = callBetween(world, x, y);
  const px = await world.party(x);
  const py = await world.party(y);
  if (px.kind === 'agent') {
    const d = dialogOf(px.agent, call.callId);
    const reinvite = px.agent.ua.newInDialog(d, 'INVITE', { headers: SDP, body: audioSdp(px.address.host, 4000, 2, direction) });
    px.agent.send(reinvite);
    if (py.kind === 'agent') await answerReoffer(world, py.agent, call.callId);
    const got = await expectAt(world, px.agent, finalTo(reinvite), { expected: `a final response from ${y} to the re-INVITE` });
    const answer = sdpDirection(got.message.body);
    const want = direction === 'sendonly' ? 'recvonly' : direction === 'inactive' ? 'inactive' : 'sendrecv';
    if (got.message.status >= 300 || answer !== want) {
      world.verdict([{ expected: `2xx with a=${want} answering a=${direction} (RFC 3264 §6.1)`, seen: `${describeMessage(got.message)} with a=${answer}`, where: { traceIndex: got.traceIndex } }]);
    }
    return;
  }
  if (py.kind !== 'agent') throw new Error('a hold needs a scripted party');
  await world.act(x, direction === 'sendrecv' ? 'resume' : 'hold', { peer: py.uri });
  await answerReoffer(world, py.agent, call.callId, direction);
}

/** Checks the re-INVITE a scripted party got (its agent answers re-INVITEs itself, mirroring the offer). */
async function answerReoffer(world: SipWorld, agent: Agent, callId: string, expect?: MediaDirection): Promise<void> {
  // A re-INVITE is the in-dialog one: it carries a To tag, unlike the INVITE that set up the call.
  const reinvite = (m: SipMessage): m is SipRequest => isRequest('INVITE', callId)(m) && /;\s*tag=/i.test(headerValue(m, 'to') ?? '');
  const got = await expectAt(world, agent, reinvite, { expected: `a re-INVITE in call ${callId} at ${agent.name}` });
  const offered = sdpDirection(got.message.body);
  if (expect && offered !== expect && !(expect === 'sendonly' && offered === 'inactive')) {
    world.verdict([{ expected: `a re-INVITE offering a=${expect}`, seen: `a=${offered}`, where: { traceIndex: got.traceIndex } }]);
  }
}

/**
 * "When Z rejects the call with N": a scripted callee answers its pending INVITE with N; a SUT
 * callee was asked to before the scenario (call-policy.ts), and its final response must be N.
 */
export async function rejectsCall(world: SipWorld, callee: string, status: number, reason?: string): Promise<void> {
  const p = await world.party(callee);
  if (p.kind !== 'agent') {
    if (!refusalPrepared(world, callee)) throw new UnsupportedAction(p.sut.name, 'reject');
    return refusedBySut(world, callee, status);
  }
  let incoming = p.agent.unanswered.find((i) => i.request.method === 'INVITE' && !i.dialog);
  if (!incoming) {
    const got = await expectAt(world, p.agent, (m): m is SipRequest => isRequest('INVITE')(m) && p.agent.incomingFor(m) !== undefined, { expected: `an INVITE at ${callee}` });
    incoming = p.agent.incomingFor(got.message)!;
  }
  p.agent.respond(incoming, status, reason ? { reason } : {});
}

/** The SUT's final response to the last INVITE a scripted party sent it is the refusal its user asked for. */
async function refusedBySut(world: SipWorld, callee: string, status: number): Promise<void> {
  const sent = [...world.invites].reverse().find((i) => i.to === callee);
  if (!sent) throw new Error(`no scripted party has sent an INVITE to ${callee}, so there is no call for ${callee} to reject`);
  const caller = await world.agent(sent.from);
  const got = await expectAt(world, caller, finalTo(sent.request), { requirement: undefined, expected: `${callee}'s final response ${status} to ${sent.from}'s INVITE (its user rejects the call)` });
  if (got.message.status !== status) world.verdict([{ expected: `${callee} rejects the call with ${status}, as its user asked`, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}
