import { headerValue, headerValues, parseEvent, type Header, type SipRequest } from '../../sip/message';
import { NotifyQueue, ReferNotifier, type ReferNotifyContent } from '../../sip/subscription';
import { buildCancel } from '../../sip/transaction';
import type { IncomingRequest, UserAgent } from '../../sip/useragent';
import type { FaultName } from './faults';

/** RFC 7614 §4, §5: the REFER asks for an explicit subscription, or for none at all. */
export type Extension = 'explicitsub' | 'nosub' | undefined;

/** RFC 6665 §4.2.2: a NOTIFY answered with one of these ends the subscription. */
const ENDS_SUBSCRIPTION = new Set([404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604]);

/** Refer event state a Refer-Events-At URI names (RFC 7614 §4.7): its last status, and its subscribers. */
interface ReferState { statusLine: string; final: boolean; subscribers: ReferNotifier[] }

/**
 * The reference transferee's refer event server: SUBSCRIBE to event refer (refresh and unsubscribe
 * of implicit subscriptions, RFC 3515 §2.4.4 and §3.4; explicit ones at a Refer-Events-At URI,
 * RFC 7614 §4), and the sending of every refer NOTIFY (RFC 6665 §4.2.2).
 */
export class ReferEvents {
  /** Implicit subscriptions by notifier, with the last status line sent (to repeat on refresh). */
  private implicit = new Map<ReferNotifier, string>();
  /** Explicit refer state by the key in its Refer-Events-At URI; kept after completion (RFC 7614 §4.7). */
  private explicit = new Map<string, ReferState>();
  private next = 1;
  /** RFC 6665 §4.2.2: one NOTIFY in flight per subscription; the next leaves when the previous transaction completes. */
  private queues = new WeakMap<ReferNotifier, NotifyQueue>();
  /** Subscriptions a NOTIFY response ended: NOTIFYs still queued for them are not sent. */
  private ended = new WeakSet<ReferNotifier>();

  constructor(private ua: UserAgent, private faults: ReadonlySet<FaultName>) {}

  /** RFC 7614 §4.1, §5.1: the extension the REFER requires, if any. */
  extensionOf(refer: SipRequest): Extension {
    const tags = headerValues(refer, 'require').map((t) => t.trim().toLowerCase());
    return tags.includes('explicitsub') ? 'explicitsub' : tags.includes('nosub') ? 'nosub' : undefined;
  }

  /**
   * Headers of the 200 accepting a REFER: a Contact in every 2xx (RFC 3515 §2.2 Table 1; the UA core
   * adds it only when the REFER creates a dialog) and, for explicitsub, a fresh Refer-Events-At URI
   * naming this REFER's state (RFC 7614 §4.3, §4.8). Returns the state's key with the headers.
   */
  accept(incoming: IncomingRequest, ext: Extension): { headers: Header[]; key?: string } {
    const headers: Header[] = [];
    if (incoming.dialog && !this.has('refer-2xx-no-contact')) headers.push({ name: 'contact', value: this.ua.contact });
    if (this.has('refer-sub-malformed')) headers.push({ name: 'refer-sub', value: 'maybe' });
    if (ext !== 'explicitsub') return { headers };
    const key = this.has('refer-events-at-shared') ? 'shared' : `r${this.next++}x${Math.random().toString(36).slice(2, 10)}`;
    if (!this.explicit.has(key) || key === 'shared') this.explicit.set(key, { statusLine: 'SIP/2.0 100 Trying', final: false, subscribers: [] });
    const uri = `${this.ua.uri};refer-events=${key}`;
    if (!this.has('explicitsub-no-refer-events-at')) headers.push({ name: 'refer-events-at', value: this.has('refer-events-at-bare') ? uri : `<${uri}>` });
    return { headers, key };
  }

  /** A fault mode sends NOTIFYs in the REFER's dialog although RFC 7614 §4.3 / §5.3 forbids it. */
  implicitDespite(ext: Extension): boolean {
    return (ext === 'explicitsub' && this.has('explicitsub-implicit-notify')) || (ext === 'nosub' && this.has('nosub-notify'));
  }

  track(notifier: ReferNotifier): void {
    this.implicit.set(notifier, 'SIP/2.0 100 Trying');
  }

  /** The referenced request progressed: tell explicit subscribers (RFC 7614 §4.6) and keep the state. */
  progress(key: string | undefined, statusLine: string, final: boolean): void {
    const state = key ? this.explicit.get(key) : undefined;
    if (!state) return;
    Object.assign(state, { statusLine, final });
    for (const n of state.subscribers.filter((s) => s.state !== 'terminated')) {
      this.send(n, final ? { statusLine, state: 'terminated', reason: 'noresource' } : { statusLine, state: 'active', expires: 60 });
    }
    if (final && this.has('explicit-state-forgotten')) this.explicit.delete(key!);
  }

  /** Sends one refer NOTIFY; a response that ends the subscription ends it here (RFC 6665 §4.2.2). */
  send(notifier: ReferNotifier, content: ReferNotifyContent, shape: (headers: Header[], body: Buffer) => { headers: Header[]; body: Buffer } = (h, b) => ({ headers: h, body: b })): void {
    if (notifier.state === 'terminated') return;
    const rendered = notifier.render(this.misreport(content));
    if (this.implicit.has(notifier)) this.implicit.set(notifier, content.statusLine);
    const { headers, body } = shape(this.misstate(rendered.headers, content), rendered.body);
    if (!this.implicit.has(notifier) && this.has('explicitsub-required-in-notify')) headers.push({ name: 'require', value: 'explicitsub' });
    const notify = this.ua.newInDialog(notifier.dialog, 'NOTIFY', { headers, body });
    if (this.has('notify-wrong-to-tag')) notify.headers = notify.headers.map((h) => (h.name === 'to' ? { name: 'to', value: h.value.replace(/tag=[^;]+/, 'tag=not-the-refer-tag') } : h));
    // Built now (so CSeq follows the order of events), sent once the previous NOTIFY's transaction
    // has completed: under loss a final NOTIFY cannot overtake the first (RFC 6665 §4.2.2).
    const queue = this.queues.get(notifier) ?? new NotifyQueue();
    this.queues.set(notifier, queue);
    queue.push((done) => {
      if (this.ended.has(notifier)) return done();
      this.ua.send(notify, {
        onResponse: (res) => {
          if (res.status < 200) return;
          if (ENDS_SUBSCRIPTION.has(res.status) && !this.has('notify-481-ignored')) {
            notifier.state = 'terminated';
            this.ended.add(notifier);
          }
          done();
        },
        onTimeout: done,
      });
      if (this.has('notify-cancelled')) this.ua.send(buildCancel(notify)); // RFC 6665 §4.6: SHOULD NOT
    });
  }

  /** SUBSCRIBE to event refer: RFC 3515 §2.4.4 (refresh, unsubscribe, 403), RFC 7614 §4.5, §4.7. */
  receiveSubscribe(incoming: IncomingRequest, send: (n: ReferNotifier, c: ReferNotifyContent) => void): void {
    const { request } = incoming;
    let event: ReturnType<typeof parseEvent>;
    try {
      event = parseEvent(headerValue(request, 'event') ?? '');
    } catch {
      return void this.ua.respond(incoming, 400, { reason: 'Bad Event Header' });
    }
    if (event.package.toLowerCase() !== 'refer') return void this.ua.respond(incoming, 489); // RFC 6665 §8.3.2
    const id = typeof event.params.id === 'string' ? Number(event.params.id) : undefined;
    const expires = Math.min(Number(headerValue(request, 'expires') ?? 60), 60);
    const ok = this.has('subscribe-answered-202') ? 202 : 200;
    if (incoming.dialog) {
      const n = [...this.implicit.keys()].find((x) => x.dialog === incoming.dialog && x.eventId === id && x.state !== 'terminated');
      // RFC 3515 §2.4.4: a SUBSCRIBE to refer for a subscription that does not exist gets 403.
      if (!n) return void this.ua.respond(incoming, this.has('refer-subscribe-accepted') ? 200 : 403);
      this.ua.respond(incoming, ok, { headers: [{ name: 'expires', value: String(expires) }] });
      if (expires === 0 && this.has('unsubscribe-ignored')) return;
      if (!(expires > 0 && this.has('refresh-no-notify'))) {
        const statusLine = this.implicit.get(n)!;
        send(n, expires === 0 ? { statusLine, state: 'terminated', reason: 'timeout' } : { statusLine, state: 'active', expires });
      }
      return;
    }
    const key = /;refer-events=([^;>?]+)/.exec(request.uri)?.[1];
    const state = key ? this.explicit.get(key) : undefined;
    if (!state) return void this.ua.respond(incoming, 403); // no refer state at this URI (RFC 3515 §2.4.4)
    const misrequired = this.has('explicitsub-required-in-subscribe-200') ? [{ name: 'require', value: 'explicitsub' }] : [];
    this.ua.respond(incoming, ok, { headers: [{ name: 'expires', value: String(expires) }, ...misrequired] });
    const n = new ReferNotifier(incoming.dialog!, id);
    // RFC 7614 §4.7: after completion, accept and end at once with the final state.
    if (state.final || expires === 0) return void this.send(n, { statusLine: state.statusLine, state: 'terminated', reason: state.final ? 'noresource' : 'timeout' });
    state.subscribers.push(n);
    this.send(n, { statusLine: state.statusLine, state: 'active', expires });
  }

  private has(f: FaultName): boolean {
    return this.faults.has(f);
  }

  private misreport(c: ReferNotifyContent): ReferNotifyContent {
    const failed = /^SIP\/2\.0 [3-6]\d\d /.test(c.statusLine);
    return failed && c.state === 'terminated' && this.has('failure-reported-as-success') ? { ...c, statusLine: 'SIP/2.0 200 OK' } : c;
  }

  /** Fault modes that bend Subscription-State (RFC 6665 §4.2.2, §4.1.3) and Refer-Sub (RFC 4488 §4). */
  private misstate(headers: Header[], c: ReferNotifyContent): Header[] {
    let out = headers.map((h) => {
      if (h.name !== 'subscription-state') return h;
      if (c.state !== 'terminated' && this.has('notify-no-expires')) return { name: h.name, value: c.state };
      if (c.state === 'terminated' && this.has('terminated-with-expires')) return { name: h.name, value: `${h.value};expires=60` };
      if (c.state === 'terminated' && this.has('terminated-without-reason')) return { name: h.name, value: 'terminated' };
      return h;
    });
    if (this.has('refer-sub-in-notify')) out = [...out, { name: 'refer-sub', value: 'true' }];
    return out;
  }
}
