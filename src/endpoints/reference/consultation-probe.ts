import { headerValues, parseNameAddr } from '../../sip/message';
import type { Dialog } from '../../sip/dialog';
import type { UserAgent } from '../../sip/useragent';
import type { CallControl } from './call-control';
import type { FaultName } from './faults';
import type { Transferor } from './transferor';

/**
 * The attended transfer of `peer` to the party of `consultation` (RFC 5589 §7.7 Figure 15): if that
 * party did not say it supports Replaces when it answered, ask it with OPTIONS inside the call first.
 * An answer without replaces in Supported makes the transfer a basic one: end the consultation call,
 * then refer `peer` to the party's address of record without Replaces. Any other outcome (replaces
 * listed, an error, no answer) keeps the attended transfer.
 */
export function attendedTransfer(ua: UserAgent, calls: CallControl, transferor: Transferor, faults: ReadonlySet<FaultName>, peer: Dialog, target: string, consultation: Dialog): void {
  if (calls.peerListed(consultation, 'replaces')) return transferor.refer(peer, target, consultation);
  const options = ua.newInDialog(consultation, 'OPTIONS', { headers: [{ name: 'accept', value: 'application/sdp' }] });
  ua.send(options, {
    onResponse: (res) => {
      if (res.status < 200 || ua.closed) return;
      const supported = headerValues(res, 'supported').flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase());
      if (res.status >= 300 || supported.includes('replaces')) return transferor.refer(peer, target, consultation);
      // Fault consultation-kept-on-fallback: the call with the target stays up beside the basic REFER.
      if (!faults.has('consultation-kept-on-fallback')) calls.hangup(consultation);
      // Fault replaces-after-failed-probe: Replaces in the Refer-To although the target has none.
      if (faults.has('replaces-after-failed-probe')) return transferor.refer(peer, target, consultation);
      transferor.refer(peer, parseNameAddr(consultation.remoteUri).uri);
    },
    onTimeout: () => (ua.closed ? undefined : transferor.refer(peer, target, consultation)),
  });
}
