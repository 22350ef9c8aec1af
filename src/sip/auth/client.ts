import { headerValue, headerValues, parseAuth, parseCSeq, setHeader, type SipRequest, type SipResponse } from '../message';
import { digestResponse, formatNc, isAlgorithm, newCnonce, quote, type DigestAlgorithm } from './digest';
import type { DigestCredentials } from './secret';

interface Challenge {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  qop?: 'auth';
  opaque?: string;
  /** RFC 2617 §3.2.1: the credentials were right, only the nonce was old. */
  stale: boolean;
}

/** The realms a 401/407 challenges, each with its `stale` flag (Digest challenges sipwright can answer). */
export function digestChallenges(response: SipResponse): { realm: string; stale: boolean }[] {
  const name = response.status === 407 ? 'proxy-authenticate' : 'www-authenticate';
  return headerValues(response, name).map(parseChallenge).filter((c): c is Challenge => !!c).map(({ realm, stale }) => ({ realm, stale }));
}

/**
 * The UAC side of digest authentication (RFC 3261 §22.2, §22.3; RFC 8760 §2.4): answers a 401
 * (WWW-Authenticate → Authorization) or 407 (Proxy-Authenticate → Proxy-Authorization) with a
 * new request carrying credentials, choosing SHA-256 over MD5 when both are offered.
 */
export class DigestClient {
  private counts = new Map<string, number>();

  constructor(private credentials: readonly DigestCredentials[]) {}

  /**
   * The request to send again, or undefined when no challenge can be answered (unknown realm,
   * unsupported algorithm or qop). §22.2: same Call-ID, CSeq one higher (or `cseq`, for a request in a
   * dialog whose CSeq has moved on); the caller gives the new Via.
   */
  authorize(request: SipRequest, challenge: SipResponse, via?: string, cseq?: number): SipRequest | undefined {
    const proxy = challenge.status === 407;
    const offers = headerValues(challenge, proxy ? 'proxy-authenticate' : 'www-authenticate').map(parseChallenge).filter((c): c is Challenge => !!c);
    const ordered = offers.sort((a, b) => rank(a.algorithm) - rank(b.algorithm));
    for (const c of ordered) {
      const cred = this.credentials.find((k) => k.realm === undefined || k.realm === c.realm);
      if (cred) return this.retry(request, c, cred, proxy, via, cseq);
    }
    return undefined;
  }

  private retry(request: SipRequest, c: Challenge, cred: DigestCredentials, proxy: boolean, via?: string, cseq?: number): SipRequest {
    const next: SipRequest = { ...request, headers: request.headers.map((h) => ({ ...h })), raw: undefined };
    const seq = cseq ?? parseCSeq(headerValue(request, 'cseq')!).seq + 1;
    setHeader(next, 'cseq', `${seq} ${request.method}`);
    if (via) setHeader(next, 'via', via);
    setHeader(next, proxy ? 'proxy-authorization' : 'authorization', this.credentialsFor(request, c, cred));
    return next;
  }

  /** RFC 7616 §3.4: the credentials line; the password itself never appears, only the response hash. */
  private credentialsFor(request: SipRequest, c: Challenge, cred: DigestCredentials): string {
    const n = (this.counts.get(c.nonce) ?? 0) + 1;
    this.counts.set(c.nonce, n);
    const nc = formatNc(n);
    const cnonce = newCnonce();
    const response = digestResponse({ ...c, username: cred.username, password: cred.password, method: request.method, uri: request.uri, nc, cnonce });
    const parts = [
      `username=${quote(cred.username)}`, `realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`, `uri=${quote(request.uri)}`,
      `response=${quote(response)}`, `algorithm=${c.algorithm}`,
    ];
    if (c.qop) parts.push(`qop=${c.qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
    return `Digest ${parts.join(', ')}`;
  }
}

/** A Digest challenge we can answer: a known algorithm (MD5 when absent) and qop auth or none. */
function parseChallenge(value: string): Challenge | undefined {
  let parsed: ReturnType<typeof parseAuth>;
  try {
    parsed = parseAuth(value);
  } catch {
    return undefined; // a malformed challenge cannot be answered; the 401/407 reaches the caller
  }
  const { scheme, params } = parsed;
  const p = (k: string): string | undefined => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  if (scheme.toLowerCase() !== 'digest' || !p('realm') || !p('nonce')) return undefined;
  const algorithm = (p('algorithm') ?? 'MD5').toUpperCase().replace(/-SESS$/, '-sess');
  if (!isAlgorithm(algorithm)) return undefined;
  const qops = p('qop')?.split(',').map((q) => q.trim());
  if (qops && !qops.includes('auth')) return undefined;
  return { realm: p('realm')!, nonce: p('nonce')!, algorithm, qop: qops ? 'auth' : undefined, opaque: p('opaque'), stale: p('stale')?.toLowerCase() === 'true' };
}

function rank(a: DigestAlgorithm): number {
  return a.startsWith('SHA-256') ? 0 : 1;
}
