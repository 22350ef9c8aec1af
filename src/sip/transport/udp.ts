import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { parseMessage, serializeMessage, ParseError, type SipMessage } from '../message';
import { EnvironmentError } from './errors';
import { stampReceived } from './received';
import { traceTime, type Address, type TraceHook, type TraceRecord } from './trace';
import type { Transport, InboundHandler, MalformedHandler } from './transport';

/** SIP over UDP (RFC 3261 §18): one datagram carries one message. */
export class UdpTransport implements Transport {
  readonly name = 'UDP' as const;
  readonly reliable = false;
  private socket: dgram.Socket;
  private traceHooks: TraceHook[] = [];
  private inbound: InboundHandler = () => {};
  private malformed: MalformedHandler = () => {};
  private bound: Address = { host: '', port: 0 };
  private closed = false;

  private constructor(host: string) {
    this.socket = dgram.createSocket(isIPv6(host) ? 'udp6' : 'udp4');
  }

  /** Binds host:port (port 0 picks a free one); a busy port is an EnvironmentError naming it. */
  static async open(host = '127.0.0.1', port = 0): Promise<UdpTransport> {
    const t = new UdpTransport(host);
    await new Promise<void>((resolve, reject) => {
      t.socket.once('error', (err) =>
        reject(new EnvironmentError(`cannot bind UDP ${host}:${port}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err })));
      t.socket.bind(port, host, () => resolve());
    });
    const a = t.socket.address();
    t.bound = { host: a.address, port: a.port };
    t.socket.on('message', (buf, rinfo) => t.receive(buf, { host: rinfo.address, port: rinfo.port }));
    t.socket.on('error', () => { /* ICMP errors on loopback: the transaction timers report the silence */ });
    return t;
  }

  get local(): Address {
    return this.bound;
  }

  onTrace(hook: TraceHook): void {
    this.traceHooks.push(hook);
  }

  onMessage(handler: InboundHandler): void {
    this.inbound = handler;
  }

  onMalformed(handler: MalformedHandler): void {
    this.malformed = handler;
  }

  send(message: SipMessage | Buffer, dst: Address): void {
    const bytes = Buffer.isBuffer(message) ? message : serializeMessage(message);
    if (this.closed) return; // a timer or late delivery after close(): nothing goes out
    this.trace({ time: traceTime(), direction: 'out', transport: 'UDP', src: this.local, dst, bytes });
    this.socket.send(bytes, dst.port, dst.host);
  }

  /** Resolves once the socket handle is gone (process.getActiveResourcesInfo no longer lists it). */
  close(): Promise<void> {
    this.closed = true;
    return new Promise((resolve) => {
      try {
        // 'close' is emitted on nextTick; libuv frees the handle in the close phase that follows.
        this.socket.close(() => setImmediate(() => setImmediate(resolve)));
      } catch {
        resolve(); // already closed
      }
    });
  }

  private receive(bytes: Buffer, src: Address): void {
    if (this.closed) return;
    const record: TraceRecord = { time: traceTime(), direction: 'in', transport: 'UDP', src, dst: this.local, bytes };
    this.trace(record);
    let message: SipMessage;
    try {
      message = parseMessage(bytes);
    } catch (err) {
      // RFC 3261 §18.3: malformed datagrams are discarded; the trace keeps the bytes as evidence.
      if (err instanceof ParseError) return this.malformed(err, record);
      throw err;
    }
    if (message.type === 'request') stampReceived(message, src); // RFC 3261 §18.2.1, RFC 3581 §4
    this.inbound(message, src, record);
  }

  private trace(record: TraceRecord): void {
    for (const hook of this.traceHooks) hook(record);
  }
}
