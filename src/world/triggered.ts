import { headerValue, headerValues, parseNameAddr, parseReplaces, parseUri, type Header, type SipRequest } from '../sip/message';
import type { Finding } from '../expect/finding';
import { tokenOf } from '../endpoints/referred-by-token';
import { callBetween, dialogOf, sendInvite } from './calls';
import { describeMessage } from './describe';
import { expectAt, isRequest } from './observe';
import { referralTo, sameParty } from './refer';
import type { Referral, SipWorld } from './world';

/** The INVITE a transferee must send for a REFER: to the Refer-To URI, its URI headers as headers (RFC 3515 §2.4.3). */
function triggeredHeaders(r: Referral): { uri: string; headers: Header[] } {
  const referTo = parseNameAddr(headerValues(r.request, 'refer-to')[0]);
  const headers: Header[] = [];
  const referredBy = headerValue(r.request, 'referred-by');
  if (referredBy) headers.push({ name: 'referred-by', value: referredBy });
  if (referTo.uriHeaders?.replaces) headers.push({ name: 'replaces', value: referTo.uriHeaders.replaces });
  const u = parseUri(referTo.uri);
  // RFC 3515 §2.4.3: the URI's headers become the request's; its parameters (transport, gr…) stay in
  // the Request-URI, but `method`, which only says which request to send (RFC 3261 §19.1.1).
  const params = Object.entries(u.params).filter(([k]) => k !== 'method').map(([k, v]) => (v === true ? `;${k}` : `;${k}=${String(v)}`)).join('');
  return { uri: `${u.scheme}:${u.user ? `${u.user}@` : ''}${u.host}${u.port ? `:${u.port}` : ''}${params}`, headers };
}

/**
 * "Then Z receives an INVITE from Y referred by X" (and, with `replacing`, "…replacing the call with X"):
 * a SUT transferee Y must send it; a scripted Y sends it to a SUT target Z.
 */
export async function receivesTriggeredInvite(world: SipWorld, z: string, y: string, x: string, replacing = false): Promise<void> {
  const r = referralTo(world, y);
  const pz = await world.party(z);
  const py = await world.party(y);
  if (py.kind === 'agent') {
    const { uri, headers } = triggeredHeaders(r);
    r.triggered = sendInvite(world, py.agent, z, uri, headers, tokenOf(r.request));
    return;
  }
  if (pz.kind !== 'agent') throw new Error('the target must be scripted when the transferee is the SUT');
  const got = await expectAt(world, pz.agent, isRequest('INVITE'), {
    requirement: 'RFC3515-2.4.2-b', expected: `an INVITE from ${y} at ${z}`, hint: `check that ${y} acts on the Refer-To URI`,
  });
  r.triggered = got.message;
  const where = { traceIndex: got.traceIndex, summary: describeMessage(got.message) };
  const findings = [...checkTarget(got.message, pz.uri), ...checkReferredBy(r, got.message)];
  if (replacing) findings.push(...checkReplaces(world, got.message, z, x));
  world.verdict(findings.map((f) => ({ ...f, where })));
}

function checkTarget(invite: SipRequest, targetUri: string): Finding[] {
  if (invite.uri.includes('?')) return [{ requirement: 'RFC3515-2.4.3-a', expected: 'the Refer-To URI headers turned into request headers', seen: `Request-URI ${invite.uri}` }];
  if (!sameParty(invite.uri, targetUri)) return [{ requirement: 'RFC3515-2.4.2-b', expected: `the INVITE sent to the Refer-To URI ${targetUri}`, seen: `Request-URI ${invite.uri}` }];
  return [];
}

/**
 * RFC 3892 §2.2: the Referred-By of the REFER is copied unchanged into the triggered request;
 * §3: a referrer URI with a comma, question mark or semicolon stays in angle brackets.
 */
function checkReferredBy(r: Referral, invite: SipRequest): Finding[] {
  const sent = headerValue(r.request, 'referred-by');
  if (!sent) return [];
  const got = headerValues(invite, 'referred-by');
  const bare = got.filter((v) => !/^\s*(?:<|")/.test(v));
  const brackets: Finding[] = /[,?;]/.test(parseNameAddr(sent).uri) && bare.length
    ? [{ requirement: 'RFC3892-3-b', expected: `the referrer URI ${parseNameAddr(sent).uri}, which has parameters, in angle brackets`, seen: `Referred-By: ${bare.join(', ')}` }] : [];
  if (got.length === 1 && parseNameAddr(got[0]).uri === parseNameAddr(sent).uri) return brackets;
  return [...brackets, { requirement: 'RFC3892-2.2-a', expected: `Referred-By: ${sent} copied from the REFER`, seen: got.length ? `Referred-By: ${got.join(', ')}` : 'no Referred-By header' }];
}

/** RFC 3891 §3/§4: the Replaces header names the target's call with the transferor, from the target's view. */
function checkReplaces(world: SipWorld, invite: SipRequest, z: string, x: string): Finding[] {
  const values = headerValues(invite, 'replaces');
  if (values.length !== 1) return [{ requirement: 'RFC3891-4-a', expected: 'exactly one Replaces header carried over from the Refer-To URI', seen: `${values.length} Replaces headers` }];
  const agent = world.parties.get(z);
  if (agent?.kind !== 'agent') return [];
  const d = dialogOf(agent.agent, callBetween(world, x, z).callId);
  const rep = parseReplaces(values[0]);
  if (rep.callId === d.id.callId && rep.toTag === d.id.localTag && rep.fromTag === d.id.remoteTag) return [];
  return [{ requirement: 'RFC3891-3-a', expected: `Replaces: ${d.id.callId};to-tag=${d.id.localTag};from-tag=${d.id.remoteTag}`, seen: `Replaces: ${values[0]}` }];
}
