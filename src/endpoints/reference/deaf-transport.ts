import { headerValues, parseVia } from '../../sip/message';
import type { Transport } from '../../sip/transport';

/**
 * For the fault mode that ignores retransmitted REFERs: a transport that passes each REFER (by its
 * top Via branch) to the transaction layer only once, so a retransmission goes unanswered — what a
 * UA without RFC 3261 §17.2.2 server transactions for REFER would do (RFC 3515 §2).
 */
export function ignoringReferRetransmissions(inner: Transport): Transport {
  const seen = new Set<string>();
  return {
    get name() { return inner.name; },
    get reliable() { return inner.reliable; },
    get local() { return inner.local; },
    send: (message, dst) => inner.send(message, dst),
    onMessage: (handler) => inner.onMessage((m, src, record) => {
      if (m.type === 'request' && m.method === 'REFER') {
        const branch = String(parseVia(headerValues(m, 'via')[0] ?? '').params.branch);
        if (seen.has(branch)) return;
        seen.add(branch);
      }
      handler(m, src, record);
    }),
    onMalformed: (h) => inner.onMalformed(h),
    onTrace: (h) => inner.onTrace(h),
    onTransportError: (h) => inner.onTransportError?.(h),
    close: () => inner.close(),
  };
}
