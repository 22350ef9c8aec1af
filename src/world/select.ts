import { jsonView, parseCSeq, parseMessage, headerValue, type JsonView, type SipMessage } from '../sip/message';
import type { SipWorld } from './world';

/** A reference to one message of the trace, as a step names it: "the final NOTIFY", "the response to the REFER". */
export interface MessageRef {
  ordinal?: 'first' | 'second' | 'third' | 'last' | 'final';
  response: boolean;
  method: string;
  /** "to Carol" / "from Bob": restricts by destination or source party. */
  direction?: 'to' | 'from';
  party?: string;
}

/** The Cucumber expression parameter for MessageRef: "[first|…] [response to the] METHOD [to|from Party]". */
export const MESSAGE_REF = /(?:(first|second|third|last|final) )?(response to the )?([A-Z]+)(?: (to|from) ([A-Z][A-Za-z0-9-]*))?/;

export function toMessageRef(ordinal?: string, response?: string, method?: string, direction?: string, party?: string): MessageRef {
  return { ordinal: ordinal as MessageRef['ordinal'], response: Boolean(response), method: method!, direction: direction as MessageRef['direction'], party };
}

export function describeRef(ref: MessageRef): string {
  return [ref.ordinal, ref.response ? 'final response to the' : undefined, ref.method, ref.direction, ref.party].filter(Boolean).join(' ');
}

export interface Selected {
  message: SipMessage;
  view: JsonView;
  traceIndex: number;
}

/** Finds the message a step names in the scenario trace; undefined when there is none. */
export function selectMessage(world: SipWorld, ref: MessageRef): Selected | undefined {
  const matches: Selected[] = [];
  world.trace.forEach((r, traceIndex) => {
    let message: SipMessage;
    try {
      message = parseMessage(r.bytes, { lenient: true });
    } catch {
      return;
    }
    if (!matchesRef(world, ref, message, r)) return;
    matches.push({ message, view: jsonView(message), traceIndex });
  });
  const pick = { first: 0, second: 1, third: 2 } as Record<string, number>;
  return ref.ordinal && ref.ordinal in pick ? matches[pick[ref.ordinal]] : matches[matches.length - 1];
}

function matchesRef(world: SipWorld, ref: MessageRef, m: SipMessage, r: SipWorld['trace'][number]): boolean {
  if (ref.response) {
    const cseq = headerValue(m, 'cseq');
    if (m.type !== 'response' || m.status < 200 || !cseq || parseCSeq(cseq).method !== ref.method) return false;
  } else if (m.type !== 'request' || m.method !== ref.method) return false;
  if (!ref.party) return true;
  const addr = ref.direction === 'to' ? r.dst : r.src;
  return world.partyAt(addr) === ref.party;
}
