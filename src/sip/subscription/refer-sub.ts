import { headerValue, parseReferSub, type Header, type SipMessage } from '../message';

/** RFC 4488 §4: true when the message carries `Refer-Sub: false` (no implicit subscription asked or granted). */
export function declinesSubscription(m: SipMessage): boolean {
  const v = headerValue(m, 'refer-sub');
  if (v === undefined) return false;
  try {
    return parseReferSub(v).value === false;
  } catch {
    return false; // an unparseable value grants nothing: the default subscription applies
  }
}

/**
 * RFC 4488 §4: a REFER-Recipient that honours `Refer-Sub: false` MUST put `Refer-Sub: false` in its
 * 2xx, and no subscription exists; one that does not, leaves it out and notifies as usual.
 */
export function referSubResponseHeaders(refer: SipMessage, honour = true): { subscribe: boolean; headers: Header[] } {
  if (honour && declinesSubscription(refer)) return { subscribe: false, headers: [{ name: 'refer-sub', value: 'false' }] };
  return { subscribe: true, headers: [] };
}
