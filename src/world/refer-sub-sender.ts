import { headerValue, headerValues, parseUri } from '../sip/message';
import type { Finding } from '../expect/finding';
import { callBetween } from './calls';
import { tokens } from './capabilities';
import { describeMessage } from './describe';
import { referralTo } from './refer';
import { sentBetween, tagOf } from './wire';
import type { SipWorld } from './world';

/**
 * "Then the REFER from X to Y asks for no subscription only as RFC 4488 allows": Require: norefersub
 * only toward a peer whose calls advertised norefersub (RFC 4488 §4: NOT RECOMMENDED otherwise), and
 * Refer-Sub only on a REFER that cannot fork — outside a dialog that means a GRUU Request-URI (§5).
 */
export async function referSubAsAllowed(world: SipWorld, x: string, y: string): Promise<void> {
  if (!world.isSut(x)) return; // a scripted REFER is the scenario's own
  const m = referralTo(world, y).request;
  const where = { summary: describeMessage(m) };
  const f: Finding[] = [];
  const call = callBetween(world, x, y);
  const advertised = sentBetween(world, y, x).some((w) => headerValue(w.message, 'call-id') === call.callId && tokens(w.message, 'supported').includes('norefersub'));
  if (tokens(m, 'require').includes('norefersub') && !advertised) {
    f.push({ requirement: 'RFC4488-4-h', expected: `no Require: norefersub: ${y} never advertised norefersub in its call with ${x}`, seen: `Require: ${headerValue(m, 'require')}`, where });
  }
  const outside = !tagOf(m, 'to');
  let gruu = false;
  try {
    gruu = parseUri(m.uri).params.gr !== undefined;
  } catch {
    gruu = false;
  }
  if (headerValues(m, 'refer-sub').length && outside && !gruu) {
    f.push({ requirement: 'RFC4488-5-a', expected: 'no Refer-Sub on a REFER that might fork (outside a dialog, to a URI without GRUU properties)', seen: `Refer-Sub: ${headerValue(m, 'refer-sub')} to ${m.uri}`, where });
    f.push({ requirement: 'RFC4488-5-b', expected: 'a Request-URI with GRUU properties (gr) for an out-of-dialog REFER carrying Refer-Sub', seen: `Request-URI ${m.uri}`, where });
  }
  world.verdict(f);
}
