import { routeRequest } from './route';
import {
  formatNameAddr, headerValue, headerValues, parseCSeq, parseNameAddr,
  type Header, type SipRequest, type SipResponse,
} from '../message';

export type DialogState = 'early' | 'confirmed' | 'terminated';

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

/** RFC 3261 §12: the state a UA keeps for one dialog. */
export class Dialog {
  state: DialogState;
  /** Usages sharing the dialog (RFC 5057): the INVITE session and subscriptions. */
  readonly usages = new Set<string>();

  private constructor(
    readonly id: DialogId,
    readonly localUri: string,
    readonly remoteUri: string,
    public remoteTarget: string,
    readonly routeSet: string[],
    public localSeq: number,
    public remoteSeq: number | undefined,
    state: DialogState,
  ) {
    this.state = state;
  }

  /** §12.1.1: the UAS builds the dialog from the request and its own response. */
  static asUas(request: SipRequest, response: SipResponse): Dialog {
    const to = parseNameAddr(headerValue(response, 'to')!);
    const from = parseNameAddr(headerValue(request, 'from')!);
    const contact = headerValue(request, 'contact');
    return new Dialog(
      { callId: headerValue(request, 'call-id')!, localTag: String(to.params.tag), remoteTag: String(from.params.tag ?? '') },
      formatNameAddr({ uri: to.uri, params: {} }),
      formatNameAddr({ uri: from.uri, params: {} }),
      contact ? parseNameAddr(contact).uri : from.uri,
      headerValues(request, 'record-route'),
      0,
      parseCSeq(headerValue(request, 'cseq')!).seq,
      response.status < 200 ? 'early' : 'confirmed',
    );
  }

  /** §12.1.2: the UAC builds the dialog from its request and the response with a To tag. */
  static asUac(request: SipRequest, response: SipResponse): Dialog {
    const to = parseNameAddr(headerValue(response, 'to')!);
    const from = parseNameAddr(headerValue(request, 'from')!);
    const contact = headerValue(response, 'contact');
    return new Dialog(
      { callId: headerValue(request, 'call-id')!, localTag: String(from.params.tag), remoteTag: String(to.params.tag ?? '') },
      formatNameAddr({ uri: from.uri, params: {} }),
      formatNameAddr({ uri: to.uri, params: {} }),
      contact ? parseNameAddr(contact).uri : to.uri,
      headerValues(response, 'record-route').reverse(),
      parseCSeq(headerValue(request, 'cseq')!).seq,
      undefined,
      response.status < 200 ? 'early' : 'confirmed',
    );
  }

  get key(): string {
    return dialogKey(this.id.callId, this.id.localTag, this.id.remoteTag);
  }

  /**
   * §12.2.1.1: a request within the dialog. The caller supplies Via and Contact, which belong
   * to the transport and the UA; CSeq increments by one for each new request (ACK and CANCEL excepted).
   */
  createRequest(method: string, via: string, contact: string, extra: Header[] = [], body: Buffer = Buffer.alloc(0)): SipRequest {
    const seq = method === 'ACK' || method === 'CANCEL' ? this.localSeq : ++this.localSeq;
    const { uri, routes } = routeRequest(this.routeSet, this.remoteTarget);
    const headers: Header[] = [
      { name: 'via', value: via },
      { name: 'max-forwards', value: '70' },
      ...routes.map((r) => ({ name: 'route', value: r })),
      { name: 'from', value: `${this.localUri};tag=${this.id.localTag}` },
      { name: 'to', value: this.id.remoteTag ? `${this.remoteUri};tag=${this.id.remoteTag}` : this.remoteUri },
      { name: 'call-id', value: this.id.callId },
      { name: 'cseq', value: `${seq} ${method}` },
      { name: 'contact', value: contact },
      ...extra,
    ];
    return { type: 'request', method, uri, version: 'SIP/2.0', headers, body };
  }

  /**
   * §12.2.2: a request within the dialog. Returns false when its CSeq is lower than the remote
   * sequence number (out of order: the UAS answers 500); otherwise the remote sequence number takes
   * its value. A target refresh request (INVITE, UPDATE, SUBSCRIBE, NOTIFY) updates the remote target.
   */
  receiveRequest(request: SipRequest): boolean {
    const seq = parseCSeq(headerValue(request, 'cseq')!).seq;
    if (request.method !== 'ACK' && request.method !== 'CANCEL') {
      if (this.remoteSeq !== undefined && seq < this.remoteSeq) return false;
      this.remoteSeq = seq;
    }
    this.refreshTarget(request.method, headerValue(request, 'contact'));
    return true;
  }

  /** §12.2.1.2: a 2xx to a target refresh request we sent replaces the remote target with its Contact. */
  receiveResponse(request: SipRequest, response: SipResponse): void {
    if (response.status >= 200 && response.status < 300) this.refreshTarget(request.method, headerValue(response, 'contact'));
    if (response.status === 481 || response.status === 408) this.state = 'terminated'; // §12.2.1.2
  }

  private refreshTarget(method: string, contact: string | undefined): void {
    if (contact && TARGET_REFRESH.has(method)) this.remoteTarget = parseNameAddr(contact).uri;
  }
}

/** RFC 3261 §12.2 with RFC 6665 §4.1.2 / RFC 3311 / RFC 3515 (REFER, with Refer-Sub too: RFC 4488 §4): requests that refresh the remote target. */
const TARGET_REFRESH = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY', 'REFER']);

export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}
