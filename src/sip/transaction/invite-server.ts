import type { SipRequest, SipResponse } from '../message';
import type { Address } from '../transport';
import { localResponse } from './cancel';
import { assertTransition, type TransactionContext } from './context';
import { TimerSet } from './timers';

export type InviteServerState = 'Proceeding' | 'Accepted' | 'Completed' | 'Confirmed' | 'Terminated';
const ALLOWED: Record<InviteServerState, readonly InviteServerState[]> = {
  Proceeding: [],
  Accepted: ['Proceeding'],
  Completed: ['Proceeding'],
  Confirmed: ['Completed'],
  Terminated: ['Proceeding', 'Accepted', 'Completed', 'Confirmed'],
};

/** RFC 3261 §17.2.1: how long the TU may take before the transaction sends 100 Trying itself. */
export const TRYING_AFTER_MS = 200;

/** RFC 3261 §17.2.1 with the RFC 6026 Accepted state: the INVITE server transaction. */
export class InviteServerTransaction {
  state: InviteServerState = 'Proceeding';
  private timers = new TimerSet();
  private last?: SipResponse;
  /** Called when Timer H fires: the final response was never acknowledged. */
  onAckTimeout: () => void = () => {};

  constructor(
    private ctx: TransactionContext,
    readonly key: string,
    readonly request: SipRequest,
    readonly source: Address,
  ) {}

  /** The last response sent (its To tag is the one a CANCEL's responses reuse, RFC 3261 §9.2). */
  get lastResponse(): SipResponse | undefined {
    return this.last;
  }

  /**
   * §17.2.1: the transaction "MUST generate a 100 (Trying) response unless it knows that the TU will
   * generate a provisional or final response within 200 ms". Any response from the TU clears the timer.
   */
  start(): void {
    this.timers.set('trying', TRYING_AFTER_MS, () => {
      if (this.state !== 'Proceeding' || this.last) return;
      this.last = localResponse(this.request, 100);
      this.ctx.send(this.last, this.source);
    });
  }

  /** A retransmitted INVITE: resend the last provisional or non-2xx final (§17.2.1); absorbed once Accepted. */
  receive(): void {
    if (this.last && (this.state === 'Proceeding' || this.state === 'Completed')) this.ctx.send(this.last, this.source);
  }

  /** The ACK for a non-2xx final response ends retransmission (§17.2.1). */
  receiveAck(): void {
    if (this.state !== 'Completed') return;
    this.timers.clear('G');
    this.timers.clear('H');
    this.transition('Confirmed');
    this.timers.set('I', this.ctx.transport.reliable ? 0 : this.ctx.timers.T4, () => this.terminate());
  }

  respond(response: SipResponse): void {
    // RFC 6026 §7.1: a 2xx retransmission the TU passes in Accepted MUST go to the transport.
    if (this.state === 'Accepted' && response.status >= 200 && response.status < 300) return this.ctx.send(response, this.source);
    if (this.state !== 'Proceeding') {
      throw new Error(`InviteServerTransaction: cannot send ${response.status} in state ${this.state}`);
    }
    this.timers.clear('trying');
    this.last = response;
    this.ctx.send(response, this.source);
    const { T1, T2 } = this.ctx.timers;
    if (response.status < 200) return;
    if (response.status < 300) {
      // RFC 6026 §7.1: Accepted absorbs INVITE retransmissions; the TU retransmits the 2xx.
      this.transition('Accepted');
      this.timers.set('L', 64 * T1, () => this.terminate());
      return;
    }
    this.transition('Completed');
    if (!this.ctx.transport.reliable) this.scheduleG(T1, T2);
    this.timers.set('H', 64 * T1, () => {
      this.terminate();
      this.onAckTimeout();
    });
  }

  terminate(): void {
    this.timers.clearAll();
    if (this.state !== 'Terminated') this.transition('Terminated');
    this.ctx.terminated(this.key);
  }

  private scheduleG(interval: number, T2: number): void {
    this.timers.set('G', interval, () => {
      if (this.state !== 'Completed' || !this.last) return;
      this.ctx.send(this.last, this.source);
      this.scheduleG(Math.min(2 * interval, T2), T2);
    });
  }

  private transition(to: InviteServerState): void {
    assertTransition('InviteServerTransaction', this.state, to, ALLOWED);
    this.state = to;
  }
}
