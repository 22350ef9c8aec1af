import { headerValue, type SipRequest } from '../sip/message';
import type { Finding } from '../expect/finding';
import { describeMessage } from './describe';
import { referralTo } from './refer';
import type { SipWorld } from './world';

/**
 * "Then every sipfrag from Y to X that carries a body describes it" (RFC 3420 §2): a sipfrag with a
 * body also has the header fields describing it (RFC 3261 §7.4: Content-Type, Content-Length equal
 * to the body's size) and the empty line before it. A sipfrag without a body passes.
 */
export async function sipfragBodiesDescribed(world: SipWorld, notifier: string, subscriber: string): Promise<void> {
  if (!world.isSut(notifier)) return;
  const callId = headerValue(referralTo(world, notifier).request, 'call-id');
  const agent = await world.agent(subscriber);
  const f: Finding[] = [];
  for (const r of agent.inbox.items) {
    const m = r.message;
    if (m.type !== 'request' || m.method !== 'NOTIFY' || headerValue(m, 'call-id') !== callId) continue;
    const problem = undescribedBody(m.body.toString('latin1'));
    if (problem) f.push({ requirement: 'RFC3420-2-b', expected: 'a sipfrag body described by Content-Type and Content-Length, after the empty line', seen: problem, where: { traceIndex: r.traceIndex, summary: describeMessage(m as SipRequest) } });
  }
  world.verdict(f);
}

/** What is wrong with a sipfrag's body, or undefined when it has none or describes it. */
function undescribedBody(frag: string): string | undefined {
  const split = /\r?\n\r?\n/.exec(frag);
  if (!split) return undefined;
  const body = frag.slice(split.index + split[0].length);
  if (!body.length) return undefined;
  const head = frag.slice(0, split.index).split(/\r?\n/).slice(1);
  const value = (re: RegExp) => head.map((l) => re.exec(l)?.[1]?.trim()).find((v) => v !== undefined);
  const type = value(/^(?:content-type|c)\s*:(.*)$/i);
  const length = value(/^(?:content-length|l)\s*:(.*)$/i);
  const size = Buffer.byteLength(body, 'latin1');
  if (!type || length === undefined) return `a ${size}-octet body with ${type ? '' : 'no Content-Type'}${!type && length === undefined ? ' and ' : ''}${length === undefined ? 'no Content-Length' : ''}`;
  if (Number(length) !== size) return `Content-Length: ${length} for a ${size}-octet body`;
  return undefined;
}
