import { headerValues, parseCSeq, parseMessage, headerValue, type SipMessage, type SipRequest } from '../sip/message';
import { NotApplicable } from '../endpoints/adapter';
import type { Finding } from '../expect/finding';
import { callBetween, dialogOf } from './calls';
import { describeMessage } from './describe';
import { expectAt, finalTo } from './observe';
import type { SipWorld } from './world';

/** The comma-separated tokens of a header, lower-cased (Allow, Supported). */
export function tokens(m: SipMessage, name: string): string[] {
  return headerValues(m, name).flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean);
}

/**
 * What a transfer-capable UA advertises (RFC 5589 §6, RFC 3891 §6.2): REFER and NOTIFY in Allow,
 * replaces and tdialog in Supported. One finding per missing item, citing its own clause.
 */
export function checkAdvertised(m: SipMessage): Finding[] {
  const f: Finding[] = [];
  const allow = tokens(m, 'allow');
  const supported = tokens(m, 'supported');
  const missing = ['refer', 'notify'].filter((x) => !allow.includes(x));
  if (missing.length) f.push({ requirement: 'RFC5589-6-a', expected: 'Allow listing REFER and NOTIFY', seen: allow.length ? `Allow: ${allow.join(', ')}` : 'no Allow header' });
  if (!supported.includes('replaces')) f.push({ requirement: 'RFC3891-6.2-a', expected: 'Supported listing replaces', seen: supported.length ? `Supported: ${supported.join(', ')}` : 'no Supported header' });
  if (!supported.includes('tdialog')) f.push({ requirement: 'RFC5589-6-b', expected: 'Supported listing tdialog', seen: supported.length ? `Supported: ${supported.join(', ')}` : 'no Supported header' });
  return f;
}

/** An INVITE, or a 2xx answering one. */
function isInviteOr2xx(m: SipMessage): boolean {
  if (m.type === 'request') return m.method === 'INVITE';
  const cseq = headerValue(m, 'cseq');
  return m.status >= 200 && m.status < 300 && !!cseq && parseCSeq(cseq).method === 'INVITE';
}

/**
 * "Then X advertises its transfer capabilities": every INVITE and 2xx to INVITE that the SUT playing X
 * sent in this scenario passes checkAdvertised. A scripted X is the framework: nothing to check.
 */
export async function advertisesInCalls(world: SipWorld, name: string): Promise<void> {
  if (!world.isSut(name)) return;
  const p = await world.party(name);
  const sent = world.trace.map((r, traceIndex) => ({ r, traceIndex }))
    .filter(({ r }) => world.partyAt(r.src) === p.name)
    .map(({ r, traceIndex }) => ({ m: safeParse(r.bytes), traceIndex }))
    .filter((x): x is { m: SipMessage; traceIndex: number } => !!x.m && isInviteOr2xx(x.m));
  if (sent.length === 0) throw new Error(`${name} sent no INVITE or 2xx to INVITE yet: put this step after a call`);
  world.verdict(sent.flatMap(({ m, traceIndex }) => checkAdvertised(m).map((f) => ({ ...f, where: { traceIndex, summary: describeMessage(m) } }))));
}

const asked = new WeakMap<SipWorld, { asker: string; asked: string; options: SipRequest }>();

/** "When X asks Y what it supports": an OPTIONS outside any dialog (RFC 3261 §11). */
export async function askCapabilities(world: SipWorld, asker: string, target: string): Promise<void> {
  const x = await world.agent(asker);
  const y = await world.party(target);
  const options = x.ua.newRequest('OPTIONS', y.uri, { headers: [{ name: 'accept', value: 'application/sdp' }] });
  x.send(options);
  asked.set(world, { asker, asked: target, options });
}

/**
 * "When X asks Y in their call what it supports": an OPTIONS inside X's call with Y (RFC 3261 §11,
 * §12.2.1.1), as the transferor of RFC 5589 §7.7 Figure 15 asks both transferee and target.
 */
export async function askCapabilitiesInCall(world: SipWorld, asker: string, target: string): Promise<SipRequest> {
  const x = await world.agent(asker);
  const options = x.ua.newInDialog(dialogOf(x, callBetween(world, asker, target).callId), 'OPTIONS', { headers: [{ name: 'accept', value: 'application/sdp' }] });
  x.send(options);
  asked.set(world, { asker, asked: target, options });
  return options;
}

/** "Then Y lists the transfer primitives in its answer": 200 to the OPTIONS, passing checkAdvertised. */
export async function answersCapabilities(world: SipWorld, target: string): Promise<void> {
  const q = asked.get(world);
  if (!q || q.asked !== target) throw new Error(`nobody asked ${target} what it supports ("When Dave asks ${target} what it supports" first)`);
  const x = await world.agent(q.asker);
  const got = await expectAt(world, x, finalTo(q.options), { requirement: 'RFC5589-6-a', expected: `a final response from ${target} to OPTIONS` });
  const where = { traceIndex: got.traceIndex, summary: describeMessage(got.message) };
  if (got.message.status !== 200) world.verdict([{ requirement: 'RFC5589-6-a', expected: '200 OK to OPTIONS, with Allow and Supported', seen: describeMessage(got.message), where }]);
  world.verdict(checkAdvertised(got.message).map((f) => ({ ...f, where })));
}

function safeParse(bytes: Buffer): SipMessage | undefined {
  try {
    return parseMessage(bytes, { lenient: true });
  } catch {
    return undefined;
  }
}

/**
 * "Then X can be reached at the Contact of its calls": a third party's OPTIONS to the Contact URI the
 * SUT playing X gave in its INVITE or 2xx gets an answer (RFC 5589 §1 and §7.5: a Contact routable
 * outside the dialog, RFC 3261 §8.1.1.8). Any final response shows the URI reaches the UA.
 */
export async function reachableAtContact(world: SipWorld, asker: string, name: string): Promise<void> {
  if (!world.isSut(name)) return;
  const p = await world.party(name);
  const sent = world.trace.map((r) => ({ r, m: world.partyAt(r.src) === p.name ? safeParse(r.bytes) : undefined }))
    .find(({ m }) => m && isInviteOr2xx(m) && headerValue(m, 'contact'));
  if (!sent?.m) throw new Error(`${name} sent no INVITE or 2xx with a Contact yet: put this step after a call`);
  const contact = headerValue(sent.m, 'contact')!.replace(/^[^<]*<([^>]*)>.*$/, '$1');
  const x = await world.agent(asker);
  const options = x.ua.newRequest('OPTIONS', contact, { to: `<${p.uri}>` });
  const requirement = world.roleOf(name) === 'target' ? 'RFC5589-7.5-b' : 'RFC5589-1-a';
  try {
    x.send(options);
  } catch (err) {
    return world.verdict([{ requirement, expected: `a Contact URI that routes outside the dialog`, seen: `Contact: ${contact} (${(err as Error).message})` }]);
  }
  await expectAt(world, x, finalTo(options), { requirement, expected: `an answer from ${name} to OPTIONS sent to its Contact ${contact}` });
}

/**
 * "Given X supports Replaces": the SUT playing X listed the option tag in a Supported (or Require) it
 * sent in this scenario, else in its answer to an OPTIONS a scripted party sends now (RFC 3261 §11).
 * A UA that supports an extension MUST list its tag in Supported (RFC 3891 §6.2 for replaces); one
 * that does not is not bound by the extension's requirements, so the scenario is NotApplicable —
 * whether it advertises the tags it should is checked by the capabilities scenarios.
 */
export async function supportsOption(world: SipWorld, name: string, tag: string, clause: string): Promise<void> {
  if (!world.isSut(name)) return; // the scripted parties implement every extension the catalogue uses
  const p = await world.party(name);
  const lists = (m: SipMessage): boolean => [...tokens(m, 'supported'), ...tokens(m, 'require')].includes(tag);
  const sent = world.trace.map((r, i) => ({ r, i })).filter(({ r }) => world.partyAt(r.src) === p.name)
    .map(({ r, i }) => ({ m: safeParse(r.bytes), i })).filter((x): x is { m: SipMessage; i: number } => !!x.m);
  if (sent.some(({ m }) => lists(m))) return;
  const asker = Object.values(world.config.cast).find((n) => !world.isSut(n))!;
  const x = await world.agent(asker);
  const options = x.ua.newRequest('OPTIONS', p.uri, { headers: [{ name: 'accept', value: 'application/sdp' }] });
  x.send(options);
  const got = await x.inbox.claim(finalTo(options), world.config.deadlineMs);
  if (got && lists(got.message)) return;
  const said = [...sent.filter(({ m }) => isInviteOr2xx(m)), ...(got ? [{ m: got.message, i: got.traceIndex }] : [])]
    .map(({ m, i }) => `#${i} ${describeMessage(m)}: ${headerValues(m, 'supported').join(', ') || 'no Supported'}`);
  if (!got) said.push(`no answer to OPTIONS within ${world.config.deadlineMs} ms`);
  throw new NotApplicable(`${name} (${p.kind === 'sut' ? p.sut.name : 'scripted'}) does not support ${tag}: it lists no "${tag}" option tag (${said.join('; ')}); ${clause}`);
}
