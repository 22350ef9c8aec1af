import { ParseError } from './errors';

const CRLFCRLF = Buffer.from('\r\n\r\n');
const DEFAULT_MAX = 65535;

export interface FramerOptions {
  /** Largest message in octets (headers + body); default 65535. */
  maxSize?: number;
  onMessage(buf: Buffer): void;
  onError(err: ParseError): void;
}

/**
 * Content-Length framing for stream transports (RFC 3261 §18.3): partial and coalesced reads,
 * keepalive CRLF / CRLFCRLF skipped (RFC 5626 §3.5.1). After an error the buffered bytes are
 * dropped; the transport should close the connection.
 */
export class StreamFramer {
  private buf: Buffer = Buffer.alloc(0);
  private readonly maxSize: number;

  constructor(private readonly opts: FramerOptions) {
    this.maxSize = opts.maxSize ?? DEFAULT_MAX;
  }

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    for (;;) {
      this.skipKeepalive();
      if (this.buf.length === 0) return;
      const n = this.nextLength();
      if (n === 0) return;
      if (n < 0) {
        this.buf = Buffer.alloc(0);
        return;
      }
      const msg = Buffer.from(this.buf.subarray(0, n)); // a copy: the rest may be reused
      this.buf = this.buf.subarray(n);
      this.opts.onMessage(msg);
    }
  }

  private skipKeepalive(): void {
    let i = 0;
    while (i < this.buf.length && (this.buf[i] === 13 || this.buf[i] === 10)) i++;
    if (i) this.buf = this.buf.subarray(i);
  }

  /** Octets of the next complete message; 0 when more are needed; -1 after an error. */
  private nextLength(): number {
    const end = this.buf.indexOf(CRLFCRLF);
    if (end < 0) return this.buf.length > this.maxSize ? this.fail(`no end of headers within ${this.maxSize} octets (maximum message size)`) : 0;
    const cl = contentLength(this.buf.toString('latin1', 0, end));
    if (typeof cl === 'string') return this.fail(cl);
    const total = end + 4 + cl;
    if (total > this.maxSize) return this.fail(`message of ${total} octets exceeds the maximum size of ${this.maxSize}`);
    return this.buf.length >= total ? total : 0;
  }

  private fail(reason: string): number {
    this.opts.onError(new ParseError(reason));
    return -1;
  }
}

/** The Content-Length of a header section, or why it cannot frame a stream (RFC 3261 §18.3: mandatory). */
export function contentLength(head: string): number | string {
  let found: string | undefined;
  for (const raw of head.split(/\r?\n/)) {
    const colon = raw.indexOf(':');
    if (colon <= 0 || raw.charCodeAt(0) === 32 || raw.charCodeAt(0) === 9) continue;
    const name = raw.slice(0, colon).trim().toLowerCase();
    if (name !== 'content-length' && name !== 'l') continue;
    const v = raw.slice(colon + 1).trim();
    if (found !== undefined && found !== v) return `conflicting Content-Length values ${found} and ${v}`;
    found = v;
  }
  if (found === undefined) return 'no Content-Length on a stream transport (RFC 3261 §18.3)';
  if (!/^[0-9]{1,9}$/.test(found)) return `Content-Length "${found}" is not a non-negative integer`;
  return Number(found);
}
