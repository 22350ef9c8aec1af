import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ConfigError, loadConfig } from '../../src/config';

test('defaults cast Alice, Bob and Carol and put the reference SUT in the transferee role', () => {
  const c = loadConfig({}, {});
  assert.equal(c.sut, 'reference');
  assert.equal(c.role, 'transferee');
  assert.equal(c.cast.transferee, 'Bob');
});

test('SIPWRIGHT_* environment overrides world parameters', () => {
  const c = loadConfig({ role: 'target' }, { SIPWRIGHT_ROLE: 'transferor', SIPWRIGHT_FAULTS: 'no-notify,refer-403', SIPWRIGHT_DEADLINE_MS: '750' });
  assert.equal(c.role, 'transferor');
  assert.deepEqual(c.faults, ['no-notify', 'refer-403']);
  assert.equal(c.deadlineMs, 750);
});

test('a browser SUT waits 5 s for awaited messages by default, not for silence; a given deadline wins', () => {
  assert.equal(loadConfig({}, {}).deadlineMs, 2000);
  assert.equal(loadConfig({}, { SIPWRIGHT_SUT: 'baresip' }).deadlineMs, 2000);
  const browser = loadConfig({}, { SIPWRIGHT_SUT: 'jssip' });
  assert.equal(browser.deadlineMs, 5000);
  assert.equal(browser.quietMs, 500);
  assert.equal(loadConfig({}, { SIPWRIGHT_SUT: 'sipjs', SIPWRIGHT_DEADLINE_MS: '900' }).deadlineMs, 900);
  assert.equal(loadConfig({ deadlineMs: 1200 }, { SIPWRIGHT_SUT: 'sipjs' }).deadlineMs, 1200);
});

test('an invalid configuration fails at start, listing every problem with its path', () => {
  assert.throws(() => loadConfig({ role: 'proxy', deadlineMs: -1, colour: 'red' }, {}), (err: unknown) => {
    assert.ok(err instanceof ConfigError);
    assert.match(err.message, /\/role must be equal to one of the allowed values/);
    assert.match(err.message, /\/deadlineMs must be >= 1/);
    assert.match(err.message, /must NOT have additional properties/);
    return true;
  });
});

test('a remote SUT URI must be a SIP URI', () => {
  assert.throws(() => loadConfig({}, { SIPWRIGHT_URI: 'http://example.com' }), /\/uri must match pattern/);
});

test('digest credentials come from SIPWRIGHT_AUTH_* only, and the password never shows in the configuration', () => {
  assert.deepEqual(loadConfig({}, {}).credentials, []);
  const c = loadConfig({}, { SIPWRIGHT_AUTH_USER: 'bob', SIPWRIGHT_AUTH_PASSWORD: 'hunter2-secret', SIPWRIGHT_AUTH_REALM: 'pbx.example' });
  assert.equal(c.credentials.length, 1);
  assert.equal(c.credentials[0].username, 'bob');
  assert.equal(c.credentials[0].realm, 'pbx.example');
  for (const shown of [JSON.stringify(c), inspect(c, { depth: 9 }), String(c.credentials[0].password)]) assert.ok(!shown.includes('hunter2'), shown);
  assert.throws(() => loadConfig({ credentials: [{ username: 'bob', password: 'x' }] }, {}), /must NOT have additional properties/, 'not from world parameters');
});

test('half a credential is a configuration error naming the variables, never the value', () => {
  for (const env of [{ SIPWRIGHT_AUTH_USER: 'bob' }, { SIPWRIGHT_AUTH_PASSWORD: 'hunter2-secret' }]) {
    assert.throws(() => loadConfig({}, env), (err: unknown) => err instanceof ConfigError && /set both SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD/.test(err.message) && !err.message.includes('hunter2'));
  }
  assert.throws(() => loadConfig({ role: 'proxy' }, { SIPWRIGHT_AUTH_REALM: 'r' }), (err: unknown) => err instanceof ConfigError && /\/role/.test(err.message) && /SIPWRIGHT_AUTH_REALM is set without/.test(err.message));
});

test('where the scripted parties listen and what TLS trusts come from SIPWRIGHT_HOST/ADVERTISE/PORTS/TLS_*', () => {
  const c = loadConfig({}, { SIPWRIGHT_HOST: '0.0.0.0', SIPWRIGHT_ADVERTISE: '192.0.2.20', SIPWRIGHT_PORTS: '5070-5079', SIPWRIGHT_TLS_CA: '/etc/pbx-ca.pem', SIPWRIGHT_TLS_INSECURE: '1' });
  assert.equal(c.host, '0.0.0.0');
  assert.equal(c.advertise, '192.0.2.20');
  assert.deepEqual(c.ports, { first: 5070, last: 5079 });
  assert.deepEqual(c.tls, { caFile: '/etc/pbx-ca.pem', insecure: true });
  assert.deepEqual(loadConfig({}, { SIPWRIGHT_PORTS: '5070' }).ports, { first: 5070, last: 5070 });
  assert.deepEqual(loadConfig({}, {}).tls, { insecure: false });
  assert.throws(() => loadConfig({}, { SIPWRIGHT_PORTS: '5079-5070' }), /SIPWRIGHT_PORTS must be PORT or FIRST-LAST \(e\.g\. 5070-5079\), not "5079-5070"/);
  assert.throws(() => loadConfig({}, { SIPWRIGHT_TLS_CERT: 'cert.pem' }), /set both SIPWRIGHT_TLS_CERT and SIPWRIGHT_TLS_KEY/);
});
