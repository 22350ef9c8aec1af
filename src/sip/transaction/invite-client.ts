import { headerValue, headerValues, type Header, type SipRequest, type SipResponse } from '../message';
import type { Address } from '../transport';
import { assertTransition, type TransactionContext } from './context';
import type { ClientTransactionUser } from './non-invite-client';
import { TimerSet, timerD } from './timers';

export type InviteClientState = 'Calling' | 'Proceeding' | 'Accepted' | 'Completed' | 'Terminated';
const ALLOWED: Record<InviteClientState, readonly InviteClientState[]> = {
  Calling: [],
  Proceeding: ['Calling'],
  Accepted: ['Calling', 'Proceeding'],
  Completed: ['Calling', 'Proceeding'],
  Terminated: ['Calling', 'Proceeding', 'Accepted', 'Completed'],
};

/** RFC 3261 §17.1.1 with the RFC 6026 Accepted state: the INVITE client transaction. */
export class InviteClientTransaction {
  state: InviteClientState = 'Calling';
  private timers = new TimerSet();
  private ack?: SipRequest;

  constructor(
    private ctx: TransactionContext,
    readonly key: string,
    readonly request: SipRequest,
    readonly dst: Address,
    private tu: ClientTransactionUser,
  ) {}

  start(): void {
    const { T1 } = this.ctx.timers;
    this.ctx.send(this.request, this.dst);
    if (!this.ctx.transport.reliable) this.scheduleA(T1);
    this.timers.set('B', 64 * T1, () => {
      this.terminate();
      this.tu.onTimeout();
    });
  }

  receive(response: SipResponse): void {
    const s = response.status;
    if (this.state === 'Completed') {
      if (s >= 300 && this.ack) this.ctx.send(this.ack, this.dst); // §17.1.1.2: ACK each retransmitted final
      return;
    }
    if (this.state === 'Terminated') return;
    if (this.state === 'Accepted') {
      // RFC 6026 §7.2: in Accepted, 2xx retransmissions go to the TU (which ACKs); anything else is absorbed.
      if (s >= 200 && s < 300) this.tu.onResponse(response);
      return;
    }
    if (s < 200) this.provisional();
    else if (s < 300) this.accepted();
    else this.completed(response);
    this.tu.onResponse(response);
  }

  /** §17.1.1.2: a 1xx in Calling MUST move to Proceeding; no more retransmissions, and Timer B no longer applies. */
  private provisional(): void {
    this.timers.clear('A');
    this.timers.clear('B');
    if (this.state === 'Calling') this.transition('Proceeding');
  }

  /** RFC 6026 §7.2: a 2xx in Calling or Proceeding MUST move to Accepted and start Timer M = 64·T1. */
  private accepted(): void {
    this.timers.clearAll();
    this.transition('Accepted');
    this.timers.set('M', 64 * this.ctx.timers.T1, () => this.terminate());
  }

  /** §17.1.1.2: a 300–699 MUST be ACKed and moves to Completed; Timer D ≥ 32 s unreliable, 0 reliable. */
  private completed(response: SipResponse): void {
    this.timers.clearAll();
    this.transition('Completed');
    this.ack = nonTwoXxAck(this.request, response);
    this.ctx.send(this.ack, this.dst);
    this.timers.set('D', this.ctx.transport.reliable ? 0 : timerD(this.ctx.timers), () => this.terminate());
  }

  /** §17.1.4: a transport error before a final response ends the transaction and tells the TU. */
  transportError(): void {
    if (this.state === 'Terminated' || this.state === 'Completed' || this.state === 'Accepted') return;
    this.terminate();
    this.tu.onTimeout();
  }

  terminate(): void {
    this.timers.clearAll();
    if (this.state !== 'Terminated') this.transition('Terminated');
    this.ctx.terminated(this.key);
  }

  private scheduleA(interval: number): void {
    this.timers.set('A', interval, () => {
      if (this.state !== 'Calling') return;
      this.ctx.send(this.request, this.dst);
      this.scheduleA(2 * interval); // Timer A doubles without cap (§17.1.1.2)
    });
  }

  private transition(to: InviteClientState): void {
    assertTransition('InviteClientTransaction', this.state, to, ALLOWED);
    this.state = to;
  }
}

/** RFC 3261 §17.1.1.3: the ACK for a non-2xx final response belongs to the transaction. */
export function nonTwoXxAck(invite: SipRequest, response: SipResponse): SipRequest {
  const pick = (name: string): Header[] => invite.headers.filter((h) => h.name === name);
  const topVia = headerValues(invite, 'via')[0];
  const cseq = headerValue(invite, 'cseq')!.trim().split(/\s+/)[0];
  const headers: Header[] = [
    { name: 'via', value: topVia },
    ...pick('route'),
    ...pick('max-forwards'),
    ...pick('from'),
    { name: 'to', value: headerValue(response, 'to')! },
    ...pick('call-id'),
    { name: 'cseq', value: `${cseq} ACK` },
    // §22.1: the ACK duplicates the INVITE's Authorization and Proxy-Authorization values.
    ...pick('authorization'),
    ...pick('proxy-authorization'),
    { name: 'content-length', value: '0' },
  ];
  return { type: 'request', method: 'ACK', uri: invite.uri, version: 'SIP/2.0', headers, body: Buffer.alloc(0) };
}
