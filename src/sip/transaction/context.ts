import type { SipMessage } from '../message';
import type { Address, Transport } from '../transport';
import type { TimerConfig } from './timers';

/** What a transaction needs from its layer: a way to send, the timer base values, and its removal. */
export interface TransactionContext {
  readonly transport: Transport;
  readonly timers: TimerConfig;
  send(message: SipMessage, dst: Address): void;
  terminated(key: string): void;
}

export function assertTransition<S extends string>(machine: string, from: S, to: S, allowed: Record<S, readonly S[]>): void {
  if (!allowed[to].includes(from)) throw new Error(`${machine}: invalid state transition from ${from} to ${to}`);
}
