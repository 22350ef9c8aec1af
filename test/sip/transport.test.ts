import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import WebSocket from 'ws';
import { headerValue, type SipRequest } from '../../src/sip/message';
import {
  EnvironmentError, openTransport, responseDestination, stampReceived, StreamTransport,
  type TraceRecord, type TransportKind,
} from '../../src/sip/transport';
import { UserAgent } from '../../src/sip/useragent';
import { testTls } from './support/certs';
import { Condition, until } from './support/wait';

function withVia(via: string): SipRequest {
  return { type: 'request', method: 'OPTIONS', uri: 'sip:x', version: 'SIP/2.0', body: Buffer.alloc(0), headers: [{ name: 'via', value: via }, { name: 'call-id', value: 'c' }] };
}

test('RFC 3581 §4: an rport without value gets the source port, and received is added even when the host agrees', () => {
  const r = withVia('SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK1');
  stampReceived(r, { host: '127.0.0.1', port: 40000 });
  assert.equal(headerValue(r, 'via'), 'SIP/2.0/UDP 127.0.0.1:5070;rport=40000;branch=z9hG4bK1;received=127.0.0.1');
});

test('RFC 3261 §18.2.1: received is added when sent-by is a name or another address, and not when it is the source', () => {
  const named = withVia('SIP/2.0/UDP alice.example:5070;branch=z9hG4bK1, SIP/2.0/UDP p.example;branch=z9hG4bK0');
  stampReceived(named, { host: '::ffff:10.0.0.1', port: 5070 });
  assert.equal(named.headers.filter((h) => h.name === 'via').length, 2, 'a comma list becomes one line per value');
  assert.equal(headerValue(named, 'via'), 'SIP/2.0/UDP alice.example:5070;branch=z9hG4bK1;received=10.0.0.1');
  const same = withVia('SIP/2.0/UDP [::1]:5070;branch=z9hG4bK1');
  stampReceived(same, { host: '::1', port: 5070 });
  assert.equal(headerValue(same, 'via'), 'SIP/2.0/UDP [::1]:5070;branch=z9hG4bK1');
});

test('RFC 3261 §18.2.2 / RFC 3581 §4: responses go to maddr, else received at rport or the sent-by port; over streams to the connection', () => {
  const src = { host: '10.0.0.1', port: 40000 };
  assert.deepEqual(responseDestination(withVia('SIP/2.0/UDP a.example:5070;received=10.0.0.1;rport=40000'), src, false), src);
  assert.deepEqual(responseDestination(withVia('SIP/2.0/UDP a.example:5070;received=10.0.0.1'), src, false), { host: '10.0.0.1', port: 5070 });
  assert.deepEqual(responseDestination(withVia('SIP/2.0/UDP a.example;received=10.0.0.1'), src, false), { host: '10.0.0.1', port: 5060 });
  assert.deepEqual(responseDestination(withVia('SIP/2.0/UDP a.example:5070;maddr=239.1.1.1'), src, false), { host: '239.1.1.1', port: 5070 });
  assert.deepEqual(responseDestination(withVia('SIP/2.0/TCP a.example:5070'), src, true), src);
});

for (const kind of ['udp', 'tcp', 'tls', 'ws', 'wss'] as TransportKind[]) {
  test(`a busy ${kind.toUpperCase()} port is an EnvironmentError naming host and port`, async () => {
    const first = await openTransport(kind, { tls: testTls() });
    try {
      await assert.rejects(openTransport(kind, { port: first.local.port, tls: testTls() }),
        (e: unknown) => e instanceof EnvironmentError && e.message.includes(`127.0.0.1:${first.local.port}`) && /EADDRINUSE/.test(e.message));
    } finally {
      await first.close();
    }
  });
}

test('TLS and WSS without certificate material are an EnvironmentError that says what is missing', async () => {
  await assert.rejects(openTransport('tls'), /TLS needs TLS material/);
  await assert.rejects(openTransport('wss'), /WSS needs TLS material/);
});

for (const kind of ['tcp', 'tls', 'ws', 'wss'] as TransportKind[]) {
  test(`RFC 3261 §18 connection reuse over ${kind.toUpperCase()}: responses and the callee's in-dialog requests use the caller's one connection`, async () => {
    const opts = { transport: kind, tls: testTls(), timers: { T1: 50, T2: 200, T4: 250 } };
    const [alice, bob] = await Promise.all([UserAgent.create({ user: 'alice', ...opts }), UserAgent.create({ user: 'bob', ...opts })]);
    const bobOut: TraceRecord[] = [];
    bob.onTrace((r) => { if (r.direction === 'out') bobOut.push(r); });
    let byeAnswered = false;
    const done = new Condition(() => byeAnswered);
    alice.onRequest((i) => { alice.respond(i, 200); });
    bob.onRequest((i) => {
      bob.respond(i, 200);
      if (i.request.method === 'INVITE') bob.send(bob.newInDialog(i.dialog!, 'BYE'), { onResponse: () => { byeAnswered = true; done.poke(); } });
    });
    try {
      alice.send(alice.newRequest('INVITE', bob.uri));
      await done.wait(5000, 'INVITE then BYE from the callee');
      assert.equal((alice.transport as StreamTransport).connectionCount, 1);
      assert.equal((bob.transport as StreamTransport).connectionCount, 1);
      const ports = new Set(bobOut.map((r) => r.dst.port));
      assert.equal(ports.size, 1, 'every message from Bob went to one remote port');
      assert.notEqual([...ports][0], alice.address.port, 'that port is the connection Alice opened, not her listening port');
      assert.ok(bobOut.every((r) => r.transport === kind.toUpperCase() && r.src.port === bob.address.port));
      assert.match(headerValue(alice.newRequest('OPTIONS', bob.uri), 'contact')!, new RegExp(`;transport=${kind}>$`));
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  });
}

test('RFC 7118 §4.1: a WebSocket handshake without the "sip" subprotocol is refused', async () => {
  const t = await openTransport('ws');
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${t.local.port}`, 'chat');
    const outcome = await new Promise<string>((resolve) => {
      ws.on('error', () => resolve('error'));
      ws.on('close', (code) => resolve(`close ${code}`));
    });
    assert.match(outcome, /error|close 1002/);
  } finally {
    await t.close();
  }
});

test('RFC 3261 §18.3: a stream message without Content-Length is malformed and its connection is closed', async () => {
  const t = await openTransport('tcp');
  const errors: string[] = [];
  const seen = new Condition(() => errors.length > 0);
  t.onMalformed((e) => { errors.push(e.message); seen.poke(); });
  const sock = net.connect(t.local.port, '127.0.0.1');
  const closed = new Promise<void>((r) => sock.on('close', () => r()));
  sock.on('error', () => {});
  try {
    sock.write('OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1\r\n\r\n');
    await seen.wait(2000, 'framing error');
    await closed;
    assert.match(errors[0], /Content-Length/);
  } finally {
    sock.destroy();
    await t.close();
  }
});

test('RFC 3261 §26.2: a TLS peer whose certificate does not chain to the configured CA gets nothing', async () => {
  const good = testTls();
  const server = await openTransport('tls', { tls: good });
  const client = await openTransport('tls', { tls: { ...good, ca: good.cert } }); // trusts only the leaf, not its CA
  let arrived = 0;
  server.onMessage(() => arrived++);
  const out: TraceRecord[] = [];
  client.onTrace((r) => out.push(r));
  const failures: string[] = [];
  const failed = new Condition(() => failures.length > 0);
  (client as StreamTransport).onTransportError((_remote, e) => { failures.push(e.message); failed.poke(); });
  try {
    client.send(Buffer.from('OPTIONS sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n'), server.local);
    await failed.wait(2000, 'the failed handshake is reported');
    assert.match(failures[0], /certificate|issuer/i);
    assert.equal((client as StreamTransport).connectionCount, 0);
    assert.equal(arrived, 0);
    assert.equal(out.length, 0, 'nothing was traced as sent: it never reached the wire');
  } finally {
    await Promise.all([client.close(), server.close()]);
  }
});

test('RFC 3261 §17.1.4: a refused TCP connection ends the client transaction at once instead of at Timer F', async () => {
  const closed = await openTransport('tcp');
  const port = closed.local.port;
  await closed.close(); // nothing listens there any more
  const alice = await UserAgent.create({ user: 'alice', transport: 'tcp', timers: { T1: 500, T2: 4000, T4: 5000 } });
  let timedOut = false;
  const done = new Condition(() => timedOut);
  const started = performance.now();
  try {
    alice.send(alice.newRequest('OPTIONS', `sip:bob@127.0.0.1:${port};transport=tcp`), { onTimeout: () => { timedOut = true; done.poke(); } });
    await done.wait(5000, 'the TU hears of the transport error');
    assert.ok(performance.now() - started < 64 * 500, 'well before Timer F (32 s)');
  } finally {
    await alice.close();
  }
});

test('RFC 3261 §18.2.2: when the request\'s connection has closed, the response goes to received at the sent-by port on a new connection', async () => {
  const [alice, bob] = await Promise.all([openTransport('tcp'), openTransport('tcp')]);
  const responses: number[] = [];
  const got = new Condition(() => responses.length > 0);
  alice.onMessage((m) => { if (m.type === 'response') { responses.push(m.status); got.poke(); } });
  const arrived = new Condition(() => pending !== undefined);
  let pending: { request: SipRequest; src: { host: string; port: number } } | undefined;
  bob.onMessage((m, src) => { if (m.type === 'request') { pending = { request: m, src }; arrived.poke(); } });
  const sock = net.connect(bob.local.port, '127.0.0.1');
  sock.on('error', () => {});
  try {
    sock.write(`OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:${alice.local.port};branch=z9hG4bK77\r\n`
      + 'From: <sip:alice@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>\r\nCall-ID: fb@x\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n');
    await arrived.wait(2000, 'the request');
    sock.destroy();
    await until(() => (bob as StreamTransport).connectionCount === 0, 2000, 'Bob sees the connection close');
    const { request, src } = pending!;
    bob.send({ type: 'response', status: 200, reason: 'OK', version: 'SIP/2.0', headers: request.headers, body: Buffer.alloc(0) }, src);
    await got.wait(2000, 'the response at the sent-by address');
    assert.deepEqual(responses, [200]);
  } finally {
    sock.destroy();
    await Promise.all([alice.close(), bob.close()]);
  }
});
