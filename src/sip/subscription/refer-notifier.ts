import type { Header } from '../message';
import type { Dialog } from '../dialog';

export type SubscriptionState = 'pending' | 'active' | 'terminated';

/** RFC 6665 §4.1.3 reason codes for a terminated subscription. */
export type TerminationReason = 'deactivated' | 'probation' | 'rejected' | 'timeout' | 'giveup' | 'noresource' | 'invariant';

export interface ReferNotifyContent {
  /** The sipfrag status line, e.g. "SIP/2.0 100 Trying" (RFC 3515 §2.4.5). */
  statusLine: string;
  state: SubscriptionState;
  reason?: TerminationReason | string;
  expires?: number;
}

/** RFC 6665 §4.2.2: which states may follow which; nothing follows terminated. */
const NEXT: Record<SubscriptionState, readonly SubscriptionState[]> = {
  pending: ['pending', 'active', 'terminated'],
  active: ['active', 'terminated'],
  terminated: [],
};

/**
 * The notifier side of the implicit subscription a REFER creates (RFC 3515 §2.4.4):
 * it knows the Event id and renders each NOTIFY's headers and sipfrag body.
 */
export class ReferNotifier {
  state: SubscriptionState = 'active';
  /** When the subscription expires (ms since the epoch), from the last expires sent. */
  expiresAt?: number;

  constructor(
    readonly dialog: Dialog,
    /** RFC 3515 §2.4.6: the CSeq of the REFER, used as the Event id from the second REFER on. */
    readonly eventId: number | undefined,
    initial: SubscriptionState = 'active',
  ) {
    this.state = initial;
  }

  get event(): string {
    return this.eventId === undefined ? 'refer' : `refer;id=${this.eventId}`;
  }

  /** Headers and body of the next NOTIFY; a terminated subscription sends nothing more (RFC 6665 §4.2.2). */
  render(content: ReferNotifyContent): { headers: Header[]; body: Buffer } {
    if (this.state === 'terminated') throw new Error('ReferNotifier: subscription already terminated');
    if (!NEXT[this.state].includes(content.state)) throw new Error(`ReferNotifier: invalid state transition from ${this.state} to ${content.state}`);
    this.state = content.state;
    if (content.state !== 'terminated') this.expiresAt = Date.now() + 1000 * (content.expires ?? 60);
    return {
      headers: [
        { name: 'event', value: this.event },
        { name: 'subscription-state', value: subscriptionStateValue(content) },
        { name: 'content-type', value: 'message/sipfrag;version=2.0' },
      ],
      body: Buffer.from(`${content.statusLine}\r\n`),
    };
  }

  /** RFC 6665 §4.2.2 / RFC 3515 §2.4.7: the final NOTIFY when the subscription lapses, with reason timeout. */
  expire(statusLine = 'SIP/2.0 100 Trying'): { headers: Header[]; body: Buffer } {
    return this.render({ statusLine, state: 'terminated', reason: 'timeout' });
  }
}

/** RFC 6665 §8.2.3 (Subscription-State): state with reason or expires. */
export function subscriptionStateValue(c: Pick<ReferNotifyContent, 'state' | 'reason' | 'expires'>): string {
  if (c.state === 'terminated') return `terminated;reason=${c.reason ?? 'noresource'}`;
  return `${c.state};expires=${c.expires ?? 60}`;
}
