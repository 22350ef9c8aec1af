import { headerValues, parseNameAddr, parseReplaces } from '../../sip/message';
import type { Dialog } from '../../sip/dialog';
import { audioSdp, sdpDirection, type IncomingRequest, type MediaDirection, type UserAgent } from '../../sip/useragent';
import type { FaultName } from './faults';

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

  constructor(private ua: UserAgent, private faults: ReadonlySet<FaultName>) {}

  receiveInvite(incoming: IncomingRequest): void {
    const replaces = headerValues(incoming.request, 'replaces');
    if (replaces.length > 0 && !incoming.dialog) return this.receiveReplacing(incoming, replaces);
    this.answer(incoming);
  }

  receiveBye(incoming: IncomingRequest): void {
    if (incoming.dialog) incoming.dialog.state = 'terminated';
    this.ua.respond(incoming, incoming.dialog ? 200 : 481);
  }

  call(target: string): void {
    const invite = this.ua.newRequest('INVITE', target, { headers: this.sdpHeaders(), body: this.sdp('sendrecv') });
    this.ua.send(invite);
  }

  hangup(dialog: Dialog): void {
    dialog.state = 'terminated';
    this.ua.send(this.ua.newInDialog(dialog, 'BYE'));
  }

  /** RFC 3264 §8.4: hold is a re-offer with a=sendonly; resume with a=sendrecv. */
  reoffer(dialog: Dialog, direction: MediaDirection): void {
    this.ua.send(this.ua.newInDialog(dialog, 'INVITE', { headers: this.sdpHeaders(), body: this.sdp(direction) }));
  }

  private answer(incoming: IncomingRequest): void {
    const offer = incoming.request.body;
    const direction = ANSWER_DIRECTION[offer.length ? sdpDirection(offer) : 'sendrecv'];
    if (!incoming.dialog) this.ua.respond(incoming, 180, { headers: [{ name: 'server', value: PRODUCT }] });
    this.ua.respond(incoming, 200, { headers: [...this.sdpHeaders(), { name: 'server', value: PRODUCT }], body: this.sdp(direction) });
  }

  /** RFC 3891 §3: match to-tag to the local tag and from-tag to the remote tag; replace a confirmed dialog with BYE. */
  private receiveReplacing(incoming: IncomingRequest, values: string[]): void {
    if (values.length > 1) return void this.ua.respond(incoming, 400, { reason: 'Only One Replaces Allowed' });
    let r: ReturnType<typeof parseReplaces>;
    try {
      r = parseReplaces(values[0]);
    } catch {
      return void this.ua.respond(incoming, 400, { reason: 'Malformed Replaces' });
    }
    const matched = [...this.ua.dialogs.values()].find((d) => d.id.callId === r.callId && d.id.localTag === r.toTag && d.id.remoteTag === r.fromTag);
    if (!matched && !this.faults.has('replaces-unknown-accepted')) return void this.ua.respond(incoming, 481);
    if (matched?.state === 'terminated') return void this.ua.respond(incoming, 603);
    if (matched?.state === 'confirmed' && r.earlyOnly && !this.faults.has('replaces-early-only-ignored')) return void this.ua.respond(incoming, 486);
    this.answer(incoming);
    if (matched && !this.faults.has('replaces-keeps-old-call')) this.hangup(matched);
  }

  private sdpHeaders() {
    return [{ name: 'content-type', value: 'application/sdp' }];
  }

  private sdp(direction: MediaDirection): Buffer {
    return audioSdp(this.ua.address.host, 4002, this.sdpVersion++, direction);
  }
}
