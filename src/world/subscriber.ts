import { headerValue, parseCSeq, type Header, type SipRequest } from '../sip/message';
import { UnsupportedAction } from '../endpoints/adapter';
import type { Agent } from '../endpoints/agent';
import { callBetween, dialogOf } from './calls';
import { describeMessage } from './describe';
import { expectAt, expectNone, finalTo, isRequest } from './observe';
import { referralTo } from './refer';
import type { SipWorld } from './world';

/** The NOTIFYs scripted parties sent to a SUT subscriber, newest last, per scenario. */
const sent = new WeakMap<SipWorld, { from: string; to: string; request: SipRequest; agent: Agent }[]>();

interface NotifyShape { event: string; state: string; body: string; extra?: Header[] }

async function scripted(world: SipWorld, name: string): Promise<Agent> {
  const p = await world.party(name);
  if (p.kind !== 'agent') throw new UnsupportedAction(p.sut.name, 'reject', 'a NOTIFY of the scenario\'s making (it is the notifier here)');
  return p.agent;
}

/** A scripted notifier Y sends X a NOTIFY in the REFER's dialog (or, `inCall`, in their call with no REFER). */
async function sendNotify(world: SipWorld, y: string, x: string, shape: NotifyShape, inCall = false): Promise<SipRequest> {
  const agent = await scripted(world, y);
  const dialog = inCall ? dialogOf(agent, callBetween(world, x, y).callId) : referralTo(world, y).incoming?.dialog;
  if (!dialog) throw new Error(`${y} has no dialog with ${x} to send the NOTIFY in`);
  const headers: Header[] = [
    { name: 'event', value: shape.event },
    { name: 'subscription-state', value: shape.state },
    { name: 'content-type', value: 'message/sipfrag;version=2.0' },
    ...(shape.extra ?? []),
  ];
  const request = agent.ua.newInDialog(dialog, 'NOTIFY', { headers, body: Buffer.from(shape.body) });
  agent.send(request);
  const list = sent.get(world) ?? [];
  list.push({ from: y, to: x, request, agent });
  sent.set(world, list);
  return request;
}

/** The SUT's final response to the newest NOTIFY a scripted party sent it. */
async function answerTo(world: SipWorld, x: string, requirement: string) {
  const last = [...(sent.get(world) ?? [])].reverse().find((s) => s.to === x);
  if (!last) throw new Error(`no scripted NOTIFY was sent to ${x}`);
  return expectAt(world, last.agent, finalTo(last.request), { requirement, expected: `a response from ${x} to the NOTIFY` });
}

async function expect200(world: SipWorld, x: string, requirement: string): Promise<void> {
  const got = await answerTo(world, x, requirement);
  if (got.message.status === 200) return;
  world.verdict([{ requirement: got.message.status === 202 ? 'RFC6665-8.3.1-b' : requirement, expected: '200 OK to the NOTIFY', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}

/** "When Y sends X a NOTIFY for event E in their call": no subscription exists for it (RFC 6665 §4.1.3). */
export async function notifyOutsideSubscription(world: SipWorld, y: string, x: string, event: string): Promise<void> {
  await sendNotify(world, y, x, { event, state: 'active;expires=60', body: 'SIP/2.0 100 Trying\r\n' }, true);
}

/**
 * "Then X refuses the NOTIFY" (RFC 6665 §4.1.3). A NOTIFY for a package X supports (refer: X sent
 * REFER) that matches no subscription MUST get 481 unless another 4xx/5xx is more appropriate: a
 * challenge or refusal (NOTIFYs SHOULD be authenticated, same clause) or a server condition. Not
 * 489, which says the package is not understood (§8.3.2), nor 405/501 for NOTIFY itself. A NOTIFY
 * for a package X does not support matches no subscription either; §4.1.3 names 489 for it, the
 * "more appropriate" answer that says why, so a plain 481 there is a finding against RFC6665-4.1.3-b.
 */
const REFUSALS: Record<string, number[]> = { 'RFC6665-4.1.3-a': [481, 401, 403, 407, 500, 503], 'RFC6665-4.1.3-b': [489] };

export async function refusesNotify(world: SipWorld, x: string, requirement: string): Promise<void> {
  const want = REFUSALS[requirement];
  if (!want) throw new Error(`"refuses the NOTIFY" checks ${Object.keys(REFUSALS).join(' or ')}, not ${requirement}`);
  const got = await answerTo(world, x, requirement);
  if (want.includes(got.message.status)) return;
  const expected = requirement === 'RFC6665-4.1.3-b' ? '489 Bad Event (the event package is not supported)' : `481 Subscription Does Not Exist (or ${want.slice(1).join('/')})`;
  world.verdict([{ requirement, expected, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}

/** "Then Y notifies X with sipfrag S and the Event id of the REFER": allowed for the first REFER too (RFC 3515 §2.4.6). */
export async function notifyWithId(world: SipWorld, y: string, x: string, status: string): Promise<void> {
  const id = parseCSeq(headerValue(referralTo(world, y).request, 'cseq')!).seq;
  await sendNotify(world, y, x, { event: `refer;id=${id}`, state: 'active;expires=60', body: `${status}\r\n` });
  await expect200(world, x, 'RFC3515-2.4.6-b');
}

/** "…with sipfrag S and response headers, ending the subscription": a sipfrag may carry more than the status line (RFC 3515 §2.4.5, RFC 3420 §2). */
export async function notifyWithHeaders(world: SipWorld, y: string, x: string, status: string): Promise<void> {
  const r = referralTo(world, y);
  const z = await world.party(r.target);
  const frag = `${status}\r\nTo: <${z.uri}>;tag=7a3f\r\nContact: <${z.uri}>\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n`;
  await sendNotify(world, y, x, { event: 'refer', state: 'terminated;reason=noresource', body: frag });
  await expect200(world, x, 'RFC3515-2.4.5-e');
}

/** "…ending the subscription with retry-after": a terminated state may carry retry-after (RFC 6665 §4.2.2). */
export async function notifyRetryAfter(world: SipWorld, y: string, x: string, status: string): Promise<void> {
  await sendNotify(world, y, x, { event: 'refer', state: 'terminated;reason=noresource;retry-after=30', body: `${status}\r\n` });
  await expect200(world, x, 'RFC6665-4.2.2-g');
}

/** "Then X does not subscribe to Y again": no SUBSCRIBE after a noresource termination (RFC 6665 §4.1.3). */
export async function noResubscribe(world: SipWorld, x: string, y: string): Promise<void> {
  if (!world.isSut(x)) return;
  const agent = await world.agent(y);
  await expectNone(world, agent, isRequest('SUBSCRIBE'), { requirement: 'RFC6665-4.1.3-d', expected: `no SUBSCRIBE from ${x} after the subscription ended with reason noresource` }, { since: 0 });
}

/** "…with sipfrag S and a stray Refer-Events-At": the header means nothing outside a 2xx to REFER and is ignored (RFC 7614 §4.8). */
export async function notifyWithStrayEventsAt(world: SipWorld, y: string, x: string, status: string): Promise<void> {
  const agent = await scripted(world, y);
  await sendNotify(world, y, x, { event: 'refer', state: 'active;expires=60', body: `${status}\r\n`, extra: [{ name: 'refer-events-at', value: `<${agent.uri};refer-events=stray>` }] });
  await expect200(world, x, 'RFC7614-4.8-b');
}

/** "Then Y accepts the REFER with 202 Accepted": the RFC 3515 answer a transferor must still handle (RFC 7647 §5). */
export async function acceptsWith202(world: SipWorld, y: string): Promise<void> {
  const agent = await scripted(world, y);
  const r = referralTo(world, y);
  if (!r.incoming) throw new Error(`the REFER to ${y} has not arrived yet`);
  agent.respond(r.incoming, 202, { headers: r.incoming.dialog ? [{ name: 'contact', value: agent.ua.contact }] : [] });
}
