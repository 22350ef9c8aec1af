import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, clientSide, label, request, serverSide, T, turn, withMockTimers } from './support/tx';
import { buildResponse } from '../../src/sip/useragent';
import type { NonInviteClientTransaction, NonInviteServerTransaction } from '../../src/sip/transaction';
import type { SipRequest } from '../../src/sip/message';

test('RFC 3261 §17.1.2.2: in Trying, Timer E retransmits at T1, 2·T1, 4·T1… capped at T2', () => withMockTimers(async () => {
  const s = clientSide();
  const at: number[] = [];
  s.far.onMessage(() => at.push(Date.now()));
  const t0 = Date.now();
  s.layer.sendRequest(request('REFER'), s.far.local, s.tu);
  await turn();
  await advance(16000, 50);
  assert.deepEqual(at.map((t) => t - t0), [0, 500, 1500, 3500, 7500, 11500, 15500]);
  s.layer.close();
}));

test('RFC 3261 §17.1.2.2: upon a 1xx in Trying it MUST enter Proceeding, where Timer E fires every T2; Timer F still applies', () => withMockTimers(async () => {
  const s = clientSide();
  const at: number[] = [];
  s.far.onMessage((m) => { at.push(Date.now()); s.wire.push(m); });
  const tx = s.layer.sendRequest(request('NOTIFY'), s.far.local, s.tu) as NonInviteClientTransaction;
  await turn();
  const t0 = Date.now();
  s.answer(s.wire[0] as SipRequest, 100);
  await turn();
  assert.equal(tx.state, 'Proceeding');
  await advance(64 * T.T1 + 100, 50);
  const gaps = at.slice(1).map((t, i) => t - (i === 0 ? t0 : at[i]));
  assert.ok(gaps.slice(1).every((g) => g === T.T2), `retransmissions every T2 in Proceeding: ${gaps}`);
  assert.equal(s.timeouts.length, 1, 'Timer F fires in Proceeding too');
  assert.equal(tx.state, 'Terminated');
}));

test('RFC 3261 §17.1.2.2: a final response MUST enter Completed and reach the TU once; Timer K (T4 over UDP) ends it', () => withMockTimers(async () => {
  const s = clientSide();
  const tx = s.layer.sendRequest(request('REFER'), s.far.local, s.tu) as NonInviteClientTransaction;
  await turn();
  s.answer(s.wire[0] as SipRequest, 202);
  await turn();
  s.answer(s.wire[0] as SipRequest, 202);
  await turn();
  assert.equal(tx.state, 'Completed');
  assert.deepEqual(s.responses, [202], 'the retransmitted final is absorbed');
  await advance(T.T4 - 100, 100);
  assert.deepEqual(s.wire.map(label), ['REFER'], 'no retransmission in Completed');
  await advance(200, 100);
  assert.equal(tx.state, 'Terminated');
}));

test('RFC 3261 §17.2.2: in Trying a retransmitted request is discarded; in Proceeding it gets the last provisional again', async () => {
  const s = serverSide();
  const req = request('SUBSCRIBE');
  await s.deliver(req);
  await s.deliver(req);
  assert.deepEqual(s.wire, [], 'nothing to resend in Trying');
  s.got.tx!.respond(buildResponse(req, 100));
  assert.equal(s.got.tx!.state, 'Proceeding');
  await s.deliver(req);
  await turn();
  assert.deepEqual(s.wire.map(label), ['100', '100']);
  assert.equal(s.got.requests.length, 1);
  s.layer.close();
});

test('RFC 3261 §17.2.2: a final response MUST enter Completed; Timer J is 64·T1 over UDP and zero over a reliable transport', () => withMockTimers(async () => {
  for (const reliable of [false, true]) {
    const s = serverSide(reliable);
    const req = request('BYE');
    await s.deliver(req);
    const tx = s.got.tx as NonInviteServerTransaction;
    tx.respond(buildResponse(req, 200, { toTag: 'b1' }));
    if (reliable) {
      assert.equal(tx.state, 'Terminated');
      continue;
    }
    assert.equal(tx.state, 'Completed');
    await advance(64 * T.T1 - 100, 500);
    assert.equal(tx.state, 'Completed');
    await advance(200, 100);
    assert.equal(tx.state, 'Terminated');
  }
}));
