import { headerValue, headerValues, parseNameAddr, type SipMessage, type SipRequest } from '../sip/message';
import { audioSdp, sdpDirection } from '../sip/useragent';
import { UnsupportedAction } from '../endpoints/adapter';
import type { Finding } from '../expect/finding';
import { callBetween, dialogOf, reoffer } from './calls';
import { describeMessage } from './describe';
import { expectAt, isRequest } from './observe';
import { refer, referralTo, sameParty } from './refer';
import type { SipWorld } from './world';

/**
 * RFC 5589 and RFC 3891 checks on the two requests of a transfer: the REFER (a SUT transferor's)
 * and the INVITE it triggers (a SUT transferee's). A scripted sender is the framework: no check.
 */

function triggeredBy(world: SipWorld, transferee: string): { invite: SipRequest; where: Finding['where'] } {
  const r = referralTo(world, transferee);
  if (!r.triggered) throw new Error(`no INVITE triggered by the REFER to ${transferee} was seen yet`);
  const callId = Buffer.from(headerValue(r.triggered, 'call-id')!);
  const traceIndex = world.trace.findIndex((t) => t.bytes.subarray(0, 7).toString() === 'INVITE ' && t.bytes.includes(callId));
  return { invite: r.triggered, where: { traceIndex, summary: describeMessage(r.triggered) } };
}

/** "Then Y's INVITE to Z offers media afresh" (RFC 5589 §5: a new offer, not the held call's state). */
export function freshOffer(world: SipWorld, transferee: string): void {
  if (!world.isSut(transferee)) return;
  const { invite, where } = triggeredBy(world, transferee);
  const dir = invite.body.length ? sdpDirection(invite.body) : 'sendrecv';
  if (dir !== 'sendrecv') world.verdict([{ requirement: 'RFC5589-5-b', expected: 'an offer with a=sendrecv, as for a call of its own', seen: `a=${dir}`, where }]);
}

/** "Then Y's INVITE to Z goes to Z's Contact" (RFC 3891 §4: the replacement INVITE targets the Contact). */
export async function toContact(world: SipWorld, transferee: string, target: string): Promise<void> {
  if (!world.isSut(transferee)) return;
  const { invite, where } = triggeredBy(world, transferee);
  const contact = parseNameAddr((await world.agent(target)).ua.contact).uri;
  if (!sameParty(invite.uri, contact)) world.verdict([{ requirement: 'RFC3891-4-c', expected: `Request-URI ${contact}, ${target}'s Contact`, seen: `Request-URI ${invite.uri}`, where }]);
}

/** One to-tag and one from-tag (RFC 3891 §6.1); counted in the text, since a parameter map would merge repeats. */
function replacesShape(value: string): string | undefined {
  const count = (p: string) => (value.match(new RegExp(`;\\s*${p}\\s*=`, 'gi')) ?? []).length;
  const bad = ['to-tag', 'from-tag'].filter((p) => count(p) !== 1);
  return bad.length ? `${bad.map((p) => `${count(p)} ${p}`).join(', ')} in ${value}` : undefined;
}

/** "Then the Refer-To of X's REFER to Y carries a well-formed Replaces" (RFC 3891 §6.1), for a SUT transferor. */
export function referToReplacesWellFormed(world: SipWorld, transferor: string, transferee: string): void {
  if (!world.isSut(transferor)) return;
  const r = referralTo(world, transferee);
  const embedded = parseNameAddr(headerValues(r.request, 'refer-to')[0] ?? '<sip:x@invalid>').uriHeaders?.replaces;
  const bad = embedded === undefined ? 'no Replaces in Refer-To' : replacesShape(embedded);
  if (bad) world.verdict([{ requirement: 'RFC3891-6.1-a', expected: 'a Replaces in Refer-To with exactly one to-tag and one from-tag', seen: bad, where: { traceIndex: -1, summary: describeMessage(r.request) } }]);
}

/** "Then Y's INVITE to the target carries one well-formed Replaces" (RFC 3891 §6.1), for a SUT transferee. */
export function inviteReplacesWellFormed(world: SipWorld, transferee: string): void {
  if (!world.isSut(transferee)) return;
  const { invite, where } = triggeredBy(world, transferee);
  const values = headerValues(invite, 'replaces');
  const f: Finding[] = [];
  if (values.length !== 1) f.push({ requirement: 'RFC3891-6.1-b', expected: 'exactly one Replaces value in the INVITE', seen: `${values.length}`, where });
  const bad = values.length ? replacesShape(values[0]) : undefined;
  if (bad) f.push({ requirement: 'RFC3891-6.1-a', expected: 'exactly one to-tag and one from-tag in Replaces', seen: bad, where });
  world.verdict(f);
}

/** "Then Y's INVITE to Z requires replaces" (RFC 5589 §7.3: Require=replaces of Refer-To, RFC 3515 §2.4.3). */
export function requiresReplaces(world: SipWorld, transferee: string): void {
  if (!world.isSut(transferee)) return;
  const { invite, where } = triggeredBy(world, transferee);
  const req = headerValues(invite, 'require').flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase());
  if (!req.includes('replaces')) world.verdict([{ requirement: 'RFC5589-7.3-b', expected: 'Require: replaces, from the Refer-To URI', seen: req.length ? `Require: ${req.join(', ')}` : 'no Require', where }]);
}

/** "When X refers Y to Z replacing the call with Z, requiring replaces" (RFC 5589 §7.5 Figure 9). */
export async function referRequiringReplaces(world: SipWorld, x: string, y: string, z: string): Promise<void> {
  const px = await world.party(x);
  if (px.kind === 'sut') throw new UnsupportedAction(px.sut.name, 'attended-transfer', 'a Refer-To with Require=replaces the scenario dictates');
  const d = dialogOf(px.agent, callBetween(world, x, z).callId);
  const replaces = encodeURIComponent(`${d.id.callId};to-tag=${d.id.remoteTag};from-tag=${d.id.localTag}`);
  await refer(world, x, y, z, { headers: [{ name: 'refer-to', value: `<${(await world.party(z)).uri}?Replaces=${replaces}&Require=replaces>` }] });
}

/** "Then X sends the REFER inside its call with Y" (RFC 5589 §5: Y never advertised Target-Dialog). */
export function referInsideCall(world: SipWorld, x: string, y: string): void {
  if (!world.isSut(x)) return;
  const r = referralTo(world, y);
  const call = callBetween(world, x, y);
  const toTag = parseNameAddr(headerValue(r.request, 'to') ?? '').params.tag;
  if (headerValue(r.request, 'call-id') !== call.callId || typeof toTag !== 'string') {
    world.verdict([{ requirement: 'RFC5589-5-d', expected: `the REFER in the call with ${y} (Call-ID ${call.callId}, with a To tag)`, seen: `Call-ID ${headerValue(r.request, 'call-id')}, To: ${headerValue(r.request, 'to')}`, where: { traceIndex: -1, summary: describeMessage(r.request) } }]);
  }
}

/** "Then X takes Y off hold" (RFC 5589 §6.3: after a failed transfer the transferor retrieves the call). */
export async function takesOffHold(world: SipWorld, x: string, y: string): Promise<void> {
  if (!world.isSut(x)) return reoffer(world, x, y, 'sendrecv');
  const call = callBetween(world, x, y);
  const agent = await world.agent(y);
  // In-dialog (To tag): the call's own INVITE, also a=sendrecv, may still be unclaimed in the inbox.
  const reinvite = (m: SipMessage): m is SipRequest => isRequest('INVITE', call.callId)(m) && /;\s*tag=/i.test(headerValue(m, 'to') ?? '') && sdpDirection(m.body) === 'sendrecv';
  const got = await expectAt(world, agent, reinvite, {
    requirement: 'RFC5589-6.3-a', expected: `a re-INVITE from ${x} offering a=sendrecv (off hold) after the failure NOTIFY`,
  });
  // Agents may answer re-INVITEs themselves; answer only one still waiting.
  const incoming = agent.incomingFor(got.message);
  if (incoming) agent.respond(incoming, 200, { headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp(agent.address.host, 4002, 3) });
}

/** "Then the REFER from X goes to Y's GRUU" (TS 24.629 §4.5.2.1 as quoted by TS 34.229-5: Request-URI = the GRUU Contact). */
export function referToGruu(world: SipWorld, x: string, y: string): void {
  if (!world.isSut(x)) return;
  const r = referralTo(world, y);
  const uri = r.request.uri;
  if (!/;\s*gr(?:[=;]|$)/i.test(uri)) world.verdict([{ requirement: 'TS24629-4.5.2.1-f', expected: `Request-URI = ${y}'s GRUU Contact (with gr)`, seen: `Request-URI ${uri}`, where: { traceIndex: -1, summary: describeMessage(r.request) } }]);
}
