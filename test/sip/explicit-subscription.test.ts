import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerValue, type SipRequest } from '../../src/sip/message';
import {
  NotifyQueue, ReferEventServer, ReferNotifier, ReferSubscriber, referEventsAt, requiresExplicitSub, type ReferSubscription,
} from '../../src/sip/subscription';
import { hostReference } from '../../src/sip/transport';
import { UserAgent, type IncomingRequest } from '../../src/sip/useragent';
import { Condition } from './support/wait';

const TIMERS = { T1: 50, T2: 200, T4: 250 };

function eventServer(bob: UserAgent): void {
  const server = new ReferEventServer(`${hostReference(bob.address.host)}:${bob.address.port}`);
  bob.onRequest((i: IncomingRequest) => {
    if (i.request.method === 'REFER' && requiresExplicitSub(i.request)) return void bob.respond(i, 200, { headers: server.accept().headers });
    if (i.request.method !== 'SUBSCRIBE') return void bob.respond(i, 501);
    const v = server.subscribe(i.request);
    if (v.status !== 200) return void bob.respond(i, v.status, { reason: v.reason });
    bob.respond(i, 200, { headers: [{ name: 'expires', value: String(v.expires) }] });
    const notifier = new ReferNotifier(i.dialog!, undefined);
    const queue = new NotifyQueue();
    const notify = (statusLine: string, final: boolean): void => queue.push((done) => {
      const { headers, body } = notifier.render(final ? { statusLine, state: 'terminated', reason: 'noresource' } : { statusLine, state: 'active', expires: v.expires });
      bob.send(bob.newInDialog(i.dialog!, 'NOTIFY', { headers, body }), { onResponse: (r) => r.status >= 200 && done(), onTimeout: done });
    });
    notify(v.state.progress[v.state.progress.length - 1], false);
    server.update(v.state, 'SIP/2.0 200 OK'); // the referred INVITE succeeded
    notify('SIP/2.0 200 OK', true);
  });
}

test('RFC 7614 §4: a REFER requiring explicitsub gets 200 with Refer-Events-At; a SUBSCRIBE there is notified to the final state', async () => {
  const [alice, bob] = await Promise.all([UserAgent.create({ user: 'alice', timers: TIMERS }), UserAgent.create({ user: 'bob', timers: TIMERS })]);
  eventServer(bob);
  const subscriber = new ReferSubscriber();
  let sub: ReferSubscription | undefined;
  const notifies: number[] = [];
  const done = new Condition(() => sub?.state === 'terminated');
  alice.onRequest((i) => {
    const v = subscriber.receiveNotify(i.request);
    notifies.push(v.status);
    alice.respond(i, v.status, { reason: v.reason });
    done.poke();
  });
  const refer = alice.newRequest('REFER', bob.uri, { headers: [{ name: 'refer-to', value: '<sip:carol@127.0.0.1>' }, { name: 'require', value: 'explicitsub' }] });
  assert.equal(requiresExplicitSub(refer), true);
  let subscribed = false;
  alice.send(refer, { onResponse: (res) => {
    if (res.status !== 200 || subscribed) return;
    subscribed = true;
    const uri = referEventsAt(res)!;
    const subscribe: SipRequest = alice.newRequest('SUBSCRIBE', uri, { headers: [{ name: 'event', value: 'refer' }, { name: 'expires', value: '60' }, { name: 'accept', value: 'message/sipfrag' }] });
    sub = subscriber.subscribeSent(subscribe);
    alice.send(subscribe, { onResponse: (r) => { if (r.status >= 200 && r.status < 300) { alice.adoptDialog(subscribe, r); subscriber.referAnswered(sub!, r); } } });
  } });
  try {
    await done.wait(5000, 'explicit subscription to the final NOTIFY');
    assert.deepEqual(sub!.progress, [100, 200]);
    assert.deepEqual(notifies, [200, 200]);
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('RFC 7614 §4.5: a SUBSCRIBE to an unknown Refer-Events-At URI gets 404, another event package 489', () => {
  const server = new ReferEventServer('127.0.0.1:5060');
  const { state } = server.accept();
  const subscribe = (uri: string, event: string): SipRequest => ({ type: 'request', method: 'SUBSCRIBE', uri, version: 'SIP/2.0', body: Buffer.alloc(0), headers: [{ name: 'event', value: event }] });
  assert.equal(server.subscribe(subscribe('sip:refer-guess@127.0.0.1:5060', 'refer')).status, 404);
  assert.equal(server.subscribe(subscribe(state.uri, 'presence')).status, 489);
  server.update(state, 'SIP/2.0 486 Busy Here');
  const v = server.subscribe(subscribe(state.uri, 'refer'));
  assert.ok(v.status === 200 && v.state.final && v.expires === 0, 'the final state is kept for late subscribers (§4.7)');
  assert.match(state.uri, /^sip:refer-[0-9a-f]{24}@/, 'hard to guess (§4.3)');
  assert.equal(headerValue({ ...subscribe(state.uri, 'refer'), headers: server.accept().headers }, 'refer-events-at')?.startsWith('<sip:refer-'), true);
});
