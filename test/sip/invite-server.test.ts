import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, label, request, serverSide, T, turn, withMockTimers } from './support/tx';
import { buildResponse } from '../../src/sip/useragent';
import { nonTwoXxAck, type InviteServerTransaction } from '../../src/sip/transaction';
import { headerValue, type SipResponse } from '../../src/sip/message';

test('RFC 3261 §17.2.1: a retransmitted INVITE in Proceeding MUST be answered with the most recent provisional response', async () => {
  const s = serverSide();
  const invite = request('INVITE');
  await s.deliver(invite);
  s.got.tx!.respond(buildResponse(s.got.requests[0], 180, { toTag: 'b1' }));
  await s.deliver(invite);
  await turn();
  assert.deepEqual(s.wire.map(label), ['180', '180']);
  assert.equal(s.got.requests.length, 1, 'the retransmission is not passed to the TU');
  s.layer.close();
});

test('RFC 3261 §17.2.1: a 300–699 MUST enter Completed, and Timer G retransmits it at T1, 2·T1… capped at T2', () => withMockTimers(async () => {
  const s = serverSide();
  const at: number[] = [];
  s.far.onMessage(() => at.push(Date.now()));
  await s.deliver(request('INVITE'));
  const t0 = Date.now();
  s.got.tx!.respond(buildResponse(s.got.requests[0], 486, { toTag: 'b1' }));
  assert.equal(s.got.tx!.state, 'Completed');
  await turn();
  await advance(20000, 50);
  assert.deepEqual(at.map((t) => t - t0), [0, 500, 1500, 3500, 7500, 11500, 15500, 19500]);
  s.layer.close();
}));

test('RFC 3261 §17.2.1: if Timer H (64·T1) fires in Completed, it MUST enter Terminated and tell the TU the ACK never came', () => withMockTimers(async () => {
  const s = serverSide();
  await s.deliver(request('INVITE'));
  const tx = s.got.tx as InviteServerTransaction;
  let failed = 0;
  tx.onAckTimeout = () => failed++;
  tx.respond(buildResponse(s.got.requests[0], 480, { toTag: 'b1' }));
  await advance(64 * T.T1 + 100, 500);
  assert.equal(tx.state, 'Terminated');
  assert.equal(failed, 1);
}));

test('RFC 3261 §17.2.1: an ACK in Completed MUST enter Confirmed, ending retransmissions; Timer I (T4) then ends it', () => withMockTimers(async () => {
  const s = serverSide();
  const invite = request('INVITE');
  await s.deliver(invite);
  const tx = s.got.tx as InviteServerTransaction;
  tx.respond(buildResponse(invite, 486, { toTag: 'b1' }));
  await turn();
  await s.deliver(nonTwoXxAck(invite, s.wire[0] as SipResponse));
  assert.equal(tx.state, 'Confirmed');
  assert.equal(s.got.acks.length, 0, 'the ACK is absorbed by the transaction');
  const count = s.wire.length;
  await advance(T.T4 - 100, 100);
  assert.equal(s.wire.length, count, 'no retransmission in Confirmed');
  await advance(200, 100);
  assert.equal(tx.state, 'Terminated');
}));

test('RFC 3261 §17.2.1: over a reliable transport Timer G is not used and Timer I is zero', () => withMockTimers(async () => {
  const s = serverSide(true);
  const invite = request('INVITE');
  await s.deliver(invite);
  const tx = s.got.tx as InviteServerTransaction;
  tx.respond(buildResponse(invite, 486, { toTag: 'b1' }));
  await advance(10 * T.T1, 500);
  assert.deepEqual(s.wire.map(label), ['486']);
  await s.deliver(nonTwoXxAck(invite, s.wire[0] as SipResponse));
  assert.equal(tx.state, 'Terminated');
}));

test('RFC 6026 §7.1: a 2xx MUST enter Accepted; INVITE retransmissions are absorbed, ACKs go to the TU, TU 2xx retransmissions go out, Timer L ends it', () => withMockTimers(async () => {
  const s = serverSide();
  const invite = request('INVITE');
  await s.deliver(invite);
  const tx = s.got.tx as InviteServerTransaction;
  const ok = buildResponse(invite, 200, { toTag: 'b1' });
  tx.respond(ok);
  assert.equal(tx.state, 'Accepted');
  await s.deliver(invite);
  tx.respond(ok);
  await turn();
  assert.deepEqual(s.wire.map(label), ['200', '200'], 'one 2xx from the TU, one TU retransmission, nothing for the INVITE');
  const ack = { ...request('ACK'), headers: invite.headers.map((h) => (h.name === 'cseq' ? { name: 'cseq', value: '1 ACK' } : h)) };
  await s.deliver(ack);
  assert.equal(s.got.acks.length, 1, 'the ACK for a 2xx reaches the TU');
  await advance(64 * T.T1 + 100, 500);
  assert.equal(tx.state, 'Terminated');
}));

test('RFC 3261 §17.2.1: the server transaction MUST generate a 100 (Trying) if the TU has sent no provisional or final response within 200 ms', () => withMockTimers(async () => {
  const s = serverSide();
  const invite = request('INVITE');
  invite.headers.push({ name: 'timestamp', value: '54' });
  await s.deliver(invite);
  await advance(199, 199);
  assert.deepEqual(s.wire.map(label), [], 'nothing before 200 ms');
  await advance(1, 1);
  assert.deepEqual(s.wire.map(label), ['100']);
  const trying = s.wire[0] as SipResponse;
  assert.equal(trying.reason, 'Trying');
  for (const h of ['via', 'from', 'call-id', 'cseq', 'timestamp']) assert.equal(headerValue(trying, h), headerValue(invite, h), h);
  assert.equal(headerValue(trying, 'to'), headerValue(invite, 'to'), '§17.2.1: no To tag added to the 100');
  await s.deliver(invite);
  await turn();
  assert.deepEqual(s.wire.map(label), ['100', '100'], 'a retransmitted INVITE in Proceeding gets the 100 again');
  s.got.tx!.respond(buildResponse(invite, 180, { toTag: 'b1' }));
  await advance(1000, 100);
  assert.deepEqual(s.wire.map(label), ['100', '100', '180']);
  s.layer.close();
}));

test('RFC 3261 §17.2.1: a TU that responds within 200 ms gets no 100 (Trying) from the transaction; the timer is cleared by any response', () => withMockTimers(async () => {
  for (const status of [180, 486, 200]) {
    const s = serverSide();
    const invite = request('INVITE');
    await s.deliver(invite);
    await advance(150, 50);
    s.got.tx!.respond(buildResponse(invite, status, { toTag: 'b1' }));
    await advance(400, 50);
    assert.equal(s.wire.filter((m) => label(m) === '100').length, 0, `TU answered ${status} within 200 ms`);
    s.layer.close();
  }
}));

test('RFC 3261 §17.2.1: the 100 (Trying) is for INVITE only; a non-INVITE server transaction sends nothing by itself', () => withMockTimers(async () => {
  const s = serverSide();
  await s.deliver(request('OPTIONS'));
  await advance(1000, 100);
  assert.deepEqual(s.wire.map(label), []);
  s.layer.close();
}));
