import { headerValue, headerValues, parseNameAddr, parseUri, type Header, type SipResponse } from '../../sip/message';
import { ReferNotifier, type ReferNotifyContent } from '../../sip/subscription';
import { audioSdp, type IncomingRequest, type UserAgent } from '../../sip/useragent';
import type { FaultName } from './faults';

/**
 * The reference SUT as transferee: accepts a REFER (RFC 3515 §2.4.2), reports through the implicit
 * subscription (§2.4.4–2.4.7) and contacts the Refer-To target with Referred-By (RFC 3892 §2.2)
 * and Replaces (RFC 3891 §3) copied from the REFER.
 */
export class Transferee {
  /** REFERs accepted per dialog, for the Event id rule of RFC 3515 §2.4.6. */
  private refersPerDialog = new Map<string, number>();

  constructor(private ua: UserAgent, private faults: ReadonlySet<FaultName>) {}

  receiveRefer(incoming: IncomingRequest): void {
    const { request } = incoming;
    const referTo = headerValues(request, 'refer-to');
    // RFC 3515 §2.4.2: zero or more than one Refer-To value is a 400.
    if (referTo.length !== 1) return void this.ua.respond(incoming, 400, { reason: 'Exactly One Refer-To Required' });
    const target = parseNameAddr(referTo[0]);
    if (!['sip', 'sips'].includes(parseUri(target.uri).scheme)) return void this.ua.respond(incoming, 416);
    if (this.faults.has('refer-403')) return void this.ua.respond(incoming, 403);
    this.ua.respond(incoming, 202);
    const dialog = incoming.dialog!;
    const count = (this.refersPerDialog.get(dialog.key) ?? 0) + 1;
    this.refersPerDialog.set(dialog.key, count);
    const cseq = Number(headerValue(request, 'cseq')!.trim().split(/\s+/)[0]);
    const notifier = new ReferNotifier(dialog, count > 1 ? cseq : undefined);
    if (!this.faults.has('no-notify')) this.notify(notifier, { statusLine: 'SIP/2.0 100 Trying', state: 'active', expires: 60 });
    this.inviteTarget(target.uri, target.uriHeaders ?? {}, headerValue(request, 'referred-by'), notifier);
  }

  /** RFC 3515 §2.4.3: contact the Refer-To URI; its URI headers become request headers. */
  private inviteTarget(uri: string, uriHeaders: Record<string, string>, referredBy: string | undefined, notifier: ReferNotifier): void {
    const headers: Header[] = [{ name: 'content-type', value: 'application/sdp' }];
    if (referredBy && !this.faults.has('no-referred-by')) headers.push({ name: 'referred-by', value: referredBy });
    if (uriHeaders.replaces) headers.push({ name: 'replaces', value: uriHeaders.replaces });
    const u = parseUri(uri);
    const bare = `${u.scheme}:${u.user ? `${u.user}@` : ''}${u.host}${u.port ? `:${u.port}` : ''}`;
    const invite = this.ua.newRequest('INVITE', bare, { headers, body: audioSdp(this.ua.address.host, 4000, 1) });
    this.ua.send(invite, {
      onResponse: (res) => this.reportOutcome(notifier, res),
      onTimeout: () => this.finalNotify(notifier, 'SIP/2.0 408 Request Timeout'),
    });
  }

  private reportOutcome(notifier: ReferNotifier, res: SipResponse): void {
    if (res.status < 200) return;
    this.finalNotify(notifier, `SIP/2.0 ${res.status} ${res.reason}`);
  }

  private finalNotify(notifier: ReferNotifier, statusLine: string): void {
    if (this.faults.has('no-notify') || this.faults.has('no-final-notify') || notifier.state === 'terminated') return;
    const active = this.faults.has('final-notify-active');
    // RFC 3515 §2.4.7: the final NOTIFY terminates the subscription with reason noresource.
    this.notify(notifier, active ? { statusLine, state: 'active', expires: 60 } : { statusLine, state: 'terminated', reason: 'noresource' });
  }

  private notify(notifier: ReferNotifier, content: ReferNotifyContent): void {
    const { headers, body } = notifier.render(content);
    const faulty = headers
      .filter((h) => !(h.name === 'event' && this.faults.has('notify-without-event')))
      .map((h) => (h.name === 'content-type' && this.faults.has('notify-wrong-content-type') ? { name: h.name, value: 'text/plain' } : h));
    this.ua.send(this.ua.newInDialog(notifier.dialog, 'NOTIFY', { headers: faulty, body }));
  }
}
