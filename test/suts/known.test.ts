import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare, firstLine, loadKnown } from '../../src/runner/known';

// Known results compare findings across runs: what changes from run to run must be masked, what
// the SUT did must not.
test('firstLine masks ports, trace positions, ids and CSeq numbers, and keeps the finding', () => {
  const a = 'AssertionError: [RFC3420-2-a] expected CRLF; seen "SIP/2.0 100 Trying\\n" (at #12 NOTIFY sip:alice@127.0.0.1:40321 (CSeq 12928 NOTIFY))\nmore';
  const b = 'AssertionError: [RFC3420-2-a] expected CRLF; seen "SIP/2.0 100 Trying\\n" (at #9 NOTIFY sip:alice@127.0.0.1:51002 (CSeq 62807 NOTIFY))';
  assert.equal(firstLine(a), '[RFC3420-2-a] expected CRLF; seen "SIP/2.0 100 Trying\\n" (at #N NOTIFY sip:alice@127.0.0.1:PORT (CSeq N NOTIFY))');
  assert.equal(firstLine(a), firstLine(b));
  assert.notEqual(firstLine('seen 202 Accepted (CSeq 2 REFER)'), firstLine('seen 400 Bad Request (CSeq 2 REFER)'));
  assert.equal(firstLine('seen Call-ID DqB-l8fCRm, To: <sip:bob@127.0.0.1>;tag=KYw-CZ-51'), 'seen Call-ID ID, To: <sip:bob@127.0.0.1>;tag=ID');
  assert.equal(firstLine('Refer-To: <sip:carol@127.0.0.1?Replaces=JH1A~pLB%3bfrom-tag%3dqZJf-iZ9d%3bto-tag%3d61fb7bd354a0>'), 'Refer-To: <sip:carol@127.0.0.1?Replaces=ID%3bfrom-tag%3dID%3bto-tag%3dID>');
});

test('compare: an unlisted failure is new, a listed one passing or now skipped no longer fails, another finding is changed', () => {
  const known = [
    { scenario: 'f: a', verdict: 'failed' as const, finding: 'x', reason: 'RFC 1 §1: twenty characters or more' },
    { scenario: 'f: b', verdict: 'failed' as const, finding: 'y', reason: 'RFC 1 §1: twenty characters or more' },
    { scenario: 'f: c', verdict: 'failed' as const, finding: 'z', reason: 'RFC 1 §1: twenty characters or more' },
    { scenario: 'f: d', verdict: 'failed' as const, finding: 'w', reason: 'RFC 1 §1: twenty characters or more' },
  ];
  const diff = compare(known, [
    { id: 'f: a', name: 'a', verdict: 'failed', message: 'AssertionError: x\nrest' },
    { id: 'f: b', name: 'b', verdict: 'passed', message: '' },
    { id: 'f: c', name: 'c', verdict: 'failed', message: 'AssertionError: other' },
    { id: 'f: d', name: 'd', verdict: 'skipped', message: 'no adapter action' },
    { id: 'f: e', name: 'e', verdict: 'broken', message: 'Error: boom' },
  ]);
  assert.deepEqual(diff.newFailures.map((r) => r.id), ['f: e']);
  assert.deepEqual(diff.fixed.map((k) => k.scenario), ['f: b', 'f: d']);
  assert.deepEqual(diff.changed.map((c) => c.known.scenario), ['f: c']);
});

test('compare: which message came last before the deadline of a wait does not change a finding, what was expected does', () => {
  const finding = (expected: string, last: string) => `[RFC3892-5-a] expected ${expected} within 2000 ms; seen nothing matching; last received by Alice: ${last} (#N)`;
  const known = [{ scenario: 'f: a', verdict: 'failed' as const, finding: finding('the final NOTIFY', 'ACK sip:alice@127.0.0.1:PORT (CSeq N ACK)'), reason: 'RFC 1 §1: twenty characters or more' }];
  const now = (message: string) => compare(known, [{ id: 'f: a', name: 'a', verdict: 'failed', message }]).changed.length;
  assert.equal(now(finding('the final NOTIFY', 'NOTIFY sip:alice@127.0.0.1:5072 (CSeq 3 NOTIFY)')), 0);
  assert.equal(now(finding('a 202', 'ACK sip:alice@127.0.0.1:5072 (CSeq 1 ACK)')), 1);
  assert.equal(now('[RFC3892-5-a] expected the final NOTIFY within 2000 ms; seen nothing received by Alice'), 1);
});

test('loadKnown refuses an UNREVIEWED reason, unless asked to let them through (known --update); other errors stay errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipwright-known-'));
  try {
    const file = path.join(dir, 'x.known.json');
    const entry = { scenario: 'f: a', verdict: 'failed', finding: 'x', reason: 'UNREVIEWED: confirm from the RFC text' };
    fs.writeFileSync(file, JSON.stringify({ sut: 'x', product: 'x 1', roles: { transferee: [entry] } }));
    assert.throws(() => loadKnown(file), /\/roles\/transferee\/0\/reason must NOT be valid/);
    assert.equal(loadKnown(file, { unreviewed: true }).roles.transferee?.[0].reason, entry.reason);
    fs.writeFileSync(file, JSON.stringify({ sut: 'x', product: 'x 1', roles: { transferee: [{ ...entry, verdict: 'odd' }] } }));
    assert.throws(() => loadKnown(file, { unreviewed: true }), /\/roles\/transferee\/0\/verdict/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
