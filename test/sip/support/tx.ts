import { mock } from 'node:test';
import { MemoryTransport } from '../../../src/sip/transport';
import { TransactionLayer, type ServerTransaction } from '../../../src/sip/transaction';
import { buildRequest, buildResponse } from '../../../src/sip/useragent';
import { parseMessage, type SipMessage, type SipRequest, type SipResponse } from '../../../src/sip/message';
import { newBranch } from '../../../src/sip/dialog';

export const T = { T1: 500, T2: 4000, T4: 5000 };
export const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

export function request(method: string, seq = 1): SipRequest {
  return buildRequest(method, 'sip:bob@127.0.0.1:5062', {
    via: `SIP/2.0/UDP 127.0.0.1:5061;branch=${newBranch()}`, from: '<sip:alice@127.0.0.1:5061>;tag=a1',
    to: '<sip:bob@127.0.0.1:5062>', callId: 'c1@127.0.0.1', cseq: seq, contact: '<sip:alice@127.0.0.1:5061>',
  });
}

export const label = (m: SipMessage): string => (m.type === 'request' ? m.method : String(m.status));
export const sent = (t: MemoryTransport): string[] => t.sent.map((b) => label(parseMessage(b)));

/**
 * A client transaction layer on one end of a memory pair; the far end is a bare transport that
 * records what arrives (`wire`) and lets a test answer by hand.
 */
export function clientSide(reliable = false) {
  const [near, far] = MemoryTransport.pair(reliable);
  const wire: SipMessage[] = [];
  far.onMessage((m) => wire.push(m));
  const responses: number[] = [];
  const timeouts: number[] = [];
  const stray: number[] = [];
  const layer = new TransactionLayer(near, { onRequest: () => {}, onAck: () => {}, onStrayResponse: (r) => stray.push(r.status) }, T);
  const tu = { onResponse: (r: SipResponse) => responses.push(r.status), onTimeout: () => timeouts.push(Date.now()) };
  const answer = (req: SipRequest, status: number): void => far.send(buildResponse(req, status, { toTag: 'b1' }), near.local);
  return { near, far, wire, layer, tu, responses, timeouts, stray, answer };
}

/** A server transaction layer on one end; the far end is a bare transport sending requests by hand. */
export function serverSide(reliable = false) {
  const [near, far] = MemoryTransport.pair(reliable);
  const wire: SipMessage[] = [];
  far.onMessage((m) => wire.push(m));
  const got: { tx?: ServerTransaction; requests: SipRequest[]; acks: SipRequest[]; cancels: string[] } = { requests: [], acks: [], cancels: [] };
  const layer = new TransactionLayer(near, {
    onRequest: (req, tx) => { got.requests.push(req); got.tx = tx; },
    onAck: (ack) => got.acks.push(ack),
    onStrayResponse: () => {},
    onCancel: (c) => got.cancels.push(c.method),
  }, T);
  const deliver = async (m: SipMessage): Promise<void> => { far.send(m, near.local); await turn(); };
  return { near, far, wire, layer, got, deliver };
}

/** Mock setTimeout for the duration of `body` (node:test mock timers); setImmediate stays real. */
export async function withMockTimers(body: () => Promise<void> | void): Promise<void> {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    await body();
  } finally {
    mock.timers.reset();
  }
}

/** Advance mock time in steps, letting memory-transport deliveries (setImmediate) run between. */
export async function advance(ms: number, step = 50): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    mock.timers.tick(Math.min(step, ms - t));
    await turn();
  }
}
