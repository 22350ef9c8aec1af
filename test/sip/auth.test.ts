import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { DigestClient, DigestServer, Secret, digestResponse } from '../../src/sip/auth';
import { headerValue, setHeader, type SipRequest, type SipResponse } from '../../src/sip/message';
import { UserAgent } from '../../src/sip/useragent';
import { newBranch } from '../../src/sip/dialog';
import { Condition } from './support/wait';

const mufasa = { username: 'Mufasa', password: new Secret('Circle of Life') };
const vector = { username: 'Mufasa', realm: 'http-auth@example.org', password: mufasa.password, method: 'GET', uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v', qop: 'auth' as const, nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' };

test('RFC 7616 §3.9.1: the MD5 and SHA-256 responses of the Mufasa example', () => {
  assert.equal(digestResponse({ ...vector, algorithm: 'MD5' }), '8ca523f5e9506fed4657c9700eebdbec');
  assert.equal(digestResponse({ ...vector, algorithm: 'SHA-256' }), '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
});

test('RFC 2617 §3.5: the qop=auth MD5 example', () => {
  // RFC 2617 spells the password "Circle Of Life" here (RFC 7616 uses "Circle of Life").
  const r = digestResponse({ algorithm: 'MD5', username: 'Mufasa', realm: 'testrealm@host.com', password: new Secret('Circle Of Life'), method: 'GET',
    uri: '/dir/index.html', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', qop: 'auth', nc: '00000001', cnonce: '0a4f113b' });
  assert.equal(r, '6629fae49393a05397450978507c4ef1');
});

test('a Secret never shows its value in String, JSON, inspect or template literals', () => {
  const s = new Secret('Circle of Life');
  for (const shown of [String(s), JSON.stringify({ s }), inspect(s), `${s}`, inspect({ cred: mufasa }, { depth: 5 })]) {
    assert.ok(!shown.includes('Circle'), shown);
  }
});

function invite(): SipRequest {
  return { type: 'request', method: 'INVITE', uri: 'sip:bob@127.0.0.1:5062', version: 'SIP/2.0', body: Buffer.alloc(0), headers: [
    { name: 'via', value: `SIP/2.0/UDP 127.0.0.1:5061;branch=${newBranch()}` }, { name: 'from', value: '<sip:alice@x>;tag=1' },
    { name: 'to', value: '<sip:bob@x>' }, { name: 'call-id', value: 'c@x' }, { name: 'cseq', value: '1 INVITE' }] };
}

function challenged(server: DigestServer, req: SipRequest): SipResponse {
  return { type: 'response', status: server.status, reason: 'Unauthorized', version: 'SIP/2.0', headers: [...req.headers, ...server.challenge()], body: Buffer.alloc(0) };
}

test('RFC 3261 §22.2 / RFC 8760 §2.4: the client answers a 401 with SHA-256 when offered, CSeq one higher, same Call-ID; the server accepts it once', () => {
  const server = new DigestServer({ realm: 'sipwright.test', users: [mufasa] });
  const client = new DigestClient([mufasa]);
  const req = invite();
  const retry = client.authorize(req, challenged(server, req))!;
  assert.match(headerValue(retry, 'authorization')!, /algorithm=SHA-256/);
  assert.equal(headerValue(retry, 'cseq'), '2 INVITE');
  assert.equal(headerValue(retry, 'call-id'), 'c@x');
  assert.deepEqual(server.verify(retry), { ok: true, username: 'Mufasa' });
  assert.equal(server.verify(retry).ok, false, 'the same nc again is a replay');
  assert.ok(!JSON.stringify(retry).includes('Circle'), 'the password is not in the request');
});

test('RFC 3261 §22.3: a 407 is answered with Proxy-Authorization; MD5-only challenges get MD5', () => {
  const server = new DigestServer({ realm: 'proxy.test', users: [mufasa], proxy: true, algorithms: ['MD5'] });
  const req = invite();
  const retry = new DigestClient([mufasa]).authorize(req, challenged(server, req))!;
  assert.equal(headerValue(retry, 'authorization'), undefined);
  assert.match(headerValue(retry, 'proxy-authorization')!, /algorithm=MD5/);
  assert.equal(server.verify(retry).ok, true);
});

test('RFC 2617 §3.2.2: a wrong password, a foreign nonce or a digest-uri that is not the Request-URI is refused', () => {
  const server = new DigestServer({ realm: 'r', users: [mufasa] });
  const req = invite();
  const wrong = new DigestClient([{ username: 'Mufasa', password: new Secret('nope') }]).authorize(req, challenged(server, req))!;
  assert.equal(server.verify(wrong).ok, false);
  const foreign = new DigestClient([mufasa]).authorize(req, challenged(new DigestServer({ realm: 'r', users: [mufasa] }), req))!;
  assert.deepEqual(server.verify(foreign), { ok: false, stale: false, why: 'nonce not issued by this server' });
  const moved = new DigestClient([mufasa]).authorize(req, challenged(server, req))!;
  moved.uri = 'sip:eve@127.0.0.1';
  assert.equal(server.verify(moved).ok, false);
  assert.ok(!JSON.stringify([server.verify(wrong)]).includes('Circle'));
});

test('RFC 3261 §22: INVITE challenged with 401 and REFER with 407 between two UserAgents; no password in any traced byte', async () => {
  const [alice, bob] = await Promise.all([UserAgent.create({ user: 'alice', timers: { T1: 50, T2: 200, T4: 250 } }), UserAgent.create({ user: 'bob', timers: { T1: 50, T2: 200, T4: 250 } })]);
  const wire: Buffer[] = [];
  alice.onTrace((r) => wire.push(r.bytes));
  const www = new DigestServer({ realm: 'bob.test', users: [mufasa] });
  const proxy = new DigestServer({ realm: 'bob.test', users: [mufasa], proxy: true });
  bob.onRequest((incoming) => {
    const guard = incoming.request.method === 'REFER' ? proxy : www;
    if (!guard.verify(incoming.request).ok) return void bob.respond(incoming, guard.status, { headers: guard.challenge() });
    bob.respond(incoming, 200);
  });
  const client = new DigestClient([mufasa]);
  const statuses: string[] = [];
  const answered = new Set<SipRequest>();
  const done = new Condition(() => statuses.includes('REFER 200'));
  const send = (req: SipRequest, then?: (res: SipResponse) => void): void => alice.send(req, {
    onResponse: (res) => {
      if (res.status < 200 || answered.has(req)) return; // a 2xx retransmission: already handled
      answered.add(req);
      statuses.push(`${req.method} ${res.status}`);
      const retry = res.status === 401 || res.status === 407 ? client.authorize(req, res, alice.via()) : undefined;
      if (retry) return send(retry, then);
      then?.(res);
      done.poke();
    },
  });
  const inv = alice.newRequest('INVITE', bob.uri);
  send(inv, (res) => {
    const refer = alice.newInDialog(alice.adoptDialog(inv, res), 'REFER', { headers: [{ name: 'refer-to', value: '<sip:carol@127.0.0.1>' }] });
    send(refer);
  });
  try {
    await done.wait(5000, 'authenticated INVITE and REFER');
    assert.deepEqual(statuses, ['INVITE 401', 'INVITE 200', 'REFER 407', 'REFER 200']);
    assert.ok(wire.every((b) => !b.toString().includes('Circle of Life')), 'the password never reaches the wire');
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});
