import { test } from 'node:test';
import assert from 'node:assert/strict';
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
