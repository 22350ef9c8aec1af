import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryTransport } from '../../src/sip/transport';
import { TransactionLayer, type ServerTransaction } from '../../src/sip/transaction';
import { buildRequest, buildResponse } from '../../src/sip/useragent';
import { parseMessage, type SipRequest, type SipResponse } from '../../src/sip/message';
import { newBranch } from '../../src/sip/dialog';

const TIMERS = { T1: 500, T2: 4000, T4: 5000 };
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

function request(method: string): SipRequest {
  return buildRequest(method, 'sip:bob@127.0.0.1:5062', {
    via: `SIP/2.0/UDP 127.0.0.1:5061;branch=${newBranch()}`, from: '<sip:alice@127.0.0.1:5061>;tag=a1',
    to: '<sip:bob@127.0.0.1:5062>', callId: 'c1@127.0.0.1', cseq: 1, contact: '<sip:alice@127.0.0.1:5061>',
  });
}

function setup(reliable = false) {
  const [ta, tb] = MemoryTransport.pair(reliable);
  const responses: SipResponse[] = [];
  const timeouts: string[] = [];
  const server: { tx?: ServerTransaction; requests: SipRequest[] } = { requests: [] };
  const client = new TransactionLayer(ta, { onRequest: () => {}, onAck: () => {}, onStrayResponse: () => {} }, TIMERS);
  const serverLayer = new TransactionLayer(tb, {
    onRequest: (req, tx) => { server.requests.push(req); server.tx = tx; },
    onAck: () => {}, onStrayResponse: () => {},
  }, TIMERS);
  const user = { onResponse: (r: SipResponse) => responses.push(r), onTimeout: () => timeouts.push('timeout') };
  return { ta, tb, client, serverLayer, server, responses, timeouts, user };
}

const sentMethods = (t: MemoryTransport): string[] => t.sent.map((b) => {
  const m = parseMessage(b);
  return m.type === 'request' ? m.method : String(m.status);
});

test('RFC 3261 §17.1.2.2: Timer E retransmits a non-INVITE request at T1, 2·T1, 4·T1 over an unreliable transport', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const s = setup();
    s.tb.drop = () => true;
    s.ta.drop = () => true;
    s.client.sendRequest(request('REFER'), s.tb.local, s.user);
    for (const ms of [500, 1000, 2000]) mock.timers.tick(ms);
    assert.deepEqual(sentMethods(s.ta), ['REFER', 'REFER', 'REFER', 'REFER']);
    s.client.close();
  } finally {
    mock.timers.reset();
  }
});

test('RFC 3261 §17.1.2.2: when Timer F fires in Trying, the client transaction MUST inform the TU of the timeout', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const s = setup();
    s.ta.drop = () => true;
    s.client.sendRequest(request('REFER'), s.tb.local, s.user);
    mock.timers.tick(64 * 500);
    assert.deepEqual(s.timeouts, ['timeout']);
    assert.equal(s.client.size, 0, 'the transaction is gone');
  } finally {
    mock.timers.reset();
  }
});

test('RFC 3261 §17.1.2.2: upon a 1xx in Trying the client MUST enter Proceeding; a final response goes to the TU once', async () => {
  const s = setup(true);
  const tx = s.client.sendRequest(request('REFER'), s.tb.local, s.user);
  await turn();
  s.server.tx!.respond(buildResponse(s.server.requests[0], 100, { toTag: 'b1' }));
  await turn();
  assert.equal(tx.state, 'Proceeding');
  s.server.tx!.respond(buildResponse(s.server.requests[0], 202, { toTag: 'b1' }));
  await turn();
  assert.deepEqual(s.responses.map((r) => r.status), [100, 202]);
  assert.equal(tx.state, 'Terminated', 'Timer K is zero over a reliable transport');
});

test('RFC 3261 §17.2.2: a retransmitted request in Completed MUST be answered with the last final response', async () => {
  const s = setup();
  const req = request('REFER');
  s.client.sendRequest(req, s.tb.local, s.user);
  await turn();
  s.server.tx!.respond(buildResponse(s.server.requests[0], 202, { toTag: 'b1' }));
  const before = s.tb.sent.length;
  s.ta.send(req, s.tb.local); // the same request again, as a retransmission
  await turn();
  assert.equal(s.server.requests.length, 1, 'not passed to the TU twice');
  assert.equal(s.tb.sent.length, before + 1, 'the 202 is sent again');
  assert.equal((parseMessage(s.tb.sent[before]) as SipResponse).status, 202);
  s.client.close();
  s.serverLayer.close();
});

test('RFC 3261 §17.1.1.3: a non-2xx final response to INVITE MUST be acknowledged by the transaction with the same branch', async () => {
  const s = setup();
  const invite = request('INVITE');
  s.client.sendRequest(invite, s.tb.local, s.user);
  await turn();
  s.server.tx!.respond(buildResponse(s.server.requests[0], 486, { toTag: 'b1' }));
  await turn();
  await turn(); // the 486 reaches the client, then its ACK reaches the server
  const ack = parseMessage(s.ta.sent[s.ta.sent.length - 1]) as SipRequest;
  assert.equal(ack.method, 'ACK');
  const via = (m: SipRequest) => m.headers.find((h) => h.name === 'via')!.value;
  assert.equal(via(ack), via(invite));
  assert.match(ack.headers.find((h) => h.name === 'to')!.value, /tag=b1/);
  assert.equal(s.server.tx!.state, 'Confirmed', 'the server transaction saw the ACK');
  s.client.close();
  s.serverLayer.close();
});

test('RFC 6026 §7.1: an INVITE server transaction that sent a 2xx enters Accepted and absorbs INVITE retransmissions', async () => {
  const s = setup();
  const invite = request('INVITE');
  s.client.sendRequest(invite, s.tb.local, s.user);
  await turn();
  s.server.tx!.respond(buildResponse(s.server.requests[0], 200, { toTag: 'b1' }));
  assert.equal(s.server.tx!.state, 'Accepted');
  const sent = s.tb.sent.length;
  s.ta.send(invite, s.tb.local);
  await turn();
  assert.equal(s.tb.sent.length, sent, 'no response to the retransmission');
  assert.equal(s.server.requests.length, 1);
  s.client.close();
  s.serverLayer.close();
});
