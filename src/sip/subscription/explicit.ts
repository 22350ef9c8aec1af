import { randomBytes } from 'node:crypto';
import { headerValue, headerValues, parseEvent, parseNameAddr, type Header, type SipRequest, type SipResponse } from '../message';

/** RFC 7614 §4.1: a REFER that asks for no implicit subscription but an explicit one. */
export function requiresExplicitSub(refer: SipRequest): boolean {
  return headerValues(refer, 'require').some((v) => v.split(',').some((t) => t.trim().toLowerCase() === 'explicitsub'));
}

/** RFC 7614 §4.2, §4.8: the URI to SUBSCRIBE to for the refer state, from the REFER's 2xx. */
export function referEventsAt(response: SipResponse): string | undefined {
  const v = headerValue(response, 'refer-events-at');
  return v ? parseNameAddr(v).uri : undefined;
}

/** The refer event state the event server keeps for one accepted REFER (RFC 7614 §4.7). */
export interface ReferEventState {
  uri: string;
  /** sipfrag status lines so far, the last one current. */
  progress: string[];
  final: boolean;
}

export type SubscribeVerdict =
  | { status: 200; state: ReferEventState; expires: number }
  | { status: 404 | 489; reason: string };

/**
 * The REFER-Recipient's event server for explicit subscriptions (RFC 7614 §4.3–§4.7): each accepted
 * REFER gets a hard-to-guess URI, returned in Refer-Events-At of a 200; a SUBSCRIBE to that URI
 * for event `refer` is accepted and is told the current state, final state included.
 */
export class ReferEventServer {
  private states = new Map<string, ReferEventState>();

  /** `host` is `host:port` (IPv6 in brackets) where SUBSCRIBEs reach this UA. */
  constructor(private host: string) {}

  /** Accepts a REFER: the state and the 200's Refer-Events-At header (§4.3: 200, not 202). */
  accept(): { state: ReferEventState; headers: Header[] } {
    const uri = `sip:refer-${randomBytes(12).toString('hex')}@${this.host}`;
    const state: ReferEventState = { uri, progress: ['SIP/2.0 100 Trying'], final: false };
    this.states.set(uri, state);
    return { state, headers: [{ name: 'refer-events-at', value: `<${uri}>` }] };
  }

  /** The referred request progressed; a final status ends it (kept for later subscribers, §4.7). */
  update(state: ReferEventState, statusLine: string): void {
    state.progress.push(statusLine);
    state.final = /^SIP\/2\.0 [2-6]\d\d /.test(statusLine);
  }

  /** RFC 7614 §4.5: a SUBSCRIBE to a Refer-Events-At URI; 404 for unknown state, 489 for another event. */
  subscribe(request: SipRequest, expires = 60): SubscribeVerdict {
    const event = headerValue(request, 'event');
    if (!event || parseEvent(event).package.toLowerCase() !== 'refer') return { status: 489, reason: 'Bad Event' };
    const uri = parseNameAddr(`<${request.uri}>`).uri.replace(/;.*$/, '');
    const state = this.states.get(uri);
    if (!state) return { status: 404, reason: 'Not Found' };
    return { status: 200, state, expires: state.final ? 0 : expires };
  }

  forget(state: ReferEventState): void {
    this.states.delete(state.uri);
  }
}
