import { test } from 'node:test';
import assert from 'node:assert/strict';
import { label, request, serverSide, turn } from './support/tx';
import { buildResponse } from '../../src/sip/useragent';
import { buildCancel, type InviteServerTransaction } from '../../src/sip/transaction';
import { headerValue, type SipResponse } from '../../src/sip/message';

test('RFC 3261 §9.1: a CANCEL copies the INVITE\'s Request-URI, Call-ID, From, To, CSeq number and top Via', () => {
  const invite = request('INVITE', 7);
  const cancel = buildCancel(invite);
  assert.equal(cancel.method, 'CANCEL');
  assert.equal(cancel.uri, invite.uri);
  for (const h of ['via', 'from', 'to', 'call-id']) assert.equal(headerValue(cancel, h), headerValue(invite, h));
  assert.equal(headerValue(cancel, 'cseq'), '7 CANCEL');
});

test('RFC 3261 §9.2: a CANCEL for a pending INVITE gets 200, and the INVITE gets 487 with the same To tag', async () => {
  const s = serverSide();
  const invite = request('INVITE');
  await s.deliver(invite);
  const tx = s.got.tx as InviteServerTransaction;
  tx.respond(buildResponse(invite, 180, { toTag: 'ring1' }));
  await s.deliver(buildCancel(invite));
  await turn();
  assert.deepEqual(s.wire.map(label), ['180', '200', '487']);
  const tags = s.wire.slice(1).map((m) => headerValue(m, 'to'));
  assert.ok(tags.every((t) => t?.endsWith(';tag=ring1')), `To tags: ${tags}`);
  assert.equal(tx.state, 'Completed');
  assert.deepEqual(s.got.cancels, ['CANCEL'], 'the TU is told');
  assert.equal(s.got.requests.length, 1, 'the CANCEL is not handed over as a new request');
  s.layer.close();
});

test('RFC 3261 §9.2: a CANCEL that matches no transaction gets 481; one after the final response gets 200 and changes nothing', async () => {
  const s = serverSide();
  await s.deliver(buildCancel(request('INVITE')));
  await turn();
  assert.deepEqual(s.wire.map(label), ['481']);
  const invite = request('INVITE');
  await s.deliver(invite);
  s.got.tx!.respond(buildResponse(invite, 200, { toTag: 'b1' }));
  await s.deliver(buildCancel(invite));
  await turn();
  assert.deepEqual(s.wire.map(label), ['481', '200', '200']);
  assert.equal((s.wire[2] as SipResponse).headers.find((h) => h.name === 'cseq')!.value.endsWith('CANCEL'), true);
  s.layer.close();
});

test('RFC 3261 §9.2, RFC 6665 §4.6: a CANCEL matching a SUBSCRIBE transaction gets 200 and changes nothing', async () => {
  const s = serverSide();
  const subscribe = request('SUBSCRIBE');
  await s.deliver(subscribe);
  s.got.tx!.respond(buildResponse(subscribe, 200, { toTag: 'n1' }));
  await s.deliver(buildCancel(subscribe));
  await turn();
  assert.deepEqual(s.wire.map(label), ['200', '200']);
  assert.ok(headerValue(s.wire[1], 'cseq')!.endsWith('CANCEL'));
  assert.deepEqual(s.got.cancels, [], 'nothing to tell the TU: the SUBSCRIBE is not affected');
  s.layer.close();
});
