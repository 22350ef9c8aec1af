import { headerValue, parseMessage, type SipMessage, type SipRequest, type SipResponse } from '../sip/message';
import type { Address, TlsMaterial, TraceRecord, TransportKind } from '../sip/transport';
import type { TimerConfig } from '../sip/transaction';
import type { DigestCredentials } from '../sip/auth';
import { UserAgent, audioSdp, sdpDirection, type IncomingRequest } from '../sip/useragent';
import { Inbox } from './inbox';

/** Methods a scripted party implements: REFER and NOTIFY among them (RFC 5589 §6). */
export const FULL_ALLOW = ['INVITE', 'ACK', 'CANCEL', 'OPTIONS', 'BYE', 'REFER', 'NOTIFY', 'SUBSCRIBE'];

/** Where a scripted agent reports every message it sends or receives; returns its trace index. */
export type TraceSink = (record: TraceRecord) => number;

export interface AgentOptions {
  timers?: TimerConfig;
  host?: string;
  /** Digest credentials for 401/407 challenges (from the run configuration). */
  credentials?: readonly DigestCredentials[];
  trace: TraceSink;
  /** The transport it listens and sends on (the SUT's, RFC 3261 §18); UDP by default. */
  transport?: TransportKind;
  /** Its certificate and key, and the CAs it trusts, for TLS and WSS. */
  tls?: TlsMaterial;
  /** The port it binds (0 or absent: any free one). */
  port?: number;
  /** The host it names in its URI, Contact and Via when that is not the bound one. */
  advertise?: string;
}

/**
 * A scripted party of the framework: it sends exactly what a step asks, records everything it
 * receives in its inbox, and answers only what RFC 3261 leaves no choice about (200 to an in-dialog
 * NOTIFY or BYE, 481 to unknown dialogs). Everything else waits for a step to decide.
 */
export class Agent {
  readonly inbox = new Inbox();
  /** Requests received and not yet answered, oldest first. */
  readonly unanswered: IncomingRequest[] = [];
  private lastIn = -1;
  /** Automatic 200 to in-dialog NOTIFY (RFC 6665 §4.1.3) unless a step turns it off. */
  autoAcceptNotify = true;
  /** Methods a step told this party to leave unanswered: they are recorded, never answered. */
  readonly ignored = new Set<string>();
  /**
   * What this party answers an OPTIONS inside a call with (RFC 3261 §11.2): by default a UA with every
   * transfer primitive (RFC 5589 §6: REFER, NOTIFY; replaces, tdialog), as the scripted parties are.
   */
  capabilities: { allow: string[]; supported: string[] } = { allow: [...FULL_ALLOW], supported: ['replaces', 'tdialog'] };
  /** A Contact to put in every request instead of the UA's own (a focus's conference URI, RFC 4579 §5.2). */
  contactOverride?: string;
  /** Requests a step lets this party answer on its own (a focus's conference SUBSCRIBEs): true = answered. */
  readonly responders: ((incoming: IncomingRequest) => boolean)[] = [];

  private constructor(readonly name: string, readonly ua: UserAgent, trace: TraceSink) {
    ua.onTrace((r) => {
      const index = trace(r);
      if (r.direction === 'in') this.lastIn = index;
    });
    ua.onRequest((incoming) => this.receive(incoming));
    ua.onAck((ack, src) => this.record(ack, src));
    ua.onStrayResponse((res, src) => this.record(res, src));
    // A message the strict parser rejects is still what the SUT sent: keep it, read leniently, so a
    // step can report exactly what is wrong with it (its deviations are on message.findings).
    ua.transport.onMalformed((_err, record) => {
      const message = lenientParse(record.bytes);
      if (message) this.record(message, record.src);
    });
  }

  static async create(name: string, opts: AgentOptions): Promise<Agent> {
    const { host, port, timers, credentials, transport, tls, advertise } = opts;
    const ua = await UserAgent.create({ user: name.toLowerCase(), host, port, timers, credentials, transport, tls, advertise });
    return new Agent(name, ua, opts.trace);
  }

  get uri(): string {
    return this.ua.uri;
  }

  get address(): Address {
    return this.ua.address;
  }

  /** Sends a request; every response to it lands in the inbox. */
  send(request: SipRequest): void {
    if (this.contactOverride && request.method !== 'ACK' && request.method !== 'CANCEL') {
      request.headers = request.headers.map((h) => (h.name === 'contact' ? { name: h.name, value: this.contactOverride! } : h));
    }
    this.ua.send(request, {
      // `sent`: the request as it went out (after a 401/407, the retry carrying credentials).
      onResponse: (res, sent) => {
        // RFC 3261 §22.2: the retry after a 401/407 has a new CSeq (and Via branch); from now on the
        // scenario's record of the request is the retry, so its responses are found by what went out.
        if (sent !== request) request.headers = sent.headers;
        // RFC 6665 §4.1.2.4, RFC 3515 §2.4.4: a 2xx to a SUBSCRIBE or REFER sent outside a dialog
        // creates one, so the NOTIFYs that follow are answered instead of getting 481.
        if (res.status >= 200 && res.status < 300 && ['SUBSCRIBE', 'REFER'].includes(sent.method) && !/;\s*tag=/i.test(headerValue(sent, 'to') ?? '')) this.ua.adoptDialog(sent, res);
        this.record(res, this.address);
      },
    });
  }

  /** Sends bytes as they are (deliberately malformed messages); responses still land in the inbox. */
  sendRaw(bytes: Buffer, dst: Address): void {
    this.ua.transport.send(bytes, dst);
  }

  /** Answers a request this agent received (and forgets it as unanswered once final). */
  respond(incoming: IncomingRequest, status: number, opts: { reason?: string; headers?: SipResponse['headers']; body?: Buffer } = {}): SipResponse {
    const response = this.ua.respond(incoming, status, opts);
    if (status >= 200) {
      const i = this.unanswered.indexOf(incoming);
      if (i >= 0) this.unanswered.splice(i, 1);
    }
    return response;
  }

  /** Drops a request a responder answered from the unanswered list. */
  private forget(incoming: IncomingRequest): void {
    const i = this.unanswered.indexOf(incoming);
    if (i >= 0) this.unanswered.splice(i, 1);
  }

  /** The unanswered request whose message is `request` (after a step claimed it from the inbox). */
  incomingFor(request: SipRequest): IncomingRequest | undefined {
    return this.unanswered.find((i) => i.request === request);
  }

  close(): Promise<void> {
    return this.ua.close();
  }

  private receive(incoming: IncomingRequest): void {
    const { request, dialog } = incoming;
    // Unanswered first: a step waiting on the inbox looks the transaction up when the message lands.
    if (!this.ignored.has(request.method)) this.unanswered.push(incoming);
    this.record(request, incoming.src);
    if (this.ignored.has(request.method)) return;
    if (this.responders.some((answer) => answer(incoming))) return void this.forget(incoming);
    // An OPTIONS inside a call (a transferor probing, RFC 5589 §7.7 Figure 15) is answered at once,
    // like a re-INVITE, so a SUT that probes is not left waiting; steps check it from the inbox.
    if (dialog && request.method === 'OPTIONS') {
      const { allow, supported } = this.capabilities;
      this.respond(incoming, 200, { headers: [{ name: 'allow', value: allow.join(', ') }, ...(supported.length ? [{ name: 'supported', value: supported.join(', ') }] : [])] });
    }
    if (dialog && (request.method === 'BYE' || (request.method === 'NOTIFY' && this.autoAcceptNotify))) {
      if (request.method === 'BYE') dialog.state = 'terminated';
      this.respond(incoming, 200);
    }
    // A re-INVITE (hold, resume, refresh) is answered at once, mirroring the offer (RFC 3264 §6.1),
    // so a SUT that holds a call on its own (RFC 5589 flows) is not left waiting; steps check it.
    if (dialog && request.method === 'INVITE' && this.unanswered.includes(incoming)) {
      const mirror = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' } as const;
      const offered = request.body.length ? sdpDirection(request.body) : 'sendrecv';
      this.respond(incoming, 200, { headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp(this.address.host, 4002, 2, mirror[offered]) });
    }
  }

  private record(message: SipMessage, src: Address): void {
    this.inbox.push({ message, src, time: Date.now(), traceIndex: this.lastIn });
  }
}

/** True when `m` is in the same dialog as `request` (Call-ID) and, for responses, answers it (CSeq). */
export function answers(request: SipRequest, m: SipRequest | SipResponse): boolean {
  return m.type === 'response' && headerValue(m, 'call-id') === headerValue(request, 'call-id') && headerValue(m, 'cseq') === headerValue(request, 'cseq');
}

function lenientParse(bytes: Buffer): SipMessage | undefined {
  try {
    return parseMessage(bytes, { lenient: true });
  } catch {
    return undefined; // beyond repair: the trace keeps the bytes
  }
}
