/**
 * The remote adapter: reachability by OPTIONS, digest credentials from the environment (never
 * shown), passivity. Servers are a scripted UA on loopback and a real baresip.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { UnsupportedAction } from '../../src/endpoints/adapter';
import { BaresipAdapter } from '../../src/endpoints/baresip';
import { digestAuthorization, RemoteAdapter } from '../../src/endpoints/remote';
import { headerValue, parseAuth } from '../../src/sip/message';
import { EnvironmentError } from '../../src/sip/transport';
import { UserAgent } from '../../src/sip/useragent';
import { CTX } from './harness';

const SECRET = 'Circle Of Life';
const ENV = { SIPWRIGHT_AUTH_USER: 'Mufasa', SIPWRIGHT_AUTH_PASSWORD: SECRET };

test('digest response: the RFC 2617 §3.5 example', () => {
  const challenge = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
  const value = digestAuthorization(challenge, 'GET', '/dir/index.html', { user: 'Mufasa', password: SECRET }, '0a4f113b');
  assert.equal(parseAuth(value).params.response, '6629fae49393a05397450978507c4ef1');
  assert.equal(value.includes(SECRET), false);
});

/** A scripted SIP server on loopback: answers OPTIONS with `status`, challenging first if `realm`. */
async function server(opts: { realm?: string; password?: string } = {}): Promise<UserAgent> {
  const ua = await UserAgent.create({ user: 'pbx', timers: CTX.timers });
  ua.onRequest((incoming) => {
    const auth = headerValue(incoming.request, 'authorization');
    if (opts.realm && !auth) {
      return void ua.respond(incoming, 401, { headers: [{ name: 'www-authenticate', value: `Digest realm="${opts.realm}", nonce="abc123", qop="auth", algorithm=MD5` }] });
    }
    if (opts.realm && auth) {
      const p = parseAuth(auth).params as Record<string, string>;
      const expected = digestAuthorization(`Digest realm="${opts.realm}", nonce="abc123", qop="auth"`, 'OPTIONS', p.uri!, { user: 'Mufasa', password: opts.password! }, p.cnonce);
      if (parseAuth(expected).params.response !== p.response) return void ua.respond(incoming, 401, { headers: [{ name: 'www-authenticate', value: `Digest realm="${opts.realm}", nonce="abc124", qop="auth"` }] });
    }
    ua.respond(incoming, 200, { headers: [{ name: 'server', value: 'AcmePBX/7.1' }] });
  });
  return ua;
}

test('remote: start proves the SUT answers OPTIONS and takes its product from Server', async () => {
  const pbx = await server();
  try {
    const sut = new RemoteAdapter({ uri: pbx.uri, env: {} });
    await sut.start(CTX);
    assert.equal(sut.product, 'AcmePBX/7.1');
    assert.equal(sut.uri, pbx.uri);
    assert.deepEqual(sut.address, pbx.address);
    await sut.act('answer', {});
    await assert.rejects(sut.act('refer', { target: 'sip:carol@127.0.0.1' }), UnsupportedAction);
    await sut.stop();
  } finally {
    await pbx.close();
  }
});

test('remote: nothing answering is an EnvironmentError within the deadline', async () => {
  const silent = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  try {
    const sut = new RemoteAdapter({ uri: `sip:bob@127.0.0.1:${silent.address().port}`, probeTimeoutMs: 400, env: {} });
    const began = Date.now();
    await assert.rejects(sut.start(CTX), (e: unknown) => e instanceof EnvironmentError && /nothing answered at sip:bob@127\.0\.0\.1/.test(e.message));
    assert.ok(Date.now() - began < 1500);
  } finally {
    silent.close();
  }
});

test('remote: digest credentials from the environment answer a 401; the password never shows', async () => {
  const pbx = await server({ realm: 'pbx.example', password: SECRET });
  try {
    const sut = new RemoteAdapter({ uri: pbx.uri, env: ENV });
    await sut.start(CTX);
    assert.equal(sut.challenged, true);
    assert.equal(sut.product, 'AcmePBX/7.1');
    assert.equal(inspect(sut).includes(SECRET), false);
    assert.equal(JSON.stringify(sut).includes(SECRET), false);
  } finally {
    await pbx.close();
  }
});

test('remote: rejected credentials are an EnvironmentError that does not quote them', async () => {
  const pbx = await server({ realm: 'pbx.example', password: 'something else' });
  try {
    const sut = new RemoteAdapter({ uri: pbx.uri, env: ENV });
    await assert.rejects(sut.start(CTX), (e: unknown) => e instanceof EnvironmentError && /rejected the credentials/.test(e.message) && !e.message.includes(SECRET));
  } finally {
    await pbx.close();
  }
});

test('remote: configuration errors are explicit', async () => {
  assert.throws(() => new RemoteAdapter({ env: {} }), /needs the SUT's URI/);
  assert.throws(() => new RemoteAdapter({ uri: 'sip:bob@127.0.0.1', env: { SIPWRIGHT_AUTH_USER: 'x' } }), /both SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD/);
  await assert.rejects(new RemoteAdapter({ uri: 'sip:bob@127.0.0.1;transport=tcp', env: {} }).start(CTX), /configured for TCP, but sipwright's stack speaks only UDP/);
  await assert.rejects(new RemoteAdapter({ uri: 'sip:bob@127.0.0.1', transport: 'wss', env: {} }).start(CTX), /WSS/);
});

test('remote: a real baresip reached by URI only', async () => {
  const bs = new BaresipAdapter();
  await bs.start(CTX);
  try {
    const sut = new RemoteAdapter({ uri: bs.uri, transport: 'udp', env: {} });
    await sut.start(CTX);
    assert.match(sut.product ?? '', /^baresip v1\.0\.0/);
  } finally {
    await bs.stop();
  }
});
