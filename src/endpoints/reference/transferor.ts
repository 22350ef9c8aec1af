import { headerValue, parseNameAddr, parseSipfrag, parseSubscriptionState, type SipRequest, type SipResponse } from '../../sip/message';
import type { Dialog } from '../../sip/dialog';
import type { IncomingRequest, UserAgent } from '../../sip/useragent';
import type { CallControl } from './call-control';
import type { FaultName } from './faults';
import { newRefer, shapeReferHeaders } from './transfer-shaping';
import { referWithToken } from '../referred-by-token';

/** RFC 3891 §5.1 / RFC 3515 §2.1: a Replaces value embedded in a Refer-To URI is %-escaped. */
export function replacesParam(d: Dialog): string {
  // From the target's view (RFC 3891 §3): its local tag is our remote tag.
  const value = `${d.id.callId};to-tag=${d.id.remoteTag};from-tag=${d.id.localTag}`;
  return encodeURIComponent(value);
}

/**
 * The reference SUT as transferor: sends REFER in the call with the transferee (RFC 5589 §6.2),
 * accepts the NOTIFYs, and hangs up the original call once the transfer succeeded.
 */
export class Transferor {
  /** Dialogs in which a REFER with a Referred-By token was sent: a second 429 ends the attempt. */
  private tokenSent = new WeakSet<Dialog>();

  /** `referrer`: the Referred-By of the last REFER this UA acted on (used only by a fault mode). */
  constructor(private ua: UserAgent, private calls: CallControl, private faults: ReadonlySet<FaultName>, private referrer: () => string | undefined = () => undefined) {}

  refer(dialog: Dialog, target: string, replacing?: Dialog): void {
    this.sendRefer(dialog, replacing ? `<${target}?Replaces=${replacesParam(replacing)}>` : `<${target}>`, replacing);
  }

  /**
   * RFC 5589 §7.7 Figure 14: the target refused the consultation INVITE with 420 (no Replaces), so the
   * transferor switches to a basic REFER at once; the fault mode names the refused INVITE in Replaces anyway.
   */
  referAfterRefusedConsultation(dialog: Dialog, target: string, invite: SipRequest, refused: SipResponse): void {
    if (!this.faults.has('replaces-despite-420')) return this.refer(dialog, target);
    const tag = (m: SipRequest | SipResponse, h: string) => parseNameAddr(headerValue(m, h)!).params.tag;
    this.sendRefer(dialog, `<${target}?Replaces=${encodeURIComponent(`${headerValue(invite, 'call-id')};to-tag=${tag(refused, 'to')};from-tag=${tag(invite, 'from')}`)}>`);
  }

  private sendRefer(dialog: Dialog, referTo: string, replacing?: Dialog): void {
    // RFC 5589 §4 req 6: Referred-By names this UA; the fault passes on the referrer of a REFER it acted on.
    const by = (this.faults.has('referred-by-passed-on') && this.referrer()) || `<${this.ua.uri}>`;
    const headers = [{ name: 'refer-to', value: referTo }, { name: 'referred-by', value: by }];
    if (this.faults.has('refer-two-refer-to')) headers.push({ name: 'refer-to', value: referTo });
    if (this.faults.has('refer-to-wrong-party')) headers[0] = { name: 'refer-to', value: referTo.replace(/^<sips?:[^@>]+@/, '<sip:nobody@') };
    if (this.faults.has('refer-two-contacts')) headers.push({ name: 'contact', value: `<sip:other@${this.ua.address.host}:9>` });
    const request = newRefer(this.ua, dialog, shapeReferHeaders(this.ua, headers, this.faults), this.faults);
    this.ua.send(request, { onResponse: (res) => this.referAnswered(res.status, dialog, referTo, replacing) });
  }

  /**
   * RFC 5589 §7.4: a transferee that does not implement REFER (501, 405) in an attended transfer:
   * refer the target instead, to the transferee, replacing the call with the transferee.
   */
  private referAnswered(status: number, dialog: Dialog, referTo: string, replacing?: Dialog): void {
    // RFC 3892 §2.1: refused with 429 for want of a token, refer again with one (once).
    if (status === 429 && !this.tokenSent.has(dialog)) {
      this.tokenSent.add(dialog);
      const flaws = { withoutContentId: this.faults.has('token-no-content-id'), withoutDate: this.faults.has('token-without-date'), withCallIdAndFrom: this.faults.has('token-with-call-id') };
      return void referWithToken(this.ua, dialog, referTo, flaws).then((request) => (this.ua.closed ? undefined : this.ua.send(request)));
    }
    // RFC 5589 §5: an accepted REFER leaves the call up; the fault mode hangs up at once.
    if (status >= 200 && status < 300 && this.faults.has('bye-on-refer-accepted') && dialog.state !== 'terminated') return this.calls.hangup(dialog);
    if (![405, 501].includes(status) || !replacing || replacing.state === 'terminated') return;
    this.refer(replacing, dialog.remoteTarget, this.faults.has('refer-fallback-without-replaces') ? undefined : dialog);
  }

  /** Answers held back by the fault mode that waits for its user (cleared on stop). */
  private held = new Set<ReturnType<typeof setTimeout>>();

  /** RFC 6665 §4.1.3: accept each NOTIFY at once — never waiting for the user; then act on it. */
  receiveNotify(incoming: IncomingRequest): void {
    if (this.faults.has('notify-answer-waits-for-user')) {
      // The fault: answer only once the "user" looked, 32·T1 later — past any step deadline.
      const t = setTimeout(() => {
        this.held.delete(t);
        this.answerNotify(incoming);
      }, 32 * this.ua.timers.T1);
      return void this.held.add(t);
    }
    this.answerNotify(incoming);
  }

  close(): void {
    for (const t of this.held) clearTimeout(t);
    this.held.clear();
  }

  private answerNotify(incoming: IncomingRequest): void {
    const { request, dialog } = incoming;
    if (!dialog || this.faults.has('notify-rejected')) return void this.ua.respond(incoming, 481);
    this.ua.respond(incoming, 200);
    const state = headerValue(request, 'subscription-state');
    let status = 0;
    try {
      const frag = parseSipfrag(request.body, { lenient: true });
      status = frag.type === 'response' ? frag.status : 0;
    } catch {
      return; // a malformed sipfrag says nothing about success
    }
    if (state && parseSubscriptionState(state).state === 'terminated' && status >= 200 && status < 300 && dialog.state !== 'terminated') {
      this.calls.hangup(dialog);
    } else if (state && parseSubscriptionState(state).state === 'terminated' && status >= 300 && this.calls.heldByUs(dialog) && !this.faults.has('no-retrieve-after-failure')) {
      this.calls.reoffer(dialog, 'sendrecv'); // RFC 5589 §6.3: the transfer failed; take the transferee off hold
    }
  }
}
