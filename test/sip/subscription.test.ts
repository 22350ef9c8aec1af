import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotifyQueue, ReferNotifier, ReferSubscriber, referSubResponseHeaders, subscriptionStateValue } from '../../src/sip/subscription';
import { Dialog } from '../../src/sip/dialog';
import type { Header, SipRequest, SipResponse } from '../../src/sip/message';

const base = (extra: Header[]): Header[] => [{ name: 'call-id', value: 'c1@x' }, ...extra];

function refer(seq: number, extra: Header[] = []): SipRequest {
  return { type: 'request', method: 'REFER', uri: 'sip:bob@x', version: 'SIP/2.0', body: Buffer.alloc(0), headers: base([
    { name: 'from', value: '<sip:alice@x>;tag=A' }, { name: 'to', value: '<sip:bob@x>;tag=B' }, { name: 'cseq', value: `${seq} REFER` }, ...extra]) };
}

function ok(req: SipRequest, extra: Header[] = []): SipResponse {
  return { type: 'response', status: 202, reason: 'Accepted', version: 'SIP/2.0', body: Buffer.alloc(0), headers: [...req.headers, ...extra] };
}

function notify(event: string | undefined, state: string | undefined, frag = 'SIP/2.0 100 Trying\r\n', toTag = 'A'): SipRequest {
  const headers = base([{ name: 'from', value: '<sip:bob@x>;tag=B' }, { name: 'to', value: `<sip:alice@x>;tag=${toTag}` }, { name: 'cseq', value: '9 NOTIFY' }]);
  if (event) headers.push({ name: 'event', value: event });
  if (state) headers.push({ name: 'subscription-state', value: state });
  return { type: 'request', method: 'NOTIFY', uri: 'sip:alice@x', version: 'SIP/2.0', body: Buffer.from(frag), headers };
}

test('RFC 6665 §4.1.3 / RFC 3515 §2.4.6: a NOTIFY matches the refer subscription by dialog and Event id; progress and state follow it', () => {
  const s = new ReferSubscriber();
  const first = s.referSent(refer(2));
  const second = s.referSent(refer(5));
  s.referAnswered(first, ok(refer(2)));
  s.referAnswered(second, ok(refer(5)));
  assert.equal(s.receiveNotify(notify('refer', 'active;expires=60')).subscription, first, 'no id: the first REFER of the dialog');
  const v = s.receiveNotify(notify('refer;id=5', 'terminated;reason=noresource', 'SIP/2.0 200 OK\r\n'));
  assert.equal(v.subscription, second);
  assert.deepEqual([second.state, second.reason, second.progress], ['terminated', 'noresource', [200]]);
  assert.equal(s.receiveNotify(notify('refer;id=5', 'active')).status, 481, 'a terminated subscription is gone');
  assert.deepEqual(first.progress, [100]);
});

test('RFC 6665 §4.1.3: a NOTIFY for no subscription MUST get 481; a wrong package 489; an unknown dialog 481', () => {
  const s = new ReferSubscriber();
  s.referSent(refer(2));
  assert.equal(s.receiveNotify(notify('refer;id=3', 'active')).status, 481);
  assert.equal(s.receiveNotify(notify('presence', 'active')).status, 489);
  assert.equal(s.receiveNotify(notify(undefined, 'active')).status, 489);
  assert.equal(s.receiveNotify(notify('refer', 'active', undefined, 'other')).status, 481);
  assert.equal(s.receiveNotify(notify('refer', undefined)).status, 400);
});

test('RFC 6665 §4.1.2.4: a NOTIFY that overtakes the 2xx to the REFER still matches', () => {
  const s = new ReferSubscriber();
  const sub = s.referSent(refer(2));
  assert.equal(s.receiveNotify(notify('refer', 'active;expires=30')).subscription, sub);
  assert.equal(sub.expires, 30);
});

test('RFC 4488 §4: a 2xx with Refer-Sub: false creates no subscription; a 2xx without it does even if false was asked', () => {
  const s = new ReferSubscriber();
  const declined = s.referSent(refer(2, [{ name: 'refer-sub', value: 'false' }]));
  s.referAnswered(declined, ok(refer(2), [{ name: 'refer-sub', value: 'false' }]));
  assert.equal(s.receiveNotify(notify('refer', 'active')).status, 481);
  const kept = s.referSent(refer(3, [{ name: 'refer-sub', value: 'false' }]));
  s.referAnswered(kept, ok(refer(3)));
  assert.equal(s.receiveNotify(notify('refer;id=3', 'active')).subscription, kept);
});

test('RFC 4488 §4: the REFER-Recipient that honours Refer-Sub: false MUST say so in its 2xx', () => {
  assert.deepEqual(referSubResponseHeaders(refer(1, [{ name: 'refer-sub', value: 'false' }])), { subscribe: false, headers: [{ name: 'refer-sub', value: 'false' }] });
  assert.deepEqual(referSubResponseHeaders(refer(1)), { subscribe: true, headers: [] });
  assert.deepEqual(referSubResponseHeaders(refer(1, [{ name: 'refer-sub', value: 'false' }]), false), { subscribe: true, headers: [] });
});

test('RFC 6665 §4.2.2: the notifier goes pending → active → terminated with reason; nothing after terminated', () => {
  const req = refer(4);
  const dialog = Dialog.asUas(req, ok(req));
  const n = new ReferNotifier(dialog, 4, 'pending');
  assert.equal(n.event, 'refer;id=4');
  const first = n.render({ statusLine: 'SIP/2.0 100 Trying', state: 'pending', expires: 30 });
  assert.equal(first.headers.find((h) => h.name === 'subscription-state')!.value, 'pending;expires=30');
  n.render({ statusLine: 'SIP/2.0 180 Ringing', state: 'active', expires: 30 });
  assert.throws(() => n.render({ statusLine: 'SIP/2.0 180 Ringing', state: 'pending' }), /invalid state transition from active to pending/);
  const last = n.expire();
  assert.equal(last.headers.find((h) => h.name === 'subscription-state')!.value, 'terminated;reason=timeout');
  assert.throws(() => n.render({ statusLine: 'SIP/2.0 200 OK', state: 'active' }), /already terminated/);
  assert.equal(subscriptionStateValue({ state: 'terminated', reason: 'rejected' }), 'terminated;reason=rejected');
});

test('NotifyQueue: the next NOTIFY leaves only after the previous has its final response', () => {
  const q = new NotifyQueue();
  const order: string[] = [];
  const finish: Array<() => void> = [];
  q.push((done) => { order.push('first'); finish.push(done); });
  q.push((done) => { order.push('second'); finish.push(done); });
  assert.deepEqual(order, ['first']);
  finish[0]();
  finish[0]();
  assert.deepEqual(order, ['first', 'second'], 'a second done() from the same send does not skip ahead');
  finish[1]();
  assert.equal(q.pending, 0);
});
