/**
 * The remote adapter: reachability by OPTIONS, digest credentials from the configuration (never
 * shown), passivity. Servers are a scripted UA on loopback and a real baresip.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { UnsupportedAction } from '../../src/endpoints/adapter';
import { BaresipAdapter } from '../../src/endpoints/baresip';
import { RemoteAdapter } from '../../src/endpoints/remote';
import { loadConfig } from '../../src/config';
import { DigestServer, Secret } from '../../src/sip/auth';
import { EnvironmentError, type TraceRecord } from '../../src/sip/transport';
import { UserAgent } from '../../src/sip/useragent';
import { CTX } from './harness';

const SECRET = 'Circle Of Life';
/** The credentials as a run gets them: from SIPWRIGHT_AUTH_* through the configuration. */
const CREDENTIALS = loadConfig({}, { SIPWRIGHT_AUTH_USER: 'Mufasa', SIPWRIGHT_AUTH_PASSWORD: SECRET }).credentials;

/** A scripted SIP server on loopback answering OPTIONS with 200, challenging first (digest, MD5) if `realm`. */
async function server(opts: { realm?: string; password?: string } = {}): Promise<UserAgent & { wire: TraceRecord[] }> {
  const ua = Object.assign(await UserAgent.create({ user: 'pbx', timers: CTX.timers }), { wire: [] as TraceRecord[] });
  ua.onTrace((r) => ua.wire.push(r));
  const guard = opts.realm ? new DigestServer({ realm: opts.realm, algorithms: ['MD5'], users: [{ username: 'Mufasa', password: new Secret(opts.password ?? '') }] }) : undefined;
  ua.onRequest((incoming) => {
    if (guard && !guard.verify(incoming.request).ok) return void ua.respond(incoming, guard.status, { headers: guard.challenge() });
    ua.respond(incoming, 200, { headers: [{ name: 'server', value: 'AcmePBX/7.1' }] });
  });
  return ua;
}

test('remote: start proves the SUT answers OPTIONS and takes its product from Server', async () => {
  const pbx = await server();
  try {
    const sut = new RemoteAdapter({ uri: pbx.uri });
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
    const sut = new RemoteAdapter({ uri: `sip:bob@127.0.0.1:${silent.address().port}`, probeTimeoutMs: 400 });
    const began = Date.now();
    await assert.rejects(sut.start(CTX), (e: unknown) => e instanceof EnvironmentError && /nothing answered at sip:bob@127\.0\.0\.1/.test(e.message));
    assert.ok(Date.now() - began < 1500);
  } finally {
    silent.close();
  }
});

test('remote: digest credentials from the configuration answer a 401; the password never shows', async () => {
  const pbx = await server({ realm: 'pbx.example', password: SECRET });
  try {
    const sut = new RemoteAdapter({ uri: pbx.uri, credentials: CREDENTIALS });
    await sut.start(CTX);
    assert.equal(sut.challenged, true);
    assert.equal(sut.product, 'AcmePBX/7.1');
    assert.equal(inspect(sut).includes(SECRET), false);
    assert.equal(JSON.stringify(sut).includes(SECRET), false);
    assert.deepEqual(pbx.wire.map((r) => r.bytes.toString().split(' ', 2).join(' ')), ['OPTIONS sip:pbx@127.0.0.1:' + pbx.address.port, 'SIP/2.0 401', 'OPTIONS sip:pbx@127.0.0.1:' + pbx.address.port, 'SIP/2.0 200']);
    assert.ok(pbx.wire.every((r) => !r.bytes.toString().includes(SECRET)), 'the password never reaches the wire');
  } finally {
    await pbx.close();
  }
});

test('remote: rejected credentials are an EnvironmentError that does not quote them', async () => {
  const pbx = await server({ realm: 'pbx.example', password: 'something else' });
  try {
    const sut = new RemoteAdapter({ uri: pbx.uri, credentials: CREDENTIALS });
    await assert.rejects(sut.start(CTX), (e: unknown) => e instanceof EnvironmentError && /rejected the credentials/.test(e.message) && !e.message.includes(SECRET));
  } finally {
    await pbx.close();
  }
});

test('remote: configuration errors are explicit', async () => {
  assert.throws(() => new RemoteAdapter({}), /needs the SUT's URI/);
  await assert.rejects(new RemoteAdapter({ uri: 'sip:bob@127.0.0.1;transport=tcp' }).start(CTX), /configured for TCP, but sipwright's stack speaks only UDP/);
  await assert.rejects(new RemoteAdapter({ uri: 'sip:bob@127.0.0.1', transport: 'wss' }).start(CTX), /WSS/);
});

test('remote: a real baresip reached by URI only', async () => {
  const bs = new BaresipAdapter();
  await bs.start(CTX);
  try {
    const sut = new RemoteAdapter({ uri: bs.uri, transport: 'udp' });
    await sut.start(CTX);
    assert.match(sut.product ?? '', /^baresip v1\.0\.0/);
  } finally {
    await bs.stop();
  }
});
