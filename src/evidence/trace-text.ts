/**
 * The scenario trace as text: every message with its index, time, direction, transport,
 * addresses and its exact bytes (RFC 3261 §18 as the transport saw it).
 */
import type { Address, TraceRecord } from '../sip/transport/trace';

export function formatAddress(a: Address): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

/** "+12.345 ms" from the first record's time. */
export function formatOffset(ms: number): string {
  return `+${ms.toFixed(3)} ms`;
}

/** The line that introduces message `index`; the exact bytes follow it. */
export function traceHeading(r: TraceRecord, index: number, t0: number): string {
  return [
    `=== #${index}`,
    new Date(r.time).toISOString(),
    formatOffset(r.time - t0),
    r.direction.toUpperCase(),
    r.transport,
    `${formatAddress(r.src)} -> ${formatAddress(r.dst)}`,
    `(${r.bytes.length} bytes)`,
  ].join('  ');
}

/**
 * The trace as bytes: headings in UTF-8, each message's bytes copied verbatim (CRLF and any
 * binary body untouched), a newline added after a message that does not end with one.
 */
export function traceTextBuffer(records: readonly TraceRecord[]): Buffer {
  if (records.length === 0) return Buffer.from('(no SIP messages were sent or received)\n');
  const t0 = records[0]!.time;
  const parts: Buffer[] = [];
  records.forEach((r, i) => {
    parts.push(Buffer.from(`${traceHeading(r, i, t0)}\n`));
    parts.push(r.bytes);
    const last = r.bytes[r.bytes.length - 1];
    parts.push(Buffer.from(last === 0x0a ? '\n' : '\n\n'));
  });
  return Buffer.concat(parts);
}

/** The same, as a string (bytes decoded as UTF-8). */
export function traceText(records: readonly TraceRecord[]): string {
  return traceTextBuffer(records).toString('utf8');
}
