import { headerValue, headerValues, parseNameAddr, parseReplaces, type SipRequest, type SipResponse } from '../sip/message';
import { buildCancel } from '../sip/transaction';
import { NotApplicable, UnsupportedAction } from '../endpoints/adapter';
import { audioSdp } from '../sip/useragent';
import type { Finding } from '../expect/finding';
import { callBetween, dialogOf, sendInvite } from './calls';
import { describeMessage } from './describe';
import { expectAt, isRequest } from './observe';
import { refer, referralTo, sameParty } from './refer';
import type { SipWorld } from './world';

/** RFC 5589 flows that need more than the common steps: the REFER fallback of §7.4, a ringing target answering. */

/**
 * "Then X refers Z to Y instead, replacing the call with Y" (RFC 5589 §7.4, Figure 8): after Y refused
 * REFER, a SUT X must REFER Z with Refer-To naming Y and Replaces naming X's call with Y (from Y's view);
 * a scripted X sends exactly that.
 */
export async function refersInstead(world: SipWorld, x: string, z: string, y: string): Promise<void> {
  const px = await world.party(x);
  if (px.kind === 'agent') return void (await refer(world, x, z, y, { replaces: true }));
  const agentZ = await world.agent(z);
  // RFC 5589 §7.4 says the transferor "can" do this: a SUT that does not recover is not wrong, and the
  // scenario, which checks how it recovers, does not apply to it.
  const got = await agentZ.inbox.claim(isRequest('REFER'), world.config.deadlineMs);
  if (!got) throw new NotApplicable(`${x} did not refer ${z} within ${world.config.deadlineMs} ms after ${y} refused REFER: a recovery RFC 5589 §7.4 says a transferor "can" make, not one it must`);
  const request = got.message as SipRequest;
  world.referrals.push({ from: x, to: z, target: y, request, incoming: agentZ.incomingFor(request) });
  const where = { traceIndex: got.traceIndex, summary: describeMessage(request) };
  const d = dialogOf(await world.agent(y), callBetween(world, x, y).callId);
  const referTo = parseNameAddr(headerValues(request, 'refer-to')[0] ?? '<sip:none@invalid>');
  const f: Finding[] = [];
  if (!sameParty(referTo.uri, (await world.party(y)).uri)) f.push({ requirement: 'RFC5589-7.4-a', expected: `Refer-To naming ${y}`, seen: `Refer-To: ${headerValue(request, 'refer-to')}`, where });
  const rep = referTo.uriHeaders?.replaces;
  const parsed = rep ? safeReplaces(rep) : undefined;
  if (!parsed || parsed.callId !== d.id.callId || parsed.toTag !== d.id.localTag || parsed.fromTag !== d.id.remoteTag) {
    f.push({ requirement: 'RFC5589-7.4-a', expected: `Replaces=${d.id.callId};to-tag=${d.id.localTag};from-tag=${d.id.remoteTag} (${x}'s call with ${y})`, seen: rep ? `Replaces=${rep}` : 'no Replaces in Refer-To', where });
  }
  world.verdict(f);
}

function safeReplaces(v: string) {
  try {
    return parseReplaces(v);
  } catch {
    return undefined;
  }
}

/**
 * "When Z answers X at last": a scripted Z, ringing, answers its pending INVITE with 200 (RFC 5589
 * §7.6 Figure 11). With `cancelled`, a scripted X CANCELs just as the 200 leaves, and the answer
 * wins the race (Figure 13): the CANCEL reaches Z after its INVITE transaction completed.
 */
export async function answersAtLast(world: SipWorld, callee: string, caller: string, cancelled = false): Promise<void> {
  const agent = await world.agent(callee);
  const call = callBetween(world, caller, callee);
  const incoming = agent.unanswered.find((i) => i.request.method === 'INVITE' && headerValue(i.request, 'call-id') === call.callId);
  if (!incoming) throw new Error(`${callee} has no ringing call from ${caller}`);
  const x = cancelled ? await world.party(caller) : undefined;
  if (x?.kind === 'sut') throw new UnsupportedAction(x.sut.name, 'hangup', 'a CANCEL that crosses the answer of its consultation call');
  agent.respond(incoming, 200, { headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp(agent.address.host, 4002, 1) });
  if (x?.kind === 'agent') x.agent.send(buildCancel(call.invite));
  await expectAt(world, agent, isRequest('ACK', call.callId), { expected: `${caller}'s ACK for the 200 OK (RFC 3261 §13.2.2.4)` });
}


/**
 * "When X calls Z requiring replaces" (RFC 5589 §7.7 Figure 14: a consultation INVITE with Require:
 * replaces). A SUT X is asked for a consultation call; if its INVITE does not require replaces, the
 * flow does not apply and the scenario is skipped.
 */
export async function callRequiringReplaces(world: SipWorld, caller: string, callee: string): Promise<void> {
  const x = await world.party(caller);
  if (x.kind === 'agent') return void sendInvite(world, x.agent, callee, (await world.party(callee)).uri, [{ name: 'require', value: 'replaces' }]);
  const z = await world.agent(callee);
  await world.act(caller, 'call', { target: z.uri, consult: true });
  const got = await expectAt(world, z, (m): m is SipRequest => isRequest('INVITE')(m) && z.incomingFor(m) !== undefined, { expected: `a consultation INVITE from ${caller} at ${callee}` });
  if (!headerValues(got.message, 'require').some((t) => t.trim().toLowerCase() === 'replaces')) throw new UnsupportedAction(x.sut.name, 'call', 'a consultation INVITE with Require: replaces (RFC 5589 §7.7 Figure 14)');
}

/**
 * "When X completes the attended transfer of Y to Z": with a call between X and Z, a REFER whose
 * Refer-To replaces it; without one (the consultation was refused), the basic REFER of RFC 5589 §7.7.
 * A SUT X is asked for the attended transfer and decides itself.
 */
export async function completeAttended(world: SipWorld, x: string, y: string, z: string): Promise<void> {
  const consulted = world.calls.some((c) => c.parties.includes(x) && c.parties.includes(z));
  await refer(world, x, y, z, { replaces: world.isSut(x) || consulted });
}

/** "Then the Refer-To of X's REFER to Y carries no Replaces, as R requires" (RFC 5589 §7.7: the fallback is a basic transfer). */
export function referToWithoutReplaces(world: SipWorld, x: string, y: string, requirement: string): void {
  const r = referralTo(world, y);
  if (!world.isSut(x) || r.from !== x) return;
  const referTo = headerValues(r.request, 'refer-to');
  const withReplaces = referTo.filter((v) => /[?&]replaces=/i.test(v));
  if (withReplaces.length) world.verdict([{ requirement, expected: 'a basic REFER: Refer-To without Replaces, since the target refused Replaces', seen: `Refer-To: ${withReplaces.join(', ')}`, where: { summary: describeMessage(r.request) } }]);
}

/** "When X gives up calling Z": a scripted X cancels its ringing INVITE (RFC 3261 §9.1; RFC 5589 §7.6 Figure 12). */
export async function givesUp(world: SipWorld, caller: string, callee: string): Promise<void> {
  const x = await world.party(caller);
  if (x.kind === 'sut') throw new UnsupportedAction(x.sut.name, 'hangup', 'a CANCEL of a ringing consultation call');
  const call = callBetween(world, caller, callee);
  x.agent.send(buildCancel(call.invite));
  await expectAt(world, x.agent, (m): m is SipResponse => m.type === 'response' && m.status === 487 && headerValue(m, 'call-id') === call.callId, { expected: `487 from ${callee} to the cancelled INVITE` });
}

/**
 * "When X transfers Y to Z while the call to Z still rings" (RFC 5589 §7.6): a SUT X is asked for the
 * attended transfer now and must finish it its own way; a scripted X waits for the answer (Figure 11).
 */
export async function transferWhileRinging(world: SipWorld, x: string, y: string, z: string): Promise<void> {
  if (!world.isSut(x)) return;
  const [py, pz] = [await world.party(y), await world.party(z)];
  await world.act(x, 'attended-transfer', { peer: py.uri, target: pz.uri, replacing: pz.uri });
}

/**
 * "Then X's REFER reaches Y, replacing the call with Z" (RFC 5589 §7.6 Figure 11): once the ringing
 * consultation was answered, the REFER replaces it. A scripted X sends it now.
 */
export async function referReplacingAfterAnswer(world: SipWorld, x: string, y: string, z: string): Promise<void> {
  if (!world.isSut(x)) return void (await refer(world, x, y, z, { replaces: true }));
  const agentY = await world.agent(y);
  const got = await expectAt(world, agentY, isRequest('REFER'), { requirement: 'RFC5589-7.6-b', expected: `a REFER from ${x} at ${y} once ${z} answered`, hint: 'Figure 11: the answered consultation is transferred with Replaces' });
  world.referrals.push({ from: x, to: y, target: z, request: got.message, incoming: agentY.incomingFor(got.message) });
  const referTo = parseNameAddr(headerValues(got.message, 'refer-to')[0] ?? '<sip:none@invalid>');
  if (!referTo.uriHeaders?.replaces) world.verdict([{ requirement: 'RFC5589-7.6-b', expected: `Refer-To naming ${z} with Replaces (the answered consultation)`, seen: `Refer-To: ${headerValue(got.message, 'refer-to')}`, where: { traceIndex: got.traceIndex, summary: describeMessage(got.message) } }]);
}
