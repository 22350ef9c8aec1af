import { headerValue, parseMessage, parseNameAddr, type SipMessage, type SipRequest } from '../sip/message';
import type { Agent } from '../endpoints/agent';
import { untilEvent } from '../endpoints/deadline';
import type { SipWorld } from './world';

/** A message as it crossed the wire, found in the scenario trace (not only what an inbox kept). */
export interface OnWire<T extends SipMessage = SipMessage> {
  message: T;
  traceIndex: number;
  time: number;
}

const parsedCache = new WeakMap<object, SipMessage | null>();
const wakeups = new WeakMap<Agent, Set<() => void>>();

function parsed(record: SipWorld['trace'][number]): SipMessage | undefined {
  if (!parsedCache.has(record)) {
    let m: SipMessage | null = null;
    try {
      m = parseMessage(record.bytes, { lenient: true });
    } catch {
      m = null; // beyond repair: the trace keeps the bytes
    }
    parsedCache.set(record, m);
  }
  return parsedCache.get(record) ?? undefined;
}

/**
 * Every message of the trace sent by party `from` to party `to`, in order. Unlike an inbox this
 * includes what a scripted party's UA core answered by itself (a NOTIFY with wrong tags gets 481
 * there and never reaches a step), so identifier checks can see it.
 */
export function sentBetween(world: SipWorld, from: string, to: string, since = 0): OnWire[] {
  const out: OnWire[] = [];
  world.trace.forEach((r, traceIndex) => {
    if (traceIndex < since || world.partyAt(r.src) !== from || world.partyAt(r.dst) !== to) return;
    const message = parsed(r);
    if (message) out.push({ message, traceIndex, time: r.time });
  });
  return out;
}

/** Waits (deadline) for a message from `from` that reaches scripted `to` on the wire and matches. */
export async function awaitOnWire<T extends SipMessage>(
  world: SipWorld, from: string, to: Agent, match: (m: SipMessage) => m is T, timeoutMs: number, since = 0,
): Promise<OnWire<T> | undefined> {
  const scan = () => sentBetween(world, from, to.name, since).find((w) => match(w.message)) as OnWire<T> | undefined;
  const now = scan();
  if (now) return now;
  let set = wakeups.get(to);
  if (!set) {
    const listeners = new Set<() => void>();
    wakeups.set(to, (set = listeners));
    // Registered after the agent's own trace hook, so the world trace already holds the record.
    to.ua.onTrace(() => { for (const l of [...listeners]) l(); });
  }
  const wake = set;
  return untilEvent<OnWire<T>>((deliver) => {
    const l = (): void => { const hit = scan(); if (hit) deliver(hit); };
    wake.add(l);
    return () => wake.delete(l);
  }, timeoutMs);
}

export function isNotify(m: SipMessage): m is SipRequest {
  return m.type === 'request' && m.method === 'NOTIFY';
}

/** The tag parameter of a From or To header value, if any. */
export function tagOf(m: SipMessage, header: 'from' | 'to'): string | undefined {
  const v = headerValue(m, header);
  if (!v) return undefined;
  try {
    const tag = parseNameAddr(v).params.tag;
    return typeof tag === 'string' ? tag : undefined;
  } catch {
    return undefined;
  }
}

/** The final responses `from` sent to `to` for requests with this Call-ID and CSeq. */
export function answersOnWire(world: SipWorld, from: string, to: string, request: SipMessage): OnWire[] {
  const callId = headerValue(request, 'call-id');
  const cseq = headerValue(request, 'cseq');
  return sentBetween(world, from, to).filter((w) => w.message.type === 'response' && w.message.status >= 200
    && headerValue(w.message, 'call-id') === callId && headerValue(w.message, 'cseq') === cseq);
}
