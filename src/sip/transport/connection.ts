import type { Socket } from 'node:net';
import { StreamFramer, type ParseError } from '../message';
import type WebSocket from 'ws';
import type { Address } from './trace';

/** What a connection reports to its transport: one framed message, a framing error, its end. */
export interface ConnectionEvents {
  message(conn: Connection, bytes: Buffer): void;
  malformed(conn: Connection, error: ParseError, bytes: Buffer): void;
  /** The connection ended; `error` says why when it failed (refused, TLS handshake, reset). */
  closed(conn: Connection, error?: Error): void;
}

/**
 * One connection of a stream transport (RFC 3261 §18; RFC 7118 for WebSocket). Messages written
 * before it is open wait in order; `local` and `remote` are known once open.
 */
export abstract class Connection {
  local: Address = { host: '', port: 0 };
  remote: Address;
  open = false;
  closed = false;
  private queue: Buffer[] = [];
  private endedResolve!: () => void;
  /** Settles when the underlying socket has emitted 'close'. */
  readonly ended = new Promise<void>((resolve) => { this.endedResolve = resolve; });

  constructor(remote: Address, protected events: ConnectionEvents, private onWrite: (c: Connection, b: Buffer) => void) {
    this.remote = remote;
  }

  send(bytes: Buffer): void {
    if (this.closed) return;
    if (!this.open) return void this.queue.push(bytes);
    this.onWrite(this, bytes);
    this.write(bytes);
  }

  close(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.destroy();
    this.events.closed(this, error);
  }

  /** The underlying socket is gone. */
  protected gone(): void {
    this.endedResolve();
  }

  protected opened(local: Address, remote: Address): void {
    this.local = local;
    this.remote = remote;
    this.open = true;
    const queued = this.queue;
    this.queue = [];
    for (const b of queued) this.send(b);
  }

  protected abstract write(bytes: Buffer): void;
  protected abstract destroy(): void;
}

/** TCP or TLS: a byte stream framed by Content-Length (RFC 3261 §18.3). */
export class SocketConnection extends Connection {
  private framer = new StreamFramer({
    onMessage: (b) => this.events.message(this, b),
    onError: (e) => {
      this.events.malformed(this, e, Buffer.alloc(0));
      // §18.3: after a framing error the stream cannot be resynchronised; the peer may not speak SIP at all.
      this.close(new Error(`the peer sent bytes that do not frame as SIP over a stream (RFC 3261 §18.3): ${e.message}`));
    },
  });

  constructor(private socket: Socket, remote: Address, events: ConnectionEvents, onWrite: (c: Connection, b: Buffer) => void, connected: boolean) {
    super(remote, events, onWrite);
    socket.setNoDelay(true); // one SIP message per write: Nagle would only add latency
    socket.on('data', (chunk: Buffer) => this.framer.push(chunk));
    socket.on('error', (e) => this.close(e));
    socket.on('close', () => {
      this.close();
      this.gone();
    });
    if (connected) this.ready();
  }

  /** The socket is connected (and, for TLS, the handshake done). */
  ready(): void {
    const s = this.socket;
    this.opened({ host: s.localAddress ?? '', port: s.localPort ?? 0 }, { host: s.remoteAddress ?? this.remote.host, port: s.remotePort ?? this.remote.port });
  }

  protected write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  protected destroy(): void {
    this.socket.destroy();
  }
}

/** WS or WSS: each WebSocket message carries exactly one SIP message (RFC 7118 §5.2). */
export class WebSocketConnection extends Connection {
  constructor(private ws: WebSocket, remote: Address, events: ConnectionEvents, onWrite: (c: Connection, b: Buffer) => void) {
    super(remote, events, onWrite);
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.events.message(this, toBuffer(data)));
    ws.on('error', (e) => this.close(e));
    ws.on('close', () => {
      this.close();
      this.gone();
    });
  }

  ready(local: Address, remote: Address): void {
    this.opened(local, remote);
  }

  /** RFC 7118 §5.1: text frames for UTF-8 messages, binary frames otherwise. */
  protected write(bytes: Buffer): void {
    const text = bytes.toString('utf8');
    this.ws.send(Buffer.from(text, 'utf8').equals(bytes) ? text : bytes, { binary: !Buffer.from(text, 'utf8').equals(bytes) });
  }

  protected destroy(): void {
    this.ws.terminate();
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
