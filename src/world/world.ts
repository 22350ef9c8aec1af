import { World, type IWorldOptions } from '@cucumber/cucumber';
import { loadConfig, type Role, type RunConfig } from '../config';
import { Agent } from '../endpoints/agent';
import { UnsupportedAction, type Action, type ActionArgs, type EndpointAdapter } from '../endpoints/adapter';
import { createAdapter } from '../endpoints/registry';
import { ConformanceError, type Finding } from '../expect/finding';
import { headerValues, parseMessage, parseVia, type SipRequest, type SipResponse } from '../sip/message';
import type { IncomingRequest } from '../sip/useragent';
import { addressKey, bareHost, EnvironmentError, type Address, type TlsMaterial, type TraceRecord, type TransportKind } from '../sip/transport';
import { remoteTransport } from '../endpoints/remote';
import { tlsIdentity } from '../endpoints/tls-identity';

/** A party of the scenario, played by a scripted agent or by the SUT. */
export type Party =
  | { name: string; kind: 'agent'; agent: Agent; uri: string; address: Address }
  | { name: string; kind: 'sut'; sut: EndpointAdapter; uri: string; address: Address };

/** A call between two parties; scripted parties find their side of it by Call-ID. */
export interface Call {
  /** Caller first. */
  parties: [string, string];
  callId: string;
  /** The INVITE as sent (by a scripted caller) or as received (by a scripted callee). */
  invite: SipRequest;
}

/** A REFER of the scenario: who sent it, to whom, naming which target. */
export interface Referral {
  from: string;
  to: string;
  target: string;
  /** The REFER as a scripted party sent or received it. */
  request: SipRequest;
  /** When a scripted party received it: the transaction to answer in. */
  incoming?: IncomingRequest;
  /** The final response to the REFER, once a step saw it. */
  response?: SipResponse;
  /** The target's INVITE triggered by this REFER, as a scripted party sent or received it. */
  triggered?: SipRequest;
  /** Inbox position at the subscriber after the final NOTIFY (for "no NOTIFY after terminated"). */
  finalNotifyAt?: number;
}

/**
 * The state of one scenario: its configuration, parties, trace, calls and transfers.
 * Cucumber builds a fresh world per scenario; `close()` (After hook) releases everything.
 */
export class SipWorld extends World {
  readonly config: RunConfig;
  readonly trace: TraceRecord[] = [];
  readonly parties = new Map<string, Party>();
  readonly calls: Call[] = [];
  readonly referrals: Referral[] = [];
  /** Raw messages scripted parties sent, exactly as written in the feature. */
  readonly raws: { from: string; to: string; bytes: Buffer }[] = [];
  /** INVITEs scripted parties sent, newest last: who answers them is decided by later steps. */
  readonly invites: { from: string; to: string; request: SipRequest }[] = [];
  readonly findings: Finding[] = [];
  private agentAddresses = new Set<string>();
  /**
   * Over TCP, TLS, WS and WSS a party's messages leave from ephemeral ports, not the address it
   * listens on: each such port, learnt from the trace, and the party it belongs to.
   */
  private aliases = new Map<string, string>();
  private tls?: Promise<TlsMaterial>;

  constructor(options: IWorldOptions) {
    super(options);
    this.config = loadConfig(options.parameters as Record<string, unknown>);
  }

  /** The party called `name`: the SUT if the configured role casts it so, else a scripted agent. */
  async party(name: string): Promise<Party> {
    const known = this.parties.get(name);
    if (known) return known;
    const party = this.sutParty === name ? await this.startSut(name) : await this.startAgent(name);
    this.parties.set(name, party);
    return party;
  }

  /** The scripted agent playing `name`; a step that needs to script the SUT is a framework error. */
  async agent(name: string): Promise<Agent> {
    const p = await this.party(name);
    if (p.kind !== 'agent') throw new Error(`${name} is played by the SUT (${this.config.sut}); this step needs a scripted party`);
    return p.agent;
  }

  isSut(name: string): boolean {
    return this.sutParty === name;
  }

  /**
   * Asks the SUT playing `name` to act as its user would. An adapter that cannot throws
   * UnsupportedAction, which the step turns into a skip with that reason.
   */
  async act(name: string, action: Action, args: ActionArgs = {}): Promise<void> {
    const p = await this.party(name);
    if (p.kind !== 'sut') throw new Error(`${name} is a scripted party; act() is for the SUT`);
    if (!p.sut.can.has(action)) throw new UnsupportedAction(p.sut.name, action);
    await p.sut.act(action, args);
  }

  get sutParty(): string {
    return this.config.cast[this.config.role];
  }

  roleOf(name: string): Role | undefined {
    return (Object.keys(this.config.cast) as Role[]).find((r) => this.config.cast[r] === name);
  }

  /** Reports the findings of one step once, as a failed (not broken) step. */
  verdict(findings: Finding[]): void {
    if (findings.length === 0) return;
    // Keep the offending message's bytes with the finding (findings.json in the report).
    this.findings.push(...findings.map((f) => {
      const r = f.where?.traceIndex !== undefined ? this.trace[f.where.traceIndex] : undefined;
      return r ? { ...f, where: { ...f.where, message: r.bytes.toString('latin1') } } : f;
    }));
    throw new ConformanceError(findings);
  }

  /** Stops every party; leaves no socket, timer or process behind. */
  async close(): Promise<void> {
    this.hangUpWithSut();
    await Promise.all([...this.parties.values()].map((p) => (p.kind === 'agent' ? p.agent.close() : p.sut.stop())));
    this.parties.clear();
  }

  /**
   * Ends, with BYE, every call a scripted party still has with the SUT: a SUT that outlives the
   * scenario (a remote PBX, a phone) must not collect calls from one scenario to the next.
   */
  private hangUpWithSut(): void {
    for (const call of this.calls) {
      const [a, b] = call.parties.map((n) => this.parties.get(n));
      const agent = a?.kind === 'agent' && b?.kind === 'sut' ? a.agent : b?.kind === 'agent' && a?.kind === 'sut' ? b.agent : undefined;
      const d = agent && [...agent.ua.dialogs.values()].find((x) => x.id.callId === call.callId && x.state === 'confirmed');
      if (agent && d) {
        d.state = 'terminated';
        agent.send(agent.ua.newInDialog(d, 'BYE'));
      }
    }
  }

  /** Which party an address belongs to (for ladders and sequence checks): where it listens, or a connection's port it used. */
  partyAt(address: { host: string; port: number }): string | undefined {
    for (const p of this.parties.values()) if (p.address.host === address.host && p.address.port === address.port) return p.name;
    return this.aliases.get(addressKey(address));
  }

  /**
   * The transport of the run (RFC 3261 §18): the remote SUT's (--transport, or its URI's), else the
   * configured one for the reference SUT; the process-driven SUTs listen on UDP.
   */
  get transport(): TransportKind {
    const { sut, uri, transport } = this.config;
    if (sut === 'remote' && uri) return remoteTransport(uri, transport);
    return sut === 'reference' ? (transport ?? 'udp') as TransportKind : 'udp';
  }

  private record(r: TraceRecord, owner: string): number {
    this.learnAlias(r, owner);
    // A message between two scripted parties is seen twice; keep the sender's copy.
    const from = this.partyAt(r.src);
    if (r.direction === 'in' && (this.agentAddresses.has(`${r.src.host}:${r.src.port}`) || (from !== undefined && this.parties.get(from)?.kind === 'agent'))) {
      return this.trace.findIndex((t) => t.direction === 'out' && t.bytes.equals(r.bytes));
    }
    return this.trace.push(r) - 1;
  }

  /**
   * A connection's ephemeral port belongs to the agent that sent from it, or (a connection the peer
   * opened) to the party whose listening address is the sent-by of the request's Via (RFC 3261 §18.2.1).
   */
  private learnAlias(r: TraceRecord, owner: string): void {
    if (r.transport === 'UDP') return;
    if (r.direction === 'out') return void this.aliases.set(addressKey(r.src), owner);
    if (this.partyAt(r.src)) return;
    try {
      const m = parseMessage(r.bytes);
      const via = m.type === 'request' ? headerValues(m, 'via')[0] : undefined;
      if (!via) return;
      const v = parseVia(via);
      const who = this.partyAt({ host: bareHost(v.host), port: v.port ?? 5060 });
      if (who) this.aliases.set(addressKey(r.src), who);
    } catch {
      // unparseable: the message keeps its address, shown as is
    }
  }

  private tlsMaterial(): Promise<TlsMaterial> {
    const { host, advertise, tls } = this.config;
    this.tls ??= tlsIdentity({ host: advertise ?? host, ...tls });
    return this.tls;
  }

  /** What the transport needs beyond a host: TLS material for TLS and WSS. */
  private async transportOptions(): Promise<{ transport: TransportKind; tls?: TlsMaterial }> {
    const transport = this.transport;
    return { transport, ...(transport === 'tls' || transport === 'wss' ? { tls: await this.tlsMaterial() } : {}) };
  }

  private async startAgent(name: string): Promise<Party> {
    const { host, timers, credentials, advertise, ports } = this.config;
    const port = ports ? ports.first + this.agentAddresses.size : 0;
    if (ports && port > ports.last) throw new EnvironmentError(`the scripted parties bind ports ${ports.first}-${ports.last} (SIPWRIGHT_PORTS, --ports): no port left for ${name}, party number ${this.agentAddresses.size + 1} of the scenario`);
    const options = await this.transportOptions();
    let agent: Agent;
    try {
      agent = await Agent.create(name, { host, port, timers, credentials, advertise, ...options, trace: (r) => this.record(r, name) });
    } catch (err) {
      if (!(err instanceof EnvironmentError)) throw err;
      throw new EnvironmentError(`scripted party ${name}: ${err.message} (it binds --host ${host}${ports ? ` and a port of --ports ${ports.first}-${ports.last}` : ''})`, { cause: err });
    }
    this.agentAddresses.add(`${agent.address.host}:${agent.address.port}`);
    return { name, kind: 'agent', agent, uri: agent.uri, address: agent.address };
  }

  private async startSut(name: string): Promise<Party> {
    const sut = createAdapter(this.config.sut, { faults: this.config.faults, uri: this.config.uri, transport: this.config.transport, credentials: this.config.credentials });
    await sut.start({ user: name.toLowerCase(), host: this.config.host, timers: this.config.timers, ...(await this.transportOptions()) });
    return { name, kind: 'sut', sut, uri: sut.uri, address: sut.address };
  }
}
