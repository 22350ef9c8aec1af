import { headerValue, headerValues, parseNameAddr, type SipMessage, type SipRequest } from '../sip/message';
import { answers } from '../endpoints/agent';
import type { Finding } from '../expect/finding';
import { callBetween } from './calls';
import { describeMessage, lastSeen } from './describe';
import type { ReferSent, SipWorld } from './world';

/** "When A refers B to C": A sends REFER in its call with B, Refer-To C, Referred-By A (RFC 3515 §2.4.1, RFC 3892 §2.1). */
export async function refer(world: SipWorld, from: string, to: string, target: string): Promise<ReferSent> {
  const a = await world.agent(from);
  const c = await world.party(target);
  const call = callBetween(world, from, to);
  if (!call) throw new Error(`${from} has no call with ${to}: establish one first ("Given ${from} is in a call with ${to}")`);
  const dialog = [...a.ua.dialogs.values()].find((d) => d.id.callId === headerValue(call.invite, 'call-id'));
  if (!dialog) throw new Error(`${from} holds no dialog for the call with ${to}`);
  const request = a.ua.newInDialog(dialog, 'REFER', {
    headers: [{ name: 'refer-to', value: `<${c.uri}>` }, { name: 'referred-by', value: `<${a.uri}>` }],
  });
  a.send(request);
  const sent = { from, to, target, request };
  world.refers.push(sent);
  return sent;
}

function lastReferTo(world: SipWorld, to: string): ReferSent {
  const r = [...world.refers].reverse().find((x) => x.to === to);
  if (!r) throw new Error(`no REFER was sent to ${to} in this scenario`);
  return r;
}

/** "Then B accepts the REFER": a 2xx, 202 or (RFC 7647 §4) 200, before the REFER transaction ends (RFC 3515 §2.4.2). */
export async function acceptsRefer(world: SipWorld, to: string): Promise<void> {
  const sent = lastReferTo(world, to);
  const a = await world.agent(sent.from);
  const got = await a.inbox.claim((m) => answers(sent.request, m) && m.type === 'response' && m.status >= 200, world.config.deadlineMs);
  const findings: Finding[] = [];
  if (!got) {
    findings.push({ requirement: 'RFC3515-2.4.2-g', expected: `a final response to the REFER within ${world.config.deadlineMs} ms`, seen: lastSeen(a) });
  } else if (got.message.type === 'response' && got.message.status !== 202 && got.message.status !== 200) {
    findings.push({
      requirement: 'RFC3515-2.4.2-g', expected: '202 Accepted (or 200 OK, RFC 7647 §4) to the REFER', seen: describeMessage(got.message),
      where: { traceIndex: got.traceIndex }, hint: `check why ${to} declined: Refer-To, Referred-By, authorization policy`,
    });
  }
  world.verdict(findings);
}

/** The sipfrag status line of a NOTIFY body: its first line, without the CRLF (RFC 3420 §2). */
function sipfragStatus(m: SipMessage): string {
  return m.body.toString('utf8').split(/\r?\n/)[0].trim();
}

/**
 * "Then B notifies A with sipfrag S": a NOTIFY in the REFER's dialog carrying S, with Event refer,
 * a message/sipfrag body and Subscription-State (RFC 3515 §2.4.4, §2.4.5, §2.4.7). With `final`,
 * the subscription must be terminated with reason noresource (§2.4.7).
 */
export async function notifies(world: SipWorld, notifier: string, subscriber: string, status: string, final: boolean): Promise<void> {
  const sent = lastReferTo(world, notifier);
  const a = await world.agent(subscriber);
  const callId = headerValue(sent.request, 'call-id');
  const isNotify = (m: SipMessage): m is SipRequest => m.type === 'request' && m.method === 'NOTIFY' && headerValue(m, 'call-id') === callId;
  const got = await a.inbox.claim((m) => isNotify(m) && sipfragStatus(m) === status, world.config.deadlineMs);
  if (!got) {
    const seen = a.inbox.items.filter((r) => isNotify(r.message)).map((r) => `#${r.traceIndex} "${sipfragStatus(r.message)}"`);
    world.verdict([{
      requirement: final ? 'RFC3515-2.4.7-b' : 'RFC3515-2.4.4-a',
      expected: `a NOTIFY from ${notifier} with sipfrag "${status}" within ${world.config.deadlineMs} ms`,
      seen: seen.length ? `NOTIFYs with ${seen.join(', ')}` : `no NOTIFY in the REFER's dialog; ${lastSeen(a)}`,
      hint: 'check Refer-To and the NOTIFY status reporting of the transferee',
    }]);
  }
  world.verdict(checkReferNotify(got!.message as SipRequest, final).map((f) => ({ ...f, where: { traceIndex: got!.traceIndex, summary: describeMessage(got!.message) } })));
}

/** The header checks every refer NOTIFY must pass (RFC 3515 §2.4.4–2.4.7). */
export function checkReferNotify(m: SipRequest, final: boolean): Finding[] {
  const findings: Finding[] = [];
  const event = headerValue(m, 'event');
  if (!event || event.split(';')[0].trim().toLowerCase() !== 'refer') {
    findings.push({ requirement: 'RFC3515-2.4.4-c', expected: 'Event: refer', seen: event ? `Event: ${event}` : 'no Event header' });
  }
  const type = headerValue(m, 'content-type');
  if (!type || type.split(';')[0].trim().toLowerCase() !== 'message/sipfrag') {
    findings.push({ requirement: 'RFC3515-2.4.4-d', expected: 'Content-Type: message/sipfrag', seen: type ? `Content-Type: ${type}` : 'no Content-Type' });
  }
  const state = headerValue(m, 'subscription-state');
  if (!state) findings.push({ requirement: 'RFC3515-2.4.7-a', expected: 'a Subscription-State header', seen: 'none' });
  else if (final && !/^terminated\s*;.*reason\s*=\s*noresource/i.test(state)) {
    findings.push({ requirement: 'RFC3515-2.4.7-b', expected: 'Subscription-State: terminated;reason=noresource in the final NOTIFY', seen: `Subscription-State: ${state}` });
  }
  return findings;
}

/** "Then C receives an INVITE from B referred by A": RFC 3515 §2.4.2 (contact the target) and RFC 3892 §2.2 (copy Referred-By). */
export async function receivesReferredInvite(world: SipWorld, target: string, from: string, referrer: string): Promise<void> {
  const c = await world.agent(target);
  const referrerUri = (await world.party(referrer)).uri;
  const got = await c.inbox.claim((m) => m.type === 'request' && m.method === 'INVITE', world.config.deadlineMs);
  if (!got) {
    world.verdict([{ requirement: 'RFC3515-2.4.2-b', expected: `an INVITE from ${from} at ${target} within ${world.config.deadlineMs} ms`, seen: lastSeen(c), hint: `check that ${from} acts on the Refer-To URI` }]);
  }
  const referredBy = headerValues(got!.message, 'referred-by');
  const where = { traceIndex: got!.traceIndex, summary: describeMessage(got!.message) };
  if (referredBy.length !== 1 || parseNameAddr(referredBy[0]).uri !== referrerUri) {
    world.verdict([{
      requirement: 'RFC3892-2.2-a', expected: `Referred-By: <${referrerUri}> copied from the REFER`,
      seen: referredBy.length ? `Referred-By: ${referredBy.join(', ')}` : 'no Referred-By header', where,
    }]);
  }
}
