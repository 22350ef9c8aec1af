import { headerValue, headerValues, parseNameAddr, type SipRequest } from '../sip/message';
import { UnsupportedAction } from '../endpoints/adapter';
import { audioSdp } from '../sip/useragent';
import { breakSignature, contentIdOf, multipart, partHeader, referWithToken, signToken, sipDate, splitMultipart, tokenOf, tokenSipfrag, type MimePart } from '../endpoints/referred-by-token';
import type { Finding } from '../expect/finding';
import { callBetween, dialogOf } from './calls';
import { describeMessage } from './describe';
import { isRequest } from './observe';
import { referralTo, replacesFor } from './refer';
import type { SipWorld } from './world';

/**
 * Referred-By tokens (RFC 3892 §2.1, §2.3, §4): the REFER a transferor sends again with a token
 * after a 429, and INVITEs carrying a broken or stale token to a target. Token checks apply to a
 * SUT transferor; a scripted one built its token with the framework's own signer.
 */

/**
 * "When X refers Y to Z again, with a Referred-By token": a scripted X sends it; a SUT X is expected
 * to after Y's 429 (§2.1 MAY: a SUT that does not retry, or retries without a token, is skipped).
 */
export async function referAgainWithToken(world: SipWorld, x: string, y: string, z: string): Promise<void> {
  const px = await world.party(x);
  const target = (await world.party(z)).uri;
  if (px.kind === 'agent') {
    const request = await referWithToken(px.agent.ua, dialogOf(px.agent, callBetween(world, x, y).callId), `<${target}>`);
    px.agent.send(request);
    return void world.referrals.push({ from: x, to: y, target: z, request });
  }
  const before = referralTo(world, y);
  const agent = await world.agent(y);
  const got = await agent.inbox.claim((m) => isRequest('REFER')(m) && headerValue(m, 'cseq') !== headerValue(before.request, 'cseq'), world.config.deadlineMs);
  if (!got) throw new UnsupportedAction(px.sut.name, 'refer', 'a new REFER after the 429 (RFC 3892 §2.1 MAY)');
  const request = got.message as SipRequest;
  world.referrals.push({ from: x, to: y, target: z, request, incoming: agent.incomingFor(request) });
  if (!cidOf(request)) throw new UnsupportedAction(px.sut.name, 'refer', 'a Referred-By token in its new REFER (RFC 3892 §2.1 MAY)');
}

function cidOf(request: SipRequest): string | undefined {
  const [rb] = headerValues(request, 'referred-by');
  const cid = rb ? parseNameAddr(rb).params.cid : undefined;
  return typeof cid === 'string' ? cid : undefined;
}

/** The token of the newest REFER to `y`: the multipart/signed part (RFC 3892 §7.1) and the cid naming it. */
function tokenIn(world: SipWorld, y: string) {
  const r = referralTo(world, y);
  const traceIndex = world.trace.findIndex((t) => t.bytes.includes(Buffer.from(`${headerValue(r.request, 'cseq')}\r\n`)) && t.bytes.subarray(0, 6).toString() === 'REFER ');
  const where: Finding['where'] = { traceIndex, summary: describeMessage(r.request) };
  const parts = splitMultipart(headerValue(r.request, 'content-type') ?? '', r.request.body);
  const token = parts.find((p) => /^multipart\/signed/i.test(partHeader(p, 'content-type') ?? ''));
  return { r, cid: cidOf(r.request), token, where };
}

/** "Then the Referred-By token in the REFER to Y is a body part with the Content-ID its cid names" (RFC 3892 §4, §2.1). */
export function tokenHasContentId(world: SipWorld, y: string): void {
  const { r, cid, token, where } = tokenIn(world, y);
  if (!world.isSut(r.from) || !cid) return;
  if (!token) return world.verdict([{ requirement: 'RFC3892-2.1-b', expected: `a multipart body with the token part the cid "${cid}" names`, seen: `Content-Type: ${headerValue(r.request, 'content-type') ?? '(none)'}`, where }]);
  const id = partHeader(token, 'content-id');
  if (!id) return world.verdict([{ requirement: 'RFC3892-4-a', expected: `the token part identified by a Content-ID (${contentIdOf(cid)})`, seen: `a token part with no Content-ID (headers: ${token.headers.map((h) => h.name).join(', ')})`, where }]);
  if (id !== contentIdOf(cid)) world.verdict([{ requirement: 'RFC3892-2.1-b', expected: `Content-ID: ${contentIdOf(cid)}, equal to the Referred-By cid`, seen: `Content-ID: ${id}`, where }]);
}

/**
 * "Then the Referred-By token in the REFER to Y copies its Refer-To, Referred-By and Date, and
 * nothing that identifies the dialog" (RFC 3892 §4): the three MUST be copies; Call-ID and From
 * SHOULD NOT be there, nor To, since nothing on this plain transport identified the referee
 * cryptographically. The signature itself is the target's concern (§4.1).
 */
export function tokenCopiesRefer(world: SipWorld, y: string): void {
  const { r, token, where } = tokenIn(world, y);
  if (!world.isSut(r.from) || !token) return;
  const frag = tokenSipfrag(token)?.body.toString('latin1') ?? '';
  const inToken = (name: string): string[] => [...frag.matchAll(new RegExp(`^${name}\\s*:\\s*(.*(?:\\r?\\n[ \\t].*)*)$`, 'gim'))].map((m) => m[1].replace(/\s+/g, ' ').trim());
  const f: Finding[] = [];
  for (const name of ['Refer-To', 'Referred-By', 'Date']) {
    const want = headerValues(r.request, name.toLowerCase()).map((v) => v.replace(/\s+/g, ' ').trim());
    const got = inToken(name);
    if (!want.length || want.join('|') !== got.join('|')) f.push({ requirement: 'RFC3892-4-b', expected: `the token's ${name} a copy of the REFER's (${want.join(', ') || 'the REFER has none'})`, seen: got.length ? `${name}: ${got.join(', ')}` : `no ${name} in the token`, where });
  }
  for (const name of ['Call-ID', 'From', 'To']) {
    const got = inToken(name);
    if (got.length) f.push({ requirement: 'RFC3892-4-c', expected: `no ${name} in the token`, seen: `${name}: ${got.join(', ')}`, where });
  }
  world.verdict(f);
}

/**
 * "When X calls Y referred by W with a Referred-By token that is broken | stale": an INVITE whose
 * multipart body carries the offer and a token signed by the framework (RFC 3892 §7.1), its
 * signature then spoiled, or dated a day ago.
 */
export async function callWithToken(world: SipWorld, caller: string, callee: string, referrer: string, flaw: 'broken' | 'stale'): Promise<void> {
  const x = await world.agent(caller);
  const calleeUri = (await world.party(callee)).uri;
  const cid = `token-${Date.now()}@${x.address.host}`;
  const referredBy = `<${(await world.party(referrer)).uri}>;cid="${cid}"`;
  const date = sipDate(flaw === 'stale' ? new Date(Date.now() - 24 * 3600 * 1000) : new Date());
  const signed = await signToken([{ name: 'Refer-To', value: `<${calleeUri}>` }, { name: 'Referred-By', value: referredBy }, { name: 'Date', value: date }], cid);
  const token = flaw === 'broken' ? breakSignature(signed) : signed;
  const body = multipart('mixed', [{ headers: [{ name: 'Content-Type', value: 'application/sdp' }], body: audioSdp(x.address.host, 4000, 1) }, token]);
  const invite = x.ua.newRequest('INVITE', calleeUri, { headers: [{ name: 'content-type', value: body.contentType }, { name: 'referred-by', value: referredBy }], body: body.body });
  x.send(invite);
  world.invites.push({ from: caller, to: callee, request: invite });
}

/**
 * "When X refers Y to Z replacing the call with Z, with a Referred-By token" (RFC 5589 §8 Figure 16):
 * a scripted X's REFER carries Replaces and a token. A SUT cannot be told to sign one.
 */
export async function referReplacingWithToken(world: SipWorld, x: string, y: string, z: string): Promise<void> {
  const px = await world.party(x);
  if (px.kind === 'sut') throw new UnsupportedAction(px.sut.name, 'attended-transfer', 'a REFER with a Referred-By token on request');
  const referTo = `<${(await world.party(z)).uri}?Replaces=${encodeURIComponent(replacesFor(world, x, z))}>`;
  const request = await referWithToken(px.agent.ua, dialogOf(px.agent, callBetween(world, x, y).callId), referTo);
  px.agent.send(request);
  world.referrals.push({ from: x, to: y, target: z, request });
}

/** "Then Y copies the Referred-By token unchanged into its INVITE" (RFC 3892 §2.2: header value and token, unmodified). */
export function copiesToken(world: SipWorld, y: string): void {
  const r = referralTo(world, y);
  if (!world.isSut(y) || !r.triggered) return;
  const sent = tokenOf(r.request);
  if (!sent) throw new Error(`the REFER to ${y} carries no Referred-By token`);
  const got = tokenOf(r.triggered);
  const render = (p: MimePart) => Buffer.concat([Buffer.from(p.headers.map((h) => `${h.name.toLowerCase()}: ${h.value}\r\n`).join('')), p.body]);
  const traceIndex = world.trace.findIndex((t) => t.bytes.includes(Buffer.from(headerValue(r.triggered!, 'call-id')!)) && t.bytes.subarray(0, 7).toString() === 'INVITE ');
  if (!got || !render(got).equals(render(sent))) {
    world.verdict([{ requirement: 'RFC3892-2.2-a', expected: `the token part ${partHeader(sent, 'content-id')} copied unchanged beside the offer`, seen: got ? 'a token part that differs from the REFER\'s' : `Content-Type: ${headerValue(r.triggered, 'content-type') ?? '(none)'}, no part with that Content-ID`, where: { traceIndex, summary: describeMessage(r.triggered) } }]);
  }
}
