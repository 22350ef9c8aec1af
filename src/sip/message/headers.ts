import { LIST_HEADERS, canonicalName } from './names';
import { splitListText } from './split';
import type { SipMessage } from './types';

/** One element per value; comma lists split only for headers whose grammar is a list (RFC 3261 §7.3.1). */
export function headerValues(msg: SipMessage, name: string): string[] {
  const canon = canonicalName(name);
  const list = LIST_HEADERS.has(canon);
  const out: string[] = [];
  for (const h of msg.headers) {
    if (h.name !== canon) continue;
    if (!list) out.push(h.value);
    else for (const v of splitListText(h.value, false)) out.push(v);
  }
  return out;
}

/** The first value of a header, or undefined. */
export function headerValue(msg: SipMessage, name: string): string | undefined {
  const canon = canonicalName(name);
  const h = msg.headers.find((x) => x.name === canon);
  if (h === undefined) return undefined;
  return LIST_HEADERS.has(canon) ? splitListText(h.value, false)[0] : h.value;
}

/** Replace every header of that name by one, at the place of the first; or append it. */
export function setHeader(msg: SipMessage, name: string, value: string): void {
  const canon = canonicalName(name);
  const first = msg.headers.findIndex((h) => h.name === canon);
  if (first < 0) {
    msg.headers.push({ name: canon, value });
    return;
  }
  removeFrom(msg, canon, first + 1);
  msg.headers[first] = { name: canon, value };
}

/** Remove (in place) the headers named `canon` at index `from` or later. */
function removeFrom(msg: SipMessage, canon: string, from: number): void {
  for (let i = msg.headers.length - 1; i >= from; i--) if (msg.headers[i].name === canon) msg.headers.splice(i, 1);
}

/** Append a header; with `first`, insert it before the first header of that name (or at the top). */
export function addHeader(msg: SipMessage, name: string, value: string, opts: { first?: boolean } = {}): void {
  const canon = canonicalName(name);
  if (!opts.first) {
    msg.headers.push({ name: canon, value });
    return;
  }
  const at = msg.headers.findIndex((h) => h.name === canon);
  msg.headers.splice(at < 0 ? 0 : at, 0, { name: canon, value });
}

/** Remove every header of that name. */
export function removeHeader(msg: SipMessage, name: string): void {
  removeFrom(msg, canonicalName(name), 0);
}
