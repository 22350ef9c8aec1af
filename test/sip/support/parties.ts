import { headerValue, headerValues, parseNameAddr, parseUri, type SipResponse } from '../../../src/sip/message';
import { NotifyQueue, ReferNotifier, type ReferNotifyContent } from '../../../src/sip/subscription';
import { audioSdp, type IncomingRequest, type UserAgent } from '../../../src/sip/useragent';
import { Transferee } from '../../../src/endpoints/reference/transferee';

const SDP = [{ name: 'content-type', value: 'application/sdp' }];

/** A callee that answers every INVITE with 200 and an SDP answer, and BYE with 200. */
export function answerCalls(ua: UserAgent): void {
  ua.onRequest((incoming) => {
    const m = incoming.request.method;
    if (m === 'INVITE') return void ua.respond(incoming, 200, { headers: SDP, body: audioSdp(ua.address.host, 4000, 1) });
    ua.respond(incoming, m === 'BYE' && incoming.dialog ? 200 : 501);
  });
}

/** The reference SUT's transferee (src/endpoints/reference), for transports that keep order. */
export function referenceTransferee(ua: UserAgent): void {
  const transferee = new Transferee(ua, new Set());
  ua.onRequest((incoming) => {
    if (incoming.request.method === 'REFER') return transferee.receiveRefer(incoming);
    answerOne(ua, incoming);
  });
}

function answerOne(ua: UserAgent, incoming: IncomingRequest): void {
  const m = incoming.request.method;
  if (m === 'INVITE') return void ua.respond(incoming, 200, { headers: SDP, body: audioSdp(ua.address.host, 4000, 1) });
  ua.respond(incoming, m === 'BYE' && incoming.dialog ? 200 : 501);
}

/**
 * A transferee that sends its NOTIFYs one at a time (NotifyQueue), so that under loss a late first
 * NOTIFY never reaches the transferor after the final one (RFC 3261 §12.2.2 would make it a 500).
 */
export function sequencedTransferee(ua: UserAgent): void {
  ua.onRequest((incoming) => {
    if (incoming.request.method !== 'REFER') return answerOne(ua, incoming);
    const referTo = headerValues(incoming.request, 'refer-to');
    if (referTo.length !== 1) return void ua.respond(incoming, 400);
    ua.respond(incoming, 202);
    const notifier = new ReferNotifier(incoming.dialog!, undefined);
    const queue = new NotifyQueue();
    const notify = (c: ReferNotifyContent): void => queue.push((done) => {
      const { headers, body } = notifier.render(c);
      ua.send(ua.newInDialog(notifier.dialog, 'NOTIFY', { headers, body }), { onResponse: (r) => r.status >= 200 && done(), onTimeout: done });
    });
    notify({ statusLine: 'SIP/2.0 100 Trying', state: 'active', expires: 60 });
    const u = parseUri(parseNameAddr(referTo[0]).uri);
    const target = `${u.scheme}:${u.user}@${u.host}:${u.port}`;
    const referredBy = headerValue(incoming.request, 'referred-by');
    let reported = false;
    const invite = ua.newRequest('INVITE', target, { headers: [...SDP, ...(referredBy ? [{ name: 'referred-by', value: referredBy }] : [])], body: audioSdp(ua.address.host, 4000, 1) });
    ua.send(invite, {
      onResponse: (r: SipResponse) => {
        if (r.status < 200 || reported) return;
        reported = true;
        notify({ statusLine: `SIP/2.0 ${r.status} ${r.reason}`, state: 'terminated', reason: 'noresource' });
      },
    });
  });
}
