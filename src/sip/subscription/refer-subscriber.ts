import {
  headerValue, parseCSeq, parseEvent, parseNameAddr, parseSipfrag, parseSubscriptionState,
  type SipRequest, type SipResponse,
} from '../message';
import type { SubscriptionState } from './refer-notifier';
import { declinesSubscription } from './refer-sub';

/** The subscriber's view of one implicit REFER subscription (RFC 3515 §2.4.4). */
export interface ReferSubscription {
  callId: string;
  /** Our tag: the From tag of the REFER, the To tag of each NOTIFY. */
  localTag: string;
  /** The notifier's tag, once a 2xx or NOTIFY told it. */
  remoteTag?: string;
  /** The REFER's CSeq number: the Event id the notifier may use (RFC 3515 §2.4.6). */
  referSeq: number;
  state: SubscriptionState | 'waiting';
  reason?: string;
  expires?: number;
  /** Status codes of the sipfrag bodies received, in order (RFC 3515 §2.4.5). */
  progress: number[];
  /** Created by SUBSCRIBE to a Refer-Events-At URI (RFC 7614 §4.4): any Event id matches. */
  explicit?: boolean;
}

/** What to answer a NOTIFY with, and the subscription it matched. */
export interface NotifyVerdict {
  status: 200 | 400 | 481 | 489;
  reason: string;
  subscription?: ReferSubscription;
}

/**
 * The REFER-Issuer's side of implicit subscriptions: it matches each NOTIFY to a subscription by
 * dialog (Call-ID and tags) and Event id (RFC 6665 §4.1.3, §8.2.1; RFC 3515 §2.4.6) and answers 481
 * for none. A REFER answered with `Refer-Sub: false` creates none (RFC 4488 §4).
 */
export class ReferSubscriber {
  private subs: ReferSubscription[] = [];

  /** The REFER was sent: a subscription may be notified even before its 2xx arrives (RFC 6665 §4.1.2.4). */
  referSent(refer: SipRequest): ReferSubscription {
    const sub: ReferSubscription = {
      callId: headerValue(refer, 'call-id') ?? '',
      localTag: tagOf(headerValue(refer, 'from')) ?? '',
      referSeq: parseCSeq(headerValue(refer, 'cseq') ?? '0 REFER').seq,
      state: 'waiting',
      progress: [],
    };
    const remote = tagOf(headerValue(refer, 'to'));
    if (remote) sub.remoteTag = remote;
    this.subs.push(sub);
    return sub;
  }

  /** RFC 7614 §4.4: a SUBSCRIBE to a Refer-Events-At URI opens a subscription in its own dialog. */
  subscribeSent(subscribe: SipRequest): ReferSubscription {
    const sub = this.referSent(subscribe);
    sub.explicit = true;
    return sub;
  }

  /** A final response to the REFER: non-2xx or a granted `Refer-Sub: false` means no subscription. */
  referAnswered(sub: ReferSubscription, response: SipResponse): void {
    if (response.status < 200) return;
    if (response.status >= 300 || declinesSubscription(response)) return this.remove(sub);
    sub.remoteTag ??= tagOf(headerValue(response, 'to'));
  }

  get active(): readonly ReferSubscription[] {
    return this.subs;
  }

  /** Matches a NOTIFY and updates its subscription (state, progress); terminated ones are forgotten. */
  receiveNotify(notify: SipRequest): NotifyVerdict {
    const event = headerValue(notify, 'event');
    if (!event) return { status: 489, reason: 'Bad Event' };
    const { package: pkg, params } = parseEvent(event);
    if (pkg.toLowerCase() !== 'refer') return { status: 489, reason: 'Bad Event' };
    const sub = this.match(notify, typeof params.id === 'string' ? Number(params.id) : undefined);
    if (!sub) return { status: 481, reason: 'Subscription Does Not Exist' };
    const state = headerValue(notify, 'subscription-state');
    if (!state) return { status: 400, reason: 'Missing Subscription-State' };
    this.update(sub, notify, state);
    return { status: 200, reason: 'OK', subscription: sub };
  }

  /** RFC 6665 §8.2.1: same dialog, same package, same id; no id matches the REFER that needs none. */
  private match(notify: SipRequest, id: number | undefined): ReferSubscription | undefined {
    const callId = headerValue(notify, 'call-id');
    const toTag = tagOf(headerValue(notify, 'to'));
    const fromTag = tagOf(headerValue(notify, 'from'));
    const inDialog = this.subs.filter((s) => s.callId === callId && s.localTag === toTag && (!s.remoteTag || s.remoteTag === fromTag));
    if (id !== undefined) return inDialog.find((s) => s.explicit || s.referSeq === id);
    return inDialog[0];
  }

  private update(sub: ReferSubscription, notify: SipRequest, value: string): void {
    const st = parseSubscriptionState(value);
    sub.remoteTag ??= tagOf(headerValue(notify, 'from'));
    sub.state = st.state as SubscriptionState;
    sub.reason = st.reason;
    sub.expires = st.expires;
    try {
      const frag = parseSipfrag(notify.body);
      if (frag.type === 'response') sub.progress.push(frag.status);
    } catch {
      // RFC 3515 §2.4.5 body checks are the schemas' job; matching does not depend on them
    }
    if (sub.state === 'terminated') this.remove(sub);
  }

  private remove(sub: ReferSubscription): void {
    this.subs = this.subs.filter((s) => s !== sub);
  }
}

function tagOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const tag = parseNameAddr(value).params.tag;
  return typeof tag === 'string' ? tag : undefined;
}
