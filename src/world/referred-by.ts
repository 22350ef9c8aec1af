import { headerValue, headerValues, parseMessage, parseNameAddr, serializeMessage, type SipMessage, type SipRequest } from '../sip/message';
import { UnsupportedAction } from '../endpoints/adapter';
import { callBetween, dialogOf } from './calls';
import type { Finding } from '../expect/finding';
import { describeMessage } from './describe';
import { notifies } from './notify';
import { expectAt, finalTo, isRequest } from './observe';
import { acceptsRefer, referralTo, sameParty } from './refer';
import type { Referral, SipWorld } from './world';

/**
 * Referred-By and identity (RFC 3892 §2.1–2.2, RFC 5589 §4 req 6, RFC 3325 §6, §8): checks on the
 * REFER a SUT transferor sends and on the INVITE a SUT transferee sends to the target. When the
 * party in question is scripted, the framework wrote the message: there is nothing to check.
 */

/** The triggered INVITE of the newest REFER to `transferee`, once "Z receives an INVITE…" saw it. */
function triggered(world: SipWorld, transferee: string): { r: Referral; invite: SipRequest; where: Finding['where'] } {
  const r = referralTo(world, transferee);
  if (!r.triggered) throw new Error(`no INVITE triggered by the REFER to ${transferee} was seen yet ("Then Carol receives an INVITE from ${transferee}…" first)`);
  const traceIndex = world.trace.findIndex((t) => t.bytes.includes(Buffer.from(headerValue(r.triggered!, 'call-id')!)) && t.bytes.subarray(0, 7).toString() === 'INVITE ');
  return { r, invite: r.triggered, where: { traceIndex, summary: describeMessage(r.triggered) } };
}

/** "Then Y copies Referred-By unchanged into the INVITE to Z" (RFC 3892 §2.2: value, display name, parameters). */
export function copiesReferredBy(world: SipWorld, transferee: string): void {
  if (!world.isSut(transferee)) return;
  const { r, invite, where } = triggered(world, transferee);
  const sent = headerValues(r.request, 'referred-by').map((v) => v.trim());
  const got = headerValues(invite, 'referred-by').map((v) => v.trim());
  if (sent.join('\n') !== got.join('\n')) {
    world.verdict([{ requirement: 'RFC3892-2.2-a', expected: `Referred-By copied unchanged: ${sent.join(', ') || '(none)'}`, seen: got.length ? `Referred-By: ${got.join(', ')}` : 'no Referred-By', where }]);
  }
}

/** "Then Y calls Z under the identity it has in its call with X" (RFC 3892 §2.2: the same identity to both). */
export function sameIdentity(world: SipWorld, transferee: string): void {
  if (!world.isSut(transferee)) return;
  const { r, invite, where } = triggered(world, transferee);
  const shown = parseNameAddr(headerValue(r.request, 'to')!).uri;
  const from = parseNameAddr(headerValue(invite, 'from')!).uri;
  if (!sameParty(from, shown)) world.verdict([{ requirement: 'RFC3892-2.2-d', expected: `From naming ${shown}, the identity ${transferee} has toward the transferor`, seen: `From: ${headerValue(invite, 'from')}`, where }]);
}

/**
 * "Then Y asserts no identity of its own choosing to Z": no P-Preferred-Identity sent straight to a UA
 * (RFC 3325 §6), and the untrusted REFER's P-Asserted-Identity not carried over (RFC 3325 §8).
 */
export function noIdentityHeaders(world: SipWorld, transferee: string): void {
  if (!world.isSut(transferee)) return;
  const { r, invite, where } = triggered(world, transferee);
  const f: Finding[] = [];
  const ppi = headerValues(invite, 'p-preferred-identity');
  if (ppi.length) f.push({ requirement: 'RFC3325-6-a', expected: 'no P-Preferred-Identity in a request sent straight to a UA', seen: `P-Preferred-Identity: ${ppi.join(', ')}`, where });
  const untrusted = headerValues(r.request, 'p-asserted-identity').map((v) => parseNameAddr(v).uri);
  const carried = headerValues(invite, 'p-asserted-identity').filter((v) => untrusted.includes(parseNameAddr(v).uri));
  if (carried.length) f.push({ requirement: 'RFC3325-8-a', expected: 'the P-Asserted-Identity of the untrusted REFER not used', seen: `P-Asserted-Identity: ${carried.join(', ')}`, where });
  world.verdict(f);
}

/**
 * "Then X names itself in one Referred-By of the REFER": at most one value (RFC 3892 §2.1), naming the
 * transferor (RFC 5589 §4 req 6), and a cid only with the token body part it names (RFC 3892 §2.1).
 */
export function namesReferrer(world: SipWorld, transferor: string, transferee: string): void {
  if (!world.isSut(transferor)) return;
  const r = referralTo(world, transferee);
  const x = world.parties.get(transferor)!;
  // This REFER's own trace entry (a scenario may hold several REFERs: RFC 5589 Figure 18).
  const [callId, cseq] = ['call-id', 'cseq'].map((h) => Buffer.from(headerValue(r.request, h) ?? ''));
  const where = { traceIndex: world.trace.findIndex((t) => t.bytes.subarray(0, 6).toString() === 'REFER ' && t.bytes.includes(callId) && t.bytes.includes(cseq)), summary: describeMessage(r.request) };
  const values = headerValues(r.request, 'referred-by');
  if (values.length > 1) return world.verdict([{ requirement: 'RFC3892-2.1-a', expected: 'at most one Referred-By in the REFER', seen: `${values.length}: ${values.join(' | ')}`, where }]);
  if (values.length === 0 || !sameParty(parseNameAddr(values[0]).uri, x.uri)) {
    return world.verdict([{ requirement: 'RFC5589-4-r6', expected: `Referred-By naming ${transferor} (${x.uri}), so the target learns who transfers`, seen: values.length ? `Referred-By: ${values[0]}` : 'no Referred-By', where }]);
  }
  const cid = parseNameAddr(values[0]).params.cid;
  if (typeof cid !== 'string') return;
  const id = cid.replace(/^"|"$/g, '');
  const type = headerValue(r.request, 'content-type') ?? '';
  const hasPart = /^multipart\//i.test(type) && new RegExp(`^content-id:\\s*<${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}>`, 'im').test(r.request.body.toString());
  if (!hasPart) world.verdict([{ requirement: 'RFC3892-2.1-b', expected: `a body part with Content-ID: <${id}> (the token the cid names)`, seen: `Content-Type: ${type || '(none)'}, no such part`, where }]);
}

/**
 * "Then Y accepts the REFER as R requires": like "accepts the REFER" (2xx), with the finding naming
 * the requirement the scenario is about (RFC 5589 §4 req 1, §5, RFC 3892 §2.1).
 */
export async function acceptsReferAs(world: SipWorld, to: string, requirement: string): Promise<void> {
  if (!world.isSut(to)) return void (await acceptsRefer(world, to));
  const r = referralTo(world, to);
  const got = await expectAt(world, await world.agent(r.from), finalTo(r.request), { requirement, expected: `a 2xx from ${to} to the REFER` });
  r.response = got.message;
  if (got.message.status < 200 || got.message.status >= 300) world.verdict([{ requirement, expected: '2xx to the REFER', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}

/**
 * "Then Y passes the target's 429 back to X in the final NOTIFY" (RFC 3892 §5): the sipfrag of the NOTIFY
 * that ends the subscription carries status 429, whatever its reason phrase. A scripted Y sends it.
 */
export async function passes429(world: SipWorld, notifier: string, subscriber: string): Promise<void> {
  if (!world.isSut(notifier)) return notifies(world, notifier, subscriber, 'SIP/2.0 429 Provide Referrer Identity', true);
  const r = referralTo(world, notifier);
  const isFinal = (m: SipMessage): m is SipRequest => isRequest('NOTIFY', headerValue(r.request, 'call-id'))(m) && /^terminated/i.test(headerValue(m, 'subscription-state') ?? '');
  const got = await expectAt(world, await world.agent(subscriber), isFinal, { requirement: 'RFC3892-5-a', expected: `the final NOTIFY from ${notifier}, reporting the target's 429` });
  const status = got.message.body.toString().split(/\r?\n/)[0].trim();
  if (!/^SIP\/2\.0 429\b/.test(status)) world.verdict([{ requirement: 'RFC3892-5-a', expected: 'sipfrag SIP/2.0 429 …', seen: JSON.stringify(status), where: { traceIndex: got.traceIndex } }]);
}

/** "When X refers Y to Z with a compact Referred-By": `b:` on the wire (RFC 3892 §3, RFC 3261 §7.3.3). */
export async function referCompact(world: SipWorld, x: string, y: string, z: string): Promise<void> {
  const px = await world.party(x);
  if (px.kind === 'sut') throw new UnsupportedAction(px.sut.name, 'refer', 'a REFER with a compact-form Referred-By');
  const d = dialogOf(px.agent, callBetween(world, x, y).callId);
  // A header named "b" is written as "B:", the compact form; the recorded copy is re-read so steps see "referred-by".
  const request = px.agent.ua.newInDialog(d, 'REFER', { headers: [{ name: 'refer-to', value: `<${(await world.party(z)).uri}>` }, { name: 'b', value: `<${px.uri}>` }] });
  px.agent.send(request);
  world.referrals.push({ from: x, to: y, target: z, request: parseMessage(serializeMessage(request)) as SipRequest });
}
