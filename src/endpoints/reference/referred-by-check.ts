import { headerValues, parseNameAddr, type SipRequest } from '../../sip/message';
import { tokenOf, tokenSipfrag, verifyToken } from '../referred-by-token';
import type { FaultName } from './faults';

/** RFC 3892 §4.1 leaves "aged" to the target: the reference takes a token older than ten minutes as stale. */
const MAX_TOKEN_AGE_MS = 10 * 60 * 1000;

/** The cid of the request's one Referred-By (RFC 3892 §3): it names a token. */
export function tokenCid(request: SipRequest): string | undefined {
  const referredBy = headerValues(request, 'referred-by');
  const cid = referredBy.length === 1 ? parseNameAddr(referredBy[0]).params.cid : undefined;
  return typeof cid === 'string' ? cid : undefined;
}

/**
 * Refer target: the status to refuse a request with because of its Referred-By token, or undefined
 * to go on. No token: go on (RFC 3892 §2.3 MAY). A token that is missing from the body or whose
 * signature fails is invalid (§4.1 MUST) and a stale one is treated so (§4.1 SHOULD): 429, never 428
 * (§2.3, §5).
 */
export async function tokenRefusal(request: SipRequest, faults: ReadonlySet<FaultName>): Promise<number | undefined> {
  const cid = tokenCid(request);
  if (!cid) return undefined;
  const token = tokenOf(request);
  if (!token || !(await verifyToken(token))) return faults.has('bad-token-accepted') ? undefined : 429;
  const date = /^date:\s*(.+)$/im.exec(tokenSipfrag(token)?.body.toString('latin1') ?? '')?.[1];
  const age = date ? Date.now() - Date.parse(date) : Number.NaN;
  if (!(age <= MAX_TOKEN_AGE_MS)) return faults.has('stale-token-428') ? 428 : 429;
  return undefined;
}
