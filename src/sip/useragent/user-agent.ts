import { formatVia, headerValue, parseCSeq, parseNameAddr, type Header, type SipRequest, type SipResponse } from '../message';
import { openTransport, type Address, type TlsMaterial, type TraceHook, type Transport, type TransportKind } from '../transport';
import { TransactionLayer, RFC_TIMERS, TimerSet, type ServerTransaction, type TimerConfig } from '../transaction';
import { Dialog, dialogKey, newBranch, newCallId, newTag } from '../dialog';
import type { DigestCredentials } from '../auth';
import { declinesSubscription } from '../subscription';
import { addressOf, buildRequest, buildResponse, nextHop } from './build';
import { ChallengeAnswerer } from './challenges';

export interface UserAgentOptions {
  /** The user part of this UA's URI, e.g. "alice". */
  user: string;
  host?: string;
  port?: number;
  timers?: TimerConfig;
  /** RFC 3261 §18 / RFC 7118: the transport this UA listens and sends on (default 'udp'). */
  transport?: TransportKind;
  /** Certificate, key and CA for 'tls' and 'wss' (from configuration, never from feature files). */
  tls?: TlsMaterial;
  /** Wraps the opened transport, e.g. in a FaultyTransport for loss tests. */
  wrapTransport?: (transport: Transport) => Transport;
  /**
   * Digest credentials (from configuration, never from feature files): a 401/407 to a request this
   * UA sends is answered once with them (RFC 3261 §22.2, §22.3). None: challenges reach the caller.
   */
  credentials?: readonly DigestCredentials[];
  /** RFC 5627 §3.1: a GRUU (the gr parameter's instance URN) this UA puts in its Contact. */
  gruu?: string;
  /**
   * The host this UA names in its URI, Contact and Via when peers reach it at another address than
   * the one it binds (a NAT, a container, 0.0.0.0): RFC 3261 §18.1.1 sent-by, §8.1.1.8 Contact.
   */
  advertise?: string;
}

export interface IncomingRequest {
  request: SipRequest;
  tx: ServerTransaction;
  src: Address;
  /** The dialog the request belongs to (matched by Call-ID and tags, RFC 3261 §12.2.2). */
  dialog?: Dialog;
}

export interface SendOptions {
  headers?: Header[];
  body?: Buffer;
  /**
   * Each response, with the request it answers: the request as given, or the retry that carried
   * credentials after a 401/407. A 2xx to INVITE comes once per dialog (To tag), not per retransmission.
   */
  onResponse?: (response: SipResponse, request: SipRequest) => void;
  onTimeout?: () => void;
}

/**
 * A user agent core (RFC 3261 §8, §12, §13): one transport, its transactions, and its dialogs.
 * It ACKs 2xx responses, retransmits its own 2xx to INVITE until ACKed, answers 481 for
 * requests in unknown dialogs, and hands every other request to its owner.
 */
export class UserAgent {
  readonly dialogs = new Map<string, Dialog>();
  private layer: TransactionLayer;
  private cseq = 1;
  private isClosed = false;
  private handler: (incoming: IncomingRequest) => void = ({ tx, request }) => tx.respond(buildResponse(request, 501));
  private retransmit2xx = new Map<string, TimerSet>();
  private acks = new Map<string, SipRequest>();
  private ackHandler: (ack: SipRequest, src: Address) => void = () => {};
  private strayHandler: (res: SipResponse, src: Address) => void = () => {};

  private challenges?: ChallengeAnswerer;

  private constructor(readonly user: string, readonly transport: Transport, readonly timers: TimerConfig, credentials: readonly DigestCredentials[] = [], private gruu?: string, private advertise?: string) {
    if (credentials.length) this.challenges = new ChallengeAnswerer(credentials);
    this.layer = new TransactionLayer(transport, {
      onRequest: (request, tx, src) => this.receive({ request, tx, src }),
      onAck: (ack, src) => this.receiveAck(ack, src),
      onStrayResponse: (res, src) => {
        this.resendAck(res);
        this.strayHandler(res, src);
      },
    }, timers);
  }

  static async create(opts: UserAgentOptions): Promise<UserAgent> {
    const opened = await openTransport(opts.transport ?? 'udp', { host: opts.host ?? '127.0.0.1', port: opts.port ?? 0, tls: opts.tls });
    const transport = opts.wrapTransport ? opts.wrapTransport(opened) : opened;
    return new UserAgent(opts.user, transport, opts.timers ?? RFC_TIMERS, opts.credentials, opts.gruu, opts.advertise);
  }

  get address(): Address {
    return this.transport.local;
  }

  /**
   * Where peers reach this UA. RFC 3261 §19.1.1, RFC 3263 §4.1: a URI names its transport unless it
   * is UDP (the default a peer picks for a sip: URI with an address), so a party told to call this
   * URI (a Refer-To) opens the transport this UA listens on.
   */
  get uri(): string {
    const { port } = this.address;
    const host = this.advertise ?? this.address.host;
    const name = this.transport.name;
    return `sip:${this.user}@${host.includes(':') ? `[${host}]` : host}:${port}${name === 'UDP' ? '' : `;transport=${name.toLowerCase()}`}`;
  }

  /** RFC 3261 §8.1.1.8: the Contact is this UA's URI (with its transport); RFC 5627 §3.1: a GRUU carries gr. */
  get contact(): string {
    return `<${this.uri}${this.gruu ? `;gr=${this.gruu}` : ''}>`;
  }

  onTrace(hook: TraceHook): void {
    this.transport.onTrace(hook);
  }

  onRequest(handler: (incoming: IncomingRequest) => void): void {
    this.handler = handler;
  }

  via(): string {
    const { port } = this.address;
    const host = this.advertise ?? this.address.host;
    return formatVia({ protocol: 'SIP/2.0', transport: this.transport.name, host: host.includes(':') ? `[${host}]` : host, port, params: { branch: newBranch(), rport: true } });
  }

  /** A request outside any dialog, From this UA with a fresh tag, to `target`. */
  newRequest(method: string, target: string, opts: { to?: string; headers?: Header[]; body?: Buffer } = {}): SipRequest {
    return buildRequest(method, target, {
      via: this.via(), from: `<${this.uri}>;tag=${newTag()}`, to: opts.to ?? `<${target}>`,
      callId: newCallId(this.address.host), cseq: this.cseq++, contact: this.contact, headers: opts.headers, body: opts.body,
    });
  }

  /** A new request within `dialog` (RFC 3261 §12.2.1.1). */
  newInDialog(dialog: Dialog, method: string, opts: { headers?: Header[]; body?: Buffer } = {}): SipRequest {
    return dialog.createRequest(method, this.via(), this.contact, opts.headers, opts.body);
  }

  /**
   * Sends a request in a client transaction; a 2xx to INVITE creates the dialog and is ACKed. With
   * credentials, a 401/407 is answered by sending the request again with them (RFC 3261 §22.2).
   */
  send(request: SipRequest, opts: SendOptions = {}, dst: Address = nextHop(request)): void {
    this.transact(request, opts, dst, new Set());
  }

  /** `answered`: the challenges (status and realm) already answered for this request. */
  private transact(request: SipRequest, opts: SendOptions, dst: Address, answered: Set<string>): void {
    const dialogs = new Set<string>();
    this.layer.sendRequest(request, dst, {
      onResponse: (res) => {
        const retry = this.challenges?.retry(request, res, answered, this.via(), () => this.dialogOf(request));
        if (retry) return this.transact(retry, opts, dst, answered);
        if (request.method === 'INVITE' && res.status >= 200 && res.status < 300) {
          // §13.2.2.4: every 2xx is ACKed, but the TU sees one per dialog; a retransmission only re-sends the ACK.
          const tag = String(parseNameAddr(headerValue(res, 'to') ?? '').params.tag ?? '');
          if (dialogs.has(tag)) return this.resendAck(res);
          dialogs.add(tag);
          this.acknowledge(request, res);
        }
        opts.onResponse?.(res, request);
      },
      onTimeout: () => opts.onTimeout?.(),
    });
  }

  /** The dialog a request this UA sends belongs to: From tag local, To tag remote (§12.2.1.1). */
  private dialogOf(request: SipRequest): Dialog | undefined {
    const remote = parseNameAddr(headerValue(request, 'to') ?? '').params.tag;
    if (typeof remote !== 'string') return undefined;
    const local = String(parseNameAddr(headerValue(request, 'from') ?? '').params.tag ?? '');
    return this.dialogs.get(dialogKey(headerValue(request, 'call-id') ?? '', local, remote));
  }

  /**
   * Responds in `tx`; a dialog-creating 1xx/2xx (INVITE, SUBSCRIBE, REFER outside a dialog) records the
   * dialog — except a 2xx to REFER granting `Refer-Sub: false`: no subscription, so no dialog (RFC 4488 §4).
   */
  respond(incoming: IncomingRequest, status: number, opts: { reason?: string; headers?: Header[]; body?: Buffer } = {}): SipResponse {
    const { request, tx } = incoming;
    const toTag = incoming.dialog?.id.localTag ?? newTag();
    const forming = !incoming.dialog && status > 100 && status < 300 && ['INVITE', 'SUBSCRIBE', 'REFER'].includes(request.method);
    const contact: Header[] = forming || (incoming.dialog && request.method === 'INVITE') ? [{ name: 'contact', value: this.contact }] : [];
    const response = buildResponse(request, status, { reason: opts.reason, toTag, headers: [...contact, ...(opts.headers ?? [])], body: opts.body });
    const creates = forming && !(request.method === 'REFER' && declinesSubscription(response));
    if (creates) {
      const dialog = Dialog.asUas(request, response);
      this.dialogs.set(dialog.key, dialog);
      incoming.dialog = dialog;
    }
    if (incoming.dialog && incoming.dialog.state === 'early' && status >= 200 && status < 300) incoming.dialog.state = 'confirmed';
    tx.respond(response);
    if (request.method === 'INVITE' && status >= 200 && status < 300) this.startRetransmit2xx(incoming, response);
    return response;
  }

  /** Remembers a dialog the UA created as UAC (from the response carrying the To tag). */
  adoptDialog(request: SipRequest, response: SipResponse): Dialog {
    const d = Dialog.asUac(request, response);
    const existing = this.dialogs.get(d.key);
    if (existing) return existing;
    this.dialogs.set(d.key, d);
    return d;
  }

  /** True once close() was called: work finishing later (a signature, a timer) must not send. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Stops every transaction, timer and socket; the UA cannot be used afterwards. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.layer.close();
    for (const t of this.retransmit2xx.values()) t.clearAll();
    this.retransmit2xx.clear();
    await this.transport.close();
  }

  private receive(incoming: IncomingRequest): void {
    const { request } = incoming;
    const from = parseNameAddr(headerValue(request, 'from') ?? '');
    const toTag = parseNameAddr(headerValue(request, 'to') ?? '').params.tag;
    if (typeof toTag === 'string') {
      const dialog = this.dialogs.get(dialogKey(headerValue(request, 'call-id') ?? '', toTag, String(from.params.tag ?? '')));
      // RFC 3261 §12.2.2: a request for a dialog we do not know gets 481.
      if (!dialog) return void incoming.tx.respond(buildResponse(request, 481));
      if (!dialog.receiveRequest(request)) return void incoming.tx.respond(buildResponse(request, 500, { reason: 'CSeq Out of Order' }));
      incoming.dialog = dialog;
    }
    this.handler(incoming);
  }

  /**
   * RFC 3261 §13.2.2.4: the UAC ACKs every 2xx, end to end, with the INVITE's CSeq number "and the
   * same credentials as the INVITE".
   */
  private acknowledge(invite: SipRequest, res: SipResponse): void {
    const dialog = this.adoptDialog(invite, res);
    const contact = headerValue(res, 'contact');
    if (contact) dialog.remoteTarget = parseNameAddr(contact).uri;
    dialog.state = 'confirmed';
    const credentials = invite.headers.filter((h) => h.name === 'authorization' || h.name === 'proxy-authorization');
    const ack = dialog.createRequest('ACK', this.via(), this.contact, credentials);
    ack.headers = ack.headers.map((h) => (h.name === 'cseq' ? { name: 'cseq', value: `${parseCSeq(headerValue(invite, 'cseq')!).seq} ACK` } : h));
    this.acks.set(ackKey(res), ack);
    this.transport.send(ack, nextHop(ack));
  }

  private resendAck(res: SipResponse): void {
    const ack = this.acks.get(ackKey(res));
    if (ack && res.status >= 200 && res.status < 300) this.transport.send(ack, nextHop(ack));
  }

  /** RFC 3261 §13.3.1.4: the UAS retransmits its 2xx at T1·2ⁿ (capped at T2) until the ACK, for 64·T1. */
  private startRetransmit2xx(incoming: IncomingRequest, response: SipResponse): void {
    if (this.transport.reliable) return;
    const timers = new TimerSet();
    const key = ackKey(response);
    this.retransmit2xx.get(key)?.clearAll();
    this.retransmit2xx.set(key, timers);
    const { T1, T2 } = this.timers;
    const again = (interval: number): void => timers.set('retransmit', interval, () => {
      this.transport.send(response, incoming.src);
      again(Math.min(2 * interval, T2));
    });
    again(T1);
    timers.set('give-up', 64 * T1, () => {
      timers.clearAll();
      this.retransmit2xx.delete(key);
    });
  }

  /** Sees responses no transaction claims: retransmitted 2xx, answers to raw requests sent outside transactions. */
  onStrayResponse(handler: (res: SipResponse, src: Address) => void): void {
    this.strayHandler = handler;
  }

  /** Sees every ACK for a 2xx (end to end, outside transactions), e.g. to record it. */
  onAck(handler: (ack: SipRequest, src: Address) => void): void {
    this.ackHandler = handler;
  }

  private receiveAck(ack: SipRequest, src: Address): void {
    this.ackHandler(ack, src);
    const key = ackKey(ack);
    this.retransmit2xx.get(key)?.clearAll();
    this.retransmit2xx.delete(key);
  }
}

/** A 2xx and its ACK share Call-ID, CSeq number and To tag (one ACK per forked 2xx, §13.2.2.4). */
function ackKey(m: SipRequest | SipResponse): string {
  const tag = parseNameAddr(headerValue(m, 'to') ?? '').params.tag;
  return `${headerValue(m, 'call-id')}|${parseCSeq(headerValue(m, 'cseq') ?? '0 X').seq}|${tag ?? ''}`;
}

export { addressOf };
