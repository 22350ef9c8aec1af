import { isIP } from 'node:net';
import type { WebSocket } from 'ws';
import { headerValues, parseMessage, parseVia, serializeMessage, ParseError, type SipMessage } from '../message';
import { addressKey, bareHost } from './address';
import { SocketConnection, WebSocketConnection, type Connection, type ConnectionEvents } from './connection';
import { dial } from './dialer';
import { listen, type Listener, type StreamName } from './listener';
import { stampReceived } from './received';
import type { TlsMaterial } from './tls';
import { traceTime, type Address, type TraceHook, type TraceRecord } from './trace';
import type { InboundHandler, MalformedHandler, Transport, TransportErrorHook } from './transport';

export interface StreamOptions {
  host?: string;
  port?: number;
  tls?: TlsMaterial;
}

/**
 * SIP over TCP, TLS, WS or WSS (RFC 3261 §18, RFC 7118). One connection per peer: a response goes
 * back on the connection its request came on (§18.2.2), and a connection a peer opened is reused
 * for requests to the sent-by address of its Via (the peer's listening address), as RFC 5923 does.
 */
export class StreamTransport implements Transport {
  readonly reliable = true;
  private conns = new Map<string, Connection>();
  private all = new Set<Connection>();
  private hooks: TraceHook[] = [];
  private failures: TransportErrorHook[] = [];
  private inbound: InboundHandler = () => {};
  private malformed: MalformedHandler = () => {};
  private listener?: Listener;
  private closing = false;
  private events: ConnectionEvents = {
    message: (c, b) => this.receive(c, b),
    malformed: (c, e, b) => this.malformed(e, this.record('in', c, b)),
    closed: (c, e) => this.forget(c, e),
  };

  private constructor(readonly name: StreamName, private material: TlsMaterial | undefined) {}

  static async open(name: StreamName, opts: StreamOptions = {}): Promise<StreamTransport> {
    const t = new StreamTransport(name, opts.tls);
    t.listener = await listen(name, opts.host ?? '127.0.0.1', opts.port ?? 0, opts.tls, {
      socket: (s) => t.track(new SocketConnection(s, { host: s.remoteAddress ?? '', port: s.remotePort ?? 0 }, t.events, t.onWrite, true)),
      websocket: (ws: WebSocket, local, remote) => {
        const c = new WebSocketConnection(ws, remote, t.events, t.onWrite);
        c.ready(local, remote);
        t.track(c);
      },
    });
    return t;
  }

  get local(): Address {
    return this.listener?.address ?? { host: '', port: 0 };
  }

  /** Open connections, for tests of connection reuse. */
  get connectionCount(): number {
    return this.all.size;
  }

  onMessage(handler: InboundHandler): void { this.inbound = handler; }
  onMalformed(handler: MalformedHandler): void { this.malformed = handler; }
  onTrace(hook: TraceHook): void { this.hooks.push(hook); }
  /** A connection failed (refused, TLS handshake, reset): for evidence; the transaction timers report the silence. */
  onTransportError(hook: TransportErrorHook): void { this.failures.push(hook); }

  send(message: SipMessage | Buffer, dst: Address): void {
    if (this.closing) return;
    const bytes = Buffer.isBuffer(message) ? message : serializeMessage(message);
    const open = this.conns.get(addressKey(dst));
    const to = open && !open.closed ? dst : this.fallback(message, dst);
    this.connectionTo(to).send(bytes);
  }

  /**
   * RFC 3261 §18.2.2: when the connection a request came on is gone, the response goes to the
   * `received` address (else the sent-by host) at the sent-by port (default 5060, 5061 for TLS/WSS).
   */
  private fallback(message: SipMessage | Buffer, dst: Address): Address {
    if (Buffer.isBuffer(message) || message.type !== 'response') return dst;
    const v = headerValues(message, 'via')[0];
    if (!v) return dst;
    try {
      const via = parseVia(v);
      const host = typeof via.params.received === 'string' ? via.params.received : bareHost(via.host);
      return { host: bareHost(host), port: via.port ?? this.defaultPort };
    } catch {
      return dst;
    }
  }

  private get defaultPort(): number {
    return this.name === 'TLS' || this.name === 'WSS' ? 5061 : 5060;
  }

  /** Resolves once every socket handle is gone (process.getActiveResourcesInfo no longer lists them). */
  async close(): Promise<void> {
    this.closing = true;
    const conns = [...this.all];
    for (const c of conns) c.close();
    await Promise.all([...conns.map((c) => c.ended), this.listener?.close()]);
    await handlesFreed();
  }

  private connectionTo(dst: Address): Connection {
    const known = this.conns.get(addressKey(dst));
    if (known && !known.closed) return known;
    const conn = dial(this.name, { host: bareHost(dst.host), port: dst.port }, this.material, this.events, this.onWrite);
    this.conns.set(addressKey(dst), conn);
    this.all.add(conn);
    return conn;
  }

  private track(conn: Connection): void {
    if (this.closing) return conn.close();
    this.all.add(conn);
    this.conns.set(addressKey(conn.remote), conn);
  }

  private forget(conn: Connection, error?: Error): void {
    if (error && !this.closing) for (const f of this.failures) f(conn.remote, error);
    this.all.delete(conn);
    for (const [k, c] of this.conns) if (c === conn) this.conns.delete(k);
  }

  private onWrite = (conn: Connection, bytes: Buffer): void => {
    const r: TraceRecord = { time: traceTime(), direction: 'out', transport: this.name, src: conn.local, dst: conn.remote, bytes };
    for (const h of this.hooks) h(r);
  };

  private record(direction: 'in', conn: Connection, bytes: Buffer): TraceRecord {
    return { time: traceTime(), direction, transport: this.name, src: conn.remote, dst: conn.local, bytes };
  }

  private receive(conn: Connection, bytes: Buffer): void {
    const record = this.record('in', conn, bytes);
    for (const h of this.hooks) h(record);
    let message: SipMessage;
    try {
      message = parseMessage(bytes);
    } catch (err) {
      if (err instanceof ParseError) return this.malformed(err, record);
      throw err;
    }
    if (message.type === 'request') {
      stampReceived(message, conn.remote);
      this.alias(message, conn);
    }
    this.inbound(message, conn.remote, record);
  }

  /** Requests to the peer's own sent-by address reuse the connection it opened (one per peer). */
  private alias(message: SipMessage, conn: Connection): void {
    const v = headerValues(message, 'via')[0];
    if (!v) return;
    try {
      const via = parseVia(v);
      const host = bareHost(via.host);
      if (isIP(host) === 0) return;
      const key = addressKey({ host, port: via.port ?? this.defaultPort });
      const known = this.conns.get(key);
      if (!known || known.closed) this.conns.set(key, conn);
    } catch {
      // an unparseable Via: no alias, the response still goes back on this connection
    }
  }
}

/** libuv frees closed handles in the close phase after the 'close' events: wait one loop turn. */
function handlesFreed(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
