import { headerValue, parseNameAddr, type SipRequest, type SipResponse } from '../../sip/message';
import { buildCancel } from '../../sip/transaction';
import type { UserAgent } from '../../sip/useragent';

interface Early { invite: SipRequest; callId: string; localTag: string; remoteTag: string }

/**
 * The early dialogs of INVITEs this UA sent (RFC 3261 §12.1.2: a 1xx with a To tag), so that an
 * INVITE with Replaces naming one is answered and the old INVITE cancelled (RFC 3891 §3).
 */
export class EarlyDialogs {
  private early: Early[] = [];

  /** Call on every response to an INVITE this UA sent. */
  track(invite: SipRequest, res: SipResponse): void {
    const callId = headerValue(invite, 'call-id')!;
    const localTag = String(parseNameAddr(headerValue(invite, 'from')!).params.tag);
    const remoteTag = parseNameAddr(headerValue(res, 'to') ?? '').params.tag;
    if (res.status >= 200) return void (this.early = this.early.filter((e) => e.invite !== invite));
    if (res.status > 100 && typeof remoteTag === 'string' && !this.find(callId, localTag, remoteTag)) this.early.push({ invite, callId, localTag, remoteTag });
  }

  find(callId: string, localTag: string, remoteTag: string): Early | undefined {
    return this.early.find((e) => e.callId === callId && e.localTag === localTag && e.remoteTag === remoteTag);
  }

  /** RFC 3261 §9.1: CANCEL the pending INVITE (its early dialogs go with it). */
  cancel(ua: UserAgent, e: Early): void {
    this.early = this.early.filter((x) => x !== e);
    ua.send(buildCancel(e.invite));
  }
}
