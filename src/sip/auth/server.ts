import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { headerValues, parseAuth, type Header, type SipRequest } from '../message';
import { digestResponse, isAlgorithm, quote, type DigestAlgorithm } from './digest';
import type { DigestCredentials } from './secret';

export interface DigestServerOptions {
  realm: string;
  /** Offered in this order, one challenge each (RFC 8760 §2.3: SHA-256 first). */
  algorithms?: DigestAlgorithm[];
  /** 407 with Proxy-Authenticate instead of 401 with WWW-Authenticate (RFC 3261 §22.3). */
  proxy?: boolean;
  /** How long a nonce stays fresh; older ones are answered with stale=true. */
  nonceTtlMs?: number;
  users: readonly DigestCredentials[];
}

export type Verdict =
  | { ok: true; username: string }
  | { ok: false; stale: boolean; why: string };

/**
 * The UAS side of digest authentication (RFC 3261 §22.1, §22.4; RFC 7616 §3.3): challenges with a
 * stateless HMAC nonce and checks the Authorization (or Proxy-Authorization) of a retried request.
 * A failed check gives a reason for the test log; it never includes the password or the expected hash.
 */
export class DigestServer {
  private key = randomBytes(32);
  private lastNc = new Map<string, number>();

  constructor(private opts: DigestServerOptions) {}

  get status(): 401 | 407 {
    return this.opts.proxy ? 407 : 401;
  }

  /** The WWW-Authenticate / Proxy-Authenticate headers of a 401/407 (RFC 3261 §22.1). */
  challenge(stale = false): Header[] {
    const name = this.opts.proxy ? 'proxy-authenticate' : 'www-authenticate';
    const nonce = this.newNonce();
    return (this.opts.algorithms ?? ['SHA-256', 'MD5']).map((algorithm) => ({
      name,
      value: `Digest realm=${quote(this.opts.realm)}, nonce=${quote(nonce)}, algorithm=${algorithm}, qop="auth"${stale ? ', stale=true' : ''}`,
    }));
  }

  verify(request: SipRequest): Verdict {
    const name = this.opts.proxy ? 'proxy-authorization' : 'authorization';
    const mine = headerValues(request, name).map(parseAuth)
      .filter((c) => c.scheme.toLowerCase() === 'digest' && c.params.realm === this.opts.realm);
    if (mine.length === 0) return { ok: false, stale: false, why: `no ${name} for realm ${this.opts.realm}` };
    return this.check(request, mine[0].params as Record<string, string>);
  }

  private check(request: SipRequest, p: Record<string, string>): Verdict {
    const fail = (why: string, stale = false): Verdict => ({ ok: false, stale, why });
    const user = this.opts.users.find((u) => u.username === p.username && (u.realm === undefined || u.realm === this.opts.realm));
    if (!user) return fail(`unknown user ${JSON.stringify(p.username)}`);
    const algorithm = (p.algorithm ?? 'MD5').toUpperCase().replace(/-SESS$/, '-sess');
    if (!isAlgorithm(algorithm)) return fail(`unsupported algorithm ${p.algorithm}`);
    if (p.uri !== request.uri) return fail(`digest uri ${p.uri} is not the Request-URI (RFC 2617 §3.2.2.5)`);
    const age = this.nonceAge(p.nonce);
    if (age === undefined) return fail('nonce not issued by this server');
    if (p.qop !== undefined && p.qop !== 'auth') return fail(`qop ${p.qop} not offered`);
    const expected = digestResponse({ algorithm, username: user.username, realm: this.opts.realm, password: user.password, method: request.method, uri: p.uri, nonce: p.nonce, qop: p.qop ? 'auth' : undefined, nc: p.nc, cnonce: p.cnonce });
    if (!same(expected, p.response ?? '')) return fail('response does not match the credentials');
    if (age > (this.opts.nonceTtlMs ?? 300000)) return fail('nonce expired', true);
    if (p.qop && !this.freshNc(p.nonce, parseInt(p.nc ?? '0', 16))) return fail(`nc ${p.nc} replayed`);
    return { ok: true, username: user.username };
  }

  /** RFC 7616 §3.3: nonce = base64(time ":" HMAC(time)); stateless, checked by recomputing. */
  private newNonce(): string {
    const t = Date.now().toString(36);
    return Buffer.from(`${t}:${this.mac(t)}`).toString('base64url');
  }

  private nonceAge(nonce: string | undefined): number | undefined {
    const [t, mac] = Buffer.from(nonce ?? '', 'base64url').toString().split(':');
    if (!t || !mac || !same(this.mac(t), mac)) return undefined;
    return Date.now() - parseInt(t, 36);
  }

  private mac(t: string): string {
    return createHmac('sha256', this.key).update(t).digest('base64url').slice(0, 22);
  }

  /** RFC 7616 §3.4: nc increases with each request on a nonce; a repeat is a replay. */
  private freshNc(nonce: string, nc: number): boolean {
    const last = this.lastNc.get(nonce) ?? 0;
    if (!(nc > last)) return false;
    this.lastNc.set(nonce, nc);
    return true;
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
