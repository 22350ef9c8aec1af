/** The UA core (RFC 3261 §8, §12, §13): next hop, URI addresses, dialogs made by REFER, 2xx to INVITE. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { headerValue, headerValues, parseMessage, serializeMessage, type SipRequest } from '../../src/sip/message';
import { addressOf, buildRequest, buildResponse, nextHop, transportOf, UserAgent, type IncomingRequest } from '../../src/sip/useragent';
import { Condition } from './support/wait';

const TIMERS = { T1: 50, T2: 200, T4: 250 };

function withRoutes(uri: string, routes: string[]): SipRequest {
  return buildRequest('BYE', uri, {
    via: 'SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK1', from: '<sip:alice@127.0.0.1>;tag=a', to: '<sip:bob@127.0.0.1>;tag=b',
    callId: 'c@x', cseq: 2, contact: '<sip:alice@127.0.0.1:5061>', headers: routes.map((value) => ({ name: 'route', value })),
  });
}

test('RFC 3261 §16.12 / §8.1.2: a loose first route (lr) is the next hop; without Route the Request-URI is', () => {
  assert.deepEqual(nextHop(withRoutes('sip:bob@10.0.0.9:5090', ['<sip:10.0.0.1:5070;lr>', '<sip:10.0.0.2;lr>'])), { host: '10.0.0.1', port: 5070 });
  assert.deepEqual(nextHop(withRoutes('sip:bob@10.0.0.9:5090', [])), { host: '10.0.0.9', port: 5090 });
});

test('RFC 3261 §12.2.1.1 / §16.12: with a strict first route (no lr) the request goes to the Request-URI, the strict router, not to the first Route', () => {
  // §12.2.1.1 has made the strict router the Request-URI and put the remote target last in Route.
  const req = withRoutes('sip:10.0.0.1:5070', ['<sip:10.0.0.2:5080>', '<sip:bob@10.0.0.9:5090>']);
  assert.deepEqual(nextHop(req), { host: '10.0.0.1', port: 5070 });
});

test('RFC 3261 §12.2.1.1: a BYE in a dialog whose route set starts with a strict router reaches that router, remote target last in Route', async () => {
  const [alice, bob] = await Promise.all([UserAgent.create({ user: 'alice', timers: TIMERS }), UserAgent.create({ user: 'bob', timers: TIMERS })]);
  const router = dgram.createSocket('udp4');
  await new Promise<void>((r) => router.bind(0, '127.0.0.1', r));
  const routerUri = `sip:127.0.0.1:${router.address().port}`;
  const atRouter: SipRequest[] = [];
  const arrived = new Condition(() => atRouter.some((m) => m.method === 'BYE'));
  router.on('message', (b) => { atRouter.push(parseMessage(b) as SipRequest); arrived.poke(); });
  bob.onRequest((incoming) => bob.respond(incoming, 200, { headers: [{ name: 'record-route', value: `<${routerUri}>` }] }));
  try {
    let answered = false;
    const call = new Condition(() => answered);
    const invite = alice.newRequest('INVITE', bob.uri);
    alice.send(invite, { onResponse: (res) => { if (res.status === 200) { answered = true; call.poke(); } } });
    await call.wait(3000, '200 to INVITE');
    const dialog = [...alice.dialogs.values()][0];
    alice.send(alice.newInDialog(dialog, 'BYE'));
    await arrived.wait(3000, 'BYE at the strict router');
    const bye = atRouter.find((m) => m.method === 'BYE')!;
    assert.equal(bye.uri, routerUri);
    assert.deepEqual(headerValues(bye, 'route'), [`<${bob.uri}>`]);
    // Bob never gets the ACK (the router forwards nothing), so his 2xx and Alice's ACK may repeat.
    assert.deepEqual([...new Set(atRouter.map((m) => m.method))], ['ACK', 'BYE'], 'the ACK for the 2xx took the same route');
  } finally {
    router.close();
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('RFC 3261 §19.1.2: a URI\'s default port is 5061 over TLS (sips, transport=tls) and 5060 otherwise; an explicit port wins; maddr overrides the host', () => {
  const cases: [string, string, { host: string; port: number }][] = [
    ['sip:bob@127.0.0.1', 'udp', { host: '127.0.0.1', port: 5060 }],
    ['sips:bob@127.0.0.1', 'tls', { host: '127.0.0.1', port: 5061 }],
    ['sip:bob@127.0.0.1;transport=tls', 'tls', { host: '127.0.0.1', port: 5061 }],
    ['sip:bob@127.0.0.1;transport=TLS', 'tls', { host: '127.0.0.1', port: 5061 }],
    ['sips:bob@127.0.0.1;transport=tcp', 'tls', { host: '127.0.0.1', port: 5061 }],
    ['sip:bob@127.0.0.1;transport=tcp', 'tcp', { host: '127.0.0.1', port: 5060 }],
    ['sip:bob@127.0.0.1:5070;transport=tls', 'tls', { host: '127.0.0.1', port: 5070 }],
    ['sips:bob@[::1]:5090', 'tls', { host: '::1', port: 5090 }],
    ['sips:bob@[::1]', 'tls', { host: '::1', port: 5061 }],
    ['sips:bob@example.com;maddr=127.0.0.2', 'tls', { host: '127.0.0.2', port: 5061 }],
    ['sip:bob@example.com;maddr=127.0.0.2', 'udp', { host: '127.0.0.2', port: 5060 }],
  ];
  for (const [uri, transport, address] of cases) {
    assert.equal(transportOf(uri), transport, uri);
    assert.deepEqual(addressOf(uri), address, uri);
  }
});

/** Bob answers every REFER with 200, adding `Refer-Sub: false` when `grant` says so; returns what he saw. */
async function referPair(grant: (req: SipRequest) => boolean) {
  const [alice, bob] = await Promise.all([UserAgent.create({ user: 'alice', timers: TIMERS }), UserAgent.create({ user: 'bob', timers: TIMERS })]);
  const seen: IncomingRequest[] = [];
  const count = new Condition(() => false);
  bob.onRequest((incoming) => {
    const { request } = incoming;
    bob.respond(incoming, 200, { headers: request.method === 'REFER' && grant(request) ? [{ name: 'refer-sub', value: 'false' }] : [] });
    seen.push(incoming);
    count.poke();
  });
  const send = async (req: SipRequest): Promise<void> => {
    let done = false;
    const c = new Condition(() => done);
    alice.send(req, { onResponse: (res) => { if (res.status >= 200) { done = true; c.poke(); } } });
    await c.wait(3000, `${req.method} answered`);
  };
  return { alice, bob, seen, send, close: () => Promise.all([alice.close(), bob.close()]) };
}

const refer = (ua: UserAgent, target: string, referSub?: string): SipRequest => ua.newRequest('REFER', target, {
  headers: [{ name: 'refer-to', value: '<sip:carol@127.0.0.1>' }, ...(referSub ? [{ name: 'refer-sub', value: referSub }] : [])],
});

test('RFC 4488 §4: a 2xx granting Refer-Sub: false to a REFER outside a dialog creates no dialog; a REFER whose Refer-Sub is not granted does', async () => {
  const p = await referPair((req) => headerValue(req, 'refer-sub') === 'false');
  try {
    await p.send(refer(p.alice, p.bob.uri, 'false'));
    assert.equal(p.bob.dialogs.size, 0, 'no subscription, so no dialog');
    assert.equal(p.seen[0].dialog, undefined);
    await p.send(refer(p.alice, p.bob.uri));
    assert.equal(p.bob.dialogs.size, 1, 'the implicit subscription makes a dialog (RFC 3515 §2.4.4)');
  } finally {
    await p.close();
  }
});

test('RFC 4488 §4: a REFER asking Refer-Sub: false that the recipient does not grant creates the dialog as usual', async () => {
  const p = await referPair(() => false);
  try {
    await p.send(refer(p.alice, p.bob.uri, 'false'));
    assert.equal(p.bob.dialogs.size, 1);
    assert.ok(p.seen[0].dialog);
  } finally {
    await p.close();
  }
});

test('RFC 3261 §12.2.2 / RFC 3515 §2.4.4: a REFER inside a dialog is answered in that dialog and creates no other', async () => {
  const p = await referPair(() => false);
  try {
    const invite = p.alice.newRequest('INVITE', p.bob.uri);
    let dialog: ReturnType<UserAgent['adoptDialog']> | undefined;
    const up = new Condition(() => dialog !== undefined);
    p.alice.send(invite, { onResponse: (res, sent) => { if (res.status === 200) { dialog = p.alice.adoptDialog(sent, res); up.poke(); } } });
    await up.wait(3000, 'call');
    assert.equal(p.bob.dialogs.size, 1);
    await p.send(p.alice.newInDialog(dialog!, 'REFER', { headers: [{ name: 'refer-to', value: '<sip:carol@127.0.0.1>' }] }));
    await p.send(p.alice.newInDialog(dialog!, 'REFER', { headers: [{ name: 'refer-to', value: '<sip:carol@127.0.0.1>' }, { name: 'refer-sub', value: 'false' }] }));
    assert.equal(p.bob.dialogs.size, 1);
    assert.equal(p.seen[1].dialog, p.seen[0].dialog);
  } finally {
    await p.close();
  }
});

test('RFC 3261 §13.2.2.4: retransmissions of a 2xx to INVITE reach the TU once; each re-triggers the same ACK', async () => {
  const alice = await UserAgent.create({ user: 'alice', timers: TIMERS });
  const bob = dgram.createSocket('udp4');
  await new Promise<void>((r) => bob.bind(0, '127.0.0.1', r));
  const acks: Buffer[] = [];
  const threeAcks = new Condition(() => acks.length === 3);
  bob.on('message', (bytes) => {
    const m = parseMessage(bytes);
    if (m.type !== 'request') return;
    if (m.method === 'ACK') { acks.push(bytes); threeAcks.poke(); return; }
    // A UAS whose ACKs get lost: the same 200 three times (§13.3.1.4).
    const ok = serializeMessage(buildResponse(m, 200, { toTag: 'b1', headers: [{ name: 'contact', value: `<sip:bob@127.0.0.1:${bob.address().port}>` }] }));
    for (let i = 0; i < 3; i++) bob.send(ok, alice.address.port, '127.0.0.1');
  });
  try {
    const statuses: number[] = [];
    alice.send(alice.newRequest('INVITE', `sip:bob@127.0.0.1:${bob.address().port}`), { onResponse: (res) => statuses.push(res.status) });
    await threeAcks.wait(3000, 'an ACK per 2xx');
    assert.deepEqual(statuses, [200], 'the TU sees one 2xx');
    assert.ok(acks.every((a) => a.equals(acks[0])), 'the retransmitted ACKs are the same ACK');
    assert.equal(alice.dialogs.size, 1);
  } finally {
    bob.close();
    await alice.close();
  }
});
