/** One message on the wire, in or out, as the transport saw it (RFC 3261 §18). */
export interface Address {
  host: string;
  port: number;
}

export type TransportName = 'UDP' | 'TCP' | 'TLS' | 'WS' | 'WSS';

export interface TraceRecord {
  /** Wall-clock time in ms since the epoch, with sub-ms precision (performance.timeOrigin + now()). */
  time: number;
  direction: 'in' | 'out';
  transport: TransportName;
  /** Where the bytes came from and went to. */
  src: Address;
  dst: Address;
  /** The exact bytes: one SIP message (stream transports are framed before tracing). */
  bytes: Buffer;
}

export type TraceHook = (record: TraceRecord) => void;

export function traceTime(): number {
  return performance.timeOrigin + performance.now();
}
