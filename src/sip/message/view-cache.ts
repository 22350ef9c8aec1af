import type { SipMessage } from './types';

/**
 * JSON view elements computed while parsing, reused by jsonView while the header list is unchanged.
 * A small ring of recent messages (strong references to at most RING messages): no property is
 * added to the message and the garbage collector has no weak-map ephemerons to trace.
 */
interface Cached { msg: SipMessage; names: string[]; values: string[]; views: unknown[][] }

const RING = 16;
const ring: (Cached | undefined)[] = new Array(RING);
let next = 0;

export function rememberViews(msg: SipMessage, views: unknown[][]): void {
  const n = msg.headers.length;
  const names = new Array<string>(n);
  const values = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    names[i] = msg.headers[i].name;
    values[i] = msg.headers[i].value;
  }
  ring[next] = { msg, names, values, views };
  next = (next + 1) % RING;
}

/** Cached elements for `msg`, or undefined; check names[i]/values[i] against the header before use. */
export function cachedAll(msg: SipMessage): Cached | undefined {
  for (let k = 1; k <= RING; k++) {
    const c = ring[(next - k + RING) % RING];
    if (c !== undefined && c.msg === msg) return c;
  }
  return undefined;
}
