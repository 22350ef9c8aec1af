import type { SipRequest, SipResponse } from '../message';
import type { Address } from '../transport';
import { assertTransition, type TransactionContext } from './context';
import { TimerSet } from './timers';

export type NonInviteServerState = 'Trying' | 'Proceeding' | 'Completed' | 'Terminated';
const ALLOWED: Record<NonInviteServerState, readonly NonInviteServerState[]> = {
  Trying: [],
  Proceeding: ['Trying'],
  Completed: ['Trying', 'Proceeding'],
  Terminated: ['Trying', 'Proceeding', 'Completed'],
};

/** RFC 3261 §17.2.2: the non-INVITE server transaction (Figure 8). */
export class NonInviteServerTransaction {
  state: NonInviteServerState = 'Trying';
  private timers = new TimerSet();
  private last?: SipResponse;

  constructor(
    private ctx: TransactionContext,
    readonly key: string,
    readonly request: SipRequest,
    /** RFC 3261 §18.2.2 with RFC 3581: responses go back to where the request came from. */
    readonly source: Address,
  ) {}

  /** A retransmission of the request: resend the last response, if any (§17.2.2). */
  receive(): void {
    if (this.last && (this.state === 'Proceeding' || this.state === 'Completed')) this.ctx.send(this.last, this.source);
  }

  respond(response: SipResponse): void {
    if (this.state === 'Completed' || this.state === 'Terminated') {
      throw new Error(`NonInviteServerTransaction: cannot send ${response.status} in state ${this.state}`);
    }
    this.last = response;
    this.ctx.send(response, this.source);
    if (response.status < 200) {
      if (this.state === 'Trying') this.transition('Proceeding');
      return;
    }
    this.transition('Completed');
    // Timer J: 64·T1 over unreliable transports, zero over reliable ones.
    this.timers.set('J', this.ctx.transport.reliable ? 0 : 64 * this.ctx.timers.T1, () => this.terminate());
  }

  terminate(): void {
    this.timers.clearAll();
    if (this.state !== 'Terminated') this.transition('Terminated');
    this.ctx.terminated(this.key);
  }

  private transition(to: NonInviteServerState): void {
    assertTransition('NonInviteServerTransaction', this.state, to, ALLOWED);
    this.state = to;
  }
}
