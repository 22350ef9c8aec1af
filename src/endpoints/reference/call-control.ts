import { headerValues, parseNameAddr, parseReplaces, type SipRequest, type SipResponse } from '../../sip/message';
import type { Dialog } from '../../sip/dialog';
import { audioSdp, sdpDirection, type IncomingRequest, type MediaDirection, type UserAgent } from '../../sip/useragent';
import { capabilityHeaders } from './capabilities';
import type { FaultName } from './faults';
import { acceptableOffer } from './replaces-checks';
import { EarlyDialogs } from './early-dialogs';
import { placedCalls } from './transfer-shaping';
import { buildCancel } from '../../sip/transaction';
import { tokenCid, tokenRefusal } from './referred-by-check';

export const PRODUCT = 'sipwright-reference/0.1';

/** RFC 3264 §6.1: the answer's direction mirrors the offer's. */
const ANSWER_DIRECTION: Record<MediaDirection, MediaDirection> = {
  sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive',
};

/** The dialog this UA has with the party at `peer` (matched by remote URI or target). */
export function dialogWith(ua: UserAgent, peer: string): Dialog | undefined {
  const same = (uri: string): boolean => uri === peer || uri.split(';')[0] === peer;
  return [...ua.dialogs.values()].reverse().find((d) => d.state !== 'terminated' && (same(d.remoteTarget) || same(parseNameAddr(d.remoteUri).uri)));
}

/**
 * Calls of the reference SUT: it rings and answers every INVITE (mirroring hold offers),
 * honours Replaces (RFC 3891 §3), places calls, holds and hangs up when a step asks.
 */
export class CallControl {
  private sdpVersion = 1;
  /** Early dialogs of INVITEs this UA sent (RFC 3891 §3: replaceable, by CANCEL). */
  private early = new EarlyDialogs();
  /** Dialogs not created by INVITE (a REFER outside a dialog): a Replaces naming one gets 481 (RFC 3891 §3). */
  private nonInvite = new WeakSet<Dialog>();
  /** Calls this UA put on hold. */
  private held = new WeakSet<Dialog>();
  /** Refusals its user asked for (busy, do-not-disturb), each used by the next new call from its caller. */
  private refusals: { from: string; status: number; reason?: string }[] = [];
  /** INVITEs this UA sent that have no final response yet, by target URI. */
  private ringing = new Map<string, SipRequest>();
  /** Calls this UA placed, by target URI, settled with their final response (none on timeout). */
  private placed = new Map<string, Promise<{ invite: SipRequest; response?: SipResponse }>>();

  /** The option tags a peer listed in Supported when a call this UA placed was answered (RFC 3261 §20.37). */
  private peerSupported = new WeakMap<Dialog, string[]>();

  constructor(private ua: UserAgent, private faults: ReadonlySet<FaultName>) {}

  /** True if the peer of a call this UA placed listed `tag` in the Supported of its answer. */
  peerListed(dialog: Dialog, tag: string): boolean {
    return this.peerSupported.get(dialog)?.includes(tag) ?? false;
  }

  receiveInvite(incoming: IncomingRequest): void {
    const refusal = incoming.dialog ? -1 : this.refusals.findIndex((r) => r.from === parseNameAddr(headerValues(incoming.request, 'from')[0] ?? '').uri);
    if (refusal >= 0) {
      const { status, reason } = this.refusals.splice(refusal, 1)[0];
      return void this.ua.respond(incoming, status, { reason });
    }
    if (incoming.dialog || !tokenCid(incoming.request)) return this.admit(incoming);
    // RFC 3892 §2.3, §4.1: a Referred-By token that is invalid or stale gets 429.
    void tokenRefusal(incoming.request, this.faults).then((status) => {
      if (this.ua.closed) return; // the scenario ended while openssl verified
      if (status) return void this.ua.respond(incoming, status, { reason: status === 429 ? 'Provide Referrer Identity' : 'Use Identity Header' });
      this.admit(incoming);
    });
  }

  private admit(incoming: IncomingRequest): void {
    const replaces = headerValues(incoming.request, 'replaces');
    if (replaces.length > 0 && !incoming.dialog) return this.receiveReplacing(incoming, replaces);
    // RFC 3892 §3: Referred-By may appear in any request; the fault mode refuses it anyway.
    if (!incoming.dialog && this.faults.has('referred-by-invite-rejected') && headerValues(incoming.request, 'referred-by').length) return void this.ua.respond(incoming, 403);
    this.answer(incoming);
  }

  /** Its user will refuse the next new call (with or without Replaces) from `from` with `status`; re-INVITEs are not new calls. */
  refuseNextCall(from: string, status: number, reason?: string): void {
    this.refusals.push({ from, status, reason });
  }

  receiveBye(incoming: IncomingRequest): void {
    if (incoming.dialog) incoming.dialog.state = 'terminated';
    this.ua.respond(incoming, incoming.dialog ? 200 : 481);
  }

  /** A consultation (RFC 5589 §7.7 Figure 14) requires replaces; its outcome is kept per target. */
  call(target: string, consult = false): void {
    const require = consult ? [{ name: 'require', value: 'replaces' }] : [];
    const invite = this.ua.newRequest('INVITE', target, { headers: [...this.sdpHeaders(), ...capabilityHeaders(this.faults), ...require], body: this.sdp('sendrecv') });
    let settle: (response?: SipResponse) => void = () => {};
    this.placed.set(target, new Promise((resolve) => { settle = (response) => { this.ringing.delete(target); resolve({ invite, response }); }; }));
    this.ringing.set(target, invite);
    // Remember the dialogs this UA starts: early ones (1xx with a To tag) can be replaced too (RFC 3891 §3).
    this.ua.send(invite, {
      onResponse: (res) => {
        this.early.track(invite, res);
        if (res.status >= 200 && res.status < 300) {
          const dialog = this.ua.adoptDialog(invite, res);
          placedCalls.add(dialog);
          this.peerSupported.set(dialog, headerValues(res, 'supported').flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase()));
        }
        if (res.status >= 200) settle(res);
      },
      onTimeout: () => settle(),
    });
  }

  /** The outcome of the last call this UA placed to `target`, once it has one (undefined: there was none). */
  outcome(target: string): Promise<{ invite: SipRequest; response?: SipResponse }> | undefined {
    return this.placed.get(target);
  }

  /** RFC 3261 §9.1: CANCEL the ringing call to `target` (fault mode semi-attended-cancel only). */
  cancelRinging(target: string): void {
    const invite = this.ringing.get(target);
    if (invite) this.ua.send(buildCancel(invite));
  }

  /** True while this UA holds the call (its last offer was not sendrecv, RFC 3264 §8.4). */
  heldByUs(dialog: Dialog): boolean {
    return this.held.has(dialog);
  }

  /** A request outside any dialog created one that is not an INVITE dialog. */
  noteNonInvite(dialog: Dialog | undefined): void {
    if (dialog) this.nonInvite.add(dialog);
  }

  hangup(dialog: Dialog): void {
    dialog.state = 'terminated';
    this.ua.send(this.ua.newInDialog(dialog, 'BYE'));
  }

  /** RFC 3264 §8.4: hold is a re-offer with a=sendonly; resume with a=sendrecv. */
  reoffer(dialog: Dialog, direction: MediaDirection): void {
    if (direction === 'sendrecv') this.held.delete(dialog);
    else this.held.add(dialog);
    this.ua.send(this.ua.newInDialog(dialog, 'INVITE', { headers: [...this.sdpHeaders(), ...capabilityHeaders(this.faults)], body: this.sdp(direction) }));
  }

  private answer(incoming: IncomingRequest): void {
    const offer = incoming.request.body;
    const direction = ANSWER_DIRECTION[offer.length ? sdpDirection(offer) : 'sendrecv'];
    if (!incoming.dialog) this.ua.respond(incoming, 180, { headers: [{ name: 'server', value: PRODUCT }] });
    this.ua.respond(incoming, 200, { headers: [...this.sdpHeaders(), ...capabilityHeaders(this.faults), { name: 'server', value: PRODUCT }], body: this.sdp(direction) });
  }

  /** RFC 3891 §3: match to-tag to the local tag and from-tag to the remote tag; replace a confirmed dialog with BYE. */
  private receiveReplacing(incoming: IncomingRequest, values: string[]): void {
    if (values.length > 1 && !this.faults.has('replaces-two-accepted')) return void this.ua.respond(incoming, 400, { reason: 'Only One Replaces Allowed' });
    let r: ReturnType<typeof parseReplaces>;
    try {
      r = parseReplaces(values[0]);
    } catch {
      return void this.ua.respond(incoming, 400, { reason: 'Malformed Replaces' });
    }
    const early = this.early.find(r.callId, r.toTag, r.fromTag);
    if (early && !this.faults.has('replaces-early-not-cancelled')) {
      // An early dialog this UA started: accept the new INVITE, CANCEL the old one.
      this.answer(incoming);
      return this.early.cancel(this.ua, early);
    }
    let matched = [...this.ua.dialogs.values()].find((d) => d.id.callId === r.callId && d.id.localTag === r.toTag && d.id.remoteTag === r.fromTag);
    if (matched && this.nonInvite.has(matched) && !this.faults.has('replaces-non-invite-dialog')) matched = undefined;
    if (!matched && !this.faults.has('replaces-unknown-accepted')) return void this.ua.respond(incoming, 481);
    if (matched?.state === 'terminated') return void this.ua.respond(incoming, this.faults.has('replaces-ended-481') ? 481 : 603);
    if (matched?.state === 'confirmed' && r.earlyOnly && !this.faults.has('replaces-early-only-ignored')) return void this.ua.respond(incoming, 486);
    if (!acceptableOffer(incoming.request.body)) {
      // RFC 3891 §3: an INVITE it cannot accept gets an error, and the matched dialog stays as it was.
      this.ua.respond(incoming, 488);
      if (matched && this.faults.has('replaces-refused-ends-call')) this.hangup(matched);
      return;
    }
    this.answer(incoming);
    const keep = this.faults.has('replaces-keeps-old-call') || this.faults.has('transferee-keeps-replaced-call');
    if (matched && !keep) this.hangup(matched);
  }

  private sdpHeaders() {
    return [{ name: 'content-type', value: 'application/sdp' }];
  }

  private sdp(direction: MediaDirection): Buffer {
    return audioSdp(this.ua.address.host, 4002, this.sdpVersion++, direction);
  }
}
