import { headerValue, headerValues, parseNameAddr, type Header, type SipRequest, type SipResponse } from '../../sip/message';
import type { Dialog } from '../../sip/dialog';
import type { IncomingRequest, UserAgent } from '../../sip/useragent';
import { capabilityHeaders } from './capabilities';
import type { FaultName } from './faults';

/** The P-Asserted-Identity of the last REFER, kept only for the fault mode that (wrongly) reuses it. */
const referPai = new WeakMap<UserAgent, string[]>();

/** Calls this UA placed itself (UAC of the INVITE): the reference treats them like any other. */
export const placedCalls = new WeakSet<Dialog>();

/**
 * Transferee: the reference accepts every well-formed REFER — in or outside a dialog (RFC 5589 §5),
 * in calls it placed or answered (§4 req 1), with or without Referred-By (RFC 3892 §2.1). Only a
 * fault mode refuses one; returns the status to refuse with.
 */
export function refusedRefer(ua: UserAgent, incoming: IncomingRequest, faults: ReadonlySet<FaultName>): number | undefined {
  referPai.set(ua, headerValues(incoming.request, 'p-asserted-identity'));
  if (!incoming.dialog && faults.has('refer-outside-dialog-rejected')) return 403;
  if (incoming.dialog && placedCalls.has(incoming.dialog) && faults.has('refer-rejected-as-caller')) return 403;
  if (incoming.dialog && /;\s*gr=/i.test(ua.contact) && faults.has('gruu-dialog-refer-481')) return 481;
  if (headerValues(incoming.request, 'referred-by').length === 0 && faults.has('referred-by-required')) return 400;
  // RFC 4488 §4 / RFC 7614 §6 answer 420 with Unsupported and 421 with Require; these faults name nothing.
  const tags = (name: string) => headerValues(incoming.request, name).flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase());
  if (tags('require').includes('norefersub') && faults.has('norefersub-refused-400')) return 400;
  if (tags('supported').includes('explicitsub') && faults.has('extension-421-unnamed')) return 421;
  return undefined;
}

/**
 * Transferee: the INVITE to the Refer-To target advertises what the UA supports (RFC 5589 §6),
 * carries the Require of the Refer-To URI (RFC 3515 §2.4.3, RFC 5589 §7.3) and a fresh offer (§5).
 */
export function shapeTriggered(ua: UserAgent, invite: SipRequest, uriHeaders: Record<string, string>, faults: ReadonlySet<FaultName>): SipRequest {
  const extra: Header[] = [...capabilityHeaders(faults)];
  if (uriHeaders.require && !faults.has('uri-require-dropped')) extra.push({ name: 'require', value: uriHeaders.require });
  let headers = [...invite.headers, ...extra];
  const rb = headerValue(invite, 'referred-by');
  // RFC 3892 §3: a referrer URI with parameters stays in angle brackets; the fault mode writes it bare.
  if (rb && faults.has('referred-by-brackets-dropped')) headers = headers.map((h) => (h.name === 'referred-by' ? { name: h.name, value: parseNameAddr(rb).uri } : h));
  if (rb && faults.has('referred-by-params-dropped')) headers = headers.map((h) => (h.name === 'referred-by' ? { name: h.name, value: `<${parseNameAddr(rb).uri}>` } : h));
  if (faults.has('triggered-invite-other-identity')) headers = headers.map((h) => (h.name === 'from' ? { name: h.name, value: h.value.replace(`<${ua.uri}>`, `<sip:anonymous-${ua.user}@${ua.address.host}:${ua.address.port}>`) } : h));
  // RFC 3325 §8: P-Asserted-Identity from an untrusted peer is not used; §6: no P-Preferred-Identity straight to a UA.
  if (faults.has('pai-copied-from-refer')) headers.push(...(referPai.get(ua) ?? []).map((value) => ({ name: 'p-asserted-identity', value })));
  if (faults.has('ppi-sent-to-peer')) headers.push({ name: 'p-preferred-identity', value: `<${ua.uri}>` });
  const body = faults.has('triggered-invite-held-sdp') ? Buffer.from(invite.body.toString().replace('a=sendrecv', 'a=sendonly')) : invite.body;
  return { ...invite, headers, body };
}

/** Transferee: the sipfrag of the final NOTIFY is the target's final status line (RFC 3515 §2.4.5, RFC 3892 §5). */
export function reportedStatus(res: SipResponse | undefined, faults: ReadonlySet<FaultName>): string {
  if (!res) return 'SIP/2.0 408 Request Timeout';
  if (res.status >= 300 && faults.has('failure-sipfrag-generic')) return 'SIP/2.0 500 Server Internal Error';
  return `SIP/2.0 ${res.status} ${res.reason}`;
}

/**
 * Transferor: the REFER's headers (RFC 3515 §2.4.1): one Refer-To, one Referred-By naming the
 * transferor (RFC 3892 §2.1, RFC 5589 §4 req 6). Fault modes bend them.
 */
export function shapeReferHeaders(ua: UserAgent, headers: Header[], faults: ReadonlySet<FaultName>): Header[] {
  let out = headers;
  if (faults.has('refer-without-referred-by')) out = out.filter((h) => h.name !== 'referred-by');
  if (faults.has('refer-two-referred-by')) out = [...out, { name: 'referred-by', value: `<${ua.uri}>` }];
  if (faults.has('referred-by-cid-without-token')) out = out.map((h) => (h.name === 'referred-by' ? { name: h.name, value: `${h.value};cid="token-${ua.user}@${ua.address.host}"` } : h));
  if (faults.has('refer-to-not-contact')) out = out.map((h) => (h.name === 'refer-to' ? { name: h.name, value: h.value.replace(/^<sips?:([^@>]+)@[^?>]+/, '<sip:$1@example.invalid') } : h));
  if (faults.has('replaces-param-no-from-tag')) out = out.map((h) => (h.name === 'refer-to' ? { name: h.name, value: h.value.replace(/%3Bfrom-tag%3D[^?&>%]*/i, '') } : h));
  return out;
}

/**
 * Transferor: the REFER goes inside the call (RFC 5589 §5: the peer never advertised Target-Dialog);
 * the fault mode sends it outside, with Target-Dialog (RFC 4538 §3).
 */
export function newRefer(ua: UserAgent, dialog: Dialog, headers: Header[], faults: ReadonlySet<FaultName>): SipRequest {
  const toGruu = /;\s*gr(?:[=;]|$)/i.test(dialog.remoteTarget);
  // Fault modes that ask for no subscription where RFC 4488 §4, §5 and RFC 7647 §4 do not allow it.
  const extra: Header[] = [];
  if (faults.has('require-norefersub-unknown') || (toGruu && faults.has('refer-sub-in-dialog-to-gruu'))) extra.push({ name: 'refer-sub', value: 'false' }, { name: 'require', value: 'norefersub' });
  if (toGruu && faults.has('nosub-unrequired-in-dialog-to-gruu')) extra.push({ name: 'supported', value: 'nosub' });
  if (faults.has('refer-sub-may-fork')) return ua.newRequest('REFER', parseNameAddr(dialog.remoteUri).uri, { to: dialog.remoteUri, headers: [...headers, { name: 'refer-sub', value: 'false' }] });
  // RFC 7647 §4, RFC 6665 §4.5.2: toward a GRUU remote target the REFER (a subscription) goes outside the dialog.
  const gruu = toGruu && !faults.has('refer-in-dialog-to-gruu') && extra.length === 0;
  if (!faults.has('refer-outside-dialog-unasked') && !gruu) return ua.newInDialog(dialog, 'REFER', { headers: [...headers, ...extra] });
  const td = { name: 'target-dialog', value: `${dialog.id.callId};local-tag=${dialog.id.remoteTag};remote-tag=${dialog.id.localTag}` };
  // RFC 4538 §3: Require: tdialog accompanies Target-Dialog.
  return ua.newRequest('REFER', dialog.remoteTarget, { to: dialog.remoteUri, headers: [...headers, td, { name: 'require', value: 'tdialog' }] });
}
