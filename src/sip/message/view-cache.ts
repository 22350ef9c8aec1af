import type { Header, SipMessage } from './types';

/**
 * JSON view elements computed while parsing, reused by jsonView while a header is unchanged.
 * A small ring of recent messages (strong references to at most RING messages): no property is
 * added to the message and the garbage collector has no weak-map ephemerons to trace.
 */
export interface Cached {
  msg: SipMessage;
  snapshot: (Header | string)[];
  views: unknown[][];
  /** The view's `headers` object when the parser built it (fast.ts), valid while no header changed. */
  headers: Record<string, unknown[]> | undefined;
  /** msg.body as text when decoded with the headers (undefined: decode it), valid while msg.body is `bodyOf`. */
  body: string | undefined;
  bodyOf: Buffer;
  frag?: { body: Buffer; view: Record<string, unknown> };
}

const RING = 16;
const ring: (Cached | undefined)[] = new Array(RING);
let next = 0;

export function rememberViews(msg: SipMessage, views: unknown[][], body: string | undefined, headers?: Record<string, unknown[]>): void {
  const hs = msg.headers;
  const snapshot = new Array<Header | string>(hs.length * 3);
  for (let i = 0; i < hs.length; i++) {
    snapshot[3 * i] = hs[i];
    snapshot[3 * i + 1] = hs[i].name;
    snapshot[3 * i + 2] = hs[i].value;
  }
  ring[next] = { msg, snapshot, views, headers, body, bodyOf: msg.body, frag: undefined };
  next = (next + 1) % RING;
}

/** The cached elements of msg.headers[i] if that header is unchanged since parsing, else undefined. */
export function cachedView(c: Cached | undefined, h: Header, i: number): unknown[] | undefined {
  if (c === undefined || 3 * i >= c.snapshot.length) return undefined;
  const s = c.snapshot;
  return s[3 * i] === h && s[3 * i + 1] === h.name && s[3 * i + 2] === h.value ? c.views[i] : undefined;
}

/** The view's headers object built while parsing, if no header was added, removed or changed since. */
export function cachedHeaders(c: Cached | undefined, msg: SipMessage): Record<string, unknown[]> | undefined {
  if (c === undefined || c.headers === undefined) return undefined;
  const hs = msg.headers;
  const s = c.snapshot;
  if (s.length !== 3 * hs.length) return undefined;
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i];
    if (s[3 * i] !== h || s[3 * i + 1] !== h.name || s[3 * i + 2] !== h.value) return undefined;
  }
  return c.headers;
}

export function cachedAll(msg: SipMessage): Cached | undefined {
  for (let k = 1; k <= RING; k++) {
    const c = ring[(next - k + RING) % RING];
    if (c !== undefined && c.msg === msg) return c;
  }
  return undefined;
}
