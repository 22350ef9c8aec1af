import { headerValues, parseVia, type SipMessage } from '../../sip/message';
import { localResponse } from '../../sip/transaction';
import type { Transport } from '../../sip/transport';
import type { FaultName } from './faults';

function branchOf(m: SipMessage): string {
  return String(parseVia(headerValues(m, 'via')[0] ?? '').params.branch);
}

/**
 * Fault modes below the transaction layer, on what reaches it: a retransmitted REFER is passed on
 * only once (as a UA without RFC 3261 §17.2.2 server transactions for REFER would; RFC 3515 §2), and
 * a CANCEL of a SUBSCRIBE is answered 481 as if it matched nothing (RFC 6665 §4.6, RFC 3261 §9.2).
 */
export function faultyInbound(inner: Transport, faults: ReadonlySet<FaultName>): Transport {
  const refers = new Set<string>();
  const subscribes = new Set<string>();
  return {
    get name() { return inner.name; },
    get reliable() { return inner.reliable; },
    get local() { return inner.local; },
    send: (message, dst) => inner.send(message, dst),
    onMessage: (handler) => inner.onMessage((m, src, record) => {
      if (m.type === 'request' && m.method === 'REFER' && faults.has('refer-retransmission-ignored')) {
        if (refers.has(branchOf(m))) return;
        refers.add(branchOf(m));
      }
      if (m.type === 'request' && m.method === 'SUBSCRIBE') subscribes.add(branchOf(m));
      if (m.type === 'request' && m.method === 'CANCEL' && subscribes.has(branchOf(m)) && faults.has('cancel-of-subscribe-481')) {
        return inner.send(localResponse(m, 481, 'x'), src);
      }
      handler(m, src, record);
    }),
    onMalformed: (h) => inner.onMalformed(h),
    onTrace: (h) => inner.onTrace(h),
    onTransportError: (h) => inner.onTransportError?.(h),
    close: () => inner.close(),
  };
}
