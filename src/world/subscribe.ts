import { headerValue, headerValues, parseCSeq, parseNameAddr, parseUri, type SipRequest } from '../sip/message';
import type { Finding } from '../expect/finding';
import { buildCancel } from '../sip/transaction';
import { UnsupportedAction } from '../endpoints/adapter';
import type { Agent } from '../endpoints/agent';
import { callBetween, dialogOf } from './calls';
import { describeMessage } from './describe';
import { expectAt, expectNone, finalTo, isRequest } from './observe';
import { referralTo } from './refer';
import { answersOnWire, awaitOnWire, isNotify, sentBetween } from './wire';
import type { SipWorld } from './world';

/** SUBSCRIBEs scripted parties sent, newest last, per scenario. */
const subscribes = new WeakMap<SipWorld, { from: string; to: string; request: SipRequest; agent: Agent; at: number }[]>();

async function subscriber(world: SipWorld, x: string): Promise<Agent> {
  const p = await world.party(x);
  if (p.kind !== 'agent') throw new UnsupportedAction(p.sut.name, 'reject', 'a SUBSCRIBE of the scenario\'s making');
  return p.agent;
}

function send(world: SipWorld, from: string, to: string, agent: Agent, request: SipRequest): void {
  agent.send(request);
  const list = subscribes.get(world) ?? [];
  list.push({ from, to, request, agent, at: world.trace.length });
  subscribes.set(world, list);
}

function last(world: SipWorld, to: string) {
  const s = [...(subscribes.get(world) ?? [])].reverse().find((x) => x.to === to);
  if (!s) throw new Error(`no SUBSCRIBE was sent to ${to}`);
  return s;
}

/**
 * "When X refreshes / ends the subscription to the REFER at Y": a SUBSCRIBE (Event: refer, with the
 * id the NOTIFYs carry) in the REFER's dialog, Expires 60 or 0 (RFC 3515 §2.4.4, §3.4; RFC 6665 §4.1.2.2, §4.1.2.3).
 */
export async function resubscribe(world: SipWorld, x: string, y: string, expires: number): Promise<void> {
  const agent = await subscriber(world, x);
  const r = referralTo(world, y);
  const callId = headerValue(r.request, 'call-id')!;
  // RFC 3515 §2.4.6: from the second REFER in a dialog on, the subscription is named by id = its CSeq.
  const second = world.referrals.findIndex((o) => headerValue(o.request, 'call-id') === callId) < world.referrals.indexOf(r);
  const event = second ? `refer;id=${parseCSeq(headerValue(r.request, 'cseq')!).seq}` : 'refer';
  const dialog = dialogOf(agent, callId);
  const headers = [{ name: 'event', value: event }, { name: 'expires', value: String(expires) }];
  send(world, x, y, agent, agent.ua.newInDialog(dialog, 'SUBSCRIBE', { headers }));
}

/** "When X subscribes to refer events in the call with Y": no REFER created the subscription (RFC 3515 §2.4.4). */
export async function subscribeWithoutRefer(world: SipWorld, x: string, y: string): Promise<void> {
  const agent = await subscriber(world, x);
  const dialog = dialogOf(agent, callBetween(world, x, y).callId);
  send(world, x, y, agent, agent.ua.newInDialog(dialog, 'SUBSCRIBE', { headers: [{ name: 'event', value: 'refer' }, { name: 'expires', value: '60' }] }));
}

/** "When X subscribes to the REFER's progress at the URI Y gave": outside any dialog, new identifiers (RFC 7614 §4.4). */
export async function subscribeExplicitly(world: SipWorld, x: string, y: string): Promise<void> {
  const agent = await subscriber(world, x);
  const r = referralTo(world, y);
  const at = r.response ? headerValue(r.response, 'refer-events-at') : undefined;
  if (!at) throw new Error(`${y} gave no Refer-Events-At URI ("Then ${y}'s answer to the REFER gives a URI for its progress" first)`);
  const uri = parseNameAddr(at).uri;
  send(world, x, y, agent, agent.ua.newRequest('SUBSCRIBE', uri, { headers: [{ name: 'event', value: 'refer' }, { name: 'expires', value: '60' }] }));
}

/** "Then Y accepts the SUBSCRIBE": 2xx, but never 202 (RFC 6665 §8.3.1). */
export async function acceptsSubscribe(world: SipWorld, y: string, requirement = 'RFC3515-3.4-b'): Promise<void> {
  if (!world.isSut(y)) return;
  const s = last(world, y);
  const got = await expectAt(world, s.agent, finalTo(s.request), { requirement, expected: `a response from ${y} to the SUBSCRIBE` });
  const status = got.message.status;
  if (status >= 200 && status < 300 && status !== 202) return;
  world.verdict([{ requirement: status === 202 ? 'RFC6665-8.3.1-b' : requirement, expected: '200 OK to the SUBSCRIBE', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}

/** "Then Y rejects the SUBSCRIBE with N as R requires". */
export async function rejectsSubscribe(world: SipWorld, y: string, status: number, requirement: string): Promise<void> {
  if (!world.isSut(y)) return;
  const s = last(world, y);
  const got = await expectAt(world, s.agent, finalTo(s.request), { requirement, expected: `${status} from ${y} to the SUBSCRIBE` });
  if (got.message.status !== status) world.verdict([{ requirement, expected: `${status} to the SUBSCRIBE`, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}

/** "Then Y notifies X again for the refresh": a refresh is answered with a NOTIFY of the current state (RFC 3515 §2.4.4, RFC 6665 §4.2.1.4). */
export async function notifiesAfterRefresh(world: SipWorld, y: string, x: string): Promise<void> {
  if (!world.isSut(y)) return;
  const s = last(world, y);
  const callId = headerValue(s.request, 'call-id');
  const answered = answersOnWire(world, y, x, s.request)[0]?.traceIndex ?? s.at;
  const got = await awaitOnWire(world, y, s.agent, (m): m is SipRequest => isNotify(m) && headerValue(m, 'call-id') === callId && /^\s*active/i.test(headerValue(m, 'subscription-state') ?? ''), world.config.deadlineMs, answered);
  if (!got) return world.verdict([{ requirement: 'RFC3515-2.4.4-g', expected: `a NOTIFY (Subscription-State: active) from ${y} after the refresh SUBSCRIBE`, seen: 'none' }]);
  // RFC 6665 §4.5.2: the id of the subscribing request is in every NOTIFY for it.
  const idOf = (m: SipRequest) => /;\s*id\s*=\s*([^;\s]+)/i.exec(headerValue(m, 'event') ?? '')?.[1];
  if (idOf(got.message) !== idOf(s.request)) {
    world.verdict([{ requirement: 'RFC6665-4.5.2-c', expected: `Event: ${headerValue(s.request, 'event')} (the id of the SUBSCRIBE)`, seen: `Event: ${headerValue(got.message, 'event')}`, where: { traceIndex: got.traceIndex, summary: describeMessage(got.message) } }]);
  }
}

/** "Then Y notifies X of the final state S in the new subscription": RFC 7614 §4.7 (kept state, terminated at once). */
export async function finalStateNotify(world: SipWorld, y: string, x: string, status: string): Promise<void> {
  if (!world.isSut(y)) return;
  const s = last(world, y);
  const callId = headerValue(s.request, 'call-id');
  const got = await awaitOnWire(world, y, s.agent, (m): m is SipRequest => isNotify(m) && headerValue(m, 'call-id') === callId, world.config.deadlineMs, s.at);
  if (!got) return world.verdict([{ requirement: 'RFC7614-4.7-a', expected: `a NOTIFY with the final refer state from ${y} in the new subscription`, seen: 'none' }]);
  const m = got.message;
  const f: Finding[] = [];
  if (!/^\s*terminated\s*;\s*reason\s*=\s*noresource/i.test(headerValue(m, 'subscription-state') ?? '')) f.push({ requirement: 'RFC7614-4.7-b', expected: 'Subscription-State: terminated;reason=noresource (the reference is over)', seen: `Subscription-State: ${headerValue(m, 'subscription-state')}` });
  if (m.body.toString('utf8').split(/\r?\n/)[0].trim() !== status) f.push({ requirement: 'RFC7614-4.7-b', expected: `sipfrag "${status}" (the final state)`, seen: JSON.stringify(m.body.toString('utf8').split(/\r?\n/)[0]) });
  world.verdict(f.map((x2) => ({ ...x2, where: { traceIndex: got.traceIndex, summary: describeMessage(m) } })));
}

/**
 * "Then Y's answer to the REFER gives a URI for its progress": one Refer-Events-At, a sip:/sips: URI
 * in angle brackets (RFC 7614 §4.3, §4.8); Require of the 200 lists nothing the REFER did not (§6).
 */
export function refersEventsAt(world: SipWorld, y: string): void {
  const r = referralTo(world, y);
  if (!world.isSut(y) || !r.response) return;
  const where = { summary: describeMessage(r.response) };
  const values = headerValues(r.response, 'refer-events-at');
  const f: Finding[] = [];
  if (values.length !== 1) f.push({ requirement: 'RFC7614-4.3-b', expected: 'one Refer-Events-At in the 200 to a REFER requiring explicitsub', seen: `${values.length} Refer-Events-At values` });
  else if (!/^\s*<sips?:[^>]+>/i.test(values[0]) || !['sip', 'sips'].includes(parseUri(parseNameAddr(values[0]).uri).scheme)) {
    f.push({ requirement: 'RFC7614-4.8-a', expected: 'Refer-Events-At: <sip:…> (a SIP or SIPS URI in angle brackets)', seen: `Refer-Events-At: ${values[0]}` });
  }
  const asked = headerValues(r.request, 'require').map((t) => t.toLowerCase());
  const extra = headerValues(r.response, 'require').filter((t) => !asked.includes(t.toLowerCase()));
  if (extra.length) f.push({ requirement: 'RFC7614-6-c', expected: 'no option tag in Require of the 200 that the REFER did not require', seen: `Require: ${extra.join(', ')}` });
  world.verdict(f.map((x) => ({ ...x, where })));
}

/** "Then the REFERs to Y got different Refer-Events-At URIs": each names one refer state (RFC 7614 §4.3). */
export function distinctEventUris(world: SipWorld, y: string): void {
  if (!world.isSut(y)) return;
  const uris = world.referrals.filter((r) => r.to === y && r.response).map((r) => headerValue(r.response!, 'refer-events-at'));
  if (new Set(uris).size === uris.length) return;
  world.verdict([{ requirement: 'RFC7614-4.3-c', expected: 'a different Refer-Events-At URI for each REFER', seen: uris.join(' and ') }]);
}

/** "Then Y sends X no NOTIFY for the REFER": explicitsub and nosub create no implicit subscription (RFC 7614 §4.3, §5.3). */
export async function noNotifyForRefer(world: SipWorld, y: string, x: string): Promise<void> {
  const r = referralTo(world, y);
  if (!world.isSut(y)) return;
  const agent = await world.agent(x);
  const nosub = headerValues(r.request, 'require').some((t) => t.toLowerCase() === 'nosub');
  await expectNone(world, agent, isRequest('NOTIFY', headerValue(r.request, 'call-id')), {
    requirement: nosub ? 'RFC7614-5.3-a' : 'RFC7614-4.3-a', expected: `no NOTIFY in the REFER's dialog (the REFER required ${nosub ? 'nosub' : 'explicitsub'})`,
  }, { since: 0 });
}

/**
 * "Then Y requires explicitsub or nosub only in answers to REFER": RFC 7614 §6 — in Require of no
 * request but REFER, and of no response but a 200 or 421 to REFER.
 */
export function requiresOnlyForRefer(world: SipWorld, y: string): void {
  if (!world.isSut(y)) return;
  const f: Finding[] = [];
  for (const other of world.parties.keys()) {
    if (other === y) continue;
    for (const w of sentBetween(world, y, other)) {
      const m = w.message;
      const tags = headerValues(m, 'require').map((t) => t.trim().toLowerCase()).filter((t) => t === 'explicitsub' || t === 'nosub');
      if (!tags.length) continue;
      const where = { traceIndex: w.traceIndex, summary: describeMessage(m) };
      const method = parseCSeq(headerValue(m, 'cseq') ?? '0 ?').method;
      if (m.type === 'request' && m.method !== 'REFER') f.push({ requirement: 'RFC7614-6-a', expected: 'explicitsub and nosub in Require of REFER requests only', seen: `Require: ${tags.join(', ')} in ${m.method}`, where });
      if (m.type === 'response' && (method !== 'REFER' || ![200, 421].includes(m.status))) f.push({ requirement: 'RFC7614-6-b', expected: 'explicitsub and nosub in Require of a 200 or 421 to REFER only', seen: `Require: ${tags.join(', ')} in ${m.status} to ${method}`, where });
    }
  }
  world.verdict(f);
}

const cancels = new WeakMap<SipWorld, { agent: Agent; request: SipRequest }>();

/** "When X cancels its SUBSCRIBE to Y": a CANCEL for the last SUBSCRIBE (a test of RFC 6665 §4.6; real UAs SHOULD NOT). */
export async function cancelSubscribe(world: SipWorld, x: string, y: string): Promise<void> {
  const s = last(world, y);
  if (s.agent !== (await world.agent(x))) throw new Error(`the last SUBSCRIBE to ${y} was not sent by ${x}`);
  const request = buildCancel(s.request);
  s.agent.send(request);
  cancels.set(world, { agent: s.agent, request });
}

/**
 * "Then Y answers the CANCEL with 200": a CANCEL matching a SUBSCRIBE transaction is answered and
 * otherwise ignored (RFC 6665 §4.6); as it matched a transaction, the answer is 200 (RFC 3261 §9.2).
 * Later steps show the subscription going on unchanged.
 */
export async function answersCancel(world: SipWorld, y: string): Promise<void> {
  if (!world.isSut(y)) return;
  const c = cancels.get(world);
  if (!c) throw new Error('no CANCEL was sent in this scenario');
  const got = await expectAt(world, c.agent, finalTo(c.request), { requirement: 'RFC6665-4.6-a', expected: `a response from ${y} to the CANCEL` });
  // RFC 3261 §17.2.2: over a reliable transport Timer J is zero, so the answered SUBSCRIBE's transaction
  // is already gone and the CANCEL matches none: 481 (§9.2) is then the right answer.
  if (got.message.status === 481 && world.transport !== 'udp') return;
  if (got.message.status !== 200) world.verdict([{ requirement: 'RFC6665-4.6-a', expected: '200 to a CANCEL matching the SUBSCRIBE transaction', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}
