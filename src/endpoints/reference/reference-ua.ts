import { randomUUID } from 'node:crypto';
import { headerValue, headerValues, parseNameAddr } from '../../sip/message';
import { UserAgent, type IncomingRequest } from '../../sip/useragent';
import type { Address, Transport } from '../../sip/transport';
import type { DigestServer } from '../../sip/auth';
import type { Dialog } from '../../sip/dialog';
import type { Action, ActionArgs, AdapterContext, EndpointAdapter } from '../adapter';
import { CallControl, dialogWith, PRODUCT } from './call-control';
import { capabilityHeaders } from './capabilities';
import { faultyInbound } from './transport-faults';
import { rejectReplacesMisuse } from './replaces-checks';
import type { FaultName } from './faults';
import { Transferee } from './transferee';
import { Transferor } from './transferor';
import { ReferSubscriptions } from './refer-subscriptions';
import { attendedTransfer } from './consultation-probe';

/** Option tags the reference SUT implements (RFC 3891, RFC 4488, RFC 4538). */
const SUPPORTED = ['replaces', 'norefersub', 'tdialog', 'explicitsub', 'nosub'];

/**
 * The embedded reference user agent: the default SUT, correct by the RFCs unless told to
 * misbehave through a named fault mode. It plays transferee, transferor and transfer target.
 */
export class ReferenceAdapter implements EndpointAdapter {
  readonly name = 'reference';
  readonly can: ReadonlySet<Action> = new Set<Action>(['answer', 'call', 'refer', 'attended-transfer', 'hold', 'resume', 'hangup', 'reject']);
  readonly product = PRODUCT;
  private ua?: UserAgent;
  private calls?: CallControl;
  private transferor?: Transferor;
  /** The Referred-By of the last REFER this UA received (for fault mode referred-by-passed-on). */
  private lastReferrer?: string;

  /**
   * `guard`: challenge every request that can be challenged (RFC 3261 §22.1: not ACK or CANCEL) until
   * it carries valid digest credentials — a PBX asking for them, for the remote adapter's tests.
   */
  constructor(private faults: ReadonlySet<FaultName> = new Set(), private guard?: DigestServer) {}

  async start(ctx: AdapterContext): Promise<void> {
    // RFC 6665 §4.5.1, RFC 7647 §3: a notifier's Contact is a GRUU. The reference mints its own (gr =
    // its instance id, RFC 5627 §3.1), as a UA gets one from its registrar; the host part reaches it.
    const gruu = this.faults.has('no-gruu-contact') ? undefined : `urn:uuid:${randomUUID()}`;
    const wrapTransport = (t: Transport) => faultyInbound(t, this.faults);
    const ua = await UserAgent.create({ user: ctx.user, host: ctx.host, timers: ctx.timers, gruu, wrapTransport, transport: ctx.transport, tls: ctx.tls, port: ctx.port });
    const calls = new CallControl(ua, this.faults);
    const transferee = new Transferee(ua, this.faults);
    const transferor = new Transferor(ua, calls, this.faults, () => this.lastReferrer);
    // RFC 6665 §4.1.3: the REFERs this UA sends, and which NOTIFYs match their subscriptions.
    const subscriptions = new ReferSubscriptions(ua, this.faults);
    ua.onRequest((incoming) => {
      if (this.refuseUnauthenticated(ua, incoming)) return;
      if (incoming.request.method === 'NOTIFY' && !subscriptions.admit(incoming)) return;
      this.dispatch(incoming, calls, transferee, transferor);
    });
    Object.assign(this, { ua, calls, transferor });
  }

  get uri(): string {
    return this.started.ua.uri;
  }

  get address(): Address {
    return this.started.ua.address;
  }

  /** The reference SUT acts at once; the scripted parties observe the result on the wire. */
  async act(action: Action, args: ActionArgs): Promise<void> {
    const { ua, calls, transferor } = this.started;
    const dialog = (uri?: string) => {
      const d = uri ? dialogWith(ua, uri) : undefined;
      if (!d) throw new Error(`reference SUT: no call with ${uri ?? '(no peer given)'} to ${action}`);
      return d;
    };
    switch (action) {
      case 'answer': return; // incoming calls are answered as they arrive
      case 'call': return calls.call(args.target!, args.consult);
      case 'refer': return transferor.refer(dialog(args.peer), args.target!);
      case 'attended-transfer': return this.attendedTransfer(dialog(args.peer), args.target!, args.replacing!);
      case 'hold': return calls.reoffer(dialog(args.peer), 'sendonly');
      case 'resume': return calls.reoffer(dialog(args.peer), 'sendrecv');
      case 'hangup': return calls.hangup(dialog(args.peer));
      case 'reject': return calls.refuseNextCall(args.peer ?? '', args.status ?? 486, args.reason);
    }
  }

  /**
   * Attended transfer with the call to `replacing`: at once if it is up; otherwise once the
   * consultation settles — answered: with Replaces (RFC 5589 §7.6 Figure 11, never CANCEL, which §7.6
   * does not recommend); refused with 420: a basic REFER (§7.7 Figure 14). Either way, a target that
   * never listed replaces is asked with OPTIONS first (§7.7 Figure 15, consultation-probe.ts).
   */
  private attendedTransfer(peer: Dialog, target: string, replacing: string): void {
    const { ua, calls, transferor } = this.started;
    const withReplaces = (consultation: Dialog) => attendedTransfer(ua, calls, transferor, this.faults, peer, target, consultation);
    const up = dialogWith(ua, replacing);
    if (up?.state === 'confirmed') return withReplaces(up);
    const pending = calls.outcome(replacing);
    if (!pending) throw new Error(`reference SUT: no call with ${replacing} to attended-transfer`);
    // Fault semi-attended-cancel: Figure 12, CANCEL the ringing consultation and refer blind after the 487.
    if (this.faults.has('semi-attended-cancel')) calls.cancelRinging(replacing);
    void pending.then(({ invite, response }) => {
      if (response?.status === 420) return transferor.referAfterRefusedConsultation(peer, target, invite, response);
      const answered = response && response.status < 300 ? dialogWith(ua, replacing) : undefined;
      if (answered) return withReplaces(answered);
      if (response?.status === 487 && this.faults.has('semi-attended-cancel')) return transferor.refer(peer, target);
    });
  }

  async stop(): Promise<void> {
    this.transferor?.close();
    await this.ua?.close();
    this.ua = undefined;
  }

  private refuseUnauthenticated(ua: UserAgent, incoming: IncomingRequest): boolean {
    const guard = this.guard;
    if (!guard || ['ACK', 'CANCEL'].includes(incoming.request.method)) return false;
    const verdict = guard.verify(incoming.request);
    if (verdict.ok) return false;
    ua.respond(incoming, guard.status, { headers: guard.challenge(verdict.stale) });
    return true;
  }

  private get started(): { ua: UserAgent; calls: CallControl; transferor: Transferor } {
    if (!this.ua || !this.calls || !this.transferor) throw new Error('reference adapter used before start()');
    return { ua: this.ua, calls: this.calls, transferor: this.transferor };
  }

  private dispatch(incoming: IncomingRequest, calls: CallControl, transferee: Transferee, transferor: Transferor): void {
    const ua = this.started.ua;
    // RFC 3261 §8.2.2.3: an option tag in Require that we do not support gets 420 with Unsupported.
    const unknown = headerValues(incoming.request, 'require').filter((t) => !SUPPORTED.includes(t.toLowerCase()) || (t.toLowerCase() === 'tdialog' && this.faults.has('tdialog-unsupported')));
    if (unknown.length && incoming.request.method !== 'ACK' && !this.faults.has('unknown-require-accepted')) {
      return void ua.respond(incoming, 420, { headers: [{ name: 'unsupported', value: unknown.join(', ') }] });
    }
    if (rejectReplacesMisuse(ua, incoming, this.faults)) return;
    // Fault target-refresh-ignored: a re-INVITE's Contact is not the new remote target (RFC 3261 §12.2.2).
    if (incoming.dialog && this.faults.has('target-refresh-ignored')) incoming.dialog.remoteTarget = parseNameAddr(incoming.dialog.remoteUri).uri;
    const fresh = !incoming.dialog;
    switch (incoming.request.method) {
      case 'INVITE': return calls.receiveInvite(incoming);
      case 'REFER':
        this.lastReferrer = headerValue(incoming.request, 'referred-by');
        transferee.receiveRefer(incoming);
        // RFC 3891 §3: a dialog created by a REFER is not an INVITE dialog; Replaces cannot name it.
        return fresh ? calls.noteNonInvite(incoming.dialog) : undefined;
      case 'NOTIFY': return transferor.receiveNotify(incoming);
      case 'SUBSCRIBE': return transferee.receiveSubscribe(incoming);
      case 'BYE': return calls.receiveBye(incoming);
      case 'OPTIONS': return this.faults.has('contact-unreachable') && !incoming.dialog ? undefined : void ua.respond(incoming, 200, { headers: [...capabilityHeaders(this.faults), { name: 'server', value: PRODUCT }] });
      default: return void ua.respond(incoming, 501);
    }
  }
}
