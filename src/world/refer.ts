import { headerValue, headerValues, parseMessage, parseNameAddr, parseUri, serializeMessage, type Header, type SipRequest, type SipResponse } from '../sip/message';
import { NotApplicable, UnsupportedAction } from '../endpoints/adapter';
import type { Finding } from '../expect/finding';
import { callBetween, dialogOf } from './calls';
import { describeMessage } from './describe';
import { expectAt, finalTo, isRequest } from './observe';
import type { Referral, SipWorld } from './world';

export interface ReferOptions {
  /** Send the REFER outside the call, identifying it with Target-Dialog (RFC 4538, RFC 7647 §4). */
  outOfDialog?: boolean;
  /** Ask for no implicit subscription (RFC 4488 §4). */
  noSubscription?: boolean;
  /** Attended transfer: Refer-To carries Replaces naming the transferor's call with the target (RFC 3891 §5.1). */
  replaces?: boolean;
  /** Header overrides from a data table: a value of "(none)" removes the header; repeated names repeat it. */
  headers?: Header[];
  /** Refer-To in its compact form "r:" (RFC 3515 §2.1, RFC 3261 §7.3.3). */
  compactReferTo?: boolean;
  /** A text body, which RFC 3515 §2.3 gives no meaning: marked optional to handle (RFC 3261 §20.11). */
  note?: string;
  /** A Contact other than the dialog's remote target so far (another user part, same address): REFER is a target refresh. */
  newContact?: boolean;
}

/** The newest REFER of the scenario sent to `to`. */
export function referralTo(world: SipWorld, to: string): Referral {
  const r = [...world.referrals].reverse().find((x) => x.to === to);
  if (!r) throw new Error(`no REFER was sent to ${to} in this scenario ("When … refers ${to} to …" first)`);
  return r;
}

/** RFC 3891 §5.1: the Replaces value, from the target's view (to-tag = the target's own tag). */
export function replacesFor(world: SipWorld, agentName: string, target: string): string {
  const call = callBetween(world, agentName, target);
  const agent = world.parties.get(agentName);
  if (agent?.kind !== 'agent') throw new Error(`${agentName} must be scripted to build Replaces`);
  const d = dialogOf(agent.agent, call.callId);
  return `${d.id.callId};to-tag=${d.id.remoteTag};from-tag=${d.id.localTag}`;
}

function applyOverrides(base: Header[], overrides: Header[] = []): Header[] {
  const names = new Set(overrides.map((h) => h.name));
  return [...base.filter((h) => !names.has(h.name)), ...overrides.filter((h) => h.value !== '(none)')];
}

/** "When X refers Y to Z": a scripted X sends the REFER; a SUT X is asked to, and the REFER awaited at Y. */
export async function refer(world: SipWorld, from: string, to: string, target: string, opts: ReferOptions = {}): Promise<Referral> {
  const px = await world.party(from);
  const py = await world.party(to);
  const pz = await world.party(target);
  if (px.kind === 'sut') return referBySut(world, from, to, target, opts);
  const call = callBetween(world, from, to);
  const dialog = dialogOf(px.agent, call.callId);
  const replaces = opts.replaces ? `?Replaces=${encodeURIComponent(replacesFor(world, from, target))}` : '';
  // A header named "r" is written as "R:", the compact form (serializer); steps read the re-parsed copy.
  let headers: Header[] = [{ name: opts.compactReferTo ? 'r' : 'refer-to', value: `<${pz.uri}${replaces}>` }, { name: 'referred-by', value: `<${px.uri}>` }];
  if (opts.note) headers.push({ name: 'content-type', value: 'text/plain' }, { name: 'content-disposition', value: 'render;handling=optional' });
  const body = opts.note ? Buffer.from(`${opts.note}\r\n`) : undefined;
  if (opts.noSubscription) headers.push({ name: 'refer-sub', value: 'false' }, { name: 'supported', value: 'norefersub' });
  let request: SipRequest;
  if (opts.outOfDialog) {
    // RFC 4538 §3: Target-Dialog names the call from the recipient's view (its tag is local-tag).
    headers.push({ name: 'target-dialog', value: `${dialog.id.callId};local-tag=${dialog.id.remoteTag};remote-tag=${dialog.id.localTag}` });
    headers.push({ name: 'require', value: 'tdialog' }); // RFC 4538 §3: SHOULD accompany Target-Dialog
    headers = applyOverrides(headers, opts.headers);
    request = px.agent.ua.newRequest('REFER', dialog.remoteTarget, { to: `<${py.uri}>`, headers, body });
  } else {
    request = px.agent.ua.newInDialog(dialog, 'REFER', { headers: applyOverrides(headers, opts.headers), body });
  }
  const moved = `<sip:${px.agent.ua.user}-moved@${px.address.host}:${px.address.port}>`;
  if (opts.newContact) request.headers = request.headers.map((h) => (h.name === 'contact' ? { name: h.name, value: moved } : h));
  px.agent.send(request);
  if (opts.compactReferTo) request = parseMessage(serializeMessage(request)) as SipRequest;
  const referral: Referral = { from, to, target, request };
  world.referrals.push(referral);
  return referral;
}

async function referBySut(world: SipWorld, from: string, to: string, target: string, opts: ReferOptions): Promise<Referral> {
  // How the SUT builds its REFER is its own business: a scripted shape cannot be imposed on it.
  if (opts.headers || opts.outOfDialog || opts.noSubscription || opts.compactReferTo || opts.note || opts.newContact) throw new UnsupportedAction('SUT', 'refer', 'a REFER of a shape the scenario dictates (headers, outside the dialog, Refer-Sub, compact form, body, Contact)');
  const y = await world.agent(to);
  const z = await world.party(target);
  await world.act(from, opts.replaces ? 'attended-transfer' : 'refer', { peer: y.uri, target: z.uri, replacing: z.uri });
  const got = await expectAt(world, y, isRequest('REFER'), { requirement: 'RFC3515-2.4.1-a', expected: `a REFER from ${from} at ${to}`, hint: `check that ${from} was told to transfer ${to} to ${target}` });
  const referral: Referral = { from, to, target, request: got.message, incoming: y.incomingFor(got.message) };
  world.referrals.push(referral);
  const findings: Finding[] = [];
  const referTo = headerValues(got.message, 'refer-to');
  const where = { traceIndex: got.traceIndex, summary: describeMessage(got.message) };
  if (referTo.length !== 1) findings.push({ requirement: 'RFC3515-2.4.1-a', expected: 'exactly one Refer-To', seen: `${referTo.length} Refer-To values`, where });
  else if (!sameParty(parseNameAddr(referTo[0]).uri, z.uri)) findings.push({ requirement: 'RFC5589-7.3-a', expected: `Refer-To naming ${target} (${z.uri})`, seen: `Refer-To: ${referTo[0]}`, where });
  if (headerValues(got.message, 'contact').length !== 1) findings.push({ requirement: 'RFC3515-2-d', expected: 'exactly one Contact in the REFER', seen: `${headerValues(got.message, 'contact').length}`, where });
  world.verdict(findings);
  return referral;
}

/** Two URIs name the same party when user, host and port agree (parameters and headers aside). */
export function sameParty(a: string, b: string): boolean {
  const x = parseUri(a);
  const y = parseUri(b);
  return x.user === y.user && x.host.toLowerCase() === y.host.toLowerCase() && (x.port ?? 5060) === (y.port ?? 5060);
}

/** The REFER as it reached a scripted recipient (claiming it from the inbox when a scripted party sent it). */
async function receivedReferral(world: SipWorld, r: Referral) {
  const y = await world.agent(r.to);
  if (!r.incoming) {
    const got = await expectAt(world, y, (m): m is SipRequest => isRequest('REFER')(m) && headerValue(m, 'cseq') === headerValue(r.request, 'cseq'), { expected: `the REFER from ${r.from} at ${r.to}` });
    r.incoming = y.incomingFor(got.message);
  }
  return { y, incoming: r.incoming! };
}

/**
 * "Then Y accepts the REFER": a SUT Y must answer 2xx — 200, or the 202 of RFC 3515 that RFC 7647 §5
 * deprecates (checked separately, `strict200`); a scripted Y answers 200 (RFC 7647 §5).
 */
export async function acceptsRefer(world: SipWorld, to: string, strict200 = false): Promise<SipResponse | undefined> {
  const r = referralTo(world, to);
  const py = await world.party(to);
  if (py.kind === 'agent') {
    const { y, incoming } = await receivedReferral(world, r);
    const noSub = headerValues(incoming.request, 'refer-sub').some((v) => v.trim().toLowerCase().startsWith('false'));
    // RFC 3515 §2.2 Table 1: a 2xx to REFER carries Contact (the UA core adds it only when the REFER creates a dialog).
    const contact = incoming.dialog ? [{ name: 'contact', value: y.ua.contact }] : [];
    y.respond(incoming, 200, { headers: [...(noSub ? [{ name: 'refer-sub', value: 'false' }] : []), ...contact] });
    return undefined;
  }
  const x = await world.agent(r.from);
  const got = await expectAt(world, x, finalTo(r.request), { requirement: 'RFC3515-2.4.2-g', expected: `a final response from ${to} to the REFER` });
  const ok = strict200 ? [200] : [200, 202];
  // Refusals RFC 3515 §2.4.2 allows ("the UA MAY decline the request"; "any appropriate 4xx-6xx"), so
  // not deviations — but what the scenario checks after an accepted REFER then does not apply:
  // 603 Decline, approval denied (RFC 3261 §21.6.2); 491 Request Pending, a request of its own was
  // still pending in the dialog (§21.4.27), e.g. the hold re-INVITE of a transfer it is carrying out.
  const allowed: Record<number, string> = { 603: 'approval denied: "the UA MAY decline the request"', 491: 'a request of its own was pending in the dialog (RFC 3261 §21.4.27)' };
  // Only a transferee must take a REFER outside a dialog (RFC 5589 §5); a SUT cast as another role
  // that does not (405 Method Not Allowed, 501 Not Implemented) declines it as §2.4.2 allows.
  const toTag = /;\s*tag=/i.test(headerValue(r.request, 'to') ?? '');
  if (!toTag && world.roleOf(to) !== 'transferee') {
    allowed[405] = allowed[501] = `a ${world.roleOf(to) ?? 'party'} need not take a REFER outside a dialog; RFC 5589 §5 asks it of a transferee`;
  }
  if (allowed[got.message.status] && !strict200) {
    r.response = got.message;
    throw new NotApplicable(`${to} refused the REFER with ${describeMessage(got.message)}, which RFC 3515 §2.4.2 allows (${allowed[got.message.status]}); the rest of the scenario needs an accepted REFER`);
  }
  if (!ok.includes(got.message.status)) {
    world.verdict([{
      requirement: strict200 ? 'RFC7647-5-a' : 'RFC3515-2.4.2-g', expected: strict200 ? '200 OK to the REFER (RFC 7647 §5 deprecates 202)' : '200 OK or 202 Accepted to the REFER',
      seen: describeMessage(got.message), where: { traceIndex: got.traceIndex }, hint: `check why ${to} declined: Refer-To, Referred-By, Require, policy`,
    }]);
  }
  r.response = got.message;
  return got.message;
}

/** "Then Y rejects the REFER with N": a SUT Y must answer N; a scripted Y does. */
export async function rejectsRefer(world: SipWorld, to: string, status: number, requirement?: string): Promise<void> {
  const r = referralTo(world, to);
  const py = await world.party(to);
  if (py.kind === 'agent') {
    const { y, incoming } = await receivedReferral(world, r);
    return void y.respond(incoming, status);
  }
  const x = await world.agent(r.from);
  const got = await expectAt(world, x, finalTo(r.request), { requirement, expected: `${status} from ${to} to the REFER` });
  r.response = got.message;
  if (got.message.status !== status) {
    world.verdict([{ requirement, expected: `${status} to the REFER`, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
  }
}
