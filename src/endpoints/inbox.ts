import type { SipMessage } from '../sip/message';
import type { Address } from '../sip/transport';
import { untilEvent } from './deadline';

export interface Received {
  message: SipMessage;
  src: Address;
  time: number;
  /** Position of the message in the scenario trace (for findings and the ladder diagram). */
  traceIndex: number;
  claimed: boolean;
}

/**
 * Everything a scripted party received, in order. A step claims the first unclaimed message
 * that matches what it expects, waiting for it up to a deadline.
 */
export class Inbox {
  readonly items: Received[] = [];
  private listeners = new Set<(r: Received) => void>();

  push(item: Omit<Received, 'claimed'>): void {
    const r = { ...item, claimed: false };
    this.items.push(r);
    for (const l of [...this.listeners]) l(r);
  }

  /** The first unclaimed message matching `match`, now or when it arrives; undefined at the deadline. */
  async claim(match: (m: SipMessage) => boolean, timeoutMs: number): Promise<Received | undefined> {
    const now = this.items.find((r) => !r.claimed && match(r.message));
    const found = now ?? (await untilEvent<Received>((deliver) => {
      const l = (r: Received): void => { if (!r.claimed && match(r.message)) deliver(r); };
      this.listeners.add(l);
      return () => this.listeners.delete(l);
    }, timeoutMs));
    if (found) found.claimed = true;
    return found;
  }

  /** Claims nothing: the matching message if one arrives before the deadline or the signal (for "no X" checks). */
  async arrives(match: (m: SipMessage) => boolean, timeoutMs: number, since = 0, signal?: AbortSignal): Promise<Received | undefined> {
    const now = this.items.slice(since).find((r) => match(r.message));
    return now ?? untilEvent<Received>((deliver) => {
      const l = (r: Received): void => { if (match(r.message)) deliver(r); };
      this.listeners.add(l);
      return () => this.listeners.delete(l);
    }, timeoutMs, signal);
  }
}
