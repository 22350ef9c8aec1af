import { headerValue, parseCSeq, parseEvent, parseMessage, type SipMessage, type SipRequest } from '../../sip/message';
import { ReferSubscriber, type ReferSubscription } from '../../sip/subscription';
import type { IncomingRequest, UserAgent } from '../../sip/useragent';
import type { FaultName } from './faults';

/**
 * The reference SUT as REFER sender (subscriber): it watches the REFERs its UA sends and their
 * final responses — whoever builds them — and decides which NOTIFYs match a subscription
 * (RFC 6665 §4.1.3, §8.2.1; RFC 3515 §2.4.4, §2.4.6). A NOTIFY may arrive before the REFER's 2xx
 * (RFC 3515 §2.4.4, RFC 6665 §4.1.2.4); a 202 counts like a 200 (RFC 7647 §5, RFC 6665 §8.3.1).
 */
export class ReferSubscriptions {
  private subscriber = new ReferSubscriber();
  /** Subscriptions by the REFER's Call-ID and CSeq number. */
  private byRefer = new Map<string, ReferSubscription>();
  private answered = new WeakSet<ReferSubscription>();
  /** The first REFER of each dialog (its NOTIFYs may carry the id or not, RFC 3515 §2.4.6). */
  private first = new WeakSet<ReferSubscription>();
  private callIds = new Set<string>();
  private requests = new Map<string, SipMessage>();

  constructor(private ua: UserAgent, private faults: ReadonlySet<FaultName>) {
    ua.onTrace((r) => this.observe(r.direction, r.bytes));
  }

  /** True when the NOTIFY matches a subscription and goes on to the transferor; otherwise it is answered here. */
  admit(incoming: IncomingRequest): boolean {
    const { request } = incoming;
    if (!incoming.dialog) return true; // answered 481 by the transferor (RFC 3261 §12.2.2)
    const refusal = this.faultyRefusal(request);
    if (refusal) return void this.ua.respond(incoming, refusal), false;
    const verdict = this.subscriber.receiveNotify(request);
    if (verdict.status === 481 && this.has('notify-unknown-accepted')) return true;
    if (verdict.status === 489 && this.has('notify-unknown-event-accepted')) return true;
    if (verdict.status !== 200) return void this.ua.respond(incoming, verdict.status, { reason: verdict.reason }), false;
    if (this.has('notify-answered-202')) return void this.ua.respond(incoming, 202), false;
    const dialog = incoming.dialog;
    if (this.has('resubscribe-after-noresource') && verdict.subscription?.state === 'terminated') {
      queueMicrotask(() => this.ua.send(this.ua.newInDialog(dialog, 'SUBSCRIBE', { headers: [{ name: 'event', value: 'refer' }, { name: 'expires', value: '60' }] })));
    }
    return true;
  }

  private has(f: FaultName): boolean {
    return this.faults.has(f);
  }

  /** Fault modes that refuse an acceptable NOTIFY. */
  private faultyRefusal(notify: SipMessage): number | undefined {
    const callId = headerValue(notify, 'call-id');
    const subs = this.subscriber.active.filter((s) => s.callId === callId);
    if (this.has('early-notify-rejected') && subs.some((s) => !this.answered.has(s))) return 481;
    const lines = notify.body.toString('utf8').split('\r\n').filter((l) => l.length > 0);
    if (this.has('sipfrag-headers-rejected') && lines.length > 1) return 400;
    if (this.has('refer-events-at-heeded') && headerValue(notify, 'refer-events-at')) return 400;
    if (this.has('retry-after-rejected') && /retry-after/i.test(headerValue(notify, 'subscription-state') ?? '')) return 400;
    let id: string | true | undefined;
    try {
      id = parseEvent(headerValue(notify, 'event') ?? '').params.id;
    } catch {
      return undefined;
    }
    if (this.has('first-refer-id-rejected') && id !== undefined && subs.some((s) => this.first.has(s) && String(s.referSeq) === String(id))) return 481;
    return undefined;
  }

  /** Every REFER this UA sends, and the final responses to them, as they cross its transport. */
  private observe(direction: 'in' | 'out', bytes: Buffer): void {
    const head = bytes.subarray(0, 8).toString('latin1');
    if (!head.startsWith(direction === 'out' ? 'REFER ' : 'SIP/2.0')) return;
    let m: SipMessage;
    try {
      m = parseMessage(bytes);
    } catch {
      return;
    }
    const cseq = parseCSeq(headerValue(m, 'cseq') ?? '0 X');
    const key = `${headerValue(m, 'call-id')}|${cseq.seq}`;
    if (m.type === 'request') {
      if (this.byRefer.has(key)) return; // a retransmission
      this.requests.set(key, m);
      const sub = this.subscriber.referSent(m);
      if (!this.callIds.has(sub.callId)) this.first.add(sub);
      this.callIds.add(sub.callId);
      return void this.byRefer.set(key, sub);
    }
    const sub = this.byRefer.get(key);
    if (cseq.method !== 'REFER' || m.status < 200 || !sub || this.answered.has(sub)) return;
    this.answered.add(sub);
    // RFC 3515 §2.4.4: a 2xx to a REFER sent outside a dialog creates one, for its NOTIFYs.
    const request = this.requests.get(key);
    if (request && m.status < 300 && !/;\s*tag=/i.test(headerValue(request, 'to') ?? '')) this.ua.adoptDialog(request as SipRequest, m);
    const treatAsRefused = m.status === 202 && this.has('refer-202-no-subscription');
    this.subscriber.referAnswered(sub, treatAsRefused ? { ...m, status: 603 } : m);
  }
}
