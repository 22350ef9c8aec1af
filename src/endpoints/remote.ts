/**
 * A SUT reached at a SIP URI — the user's PBX, SBC, IMS core or phone. sipwright cannot make it act;
 * it answers calls by itself (or the user's setup makes it). Digest credentials come from the run
 * configuration (SIPWRIGHT_AUTH_USER, SIPWRIGHT_AUTH_PASSWORD, src/config.ts); the UA core answers
 * challenges with them (src/sip/useragent) and they are never logged.
 */
import type { DigestCredentials } from '../sip/auth';
import { parseUri, type SipRequest, type SipResponse } from '../sip/message';
import { EnvironmentError, type Address, type TransportKind } from '../sip/transport';
import { addressOf, transportOf } from '../sip/useragent';
import { UnsupportedAction, type Action, type ActionArgs, type AdapterContext, type EndpointAdapter } from './adapter';
import { announced, probeOptions, type ProbeResult } from './process';

export interface RemoteOptions {
  uri?: string;
  transport?: string;
  /** How long start() waits for a response to its OPTIONS. */
  probeTimeoutMs?: number;
  /** Digest credentials from the run configuration (`RunConfig.credentials`). */
  credentials?: readonly DigestCredentials[];
}

/** The transports the stack speaks (src/sip/transport): RFC 3261 §18 and RFC 7118. */
export const TRANSPORTS: readonly TransportKind[] = ['udp', 'tcp', 'tls', 'ws', 'wss'];

/** Node's codes for a certificate the client refused (node:tls, OpenSSL X509 verify errors). */
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|ALTNAME|ISSUER/;

/**
 * The transport of the remote SUT: the configured one, else the URI's (RFC 3263 §4.1: its
 * `transport` parameter, TLS for sips:, else UDP).
 */
export function remoteTransport(uri: string, configured?: string): TransportKind {
  const t = (configured ?? transportOf(uri)).toLowerCase();
  if (!(TRANSPORTS as readonly string[]).includes(t)) throw new EnvironmentError(`the remote SUT's transport "${t}" is not one sipwright speaks (${TRANSPORTS.join(', ')})`);
  return t as TransportKind;
}

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
    const transport = remoteTransport(this.target, this.transport);
    if ((transport === 'tls' || transport === 'wss') && !ctx.tls) throw new Error(`the remote SUT is reached over ${transport.toUpperCase()}, but the run has no TLS material (src/world builds it from --tls-* / SIPWRIGHT_TLS_*)`);
    // The probing UA answers a 401/407 itself with the configured credentials (RFC 3261 §22.2).
    const { request, response } = await this.options(ctx, transport);
    const refused = response.status === 401 || response.status === 407;
    this.challenged = refused || request.headers.some((h) => h.name === 'authorization' || h.name === 'proxy-authorization');
    if (refused) {
      throw new EnvironmentError(this.hasCredentials
        ? `the SUT at ${this.target} rejected the credentials of SIPWRIGHT_AUTH_USER (${response.status} ${response.reason} to an OPTIONS; check SIPWRIGHT_AUTH_PASSWORD and SIPWRIGHT_AUTH_REALM)`
        : `the SUT at ${this.target} asks for digest credentials (${response.status} ${response.reason} to an OPTIONS); set SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD (and SIPWRIGHT_AUTH_REALM to limit them to one realm)`);
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

  private async options(ctx: AdapterContext, transport: TransportKind): Promise<{ request: SipRequest; response: SipResponse }> {
    const probe = await probeOptions(this.target, { host: ctx.host, timers: ctx.timers, timeoutMs: this.probeTimeoutMs, credentials: this.#credentials, transport, tls: ctx.tls });
    if (!probe.response) throw new EnvironmentError(unreachable(this.target, transport, probe, this.probeTimeoutMs));
    return { request: probe.request, response: probe.response };
  }
}

/** What was sent, to where, over which transport, and what happened: silence, a refused connection, a refused certificate. */
function unreachable(target: string, transport: TransportKind, probe: ProbeResult, waitedMs: number): string {
  const T = transport.toUpperCase();
  const to = `${probe.to.host}:${probe.to.port}`;
  const what = `OPTIONS ${target} over ${T} from ${probe.from.host}:${probe.from.port} to ${to}`;
  const err = probe.failure as (Error & { code?: string }) | undefined;
  if (!err) {
    return `nothing answered at ${target}: ${what}, no response within ${waitedMs} ms. Is the SUT up and listening on ${T} at ${to}`
      + ` (--transport, or ;transport= in the URI), and can it reach ${probe.from.host}?`;
  }
  const code = err.code ?? '';
  if (CERTIFICATE.test(code)) {
    return `the SUT's TLS certificate at ${to} was refused: ${err.message} (${code}) — ${what}. Trust the CA that signed it with --tls-ca FILE`
      + ` (SIPWRIGHT_TLS_CA=FILE, PEM), or for a lab SUT accept any certificate with --tls-insecure (SIPWRIGHT_TLS_INSECURE=1)`;
  }
  if (code === 'ECONNREFUSED') return `nothing listens on ${T} at ${to} (connection refused) — ${what} was never sent. Is the SUT listening on ${T} at that port?`;
  return `the ${T} connection to ${to} failed: ${err.message}${code ? ` (${code})` : ''} — ${what}. Does the SUT speak ${T} at that port?`;
}
