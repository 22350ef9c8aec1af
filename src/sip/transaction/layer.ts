import { headerValues, parseCSeq, parseVia, type SipMessage, type SipRequest, type SipResponse } from '../message';
import { addressKey, responseDestination, type Address, type Transport } from '../transport';
import { inviteToTag, localResponse } from './cancel';
import type { TransactionContext } from './context';
import { InviteClientTransaction } from './invite-client';
import { InviteServerTransaction } from './invite-server';
import { NonInviteClientTransaction, type ClientTransactionUser } from './non-invite-client';
import { NonInviteServerTransaction } from './non-invite-server';
import { RFC_TIMERS, type TimerConfig } from './timers';

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

/** The transaction user (RFC 3261 §17): receives what no transaction absorbs. */
export interface TransactionUser {
  onRequest(request: SipRequest, tx: ServerTransaction, src: Address): void;
  /** An ACK for a 2xx: end to end, outside any transaction (§17.2.1, RFC 6026 §7.1). */
  onAck(ack: SipRequest, src: Address): void;
  /** A response that matches no transaction, e.g. a retransmitted 2xx after Timer M. */
  onStrayResponse(response: SipResponse, src: Address): void;
  /** A CANCEL ended a pending INVITE: the layer sent 200 to the CANCEL and 487 to the INVITE (§9.2). */
  onCancel?(cancel: SipRequest, invite: InviteServerTransaction): void;
}

/** RFC 3261 §17.1.3 / §17.2.3: matching by branch, sent-by and method; creation of server transactions. */
export class TransactionLayer {
  private clients = new Map<string, ClientTransaction>();
  private servers = new Map<string, ServerTransaction>();
  private ctx: TransactionContext;
  private closed = false;

  constructor(readonly transport: Transport, private tu: TransactionUser, timers: TimerConfig = RFC_TIMERS) {
    this.ctx = {
      transport,
      timers,
      send: (m, dst) => transport.send(m, dst),
      terminated: (key) => {
        this.clients.delete(key);
        this.servers.delete(key);
      },
    };
    transport.onMessage((m, src) => this.receive(m, src));
    transport.onTransportError?.((remote) => this.transportError(remote));
  }

  /** RFC 3261 §17.1.4: client transactions towards a failed connection end at once, not at Timer B/F. */
  private transportError(remote: Address): void {
    const key = addressKey(remote);
    for (const tx of [...this.clients.values()]) if (addressKey(tx.dst) === key) tx.transportError();
  }

  sendRequest(request: SipRequest, dst: Address, user: ClientTransactionUser): ClientTransaction {
    const key = clientKey(request);
    const tx = request.method === 'INVITE'
      ? new InviteClientTransaction(this.ctx, key, request, dst, user)
      : new NonInviteClientTransaction(this.ctx, key, request, dst, user);
    this.clients.set(key, tx);
    tx.start();
    return tx;
  }

  /** The INVITE server transaction a CANCEL refers to (same branch, §9.2). */
  inviteServerFor(cancel: SipRequest): InviteServerTransaction | undefined {
    const tx = this.servers.get(serverKey(cancel, 'INVITE'));
    return tx instanceof InviteServerTransaction ? tx : undefined;
  }

  get size(): number {
    return this.clients.size + this.servers.size;
  }

  /** Ends every transaction and its timers (the stack is closing). */
  close(): void {
    this.closed = true;
    for (const tx of [...this.clients.values(), ...this.servers.values()]) tx.terminate();
  }

  private receive(m: SipMessage, src: Address): void {
    if (this.closed) return; // the stack is closing: late deliveries create no transaction
    if (m.type === 'response') return this.receiveResponse(m, src);
    const key = serverKey(m, m.method === 'ACK' ? 'INVITE' : m.method);
    const existing = this.servers.get(key);
    if (m.method === 'ACK') {
      if (existing instanceof InviteServerTransaction && existing.state !== 'Accepted') return existing.receiveAck();
      return this.tu.onAck(m, src);
    }
    if (existing) return existing.receive();
    const dst = responseDestination(m, src, this.transport.reliable);
    const tx = m.method === 'INVITE'
      ? new InviteServerTransaction(this.ctx, key, m, dst)
      : new NonInviteServerTransaction(this.ctx, key, m, dst);
    this.servers.set(key, tx);
    if (tx instanceof InviteServerTransaction) tx.start();
    if (m.method === 'CANCEL') return this.receiveCancel(m, tx as NonInviteServerTransaction);
    this.tu.onRequest(m, tx, src);
  }

  /**
   * RFC 3261 §9.2: a CANCEL that matches no transaction gets 481; otherwise 200, and an INVITE
   * still in Proceeding gets 487 (Request Terminated), both with the same To tag. The TU is told.
   */
  private receiveCancel(cancel: SipRequest, tx: NonInviteServerTransaction): void {
    const invite = this.inviteServerFor(cancel);
    // §9.2: a CANCEL matching a non-INVITE transaction still gets 200, and changes nothing (RFC 6665 §4.6).
    if (!invite) return tx.respond(localResponse(cancel, this.matchesNonInvite(cancel) ? 200 : 481, inviteToTag(undefined)));
    const tag = inviteToTag(invite.lastResponse);
    tx.respond(localResponse(cancel, 200, tag));
    if (invite.state !== 'Proceeding') return;
    invite.respond(localResponse(invite.request, 487, tag));
    this.tu.onCancel?.(cancel, invite);
  }

  /** A server transaction other than INVITE or CANCEL with the CANCEL's branch and sent-by (§9.2). */
  private matchesNonInvite(cancel: SipRequest): boolean {
    const prefix = serverKey(cancel, '');
    return [...this.servers.keys()].some((k) => k.startsWith(prefix) && !k.endsWith('|INVITE') && !k.endsWith('|CANCEL'));
  }

  private receiveResponse(res: SipResponse, src: Address): void {
    const tx = this.clients.get(clientKey(res));
    if (tx) tx.receive(res);
    else this.tu.onStrayResponse(res, src);
  }
}

function topVia(m: SipMessage) {
  const v = headerValues(m, 'via')[0];
  return v ? parseVia(v) : undefined;
}

/** §17.1.3: a response matches the client transaction with the same top-Via branch and CSeq method. */
function clientKey(m: SipMessage): string {
  const branch = topVia(m)?.params.branch;
  const cseq = headerValues(m, 'cseq')[0];
  return `${branch}|${cseq ? parseCSeq(cseq).method : ''}`;
}

/** §17.2.3: branch, sent-by and method (ACK matches the INVITE's transaction). */
function serverKey(m: SipMessage, method: string): string {
  const via = topVia(m);
  return `${via?.params.branch}|${via?.host}:${via?.port ?? ''}|${method}`;
}
