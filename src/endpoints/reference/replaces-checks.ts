import { headerValues } from '../../sip/message';
import type { UserAgent, IncomingRequest } from '../../sip/useragent';
import type { FaultName } from './faults';

/**
 * RFC 3891 §3: a request carrying Replaces that no UA may act on is a 400 — Replaces in any method
 * but INVITE, more than one Replaces, or Replaces together with a header of conflicting meaning
 * (Join, RFC 3911). Returns true when it answered.
 */
export function rejectReplacesMisuse(ua: UserAgent, incoming: IncomingRequest, faults: ReadonlySet<FaultName>): boolean {
  const { request } = incoming;
  const replaces = headerValues(request, 'replaces');
  if (replaces.length === 0 || request.method === 'ACK') return false;
  let reason: string | undefined;
  if (request.method !== 'INVITE') reason = faults.has('replaces-outside-invite-accepted') ? undefined : 'Replaces Only Allowed In INVITE';
  else if (replaces.length > 1) reason = faults.has('replaces-two-accepted') ? undefined : 'Only One Replaces Allowed';
  else if (headerValues(request, 'join').length > 0) reason = faults.has('replaces-join-accepted') ? undefined : 'Replaces Conflicts With Join';
  if (!reason) return false;
  ua.respond(incoming, 400, { reason });
  return true;
}

/** RFC 3264 §6 / RFC 3891 §3: an offer the reference can use has an audio stream with PCMU (payload 0). */
export function acceptableOffer(body: Buffer): boolean {
  const sdp = body.toString();
  if (!sdp.trim()) return true; // no offer: the 2xx carries one
  return sdp.split(/\r?\n/).some((l) => /^m=audio [1-9]\d* RTP\/AVP( \d+)* 0( |$)/.test(l));
}
