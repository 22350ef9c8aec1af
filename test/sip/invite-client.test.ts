import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, clientSide, request, T, turn, withMockTimers } from './support/tx';
import type { InviteClientTransaction } from '../../src/sip/transaction';
import { label } from './support/tx';

const times = (wire: { t: number }[]): number[] => wire.map((w) => w.t);

test('RFC 3261 §17.1.1.2: in Calling over UDP, Timer A retransmits the INVITE at T1, 2·T1, 4·T1… doubling without the T2 cap', () => withMockTimers(async () => {
  const s = clientSide();
  const at: { t: number }[] = [];
  s.far.onMessage(() => at.push({ t: Date.now() }));
  const t0 = Date.now();
  s.layer.sendRequest(request('INVITE'), s.far.local, s.tu);
  await turn();
  await advance(31 * T.T1 + 10);
  assert.deepEqual(times(at).map((t) => t - t0), [0, 500, 1500, 3500, 7500, 15500]);
  s.layer.close();
}));

test('RFC 3261 §17.1.1.2: if still in Calling when Timer B (64·T1) fires, the transaction MUST inform the TU of the timeout', () => withMockTimers(async () => {
  const s = clientSide();
  s.far.drop = () => true;
  s.near.drop = () => true;
  const tx = s.layer.sendRequest(request('INVITE'), s.far.local, s.tu) as InviteClientTransaction;
  await advance(64 * T.T1 - 100, 100);
  assert.equal(s.timeouts.length, 0);
  await advance(200, 100);
  assert.equal(s.timeouts.length, 1);
  assert.equal(tx.state, 'Terminated');
  assert.equal(s.layer.size, 0);
}));

test('RFC 3261 §17.1.1.2: upon a 1xx in Calling it MUST enter Proceeding, stop retransmitting, and a long ring is not a timeout', () => withMockTimers(async () => {
  const s = clientSide();
  const tx = s.layer.sendRequest(request('INVITE'), s.far.local, s.tu) as InviteClientTransaction;
  await turn();
  s.answer(s.wire[0] as never, 180);
  await turn();
  assert.equal(tx.state, 'Proceeding');
  await advance(70 * T.T1, 500);
  assert.deepEqual(s.wire.map(label), ['INVITE'], 'no retransmission in Proceeding');
  assert.deepEqual(s.timeouts, [], 'Timer B does not apply in Proceeding');
  assert.deepEqual(s.responses, [180]);
  s.layer.close();
}));

test('RFC 6026 §7.2: a 2xx in Calling or Proceeding MUST enter Accepted and go to the TU; 2xx retransmissions also go to the TU; Timer M ends it', () => withMockTimers(async () => {
  const s = clientSide();
  const tx = s.layer.sendRequest(request('INVITE'), s.far.local, s.tu) as InviteClientTransaction;
  await turn();
  s.answer(s.wire[0] as never, 200);
  await turn();
  assert.equal(tx.state, 'Accepted');
  s.answer(s.wire[0] as never, 200);
  s.answer(s.wire[0] as never, 486); // a non-2xx in Accepted is absorbed
  await turn();
  assert.deepEqual(s.responses, [200, 200]);
  assert.deepEqual(s.wire.map(label), ['INVITE'], 'the transaction never ACKs a 2xx itself');
  await advance(64 * T.T1 + 100, 500);
  assert.equal(tx.state, 'Terminated');
}));

test('RFC 3261 §17.1.1.2: a 300–699 MUST be ACKed and enter Completed; each retransmitted final is ACKed again; Timer D ≥ 32 s over UDP', () => withMockTimers(async () => {
  const s = clientSide();
  const tx = s.layer.sendRequest(request('INVITE'), s.far.local, s.tu) as InviteClientTransaction;
  await turn();
  s.answer(s.wire[0] as never, 486);
  await turn();
  await turn();
  assert.equal(tx.state, 'Completed');
  s.answer(s.wire[0] as never, 486);
  await turn();
  await turn();
  assert.deepEqual(s.wire.map(label), ['INVITE', 'ACK', 'ACK']);
  assert.deepEqual(s.responses, [486], 'the retransmission is not passed up');
  await advance(31900, 1000);
  assert.equal(tx.state, 'Completed');
  await advance(200, 100);
  assert.equal(tx.state, 'Terminated');
}));

test('RFC 3261 §17.1.1.2: over a reliable transport Timer A is not started and Timer D is zero', () => withMockTimers(async () => {
  const s = clientSide(true);
  const tx = s.layer.sendRequest(request('INVITE'), s.far.local, s.tu) as InviteClientTransaction;
  await advance(4 * T.T1);
  assert.deepEqual(s.wire.map(label), ['INVITE']);
  s.answer(s.wire[0] as never, 603);
  await turn();
  assert.equal(tx.state, 'Terminated');
}));
