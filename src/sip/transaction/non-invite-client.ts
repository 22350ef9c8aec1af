import type { SipRequest, SipResponse } from '../message';
import type { Address } from '../transport';
import { assertTransition, type TransactionContext } from './context';
import { TimerSet } from './timers';

export type NonInviteClientState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';
const ALLOWED: Record<NonInviteClientState, readonly NonInviteClientState[]> = {
  Trying: [],
  Proceeding: ['Trying'],
  Completed: ['Trying', 'Proceeding'],
  Terminated: ['Trying', 'Proceeding', 'Completed'],
};

export interface ClientTransactionUser {
  onResponse(response: SipResponse): void;
  /** Timer B / F fired, or the transport failed: no final response (RFC 3261 §17.1.1.2, §17.1.2.2, §17.1.4). */
  onTimeout(): void;
}

/** RFC 3261 §17.1.2: the non-INVITE client transaction (Figure 6). */
export class NonInviteClientTransaction {
  state: NonInviteClientState = 'Trying';
  private timers = new TimerSet();

  constructor(
    private ctx: TransactionContext,
    readonly key: string,
    readonly request: SipRequest,
    readonly dst: Address,
    private tu: ClientTransactionUser,
  ) {}

  start(): void {
    const { T1, T2 } = this.ctx.timers;
    this.ctx.send(this.request, this.dst);
    // Timer E: retransmit at min(T1·2ⁿ, T2) over unreliable transports (§17.1.2.2).
    if (!this.ctx.transport.reliable) this.scheduleE(T1, T2);
    this.timers.set('F', 64 * T1, () => {
      this.terminate();
      this.tu.onTimeout();
    });
  }

  receive(response: SipResponse): void {
    if (this.state === 'Completed' || this.state === 'Terminated') return; // absorbed retransmission
    if (response.status < 200) {
      if (this.state === 'Trying') this.transition('Proceeding');
    } else {
      this.timers.clear('E');
      this.timers.clear('F');
      this.transition('Completed');
      // Timer K: T4 over unreliable transports absorbs response retransmissions, zero otherwise.
      this.timers.set('K', this.ctx.transport.reliable ? 0 : this.ctx.timers.T4, () => this.terminate());
    }
    this.tu.onResponse(response);
  }

  /** §17.1.4: a transport error before a final response ends the transaction and tells the TU. */
  transportError(): void {
    if (this.state === 'Terminated' || this.state === 'Completed') return;
    this.terminate();
    this.tu.onTimeout();
  }

  terminate(): void {
    this.timers.clearAll();
    if (this.state !== 'Terminated') this.transition('Terminated');
    this.ctx.terminated(this.key);
  }

  private scheduleE(interval: number, T2: number): void {
    this.timers.set('E', interval, () => {
      if (this.state !== 'Trying' && this.state !== 'Proceeding') return;
      this.ctx.send(this.request, this.dst);
      // In Proceeding, retransmit every T2 (§17.1.2.2).
      this.scheduleE(this.state === 'Proceeding' ? T2 : Math.min(2 * interval, T2), T2);
    });
  }

  private transition(to: NonInviteClientState): void {
    assertTransition('NonInviteClientTransaction', this.state, to, ALLOWED);
    this.state = to;
  }
}
