import type { ParseFinding } from './errors';

/** One header field line: canonical lowercase long name, raw value (folding undone, trimmed). */
export interface Header {
  name: string;
  value: string;
}

interface MessageBase {
  version: string;
  headers: Header[];
  body: Buffer;
  /** The exact bytes the message was parsed from. */
  raw?: Buffer;
  /** Deviations recorded in lenient mode. */
  findings?: ParseFinding[];
}

export interface SipRequest extends MessageBase {
  type: 'request';
  method: string;
  uri: string;
}

export interface SipResponse extends MessageBase {
  type: 'response';
  status: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;

export interface ParseOptions {
  /** Record recoverable deviations on `msg.findings` instead of throwing. */
  lenient?: boolean;
  /** Largest message accepted, in octets. */
  maxSize?: number;
}
