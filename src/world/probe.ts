import { headerValue, headerValues, parseNameAddr, type SipRequest } from '../sip/message';
import { NotApplicable } from '../endpoints/adapter';
import { FULL_ALLOW } from '../endpoints/agent';
import type { Finding } from '../expect/finding';
import { askCapabilitiesInCall } from './capabilities';
import { callBetween } from './calls';
import { describeMessage } from './describe';
import { expectAt, finalTo, isRequest } from './observe';
import { refer, sameParty } from './refer';
import type { SipWorld } from './world';

/**
 * RFC 5589 §7.7 Figure 15: the transferor asks the target with OPTIONS inside the consultation call
 * whether it supports REFER and Replaces; learning it does not, it ends that call and refers the
 * transferee to the target's address of record without Replaces (a basic transfer).
 */

/** "Given Z supports neither REFER nor Replaces": a scripted Z answers OPTIONS in its calls accordingly. */
export async function lacksTransferPrimitives(world: SipWorld, z: string): Promise<void> {
  const p = await world.party(z);
  if (p.kind === 'sut') throw new NotApplicable(`${z} is played by the SUT (${p.sut.name}); only a scripted party can be made a UA without REFER and Replaces`);
  p.agent.capabilities = { allow: FULL_ALLOW.filter((m) => m !== 'REFER'), supported: [] };
}

/**
 * "When X transfers Y to Z, asking Z first what it supports": a scripted X sends OPTIONS in its call
 * with Z and waits for the answer; a SUT X is asked for the attended transfer, and its OPTIONS must
 * reach Z in that call. Probing is the transferor's option (§7.7: "may"): a SUT that refers without
 * asking does not follow Figure 15, and the scenario does not apply to it.
 */
export async function transferAskingFirst(world: SipWorld, x: string, y: string, z: string): Promise<void> {
  const px = await world.party(x);
  const call = callBetween(world, x, z);
  if (px.kind === 'agent') {
    const options = await askCapabilitiesInCall(world, x, z);
    await expectAt(world, px.agent, finalTo(options), { expected: `${z}'s answer to the OPTIONS in its call with ${x}` });
    return;
  }
  const [py, agentZ] = [await world.party(y), await world.agent(z)];
  await world.act(x, 'attended-transfer', { peer: py.uri, target: agentZ.uri, replacing: agentZ.uri });
  const got = await agentZ.inbox.claim(isRequest('OPTIONS', call.callId), world.config.deadlineMs);
  if (!got) throw new NotApplicable(`${x} (${px.sut.name}) did not ask ${z} with OPTIONS in their call within ${world.config.deadlineMs} ms; Figure 15 of RFC 5589 §7.7 is for a transferor that probes`);
}

/**
 * "Then X refers Y to Z without Replaces, as R requires": the basic REFER of Figure 15. A scripted X
 * sends it; a SUT X's REFER must reach Y with a Refer-To naming Z and carrying no Replaces.
 */
export async function refersBasicAfterProbe(world: SipWorld, x: string, y: string, z: string, requirement: string): Promise<void> {
  if (!world.isSut(x)) return void (await refer(world, x, y, z));
  const agentY = await world.agent(y);
  const got = await expectAt(world, agentY, isRequest('REFER'), { requirement, expected: `a REFER from ${x} at ${y} once ${z} proved to lack Replaces`, hint: 'Figure 15: end the consultation, then refer basic to the target' });
  world.referrals.push({ from: x, to: y, target: z, request: got.message, incoming: agentY.incomingFor(got.message) });
  world.verdict(basicReferFindings(got.message, (await world.party(z)).uri, requirement).map((f) => ({ ...f, where: { traceIndex: got.traceIndex, summary: describeMessage(got.message) } })));
}

/** A Refer-To naming the target (its address of record, user and host) with no Replaces in it. */
function basicReferFindings(request: SipRequest, targetUri: string, requirement: string): Finding[] {
  const values = headerValues(request, 'refer-to');
  const referTo = values.length === 1 ? parseNameAddr(values[0]) : undefined;
  if (!referTo || !sameParty(referTo.uri, targetUri)) return [{ requirement, expected: `one Refer-To naming the target ${targetUri}`, seen: `Refer-To: ${values.join(', ') || '(none)'}` }];
  if (referTo.uriHeaders?.replaces !== undefined) return [{ requirement, expected: 'a basic REFER: no Replaces in Refer-To, since the target lacks it', seen: `Refer-To: ${headerValue(request, 'refer-to')}` }];
  return [];
}
