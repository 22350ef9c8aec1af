import type { ParseError, SipMessage } from '../message';
import type { Address, TraceHook, TraceRecord, TransportName } from './trace';

export type InboundHandler = (message: SipMessage, src: Address, record: TraceRecord) => void;
export type TransportErrorHook = (remote: Address, error: Error) => void;
export type MalformedHandler = (error: ParseError, record: TraceRecord) => void;

/** What the transaction layer needs of any transport (RFC 3261 §18). */
export interface Transport {
  readonly name: TransportName;
  /** false for UDP: the transaction layer retransmits (RFC 3261 §17.1.1.2). */
  readonly reliable: boolean;
  readonly local: Address;
  send(message: SipMessage | Buffer, dst: Address): void;
  onMessage(handler: InboundHandler): void;
  onMalformed(handler: MalformedHandler): void;
  onTrace(hook: TraceHook): void;
  /** Connection-oriented transports report a failed or broken connection (RFC 3261 §17.1.4). */
  onTransportError?(hook: TransportErrorHook): void;
  close(): Promise<void>;
}
