import { headerValue, headerValues, parseNameAddr, parseSipfrag, parseVia, serializeMessage, type SipMessage, type SipRequest, type SipResponse } from '../sip/message';
import { reasonPhrase } from '../sip/useragent';
import type { Finding } from '../expect/finding';
import { callBetween } from './calls';
import { describeMessage, lastSeen } from './describe';
import { expectAt, finalTo } from './observe';
import { referralTo, sameParty } from './refer';
import { awaitOnWire } from './wire';
import type { SipWorld } from './world';

/** "Then Y declines the REFER as R requires": any final 3xx–6xx (RFC 3515 §2.4.2 leaves the code open). */
export async function declinesRefer(world: SipWorld, y: string, requirement: string): Promise<void> {
  const r = referralTo(world, y);
  if (!world.isSut(y)) throw new Error(`${y} is scripted; "${y} rejects the REFER with <status>" says how it declines`);
  const x = await world.agent(r.from);
  const got = await expectAt(world, x, finalTo(r.request), { requirement, expected: `a final response from ${y} to the REFER` });
  r.response = got.message;
  if (got.message.status >= 300) return;
  world.verdict([{ requirement, expected: 'a 3xx–6xx declining the REFER', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}

function fragStatus(m: SipMessage): number | undefined {
  try {
    const frag = parseSipfrag(m.body, { lenient: true });
    return frag.type === 'response' ? frag.status : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "Then Y notifies X that the transfer failed with N": a SUT notifier's final NOTIFY must report a
 * failure class (RFC 3515 §2.4.5: the status line reports the outcome; a minimal notifier may say 503
 * or 603); a scripted notifier sends "SIP/2.0 N …" and the SUT subscriber must accept it.
 */
export async function notifiesFailure(world: SipWorld, y: string, x: string, status: number): Promise<void> {
  const r = referralTo(world, y);
  const callId = headerValue(r.request, 'call-id');
  if (!world.isSut(y)) {
    const agent = await world.agent(y);
    const dialog = r.incoming?.dialog;
    if (!dialog) throw new Error(`${y} has not accepted the REFER yet`);
    const notify = agent.ua.newInDialog(dialog, 'NOTIFY', {
      headers: [{ name: 'event', value: 'refer' }, { name: 'subscription-state', value: 'terminated;reason=noresource' }, { name: 'content-type', value: 'message/sipfrag;version=2.0' }],
      body: Buffer.from(`SIP/2.0 ${status} ${reasonPhrase(status)}\r\n`),
    });
    agent.send(notify);
    if (!world.isSut(x)) return;
    const got = await expectAt(world, agent, finalTo(notify), { requirement: 'RFC6665-4.1.3-g', expected: `a response from ${x} to the NOTIFY` });
    if (got.message.status !== 200) world.verdict([{ requirement: 'RFC6665-4.1.3-g', expected: '200 OK to the final NOTIFY', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
    return;
  }
  const agent = await world.agent(x);
  const isFinal = (m: SipMessage): m is SipRequest => m.type === 'request' && m.method === 'NOTIFY' && headerValue(m, 'call-id') === callId && /^\s*terminated/i.test(headerValue(m, 'subscription-state') ?? '');
  const got = await agent.inbox.claim(isFinal, world.config.deadlineMs);
  if (!got) return world.verdict([{ requirement: 'RFC3515-2.4.7-b', expected: `a final NOTIFY from ${y} reporting the target's ${status}`, seen: lastSeen(agent) }]);
  r.finalNotifyAt = agent.inbox.items.indexOf(got) + 1;
  const reported = fragStatus(got.message);
  if (reported === undefined || reported < 300) {
    world.verdict([{ requirement: 'RFC3515-2.4.5-b', expected: `a failure status line (3xx–6xx) in the final sipfrag: the target answered ${status}`, seen: JSON.stringify(got.message.body.toString('utf8').split(/\r?\n/)[0]), where: { traceIndex: got.traceIndex, summary: describeMessage(got.message) } }]);
  }
}

/**
 * "Then the REFER from X stays in the call with Y": the peer never advertised tdialog, so the REFER
 * goes inside the dialog (RFC 4538 §3), to the remote target like any in-dialog request (RFC 3515 §2).
 */
export async function referInCall(world: SipWorld, x: string, y: string): Promise<void> {
  if (!world.isSut(x)) return;
  const r = referralTo(world, y);
  const call = callBetween(world, x, y);
  const m = r.request;
  const where = { summary: describeMessage(m) };
  const f: Finding[] = [];
  const toTag = /;\s*tag=/i.test(headerValue(m, 'to') ?? '');
  if (headerValue(m, 'call-id') !== call.callId || !toTag) f.push({ requirement: 'RFC4538-3-e', expected: `the REFER inside the call (Call-ID ${call.callId}, To with the dialog's tag): ${y} never advertised tdialog`, seen: `Call-ID ${headerValue(m, 'call-id')}, To: ${headerValue(m, 'to')}` });
  if (headerValues(m, 'target-dialog').length) f.push({ requirement: 'RFC4538-3-b', expected: `no Target-Dialog toward ${y}, which never advertised tdialog`, seen: `Target-Dialog: ${headerValue(m, 'target-dialog')}` });
  const peer = await world.party(y);
  // The scripted peer's Contact is its URI (RFC 3261 §12.1: the dialog's remote target).
  if (!sameParty(m.uri, peer.uri)) f.push({ requirement: 'RFC3515-2-e', expected: `Request-URI = ${y}'s Contact (the dialog's remote target)`, seen: `Request-URI ${m.uri}` });
  world.verdict(f.map((x2) => ({ ...x2, where })));
}

/**
 * "Then Y answers a retransmission of the REFER with the same response": REFER is a non-INVITE
 * request (RFC 3515 §2): its response copies Via and CSeq (RFC 3261 §8.2.6.2), and the server
 * transaction answers a retransmission with the same final response again (§17.2.2).
 */
export async function answersRetransmission(world: SipWorld, y: string): Promise<void> {
  const r = referralTo(world, y);
  if (!world.isSut(y)) return;
  const x = await world.agent(r.from);
  const first = r.response ?? (await expectAt(world, x, finalTo(r.request), { requirement: 'RFC3515-2-a', expected: `a final response from ${y} to the REFER` })).message;
  const f: Finding[] = [];
  // Via copied: same values and branch; received/rport may be added (RFC 3261 §18.2.1, RFC 3581 §4).
  const branches = (m: SipMessage) => headerValues(m, 'via').map((v) => String(parseVia(v).params.branch)).join('|');
  const sameVia = headerValues(first, 'via').length === headerValues(r.request, 'via').length && branches(first) === branches(r.request);
  if (!sameVia || headerValue(first, 'cseq') !== headerValue(r.request, 'cseq')) f.push({ requirement: 'RFC3515-2-a', expected: 'Via and CSeq of the REFER copied into its response', seen: `Via: ${headerValues(first, 'via').join(', ')}; CSeq: ${headerValue(first, 'cseq')}`, where: { summary: describeMessage(first) } });
  const since = world.trace.length;
  x.ua.transport.send(serializeMessage(r.request), world.parties.get(y)!.address); // the same bytes again, as Timer E would
  const again = await awaitOnWire(world, y, x, (m): m is SipResponse => finalTo(r.request)(m), world.config.deadlineMs, since);
  if (!again) f.push({ requirement: 'RFC3515-2-a', expected: `the final response to the REFER sent again for its retransmission within ${world.config.deadlineMs} ms`, seen: 'no response' });
  else if (again.message.type === 'response' && again.message.status !== first.status) f.push({ requirement: 'RFC3515-2-a', expected: `${first.status} again, as first answered`, seen: describeMessage(again.message), where: { traceIndex: again.traceIndex } });
  world.verdict(f);
}

/**
 * "Then Y's M to X goes to the Contact of the REFER": REFER is a target refresh request, with
 * Refer-Sub as without (RFC 4488 §4): its Contact becomes the remote target of Y's later requests
 * in the dialog (RFC 3261 §12.2.1.2, §12.2.2).
 */
export async function goesToReferContact(world: SipWorld, y: string, method: string, x: string): Promise<void> {
  const r = referralTo(world, y);
  if (!world.isSut(y)) return;
  const contact = parseNameAddr(headerValue(r.request, 'contact') ?? '').uri;
  const since = world.trace.findIndex((t) => t.bytes.includes(Buffer.from(headerValue(r.request, 'call-id') ?? '')) && t.bytes.subarray(0, 6).toString() === 'REFER ');
  const got = await awaitOnWire(world, y, await world.agent(x), (m): m is SipRequest => m.type === 'request' && m.method === method && headerValue(m, 'call-id') === headerValue(r.request, 'call-id'), world.config.deadlineMs, Math.max(0, since));
  if (!got) return world.verdict([{ requirement: 'RFC4488-4-c', expected: `a ${method} from ${y} to ${x} in the REFER's dialog`, seen: 'none' }]);
  if (!sameParty(got.message.uri, contact)) world.verdict([{ requirement: 'RFC4488-4-c', expected: `Request-URI ${contact} (the REFER's Contact: REFER is a target refresh)`, seen: `Request-URI ${got.message.uri}`, where: { traceIndex: got.traceIndex, summary: describeMessage(got.message) } }]);
}
