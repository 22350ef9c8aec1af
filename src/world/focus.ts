import { headerValue, parseEvent, parseMessage, type SipRequest } from '../sip/message';
import { UnsupportedAction } from '../endpoints/adapter';
import type { Agent } from '../endpoints/agent';
import type { IncomingRequest } from '../sip/useragent';
import type { Finding } from '../expect/finding';
import { callBetween } from './calls';
import { describeMessage } from './describe';
import { sameParty } from './refer';
import type { SipWorld } from './world';

/**
 * A transferor acting as the focus of an ad hoc conference (RFC 5589 §9, Figure 17; RFC 4579): its
 * requests carry its conference URI as Contact, with the isfocus feature tag (RFC 3840 §9), and it
 * answers SUBSCRIBEs to the conference package (RFC 4575). Only a scripted party plays the focus.
 */

interface Focus { name: string; uri: string; since: number }
const foci = new WeakMap<SipWorld, Focus>();

/** "When X acts as the focus of a conference": from now on X's requests carry Contact: <conference URI>;isfocus. */
export async function becomesFocus(world: SipWorld, x: string): Promise<void> {
  const p = await world.party(x);
  if (p.kind === 'sut') throw new UnsupportedAction(p.sut.name, 'hold', 'the requests of a conference focus (Contact with ;isfocus, RFC 4579)');
  const { host, port } = p.address;
  const uri = `sip:conf-${p.agent.ua.user}@${host.includes(':') ? `[${host}]` : host}:${port}`;
  p.agent.contactOverride = `<${uri}>;isfocus`;
  p.agent.responders.push((incoming) => answerConferenceSubscribe(p.agent, uri, incoming));
  foci.set(world, { name: x, uri, since: world.trace.length });
}

/**
 * RFC 4575 §3: a SUBSCRIBE to the conference package gets 200 with Expires (RFC 6665 §4.2.1.1) and a
 * NOTIFY with the conference state at once (§4.2.1.2), terminated when Expires is 0. Subscribing is the
 * SUT's choice (RFC 5589 §9 describes it; nothing requires it), so no step waits for one.
 */
function answerConferenceSubscribe(agent: Agent, uri: string, incoming: IncomingRequest): boolean {
  const { request } = incoming;
  const event = headerValue(request, 'event');
  if (request.method !== 'SUBSCRIBE' || !event || parseEvent(event).package.toLowerCase() !== 'conference') return false;
  const expires = Math.min(Number(headerValue(request, 'expires') ?? 3600) || 0, 3600);
  agent.respond(incoming, 200, { headers: [{ name: 'expires', value: String(expires) }] });
  const dialog = incoming.dialog;
  if (!dialog) return true;
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\r\n<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="${uri}" state="full" version="1"/>\r\n`);
  const state = expires > 0 ? `active;expires=${expires}` : 'terminated;reason=timeout';
  agent.send(agent.ua.newInDialog(dialog, 'NOTIFY', {
    headers: [{ name: 'event', value: 'conference' }, { name: 'subscription-state', value: state }, { name: 'content-type', value: 'application/conference-info+xml' }],
    body,
  }));
  return true;
}

/**
 * "Then X sent its requests in the call with Y to the conference URI": every request the SUT playing X
 * sent in its call with the focus Y after Y became focus went to Y's conference URI, the Contact of Y's
 * re-INVITE or INVITE (RFC 3261 §12.2.2: a target refresh replaces the remote target; §12.1.1 for the
 * INVITE that set up the call).
 */
export function sentToConference(world: SipWorld, x: string, y: string): void {
  if (!world.isSut(x)) return;
  const focus = foci.get(world);
  if (!focus || focus.name !== y) throw new Error(`${y} is not the focus of a conference ("When ${y} acts as the focus of a conference" first)`);
  const sut = world.parties.get(x)!;
  const callId = callBetween(world, x, y).callId;
  const sent = world.trace.map((r, traceIndex) => ({ r, traceIndex })).slice(focus.since)
    .filter(({ r }) => r.direction === 'in' && r.src.host === sut.address.host && r.src.port === sut.address.port)
    .map(({ r, traceIndex }) => ({ m: safeParse(r.bytes), traceIndex }))
    .filter((e): e is { m: SipRequest; traceIndex: number } => e.m?.type === 'request' && e.m.method !== 'ACK' && headerValue(e.m, 'call-id') === callId);
  if (sent.length === 0) throw new Error(`${x} sent no request in its call with ${y} yet: put this step after one (a NOTIFY, a BYE)`);
  const requirement = world.roleOf(x) === 'target' ? 'RFC5589-9-b' : 'RFC3261-12.2.2-a';
  const wrong = sent.filter(({ m }) => !sameParty(m.uri, focus.uri));
  world.verdict(wrong.map(({ m, traceIndex }): Finding => ({
    requirement, expected: `Request-URI ${focus.uri}, the conference URI ${y} gave as Contact`, seen: `${describeMessage(m)}`, where: { traceIndex, summary: describeMessage(m) },
  })));
}

function safeParse(bytes: Buffer) {
  try {
    return parseMessage(bytes, { lenient: true });
  } catch {
    return undefined;
  }
}
