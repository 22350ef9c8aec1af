import { headerValue, headerValues, parseSubscriptionState, type SipMessage, type SipRequest } from '../sip/message';
import type { Finding } from '../expect/finding';
import { describeMessage } from './describe';
import { expectNone, isRequest } from './observe';
import { referralTo } from './refer';
import { answersOnWire, awaitOnWire, isNotify, sentBetween, tagOf, type OnWire } from './wire';
import type { Referral, SipWorld } from './world';

/** Where the REFER is in the trace: NOTIFYs of its subscription come after it. */
export function referIndex(world: SipWorld, r: Referral): number {
  const hit = sentBetween(world, r.from, r.to).find((w) => w.message.type === 'request' && w.message.method === 'REFER'
    && headerValue(w.message, 'cseq') === headerValue(r.request, 'cseq') && headerValue(w.message, 'call-id') === headerValue(r.request, 'call-id'));
  return hit?.traceIndex ?? 0;
}

/** The NOTIFYs a party sent for the REFER (same Call-ID), as they crossed the wire. */
export function notifiesFor(world: SipWorld, r: Referral): OnWire<SipRequest>[] {
  const callId = headerValue(r.request, 'call-id');
  return sentBetween(world, r.to, r.from, referIndex(world, r)).filter((w) => isNotify(w.message) && headerValue(w.message, 'call-id') === callId) as OnWire<SipRequest>[];
}

function stateOf(m: SipMessage): ReturnType<typeof parseSubscriptionState> | undefined {
  try {
    return parseSubscriptionState(headerValue(m, 'subscription-state') ?? '');
  } catch {
    return undefined;
  }
}

/** RFC 6665 §4.2.2 / §4.1.3: active and pending carry expires; terminated carries a reason and no expires. */
export function stateFindings(m: SipMessage): Finding[] {
  const raw = headerValue(m, 'subscription-state');
  const st = stateOf(m);
  if (!st || !['active', 'pending', 'terminated'].includes(st.state)) {
    return [{ requirement: 'RFC6665-4.2.2-d', expected: 'Subscription-State: active, pending or terminated', seen: raw ? `Subscription-State: ${raw}` : 'none' }];
  }
  if (st.state !== 'terminated' && st.expires === undefined) return [{ requirement: 'RFC6665-4.2.2-d', expected: `Subscription-State: ${st.state};expires=<seconds>`, seen: `Subscription-State: ${raw}` }];
  if (st.state !== 'terminated') return [];
  const f: Finding[] = [];
  if (!st.reason) f.push({ requirement: 'RFC6665-4.2.2-e', expected: 'a reason on Subscription-State: terminated', seen: `Subscription-State: ${raw}` });
  if (st.expires !== undefined) f.push({ requirement: 'RFC6665-4.1.3-f', expected: 'no expires on Subscription-State: terminated', seen: `Subscription-State: ${raw}` });
  return f;
}

/**
 * "Then Y's first NOTIFY to X comes at once, in the REFER's dialog": RFC 6665 §4.2.2 (NOTIFY right
 * after accepting), RFC 3515 §2.4.4 (the REFER's dialog identifiers; the first NOTIFY states the duration).
 */
export async function firstNotify(world: SipWorld, notifier: string, subscriber: string): Promise<void> {
  const r = referralTo(world, notifier);
  if (!world.isSut(notifier)) return;
  const x = await world.agent(subscriber);
  const got = await awaitOnWire(world, notifier, x, isNotify, world.config.deadlineMs, referIndex(world, r));
  if (!got) {
    return world.verdict([{ requirement: 'RFC6665-4.2.2-a', expected: `a NOTIFY from ${notifier} right after it accepted the REFER, within ${world.config.deadlineMs} ms`, seen: 'no NOTIFY', hint: 'the first NOTIFY must not wait for the referenced request to complete' }]);
  }
  const m = got.message;
  const f: Finding[] = [];
  const want = { callId: headerValue(r.request, 'call-id'), toTag: tagOf(r.request, 'from'), fromTag: r.response ? tagOf(r.response, 'to') : undefined };
  const seen = { callId: headerValue(m, 'call-id'), toTag: tagOf(m, 'to'), fromTag: tagOf(m, 'from') };
  if (seen.callId !== want.callId || seen.toTag !== want.toTag || (want.fromTag && seen.fromTag !== want.fromTag)) {
    f.push({ requirement: 'RFC3515-2.4.4-b', expected: `Call-ID ${want.callId}, To tag ${want.toTag}${want.fromTag ? `, From tag ${want.fromTag}` : ''} (the REFER's dialog)`, seen: `Call-ID ${seen.callId}, To tag ${seen.toTag}, From tag ${seen.fromTag}` });
  }
  const st = stateOf(m);
  if (st?.state !== 'terminated') f.push(...stateFindings(m).map((x) => ({ ...x, requirement: st ? x.requirement : 'RFC3515-2.4.4-i' })));
  world.verdict(f.map((x) => ({ ...x, where: { traceIndex: got.traceIndex, summary: describeMessage(m) } })));
}

/**
 * "Then Y ends the subscription of X with reason R": a terminated NOTIFY with that reason, and no
 * expires (RFC 6665 §4.1.3, §4.2.2; noresource: RFC 3515 §2.4.7; timeout after unsubscribing: §4.2.1.4).
 */
export async function endsSubscription(world: SipWorld, notifier: string, subscriber: string, reason: string): Promise<void> {
  const r = referralTo(world, notifier);
  if (!world.isSut(notifier)) return;
  const x = await world.agent(subscriber);
  const callId = headerValue(r.request, 'call-id');
  const terminated = (m: SipMessage): m is SipRequest => isNotify(m) && headerValue(m, 'call-id') === callId && /^\s*terminated/i.test(headerValue(m, 'subscription-state') ?? '');
  const got = await awaitOnWire(world, notifier, x, terminated, world.config.deadlineMs, referIndex(world, r));
  const requirement = reason === 'timeout' ? 'RFC6665-4.2.1.4-a' : 'RFC3515-2.4.7-b';
  if (!got) return world.verdict([{ requirement, expected: `a NOTIFY from ${notifier} with Subscription-State: terminated;reason=${reason}`, seen: `NOTIFYs: ${notifiesFor(world, r).map((w) => `#${w.traceIndex} ${headerValue(w.message, 'subscription-state')}`).join(', ') || 'none'}` }]);
  const idx = x.inbox.items.findIndex((i) => i.traceIndex === got.traceIndex);
  r.finalNotifyAt = idx >= 0 ? idx + 1 : x.inbox.items.length;
  const f = stateFindings(got.message);
  const st = stateOf(got.message);
  if (st?.reason && st.reason !== reason) f.push({ requirement, expected: `reason=${reason}`, seen: `Subscription-State: ${headerValue(got.message, 'subscription-state')}` });
  world.verdict(f.map((x) => ({ ...x, where: { traceIndex: got.traceIndex, summary: describeMessage(got.message) } })));
}

/**
 * "Then the Subscription-State of every NOTIFY from Y to X is well formed" (RFC 6665 §4.2.2, §4.1.3),
 * a pending one says only 100 (RFC 3515 §2.4.5), and Refer-Sub appears in none of them (RFC 4488 §4). Only a SUT notifier is checked.
 */
export function auditStates(world: SipWorld, notifier: string, subscriber: string): void {
  const r = referralTo(world, notifier);
  if (!world.isSut(notifier)) return;
  const f: Finding[] = [];
  for (const w of notifiesFor(world, r)) {
    const where = { traceIndex: w.traceIndex, summary: describeMessage(w.message) };
    f.push(...stateFindings(w.message).map((x) => ({ ...x, where })));
    // RFC 3515 §2.4.5: a NOTIFY sent while the subscription is pending carries only a 100 status line.
    const lines = w.message.body.toString('utf8').split(/\r?\n/).filter((l) => l.length > 0);
    if (stateOf(w.message)?.state === 'pending' && (lines.length !== 1 || !/^SIP\/2\.0 100 /.test(lines[0]))) {
      f.push({ requirement: 'RFC3515-2.4.5-c', expected: 'a pending NOTIFY whose sipfrag is a lone 100 status line', seen: JSON.stringify(lines.join('\r\n')), where });
    }
    if (headerValues(w.message, 'refer-sub').length) f.push({ requirement: 'RFC4488-4-a', expected: 'Refer-Sub only in a REFER and its 2xx', seen: `Refer-Sub: ${headerValue(w.message, 'refer-sub')} in a NOTIFY`, where });
  }
  world.verdict(f);
}

/** "Then X answered every NOTIFY from Y with 200": RFC 6665 §4.1.3 (200), §8.3.1 (never 202). Only a SUT subscriber is checked. */
export function auditAnswers(world: SipWorld, subscriber: string, notifier: string): void {
  const r = referralTo(world, notifier);
  if (!world.isSut(subscriber)) return;
  const f: Finding[] = [];
  for (const w of notifiesFor(world, r)) {
    const answers = answersOnWire(world, subscriber, notifier, w.message);
    const status = answers[0]?.message.type === 'response' ? answers[0].message.status : undefined;
    if (status === 200) continue;
    f.push({ requirement: status === 202 ? 'RFC6665-8.3.1-b' : 'RFC6665-4.1.3-g', expected: `200 OK to ${describeMessage(w.message)}`, seen: status ? `${status}` : 'no final response', where: { traceIndex: answers[0]?.traceIndex ?? w.traceIndex } });
  }
  world.verdict(f);
}

/** "Given X will answer NOTIFYs from Y with N": the scripted subscriber stops accepting NOTIFYs by itself. */
export async function holdNotifies(world: SipWorld, subscriber: string): Promise<void> {
  const x = await world.agent(subscriber);
  x.autoAcceptNotify = false;
}

/** "Then X answers the first NOTIFY from Y with N" (e.g. 481, which ends the subscription, RFC 6665 §4.2.2). */
export async function answerFirstNotify(world: SipWorld, subscriber: string, notifier: string, status: number): Promise<void> {
  const r = referralTo(world, notifier);
  const x = await world.agent(subscriber);
  const got = await x.inbox.claim((m) => isRequest('NOTIFY', headerValue(r.request, 'call-id'))(m), world.config.deadlineMs);
  if (!got) return world.verdict([{ requirement: 'RFC3515-2.4.2-h', expected: `a NOTIFY from ${notifier}`, seen: 'none' }]);
  const incoming = x.incomingFor(got.message as SipRequest);
  if (incoming) x.respond(incoming, status);
  r.finalNotifyAt = x.inbox.items.indexOf(got) + 1;
}

/** "Then Y sends X no further NOTIFY": after a NOTIFY was answered 481 the subscription is over (RFC 6665 §4.2.2). */
export async function noFurtherNotify(world: SipWorld, notifier: string, subscriber: string): Promise<void> {
  const r = referralTo(world, notifier);
  if (!world.isSut(notifier)) return;
  const x = await world.agent(subscriber);
  await expectNone(world, x, isRequest('NOTIFY', headerValue(r.request, 'call-id')), {
    requirement: 'RFC6665-4.2.2-c', expected: `no NOTIFY from ${notifier} after a NOTIFY was answered with a status that ends the subscription`,
  }, { since: r.finalNotifyAt });
}

/** "Then every Refer-Sub from Y is true or false": one value per message, of the RFC 4488 §4 grammar. */
export function referSubGrammar(world: SipWorld, y: string): void {
  if (!world.isSut(y)) return;
  const f: Finding[] = [];
  for (const other of world.parties.keys()) {
    if (other === y) continue;
    for (const w of sentBetween(world, y, other)) {
      const values = headerValues(w.message, 'refer-sub');
      if (!values.length) continue;
      const bad = values.length > 1 || values.some((v) => !/^\s*(true|false)\s*(;.*)?$/i.test(v));
      if (bad) f.push({ requirement: 'RFC4488-4-b', expected: 'one Refer-Sub: true or false (plus generic parameters)', seen: `Refer-Sub: ${values.join(', ')}`, where: { traceIndex: w.traceIndex, summary: describeMessage(w.message) } });
    }
  }
  world.verdict(f);
}
