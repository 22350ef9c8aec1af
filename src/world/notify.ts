import { headerValue, headerValues, parseCSeq, parseEvent, parseSipfrag, parseSubscriptionState, type SipMessage, type SipRequest } from '../sip/message';
import type { Finding } from '../expect/finding';
import { describeMessage, lastSeen } from './describe';
import { expectAt, expectNone, finalTo, isRequest } from './observe';
import { referralTo } from './refer';
import type { Referral, SipWorld } from './world';

/** The sipfrag status line of a NOTIFY body: its first line, without the CRLF (RFC 3420 §2). */
function sipfragStatus(m: SipMessage): string {
  return m.body.toString('utf8').split(/\r?\n/)[0].trim();
}

/**
 * A sipfrag status line as compared with the one a step names: version and status code only. The
 * Reason-Phrase is free text ("200 Ok" is as good as "200 OK"; RFC 3261 §7.2, §21).
 */
export function sameStatus(line: string, wanted: string): boolean {
  const key = (l: string) => /^(SIP\/2\.0)[ \t]+(\d{3})(?:[ \t]|$)/i.exec(l)?.slice(1, 3).join(' ').toUpperCase() ?? l;
  return key(line) === key(wanted);
}

/** RFC 3515 §2.4.6: from the second REFER in a dialog on, NOTIFYs carry id = the REFER's CSeq. */
function expectedEventId(world: SipWorld, r: Referral): number | undefined {
  const callId = headerValue(r.request, 'call-id');
  const earlier = world.referrals.filter((x) => x !== r && headerValue(x.request, 'call-id') === callId && world.referrals.indexOf(x) < world.referrals.indexOf(r));
  return earlier.length ? parseCSeq(headerValue(r.request, 'cseq')!).seq : undefined;
}

/** The header checks every refer NOTIFY must pass (RFC 3515 §2.4.4–2.4.7, RFC 3420). */
export function checkReferNotify(m: SipRequest, final: boolean, eventId?: number): Finding[] {
  const f: Finding[] = [];
  const event = headerValue(m, 'event');
  const parsed = event ? safe(() => parseEvent(event)) : undefined;
  if (!parsed || parsed.package.toLowerCase() !== 'refer') f.push({ requirement: 'RFC3515-2.4.4-c', expected: 'Event: refer', seen: event ? `Event: ${event}` : 'no Event header' });
  else if (eventId !== undefined && String(parsed.params.id) !== String(eventId)) {
    f.push({ requirement: 'RFC3515-2.4.6-a', expected: `Event: refer;id=${eventId} (the CSeq of the second REFER in the dialog)`, seen: `Event: ${event}` });
  }
  const type = headerValue(m, 'content-type');
  if (!type || type.split(';')[0].trim().toLowerCase() !== 'message/sipfrag') {
    f.push({ requirement: 'RFC3515-2.4.4-d', expected: 'Content-Type: message/sipfrag', seen: type ? `Content-Type: ${type}` : 'no Content-Type' });
  }
  const frag = safe(() => parseSipfrag(m.body));
  if (!frag || frag.type !== 'response') {
    const lenient = safe(() => parseSipfrag(m.body, { lenient: true }));
    const why = lenient?.findings?.map((x) => x.reason).join('; ');
    f.push({ requirement: why && lenient?.type === 'response' ? 'RFC3420-2-a' : 'RFC3515-2.4.5-a', expected: 'a sipfrag body that begins with a SIP Status-Line ending in CRLF', seen: why ? `${JSON.stringify(m.body.toString())}: ${why}` : JSON.stringify(m.body.toString().slice(0, 80)) });
  }
  const state = headerValue(m, 'subscription-state');
  const ss = state ? safe(() => parseSubscriptionState(state)) : undefined;
  if (!state) f.push({ requirement: 'RFC3515-2.4.7-a', expected: 'a Subscription-State header', seen: 'none' });
  else if (final && (ss?.state !== 'terminated' || ss.reason !== 'noresource')) {
    f.push({ requirement: 'RFC3515-2.4.7-b', expected: 'Subscription-State: terminated;reason=noresource in the final NOTIFY', seen: `Subscription-State: ${state}` });
  }
  return f;
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/**
 * "Then Y notifies X with sipfrag S": a NOTIFY in the REFER's dialog. A SUT Y must send it, with the
 * headers of RFC 3515 §2.4.4–2.4.7; a scripted Y sends it, and a SUT X must accept it with 200 (RFC 6665 §4.1.3).
 */
export async function notifies(world: SipWorld, notifier: string, subscriber: string, status: string, final: boolean, requirement?: string): Promise<void> {
  const r = referralTo(world, notifier);
  const py = await world.party(notifier);
  if (py.kind === 'agent') return notifyAsAgent(world, r, status, final, requirement);
  const x = await world.agent(subscriber);
  const callId = headerValue(r.request, 'call-id');
  const isNotify = isRequest('NOTIFY', callId);
  const got = await x.inbox.claim((m) => isNotify(m) && sameStatus(sipfragStatus(m), status), world.config.deadlineMs);
  if (!got) {
    const others = x.inbox.items.filter((i) => isNotify(i.message));
    const seen = others.map((i) => `#${i.traceIndex} "${sipfragStatus(i.message)}"`);
    // A NOTIFY that came but did not match may be malformed: report what is wrong with it too.
    const unclaimed = others.find((i) => !i.claimed);
    const malformed = unclaimed ? checkReferNotify(unclaimed.message as SipRequest, false).map((f) => ({ ...f, where: { traceIndex: unclaimed.traceIndex } })) : [];
    world.verdict([...malformed, {
      // No NOTIFY at all: the subscription was never served (§2.4.2); some, but not this one: §2.4.4/§2.4.7.
      requirement: seen.length === 0 ? 'RFC3515-2.4.2-h' : final ? 'RFC3515-2.4.7-b' : 'RFC3515-2.4.4-a',
      expected: `a NOTIFY from ${notifier} with sipfrag "${status}" within ${world.config.deadlineMs} ms`,
      seen: seen.length ? `NOTIFYs with ${seen.join(', ')}` : `no NOTIFY in the REFER's dialog; ${lastSeen(x)}`,
      hint: 'check Refer-To and the NOTIFY status reporting of the transferee',
    }]);
  }
  if (final) r.finalNotifyAt = x.inbox.items.indexOf(got!) + 1;
  const where = { traceIndex: got!.traceIndex, summary: describeMessage(got!.message) };
  world.verdict(checkReferNotify(got!.message as SipRequest, final, expectedEventId(world, r)).map((f) => ({ ...f, where })));
}

async function notifyAsAgent(world: SipWorld, r: Referral, status: string, final: boolean, requirement = 'RFC6665-4.1.3-g'): Promise<void> {
  const y = await world.agent(r.to);
  const dialog = r.incoming?.dialog;
  if (!dialog) throw new Error(`${r.to} has not accepted the REFER yet ("Then ${r.to} accepts the REFER" first)`);
  const id = expectedEventId(world, r);
  const notify = y.ua.newInDialog(dialog, 'NOTIFY', {
    headers: [
      { name: 'event', value: id === undefined ? 'refer' : `refer;id=${id}` },
      { name: 'subscription-state', value: final ? 'terminated;reason=noresource' : 'active;expires=60' },
      { name: 'content-type', value: 'message/sipfrag;version=2.0' },
    ],
    body: Buffer.from(`${status}\r\n`),
  });
  y.send(notify);
  if (!world.isSut(r.from)) return;
  const got = await expectAt(world, y, finalTo(notify), { requirement, expected: `a response from ${r.from} to the NOTIFY` });
  if (got.message.status !== 200) {
    // RFC 6665 §8.3.1: a 202 to NOTIFY is its own violation.
    world.verdict([{ requirement: got.message.status === 202 ? 'RFC6665-8.3.1-b' : requirement, expected: '200 OK to an acceptable NOTIFY', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
  }
}

/** "Then Y sends no NOTIFY after the final one": RFC 6665 §4.1.3, a terminated subscription is over. */
export async function noNotifyAfterFinal(world: SipWorld, notifier: string, subscriber: string): Promise<void> {
  const r = referralTo(world, notifier);
  if (!world.isSut(notifier)) return;
  const x = await world.agent(subscriber);
  if (r.finalNotifyAt === undefined) throw new Error(`no final NOTIFY from ${notifier} was checked yet`);
  await expectNone(world, x, isRequest('NOTIFY', headerValue(r.request, 'call-id')), {
    requirement: 'RFC6665-4.1.3-c', expected: `no NOTIFY from ${notifier} after the one that terminated the subscription`,
  }, { since: r.finalNotifyAt });
}

/**
 * "Then Y honours the Refer-Sub of its answer" (RFC 4488 §4): a 2xx with Refer-Sub: false means no
 * NOTIFY at all; a 2xx without it (declining the suggestion is conformant) means the usual NOTIFYs.
 */
export async function honoursReferSub(world: SipWorld, notifier: string, subscriber: string): Promise<void> {
  const r = referralTo(world, notifier);
  if (!world.isSut(notifier)) return;
  if (!r.response) throw new Error(`the answer to the REFER has not been checked yet ("Then ${notifier} accepts the REFER" first)`);
  const x = await world.agent(subscriber);
  const granted = headerValues(r.response, 'refer-sub').some((v) => v.trim().toLowerCase().startsWith('false'));
  const isNotify = isRequest('NOTIFY', headerValue(r.request, 'call-id'));
  if (granted) {
    return expectNone(world, x, isNotify, { requirement: 'RFC4488-4-e', expected: 'no NOTIFY after a 2xx that granted Refer-Sub: false' }, { since: 0 });
  }
  // Look without claiming: the NOTIFY steps that follow check each one.
  if (!(await x.inbox.arrives(isNotify, world.config.deadlineMs, 0))) {
    world.verdict([{ requirement: 'RFC4488-4-f', expected: 'NOTIFYs as usual, since the 2xx did not grant Refer-Sub: false', seen: lastSeen(x), hint: 'suppressing NOTIFYs requires Refer-Sub: false in the 2xx' }]);
  }
}
