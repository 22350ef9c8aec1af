import { headerValue, parseSipfrag, parseSubscriptionState } from '../../sip/message';
import type { Dialog } from '../../sip/dialog';
import type { IncomingRequest, UserAgent } from '../../sip/useragent';
import type { CallControl } from './call-control';
import type { FaultName } from './faults';

/** RFC 3891 §5.1 / RFC 3515 §2.1: a Replaces value embedded in a Refer-To URI is %-escaped. */
export function replacesParam(d: Dialog): string {
  // From the target's view (RFC 3891 §3): its local tag is our remote tag.
  const value = `${d.id.callId};to-tag=${d.id.remoteTag};from-tag=${d.id.localTag}`;
  return encodeURIComponent(value);
}

/**
 * The reference SUT as transferor: sends REFER in the call with the transferee (RFC 5589 §6.2),
 * accepts the NOTIFYs, and hangs up the original call once the transfer succeeded.
 */
export class Transferor {
  constructor(private ua: UserAgent, private calls: CallControl, private faults: ReadonlySet<FaultName>) {}

  refer(dialog: Dialog, target: string, replacing?: Dialog): void {
    const referTo = replacing ? `<${target}?Replaces=${replacesParam(replacing)}>` : `<${target}>`;
    const headers = [{ name: 'refer-to', value: referTo }, { name: 'referred-by', value: `<${this.ua.uri}>` }];
    if (this.faults.has('refer-two-refer-to')) headers.push({ name: 'refer-to', value: referTo });
    this.ua.send(this.ua.newInDialog(dialog, 'REFER', { headers }));
  }

  /** RFC 6665 §4.1.3: accept each NOTIFY; after a 2xx sipfrag in the final one, end the original call. */
  receiveNotify(incoming: IncomingRequest): void {
    const { request, dialog } = incoming;
    if (!dialog || this.faults.has('notify-rejected')) return void this.ua.respond(incoming, 481);
    this.ua.respond(incoming, 200);
    const state = headerValue(request, 'subscription-state');
    let status = 0;
    try {
      const frag = parseSipfrag(request.body, { lenient: true });
      status = frag.type === 'response' ? frag.status : 0;
    } catch {
      return; // a malformed sipfrag says nothing about success
    }
    if (state && parseSubscriptionState(state).state === 'terminated' && status >= 200 && status < 300 && dialog.state !== 'terminated') {
      this.calls.hangup(dialog);
    }
  }
}
