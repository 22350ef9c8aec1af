import { parseMessage, serializeMessage, ParseError, type SipMessage } from '../message';
import { traceTime, type Address, type TraceHook, type TraceRecord } from './trace';
import type { InboundHandler, MalformedHandler, Transport } from './transport';

/**
 * An in-memory transport pair for stack tests where sockets add nothing: bytes are serialized
 * and parsed as on the wire, delivered on the next turn of the event loop, and can be dropped.
 */
export class MemoryTransport implements Transport {
  readonly name = 'UDP' as const;
  peer?: MemoryTransport;
  /** Return true to lose a message on its way out (loss tests). */
  drop: (bytes: Buffer) => boolean = () => false;
  readonly sent: Buffer[] = [];
  private inbound: InboundHandler = () => {};
  private malformed: MalformedHandler = () => {};
  private hooks: TraceHook[] = [];
  private closed = false;

  constructor(readonly local: Address, readonly reliable = false) {}

  static pair(reliable = false): [MemoryTransport, MemoryTransport] {
    const a = new MemoryTransport({ host: '127.0.0.1', port: 5061 }, reliable);
    const b = new MemoryTransport({ host: '127.0.0.1', port: 5062 }, reliable);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  send(message: SipMessage | Buffer, dst: Address): void {
    const bytes = Buffer.isBuffer(message) ? message : serializeMessage(message);
    this.sent.push(bytes);
    this.trace({ time: traceTime(), direction: 'out', transport: this.name, src: this.local, dst, bytes });
    const peer = this.peer;
    if (!peer || this.closed || this.drop(bytes)) return;
    setImmediate(() => peer.deliver(bytes, this.local));
  }

  onMessage(handler: InboundHandler): void { this.inbound = handler; }
  onMalformed(handler: MalformedHandler): void { this.malformed = handler; }
  onTrace(hook: TraceHook): void { this.hooks.push(hook); }

  async close(): Promise<void> {
    this.closed = true;
  }

  private deliver(bytes: Buffer, src: Address): void {
    if (this.closed) return;
    const record: TraceRecord = { time: traceTime(), direction: 'in', transport: this.name, src, dst: this.local, bytes };
    this.trace(record);
    try {
      this.inbound(parseMessage(bytes), src, record);
    } catch (err) {
      if (err instanceof ParseError) this.malformed(err, record);
      else throw err;
    }
  }

  private trace(r: TraceRecord): void {
    for (const h of this.hooks) h(r);
  }
}
