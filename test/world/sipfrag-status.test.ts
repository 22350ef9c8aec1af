import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameStatus } from '../../src/world/notify';

// A NOTIFY reports the target's response by its Status-Line; the Reason-Phrase is free text
// (RFC 3261 §7.2, §21), so "SIP/2.0 200 Ok" reports the same 200 as "SIP/2.0 200 OK".
test('a sipfrag status line matches the step by version and code, whatever its reason phrase', () => {
  assert.ok(sameStatus('SIP/2.0 200 Ok', 'SIP/2.0 200 OK'));
  assert.ok(sameStatus('SIP/2.0 486 Busy', 'SIP/2.0 486 Busy Here'));
  assert.ok(sameStatus('SIP/2.0 100', 'SIP/2.0 100 Trying'));
  assert.ok(!sameStatus('SIP/2.0 180 Ringing', 'SIP/2.0 100 Trying'));
  assert.ok(!sameStatus('SIP/2.0 2000 OK', 'SIP/2.0 200 OK'));
  assert.ok(!sameStatus('SIP/3.0 200 OK', 'SIP/2.0 200 OK'));
  assert.ok(!sameStatus('garbage', 'SIP/2.0 200 OK'));
});
