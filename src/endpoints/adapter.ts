import type { Address, TlsMaterial, TransportKind } from '../sip/transport';
import type { TimerConfig } from '../sip/transaction';

/** What a SUT can be asked to do by the scenario (ARCHITECTURE.md, "Endpoint adapters"). */
export type Action = 'answer' | 'call' | 'refer' | 'hold' | 'resume' | 'attended-transfer' | 'hangup' | 'reject';

export interface ActionArgs {
  /** The SIP URI of the party the action is aimed at (callee, transfer target). */
  target?: string;
  /** The SIP URI of the party at the other end of the call the action applies to (transferee, peer to hang up on). */
  peer?: string;
  /** For attended transfer: the URI of the party whose call with the SUT is replaced (the target's call). */
  replacing?: string;
  /**
   * For reject: the final status (and reason phrase) the SUT's user refuses the next call from `peer` with,
   * as a phone set to busy or do-not-disturb does. SUTs answer calls as they arrive, so the world
   * asks for this before the scenario starts (src/world/call-policy.ts), not when the step runs.
   */
  status?: number;
  reason?: string;
  /** For a call: it consults the target before an attended transfer, so its INVITE requires replaces (RFC 5589 §7.7). */
  consult?: boolean;
}

export interface AdapterContext {
  /** The user part the SUT registers as, e.g. "bob" for party Bob. */
  user: string;
  host: string;
  timers: TimerConfig;
  /** The run's transport (the scripted parties use it too); UDP when absent. */
  transport?: TransportKind;
  /** The port an adapter that listens itself binds (0 or absent: any free one). */
  port?: number;
  /** The scripted parties' TLS material (certificate, trusted CAs), for TLS and WSS. */
  tls?: TlsMaterial;
}

/** One interface for every SUT: the embedded reference UA, a remote URI, baresip, a browser. */
export interface EndpointAdapter {
  readonly name: string;
  readonly can: ReadonlySet<Action>;
  /** Launches or connects to the SUT. */
  start(ctx: AdapterContext): Promise<void>;
  /** Where the SUT answers SIP, known after start. */
  readonly uri: string;
  readonly address: Address;
  /** The SUT's product name and version as it announces itself (User-Agent / Server), if known. */
  readonly product?: string;
  act(action: Action, args: ActionArgs): Promise<void>;
  /** A process-driven SUT's own log (its SIP trace, our control-channel exchanges): scenario evidence. */
  log?(): string;
  /** Always leaves no process, socket or timer behind. */
  stop(): Promise<void>;
}

/** The SUT was asked for an action its adapter cannot perform: the scenario is skipped with this reason. */
export class UnsupportedAction extends Error {
  override readonly name = 'UnsupportedAction';
  constructor(readonly adapter: string, readonly action: Action, what?: string) {
    super(what ? `the ${adapter} cannot be made to send ${what}` : `the ${adapter} adapter cannot perform "${action}"`);
  }
}

/**
 * The SUT does not implement an optional extension whose requirements the scenario checks (e.g. it
 * does not list `replaces` in Supported, RFC 3891 §6.2): the scenario is skipped with this reason.
 */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable';
}
