import type { Header, SipMessage } from './types';

/** JSON view elements computed while parsing, reused by jsonView while the header is unchanged. */
interface Cached { headers: Header[]; values: string[]; views: unknown[][] }

const cache = new WeakMap<SipMessage, Cached>();

export function rememberViews(msg: SipMessage, views: unknown[][]): void {
  const values = new Array<string>(msg.headers.length);
  for (let i = 0; i < values.length; i++) values[i] = msg.headers[i].value;
  cache.set(msg, { headers: msg.headers.slice(), values, views });
}

/** The cached elements of msg.headers[i], or undefined if it changed since parsing. */
export function cachedView(msg: SipMessage, i: number): unknown[] | undefined {
  const c = cache.get(msg);
  if (c === undefined) return undefined;
  const h = msg.headers[i];
  return c.headers[i] === h && c.values[i] === h.value ? c.views[i] : undefined;
}

export function cachedAll(msg: SipMessage): Cached | undefined {
  return cache.get(msg);
}
