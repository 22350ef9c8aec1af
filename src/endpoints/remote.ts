/**
 * A SUT reached at a SIP URI — the user's PBX, SBC, IMS core or phone. sipwright cannot make it act;
 * it answers calls by itself (or the user's setup makes it). Digest credentials come from the
 * environment only (SIPWRIGHT_AUTH_USER, SIPWRIGHT_AUTH_PASSWORD) and are never logged.
 */
import { createHash, randomBytes } from 'node:crypto';
import { headerValue, parseAuth, parseUri, type Header, type SipResponse } from '../sip/message';
import { EnvironmentError, type Address } from '../sip/transport';
import { addressOf } from '../sip/useragent';
import { UnsupportedAction, type Action, type ActionArgs, type AdapterContext, type EndpointAdapter } from './adapter';
import { announced, probeOptions } from './process';

export interface RemoteOptions {
  uri?: string;
  transport?: string;
  /** How long start() waits for a response to its OPTIONS. */
  probeTimeoutMs?: number;
  /** Where the credentials are read from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

/** Transports the sipwright stack can speak today (src/sip/transport). */
const SPOKEN = new Set(['udp']);

interface DigestCredentials { user: string; password: string }

/** RFC 8760 / RFC 7616 §3.4.1: algorithm names and their hash. */
const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256' };

/**
 * The digest response to one challenge (RFC 3261 §22.4 with RFC 7616 / RFC 8760 algorithms;
 * qop=auth when offered, no -sess variants). Returns the header value, secrets not included.
 */
export function digestAuthorization(challenge: string, method: string, uri: string, creds: DigestCredentials, cnonce = randomBytes(8).toString('hex')): string {
  const c = parseAuth(challenge);
  const p = (k: string): string | undefined => (typeof c.params[k] === 'string' ? (c.params[k] as string) : undefined);
  const algorithm = p('algorithm') ?? 'MD5';
  const hash = HASHES[algorithm.toUpperCase()];
  if (c.scheme.toLowerCase() !== 'digest' || !hash) throw new EnvironmentError(`the SUT asks for ${c.scheme} ${algorithm} authentication, which sipwright does not implement`);
  const H = (s: string): string => createHash(hash).update(s).digest('hex');
  const realm = p('realm') ?? '';
  const nonce = p('nonce') ?? '';
  const ha1 = H(`${creds.user}:${realm}:${creds.password}`);
  const ha2 = H(`${method}:${uri}`);
  const qop = p('qop')?.split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined;
  const nc = '00000001';
  const response = qop ? H(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : H(`${ha1}:${nonce}:${ha2}`);
  const fields = [`username="${creds.user}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`, `response="${response}"`, `algorithm=${algorithm}`];
  if (qop) fields.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (p('opaque') !== undefined) fields.push(`opaque="${p('opaque')}"`);
  return `Digest ${fields.join(', ')}`;
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
  readonly #credentials?: DigestCredentials;
  private readonly target: string;
  private readonly probeTimeoutMs: number;
  private started = false;

  constructor(opts: RemoteOptions) {
    if (!opts.uri) throw new Error('the remote adapter needs the SUT\'s URI: --uri sip:user@host:port (or SIPWRIGHT_URI)');
    const u = parseUri(opts.uri);
    if (u.scheme !== 'sip' && u.scheme !== 'sips') throw new Error(`the remote SUT URI must be sip: or sips:, got ${opts.uri}`);
    this.target = opts.uri;
    const fromUri = typeof u.params.transport === 'string' ? u.params.transport.toLowerCase() : undefined;
    this.transport = (opts.transport ?? fromUri ?? (u.scheme === 'sips' ? 'tls' : 'udp')).toLowerCase();
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 5000;
    const env = opts.env ?? process.env;
    const user = env.SIPWRIGHT_AUTH_USER;
    const password = env.SIPWRIGHT_AUTH_PASSWORD;
    if (Boolean(user) !== Boolean(password)) throw new Error('set both SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD, or neither');
    if (user && password) this.#credentials = { user, password };
  }

  /** Whether digest credentials were given (their values are never exposed in messages or logs). */
  get hasCredentials(): boolean {
    return this.#credentials !== undefined;
  }

  /** The Authorization / Proxy-Authorization value answering `challenge` for a request, for the stack's digest support. */
  authorize(challenge: string, method: string, uri: string): string {
    if (!this.#credentials) throw new EnvironmentError('the SUT asks for authentication: set SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD');
    return digestAuthorization(challenge, method, uri, this.#credentials);
  }

  async start(ctx: AdapterContext): Promise<void> {
    if (!SPOKEN.has(this.transport)) {
      throw new Error(`the remote SUT is configured for ${this.transport.toUpperCase()}, but sipwright's stack speaks only ${[...SPOKEN].join(', ').toUpperCase()} so far`);
    }
    const first = await this.options(ctx, []);
    let response = first;
    if (first.status === 401 || first.status === 407) {
      this.challenged = true;
      if (this.#credentials) response = await this.options(ctx, [this.answer(first)]);
      if (this.#credentials && (response.status === 401 || response.status === 407)) {
        throw new EnvironmentError(`the SUT at ${this.target} rejected the credentials of SIPWRIGHT_AUTH_USER (${response.status} ${response.reason} to an authenticated OPTIONS)`);
      }
    }
    this.product = announced(response) ?? announced(first);
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

  private async options(ctx: AdapterContext, headers: Header[]): Promise<SipResponse> {
    const { response } = await probeOptions(this.target, { host: ctx.host, timers: ctx.timers, timeoutMs: this.probeTimeoutMs, headers });
    if (!response) {
      throw new EnvironmentError(`nothing answered at ${this.target} (OPTIONS over ${this.transport.toUpperCase()} from ${ctx.host}, ${this.probeTimeoutMs} ms): is the SUT up, and is ${ctx.host} an address it can reach?`);
    }
    return response;
  }

  private answer(challenge: SipResponse): Header {
    const name = challenge.status === 407 ? 'proxy-authorization' : 'authorization';
    const value = headerValue(challenge, challenge.status === 407 ? 'proxy-authenticate' : 'www-authenticate');
    if (!value) throw new EnvironmentError(`the SUT answered ${challenge.status} without a challenge header`);
    return { name, value: this.authorize(value, 'OPTIONS', this.target) };
  }
}
