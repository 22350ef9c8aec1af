/**
 * The browser speaks SIP over WebSocket only (RFC 7118); the scripted agents speak UDP. The relay is
 * a stateless proxy (RFC 3261 §16.11) with one leg on each: a UDP socket, which is the SUT's address
 * on the wire, and a WS listener the page connects to. It forwards as a proxy does: Max-Forwards
 * (§16.6 step 3), its own Via with a branch derived from the incoming one (§16.11), Record-Route on
 * both interfaces for dialog-creating requests (RFC 5658 double Record-Route) and loose routing
 * (§16.4), so in-dialog requests come back through it. SDP going to the browser is put in WebRTC
 * form (webrtc-sdp.ts); nothing else in a message is changed. Toward the UDP leg it keeps the state
 * of non-INVITE server transactions (RFC 3261 §17.2.2), as a UDP-to-WebSocket gateway must: see
 * `absorbed`.
 */
import { createHash } from 'node:crypto';
import {
  addHeader, formatNameAddr, formatVia, headerValue, headerValues, parseNameAddr, parseUri, parseVia, setHeader,
  type SipMessage, type SipRequest, type SipResponse,
} from '../../sip/message';
import { responseDestination, StreamTransport, UdpTransport, type Address, type TraceRecord } from '../../sip/transport';
import { addressOf, buildResponse } from '../../sip/useragent';
import { firstMid, toWebRtcForm } from './webrtc-sdp';

/** Requests outside a dialog that create one: the relay stays in its path (RFC 3261 §16.6 step 4). */
const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER', 'NOTIFY']);

type Side = 'udp' | 'ws';

export class SipWsRelay {
  /** The browser's WebSocket connection (its remote address), once it has registered. */
  browser?: Address;
  /** The Contact the browser registered (RFC 3261 §10.3): initial requests for its AOR are retargeted to it. */
  binding?: string;
  /** What the relay did that the wire alone does not say: refusals, unparseable headers. */
  readonly notes: string[] = [];
  private mids = new Map<string, string>();
  /** Non-INVITE requests from the UDP leg by transaction (branch, method): their final response once it came. */
  private transactions = new Map<string, { at: number; final?: { response: SipResponse; to: Address } }>();

  private constructor(private udp: UdpTransport, private ws: StreamTransport) {
    udp.onMessage((m, src) => this.guard(() => this.fromUdp(m, src)));
    ws.onMessage((m, src) => this.guard(() => this.fromWs(m, src)));
  }

  /** Binds the UDP leg and the WS listener on `host` (free ports). */
  static async open(host: string): Promise<SipWsRelay> {
    const udp = await UdpTransport.open(host, 0);
    try {
      return new SipWsRelay(udp, await StreamTransport.open('WS', { host, port: 0 }));
    } catch (err) {
      await udp.close();
      throw err;
    }
  }

  /** Where the SUT answers SIP over UDP. */
  get address(): Address {
    return this.udp.local;
  }

  /** The URL the page's SIP library connects to. */
  get wsUrl(): string {
    return `ws://${this.ws.local.host}:${this.ws.local.port}`;
  }

  /** The browser leg, in and out, for evidence (the agents' trace sees only the UDP leg). */
  onBrowserTrace(hook: (r: TraceRecord) => void): void {
    this.ws.onTrace(hook);
  }

  close(): Promise<void> {
    return Promise.all([this.udp.close(), this.ws.close()]).then(() => undefined);
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      this.notes.push(`relay: message dropped: ${(err as Error).message}`);
    }
  }

  private fromUdp(m: SipMessage, src: Address): void {
    if (m.type === 'response') {
      if (!this.popOwnVia(m, 'udp')) return;
      this.toBrowserSdp(m, 'answer');
      return this.sendToBrowser(m);
    }
    if (!this.browser || !this.binding) return this.refuse(m, src, 480, 'the browser has not registered');
    if (this.absorbed(m)) return;
    if (!this.forwardable(m, src)) return;
    this.stripOwnRoutes(m);
    // RFC 3261 §16.5: a request for the browser's address of record goes to its registered Contact.
    if (this.isOwn(m.uri)) m.uri = this.binding;
    if (this.createsDialog(m)) this.recordRoute(m, 'ws');
    this.pushVia(m, 'ws');
    this.toBrowserSdp(m, m.method === 'ACK' ? 'answer' : 'offer');
    this.sendToBrowser(m);
  }

  private fromWs(m: SipMessage, src: Address): void {
    this.browser = src;
    this.rememberMid(m);
    if (!(m.type === 'request' && m.method === 'REGISTER')) this.aliasContact(m);
    if (m.type === 'response') {
      if (!this.popOwnVia(m, 'ws')) return;
      const to = responseDestination(m as unknown as SipRequest, src, false);
      const t = this.transactions.get(transactionKey(m));
      if (t && m.status >= 200) t.final = { response: m, to };
      return this.udp.send(m, to);
    }
    if (m.method === 'REGISTER' && this.isOwn(m.uri)) return this.register(m, src);
    if (!this.forwardable(m, src)) return;
    this.stripOwnRoutes(m);
    if (this.createsDialog(m)) this.recordRoute(m, 'udp');
    this.pushVia(m, 'udp');
    const route = headerValues(m, 'route')[0];
    this.udp.send(m, addressOf(route ? parseNameAddr(route).uri : m.uri));
  }

  /**
   * RFC 3261 §17.2.2: a retransmitted non-INVITE request gets the transaction's final response again,
   * and is dropped while that is still to come. The browser's transactions run over WebSocket, a
   * reliable transport, so they end at their final response (Timer J is 0) and the browser would
   * take a UDP retransmission arriving after it as a new request (SIP.js answered 500, an old CSeq).
   * Entries older than 64*T1 (32 s, Timer J for UDP) are forgotten.
   */
  private absorbed(m: SipRequest): boolean {
    if (m.method === 'INVITE' || m.method === 'ACK') return false;
    const now = Date.now();
    for (const [k, t] of this.transactions) if (now - t.at > 32_000) this.transactions.delete(k);
    const key = transactionKey(m);
    const t = this.transactions.get(key);
    if (!t) {
      this.transactions.set(key, { at: now });
      return false;
    }
    this.notes.push(`relay: retransmission of ${startLine(m)} ${t.final ? `answered again with ${t.final.response.status}` : 'dropped: its transaction has no final response yet'}`);
    if (t.final) this.udp.send(t.final.response, t.final.to);
    return true;
  }

  /**
   * RFC 3261 §10.3 as a registrar for the browser alone, with no authentication: the binding is its
   * Contact on this WebSocket connection (RFC 7118 §5.3); an Expires of 0 removes it.
   */
  private register(m: SipRequest, src: Address): void {
    const contact = headerValues(m, 'contact')[0];
    const expires = parseNameAddr(contact ?? '<sip:x>').params.expires ?? headerValue(m, 'expires') ?? '600';
    if (contact && Number(expires) > 0) {
      this.binding = parseNameAddr(contact).uri;
      this.browser = src;
    } else if (contact) {
      this.binding = undefined;
    }
    const headers = contact ? [{ name: 'contact', value: `<${parseNameAddr(contact).uri}>;expires=${expires}` }] : [];
    this.ws.send(buildResponse(m, 200, { toTag: 'sw-registrar', headers }), src);
    this.notes.push(`registrar: ${this.binding ? `${this.binding} on ws ${src.host}:${src.port}` : 'binding removed'}`);
  }

  /**
   * The browser's Contact names a host no one can resolve (`….invalid;transport=ws`, RFC 7118 §5):
   * reachable only through this relay. As a session border controller does, the relay gives it an
   * alias at its own UDP address (same user part), and maps requests for that alias back to the
   * registered Contact (fromUdp). Requests sent outside the dialog to the Contact (a REFER with
   * Target-Dialog, RFC 4538) then reach the browser too.
   */
  private aliasContact(m: SipMessage): void {
    if (!this.binding) return;
    const host = parseUri(this.binding).host.toLowerCase();
    for (const h of m.headers) {
      if (h.name !== 'contact') continue;
      const na = parseNameAddr(h.value);
      const uri = parseUri(na.uri);
      if (uri.host.toLowerCase() !== host) continue;
      h.value = formatNameAddr({ ...na, uri: `sip:${uri.user ? `${uri.user}@` : ''}${this.udp.local.host}:${this.udp.local.port}` });
    }
  }

  private sendToBrowser(m: SipMessage): void {
    if (!this.browser) return void this.notes.push(`relay: no browser connection for ${startLine(m)}`);
    this.ws.send(m, this.browser);
  }

  /** RFC 3261 §16.6 step 3: decrement Max-Forwards; at zero the request is refused with 483 (§16.3). */
  private forwardable(m: SipRequest, src: Address): boolean {
    const value = headerValue(m, 'max-forwards');
    const n = value === undefined ? 70 : Number(value);
    if (n <= 0 && m.method !== 'ACK') {
      this.refuse(m, src, 483, 'Max-Forwards reached 0');
      return false;
    }
    setHeader(m, 'max-forwards', String(Math.max(0, n - 1)));
    return true;
  }

  private refuse(m: SipRequest, src: Address, status: number, why: string): void {
    this.notes.push(`relay: ${status} to ${startLine(m)}: ${why}`);
    if (m.method === 'ACK') return;
    this.udp.send(buildResponse(m, status, { toTag: 'sw-relay' }), responseDestination(m, src, false));
  }

  private createsDialog(m: SipRequest): boolean {
    const to = headerValue(m, 'to');
    return DIALOG_CREATING.has(m.method) && (!to || parseNameAddr(to).params.tag === undefined);
  }

  /** This relay's URI on one leg; the WS one says transport=ws (RFC 7118 §5.2). */
  private uriOn(side: Side): string {
    const a = side === 'udp' ? this.udp.local : this.ws.local;
    return `sip:${a.host}:${a.port}${side === 'ws' ? ';transport=ws' : ''};lr`;
  }

  private isOwn(uri: string): boolean {
    const { host, port } = addressOf(uri);
    return [this.udp.local, this.ws.local].some((a) => a.host === host && a.port === port);
  }

  /** RFC 3261 §16.4 with RFC 5658: the Route entries naming this relay (one per leg) are removed. */
  private stripOwnRoutes(m: SipRequest): void {
    const routes = headerValues(m, 'route');
    let own = 0;
    while (own < routes.length && this.isOwn(parseNameAddr(routes[own]).uri)) own++;
    if (own === 0) return;
    m.headers = m.headers.filter((h) => h.name !== 'route');
    for (const r of routes.slice(own)) addHeader(m, 'route', r);
  }

  /**
   * RFC 5658 §3: two Record-Route entries, the outgoing leg's on top, so each side's route set
   * starts with the relay's address on its own transport.
   */
  private recordRoute(m: SipRequest, outgoing: Side): void {
    const incoming: Side = outgoing === 'ws' ? 'udp' : 'ws';
    addHeader(m, 'record-route', `<${this.uriOn(incoming)}>`, { first: true });
    addHeader(m, 'record-route', `<${this.uriOn(outgoing)}>`, { first: true });
  }

  /** RFC 3261 §16.11: a stateless proxy's branch is a function of the incoming top Via (same for CANCEL and ACK of non-2xx). */
  private pushVia(m: SipRequest, side: Side): void {
    const top = headerValues(m, 'via')[0] ?? '';
    const incoming = parseVia(top).params.branch;
    const seed = typeof incoming === 'string' && incoming.startsWith('z9hG4bK') ? incoming : `${top}|${headerValue(m, 'call-id')}|${headerValue(m, 'cseq')}`;
    const branch = `z9hG4bK-swr-${createHash('sha1').update(`${side}|${seed}`).digest('hex').slice(0, 20)}`;
    const local = side === 'udp' ? this.udp.local : this.ws.local;
    addHeader(m, 'via', formatVia({ protocol: 'SIP/2.0', transport: side === 'udp' ? 'UDP' : 'WS', host: local.host, port: local.port, params: { branch } }), { first: true });
  }

  /** RFC 3261 §16.7 step 3: a response's top Via must be this relay's on that leg; it is removed. */
  private popOwnVia(m: SipResponse, side: Side): boolean {
    const vias = headerValues(m, 'via');
    const top = vias[0] ? parseVia(vias[0]) : undefined;
    const local = side === 'udp' ? this.udp.local : this.ws.local;
    if (!top || top.host !== local.host || top.port !== local.port) {
      this.notes.push(`relay: response not for this relay dropped (§16.7): ${startLine(m)} top Via ${vias[0] ?? 'none'}`);
      return false;
    }
    // The first Via line holds the top value alone or leads a comma list: drop that value in place.
    const first = m.headers.findIndex((h) => h.name === 'via');
    const rest = headerValues({ ...m, headers: [m.headers[first]!] }, 'via').slice(1);
    if (rest.length) m.headers[first] = { name: 'via', value: rest.join(', ') };
    else m.headers.splice(first, 1);
    return true;
  }

  private rememberMid(m: SipMessage): void {
    if (!isSdp(m)) return;
    const mid = firstMid(m.body.toString('utf8'));
    const callId = headerValue(m, 'call-id');
    if (mid && callId) this.mids.set(callId, mid);
  }

  private toBrowserSdp(m: SipMessage, role: 'offer' | 'answer'): void {
    if (!isSdp(m)) return;
    const mid = this.mids.get(headerValue(m, 'call-id') ?? '') ?? '0';
    m.body = Buffer.from(toWebRtcForm(m.body.toString('utf8'), { role, mid }), 'utf8');
    setHeader(m, 'content-length', String(m.body.length));
  }
}

/** A transaction's key from the UDP leg's side (RFC 3261 §17.2.3): the top Via's branch and sent-by, and the CSeq method. */
function transactionKey(m: SipMessage): string {
  const via = parseVia(headerValues(m, 'via')[0] ?? '');
  return `${String(via.params.branch)}|${via.host}:${via.port ?? ''}|${(headerValue(m, 'cseq') ?? '').trim().split(/\s+/)[1] ?? ''}`;
}

function isSdp(m: SipMessage): boolean {
  return m.body.length > 0 && /^application\/sdp/i.test(headerValue(m, 'content-type') ?? '');
}

function startLine(m: SipMessage): string {
  return m.type === 'request' ? `${m.method} ${m.uri}` : `${m.status} ${m.reason} (${headerValue(m, 'cseq')})`;
}
