import { headerValue, headerValues, parseNameAddr, parseReferSub, parseUri, type Header, type SipRequest, type SipResponse } from '../../sip/message';
import { buildCancel } from '../../sip/transaction';
import { ReferNotifier, type ReferNotifyContent } from '../../sip/subscription';
import { audioSdp, type IncomingRequest, type UserAgent } from '../../sip/useragent';
import { Dialog } from '../../sip/dialog';
import type { FaultName } from './faults';
import { ReferEvents } from './refer-events';
import { refusedRefer, reportedStatus, shapeTriggered } from './transfer-shaping';
import { offerWithToken, tokenOf, type MimePart } from '../referred-by-token';

interface Reference {
  notifier?: ReferNotifier;
  /** The dialog the REFER came in (RFC 5589 §6.2, dialog reuse) or created; none for an out-of-dialog REFER granted Refer-Sub: false. */
  dialog?: Dialog;
  /** RFC 7614 §4.7: the key of its explicit refer state, when the REFER required explicitsub. */
  explicit?: string;
}

/**
 * The reference SUT as transferee: accepts a REFER (RFC 3515 §2.4.2, 200 per RFC 7647 §5), reports
 * through the implicit subscription (§2.4.4–2.4.7) unless Refer-Sub: false is granted (RFC 4488 §4),
 * and contacts the Refer-To target with Referred-By (RFC 3892 §2.2) and Replaces (RFC 3891 §4).
 */
export class Transferee {
  /** REFERs accepted per dialog, for the Event id rule of RFC 3515 §2.4.6. */
  private refersPerDialog = new Map<string, number>();

  /** SUBSCRIBE to event refer and the sending of NOTIFYs (RFC 3515 §2.4.4, RFC 6665, RFC 7614). */
  private readonly events: ReferEvents;

  constructor(private ua: UserAgent, private faults: ReadonlySet<FaultName>) {
    this.events = new ReferEvents(ua, faults);
  }

  /** RFC 3515 §2.4.4 (refresh, unsubscribe, 403), RFC 7614 §4.5 (explicit subscriptions). */
  receiveSubscribe(incoming: IncomingRequest): void {
    this.events.receiveSubscribe(incoming, (n, c) => this.notify(n, c));
    // RFC 3515 §2.4.4: unsubscribing does not withdraw the reference; the fault mode CANCELs it anyway.
    const invite = incoming.dialog && this.pending.get(incoming.dialog);
    if (invite && this.has('cancel-on-unsubscribe') && headerValue(incoming.request, 'expires')?.trim() === '0') this.ua.send(buildCancel(invite));
  }

  /** Triggered INVITEs still without a final response, by the REFER's dialog (for one fault mode). */
  private pending = new Map<Dialog, SipRequest>();

  receiveRefer(incoming: IncomingRequest): void {
    const { request } = incoming;
    // Fault: the REFER's Contact is not taken as the new remote target (RFC 4488 §4: REFER is a target refresh).
    if (incoming.dialog && this.has('refer-not-target-refresh')) incoming.dialog.remoteTarget = parseNameAddr(headerValue(request, 'from') ?? '').uri;
    // Fault modes: a compact "r:" Refer-To read as none (RFC 3515 §2.1); a body refused (§2.3 allows one).
    const compact = /\r\nr[ \t]*:/i.test(request.raw?.toString('latin1') ?? '') && this.has('compact-refer-to-ignored');
    if (request.body.length > 0 && this.has('refer-body-rejected')) return void this.ua.respond(incoming, 415, { headers: [{ name: 'accept', value: 'application/sdp' }] });
    const referTo = compact ? [] : headerValues(request, 'refer-to');
    // RFC 3515 §2.4.2: zero or more than one Refer-To value is a 400.
    const tolerated = (referTo.length === 0 && this.has('accept-refer-without-refer-to')) || (referTo.length > 1 && this.has('accept-two-refer-to'));
    if (referTo.length !== 1 && !tolerated) return void this.ua.respond(incoming, 400, { reason: 'Exactly One Refer-To Required' });
    const target = referTo.length ? parseNameAddr(referTo[0]) : { uri: this.ua.uri, uriHeaders: {} };
    if (!['sip', 'sips'].includes(parseUri(target.uri).scheme)) return void this.ua.respond(incoming, this.has('refer-any-scheme') ? 200 : 416);
    if (this.has('refer-403')) return void this.ua.respond(incoming, 403);
    const refused = refusedRefer(this.ua, incoming, this.faults);
    if (refused) return void this.ua.respond(incoming, refused);
    const wantsNoSub = headerValues(request, 'refer-sub').some((v) => !parseReferSub(v).value);
    // Fault notify-suppressed-silently: declines the Refer-Sub suggestion, yet sends no NOTIFY.
    const grantNoSub = (wantsNoSub && !this.has('notify-suppressed-silently')) || this.has('refer-sub-false-ignored');
    const ext = this.events.extensionOf(request);
    const accepted = this.events.accept(incoming, ext);
    const response = this.ua.respond(incoming, this.has('refer-202') ? 202 : 200, { headers: [...(grantNoSub ? [{ name: 'refer-sub', value: 'false' }] : []), ...accepted.headers] });
    // RFC 4488 §4: with Refer-Sub: false granted there is no subscription and no NOTIFY (and, outside a dialog, no dialog).
    const subscribe = (!grantNoSub || this.has('refer-sub-false-ignored')) && !this.has('notify-suppressed-silently');
    let dialog = incoming.dialog;
    if (!dialog && subscribe) {
      // Fault refer-sub-false-ignored: it subscribes although its 2xx granted Refer-Sub: false, so it makes the dialog the UA core did not.
      dialog = Dialog.asUas(request, response);
      this.ua.dialogs.set(dialog.key, dialog);
    }
    const reference: Reference = { dialog, explicit: accepted.key };
    // RFC 7614 §4.3, §5.3: a REFER requiring explicitsub or nosub creates no implicit subscription.
    if (dialog && subscribe && (!ext || this.events.implicitDespite(ext))) reference.notifier = this.subscription(dialog, request.headers);
    const token = this.has('token-not-copied') ? undefined : tokenOf(request);
    this.inviteTarget(target.uri, target.uriHeaders ?? {}, headerValue(request, 'referred-by'), reference, token);
  }

  private has(f: FaultName): boolean {
    return this.faults.has(f);
  }

  /** RFC 3515 §2.4.4, RFC 6665 §4.2.2: create the subscription and NOTIFY at once. */
  private subscription(dialog: Dialog, headers: Header[]): ReferNotifier {
    const count = (this.refersPerDialog.get(dialog.key) ?? 0) + 1;
    this.refersPerDialog.set(dialog.key, count);
    const cseq = Number(headers.find((h) => h.name === 'cseq')!.value.trim().split(/\s+/)[0]);
    // RFC 3515 §2.4.6: from the second REFER in a dialog, Event carries id = the REFER's CSeq.
    const id = count > 1 ? (this.has('notify-wrong-event-id') ? cseq + 100 : cseq) : undefined;
    const notifier = new ReferNotifier(dialog, id);
    this.events.track(notifier);
    if (!this.has('no-notify') && !this.has('first-notify-late')) this.notify(notifier, { statusLine: 'SIP/2.0 100 Trying', state: 'active', expires: 60 });
    return notifier;
  }

  /**
   * RFC 3515 §2.4.3: contact the Refer-To URI; its URI headers become request headers. RFC 3892 §2.2:
   * Referred-By and its token are copied unchanged (the token beside the offer, multipart/mixed).
   */
  private inviteTarget(uri: string, uriHeaders: Record<string, string>, referredBy: string | undefined, ref: Reference, token?: MimePart): void {
    const offer = audioSdp(this.ua.address.host, 4000, 1);
    const body = token ? offerWithToken(offer, token) : { contentType: 'application/sdp', body: offer };
    const headers: Header[] = [{ name: 'content-type', value: body.contentType }];
    if (referredBy && !this.has('no-referred-by')) headers.push({ name: 'referred-by', value: referredBy });
    if (uriHeaders.replaces && !this.has('replaces-not-converted')) headers.push({ name: 'replaces', value: uriHeaders.replaces });
    const u = parseUri(uri);
    const user = this.has('invite-wrong-target') ? 'someone-else' : u.user;
    let requestUri = `${u.scheme}:${user ? `${user}@` : ''}${u.host}${u.port ? `:${u.port}` : ''}`;
    if (this.has('replaces-in-request-uri') && uri.includes('?')) requestUri += uri.slice(uri.indexOf('?'));
    const invite = shapeTriggered(this.ua, this.ua.newRequest('INVITE', requestUri, { headers, body: body.body }), uriHeaders, this.faults);
    if (ref.dialog) this.pending.set(ref.dialog, invite);
    this.ua.send(invite, {
      onResponse: (res) => this.outcome(ref, res),
      onTimeout: () => this.outcome(ref, undefined),
    });
  }

  private outcome(ref: Reference, res: SipResponse | undefined): void {
    if (res && res.status < 200) return;
    if (ref.dialog) this.pending.delete(ref.dialog);
    const statusLine = reportedStatus(res, this.faults);
    const failed = !res || res.status >= 300;
    // Fault sipfrag-body-without-headers: the target's response body goes into the sipfrag undescribed (RFC 3420 §2).
    const fragBody = this.has('sipfrag-body-without-headers') && res?.body.length ? res.body : undefined;
    if (ref.notifier) this.finalNotify(ref.notifier, statusLine, fragBody);
    this.events.progress(ref.explicit, statusLine, true);
    // RFC 5589 §4 (r2): a failed transfer leaves the original call in place.
    if (failed && this.has('drop-call-on-failure') && ref.dialog && ref.dialog.state !== 'terminated') {
      ref.dialog.state = 'terminated';
      this.ua.send(this.ua.newInDialog(ref.dialog, 'BYE'));
    }
  }

  private finalNotify(notifier: ReferNotifier, statusLine: string, fragBody?: Buffer): void {
    if (this.has('no-notify') || this.has('no-final-notify') || notifier.state === 'terminated') return;
    const active = this.has('final-notify-active');
    // RFC 3515 §2.4.7: the final NOTIFY terminates the subscription with reason noresource.
    this.notify(notifier, active ? { statusLine, state: 'active', expires: 60 } : { statusLine, state: 'terminated', reason: 'noresource' }, fragBody);
    if (this.has('notify-after-terminated') && !active) {
      notifier.state = 'active'; // pretend the subscription lives on, which RFC 6665 §4.1.3 forbids
      this.notify(notifier, { statusLine, state: 'terminated', reason: 'noresource' });
    }
  }

  private notify(notifier: ReferNotifier, content: ReferNotifyContent, fragBody?: Buffer): void {
    this.events.send(notifier, content, (rendered, renderedBody) => {
      let body = fragBody ? Buffer.concat([Buffer.from(`${content.statusLine}\r\n\r\n`), fragBody]) : renderedBody;
      if (this.has('sipfrag-no-crlf')) body = Buffer.from(content.statusLine);
      if (this.has('sipfrag-not-status-line')) body = Buffer.from(`Trying to reach the target\r\n`);
      // Fault: the first NOTIFY goes out pending, its sipfrag with more than the 100 status line.
      const pendingWithHeaders = this.has('pending-notify-with-headers') && content.state === 'active' && content.statusLine.startsWith('SIP/2.0 100');
      if (pendingWithHeaders) body = Buffer.from(`${content.statusLine}\r\nSubject: transfer in progress\r\n`);
      const headers = rendered
        .filter((h) => !(h.name === 'event' && this.has('notify-without-event')))
        .filter((h) => !(h.name === 'subscription-state' && this.has('no-subscription-state')))
        .map((h) => (h.name === 'content-type' && this.has('notify-wrong-content-type') ? { name: h.name, value: 'text/plain' } : h))
        .map((h) => (h.name === 'subscription-state' && pendingWithHeaders ? { name: h.name, value: 'pending;expires=60' } : h));
      return { headers, body };
    });
  }
}
