import type { SipWorld } from './world';
import { tokens } from './capabilities';
import { describeMessage } from './describe';
import { expectAt, finalTo } from './observe';
import { acceptsRefer, referralTo } from './refer';

/**
 * "Then Y accepts the REFER or answers N with H naming T": a SUT may take up the REFER (2xx), or answer
 * with the option-tag status — 420 with Unsupported (RFC 3261 §8.2.2.3, RFC 4488 §4) or 421 with
 * Require (RFC 3261 §21.4.16, RFC 7614 §6) — naming one of the tags. Anything else is a finding.
 */
export async function acceptsOrNegotiates(world: SipWorld, y: string, status: 420 | 421, header: 'unsupported' | 'require', tags: string[], requirement: string): Promise<void> {
  if (!world.isSut(y)) return void (await acceptsRefer(world, y));
  const r = referralTo(world, y);
  const x = await world.agent(r.from);
  const got = await expectAt(world, x, finalTo(r.request), { requirement, expected: `a final response from ${y} to the REFER` });
  r.response = got.message;
  const m = got.message;
  if (m.status >= 200 && m.status < 300) return;
  const named = tokens(m, header).filter((t) => tags.includes(t));
  if (m.status === status && named.length > 0) return;
  world.verdict([{
    requirement, expected: `a 2xx, or ${status} with ${header === 'require' ? 'Require' : 'Unsupported'}: ${tags.join(' or ')}`,
    seen: `${describeMessage(m)}, ${header}: ${tokens(m, header).join(', ') || '(none)'}`, where: { traceIndex: got.traceIndex },
  }]);
}
