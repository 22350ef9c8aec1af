/**
 * A SUT reached at a SIP URI — the user's PBX, SBC, IMS core or phone. sipwright cannot make it act;
 * it answers calls by itself (or the user's setup makes it). Digest credentials come from the run
 * configuration (SIPWRIGHT_AUTH_USER, SIPWRIGHT_AUTH_PASSWORD, src/config.ts); the UA core answers
 * challenges with them (src/sip/useragent) and they are never logged.
 */
import type { DigestCredentials } from '../sip/auth';
import { parseUri, type SipRequest, type SipResponse } from '../sip/message';
import { EnvironmentError, type Address } from '../sip/transport';
import { addressOf, transportOf } from '../sip/useragent';
import { UnsupportedAction, type Action, type ActionArgs, type AdapterContext, type EndpointAdapter } from './adapter';
import { announced, probeOptions } from './process';

export interface RemoteOptions {
  uri?: string;
  transport?: string;
  /** How long start() waits for a response to its OPTIONS. */
  probeTimeoutMs?: number;
  /** Digest credentials from the run configuration (`RunConfig.credentials`). */
  credentials?: readonly DigestCredentials[];
}

/** Transports the sipwright stack can speak today (src/sip/transport). */
const SPOKEN = new Set(['udp']);

/** The remote SUT: passive; start() proves something answers at its URI. */
export class RemoteAdapter implements EndpointAdapter {
  readonly name = 'remote';
  /** It answers by itself: 'answer' asks nothing of it; nothing else can be triggered. */
  readonly can: ReadonlySet<Action> = new Set<Action>(['answer']);
  product?: string;
  /** True when the SUT challenged our OPTIONS (401/407). */
  challenged = false;
  readonly transport: string;
  readonly #credentials: readonly DigestCredentials[];
  private readonly target: string;
  private readonly probeTimeoutMs: number;
  private started = false;

  constructor(opts: RemoteOptions) {
    if (!opts.uri) throw new Error('the remote adapter needs the SUT\'s URI: --uri sip:user@host:port (or SIPWRIGHT_URI)');
    const u = parseUri(opts.uri);
    if (u.scheme !== 'sip' && u.scheme !== 'sips') throw new Error(`the remote SUT URI must be sip: or sips:, got ${opts.uri}`);
    this.target = opts.uri;
    this.transport = (opts.transport ?? transportOf(opts.uri)).toLowerCase();
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 5000;
    this.#credentials = opts.credentials ?? [];
  }

  /** Whether digest credentials were given (their values are never exposed in messages or logs). */
  get hasCredentials(): boolean {
    return this.#credentials.length > 0;
  }

  async start(ctx: AdapterContext): Promise<void> {
    if (!SPOKEN.has(this.transport)) {
      throw new Error(`the remote SUT is configured for ${this.transport.toUpperCase()}, but sipwright's stack speaks only ${[...SPOKEN].join(', ').toUpperCase()} so far`);
    }
    // The probing UA answers a 401/407 itself with the configured credentials (RFC 3261 §22.2).
    const { request, response } = await this.options(ctx);
    const refused = response.status === 401 || response.status === 407;
    this.challenged = refused || request.headers.some((h) => h.name === 'authorization' || h.name === 'proxy-authorization');
    if (refused && this.hasCredentials) {
      throw new EnvironmentError(`the SUT at ${this.target} rejected the credentials of SIPWRIGHT_AUTH_USER (${response.status} ${response.reason} to an OPTIONS; check SIPWRIGHT_AUTH_PASSWORD and SIPWRIGHT_AUTH_REALM)`);
    }
    this.product = announced(response);
    this.started = true;
  }

  get uri(): string {
    return this.target;
  }

  get address(): Address {
    return addressOf(this.target);
  }

  async act(action: Action, _args: ActionArgs): Promise<void> {
    if (action === 'answer') return;
    throw new UnsupportedAction(this.name, action);
  }

  async stop(): Promise<void> {
    this.started = false; // nothing of ours runs: each probe closed its socket
  }

  /** Keeps the credentials out of `util.inspect` / console.log of the adapter. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `RemoteAdapter(${this.target} over ${this.transport}${this.hasCredentials ? ', with credentials' : ''}${this.started ? ', started' : ''})`;
  }

  private async options(ctx: AdapterContext): Promise<{ request: SipRequest; response: SipResponse }> {
    const { request, response } = await probeOptions(this.target, { host: ctx.host, timers: ctx.timers, timeoutMs: this.probeTimeoutMs, credentials: this.#credentials });
    if (!response) {
      throw new EnvironmentError(`nothing answered at ${this.target} (OPTIONS over ${this.transport.toUpperCase()} from ${ctx.host}, ${this.probeTimeoutMs} ms): is the SUT up, and is ${ctx.host} an address it can reach?`);
    }
    return { request, response };
  }
}
