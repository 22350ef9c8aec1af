import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traceText, traceTextBuffer } from '../../src/evidence/trace-text';
import { sipHead, summarize } from '../../src/evidence/sip-head';
import { referExchange } from './fixtures';

const records = referExchange({ transport: 'UDP', alice: { host: '192.0.2.10', port: 5060 }, bob: { host: '2001:db8::20', port: 5062 }, callId: 'tt@example.com' });

test('every message appears with index, ISO time, offset, direction, transport and addresses', () => {
  const lines = traceText(records).split('\n').filter((l) => l.startsWith('=== #'));
  assert.deepEqual(lines, [
    '=== #0  2026-11-24T01:02:03.456Z  +0.000 ms  OUT  UDP  192.0.2.10:5060 -> [2001:db8::20]:5062  (' + records[0]!.bytes.length + ' bytes)',
    '=== #1  2026-11-24T01:02:03.458Z  +1.250 ms  IN  UDP  [2001:db8::20]:5062 -> 192.0.2.10:5060  (' + records[1]!.bytes.length + ' bytes)',
    '=== #2  2026-11-24T01:02:03.460Z  +3.500 ms  IN  UDP  [2001:db8::20]:5062 -> 192.0.2.10:5060  (' + records[2]!.bytes.length + ' bytes)',
    '=== #3  2026-11-24T01:02:03.460Z  +4.125 ms  OUT  UDP  192.0.2.10:5060 -> [2001:db8::20]:5062  (' + records[3]!.bytes.length + ' bytes)',
  ]);
});

test('the exact bytes of every message are in the text, CRLF and binary bodies untouched', () => {
  const binary = { ...records[0]!, bytes: Buffer.concat([Buffer.from('MESSAGE sip:x SIP/2.0\r\nContent-Length: 4\r\n\r\n'), Buffer.from([0x00, 0xff, 0xfe, 0x80])]) };
  const all = [...records, binary];
  const text = traceTextBuffer(all);
  let from = 0;
  for (const r of all) {
    const at = text.indexOf(r.bytes, from);
    assert.ok(at > 0, `bytes of a ${summarize(r.bytes)} found after offset ${from}`);
    from = at + r.bytes.length;
  }
  assert.ok(text.includes(Buffer.from('\r\nCSeq: 2 REFER\r\n')));
});

test('an empty trace says so', () => {
  assert.match(traceText([]), /no SIP messages/);
});

test('sipHead reads the start line, headers (compact forms, folding) and body', () => {
  const h = sipHead(Buffer.from('NOTIFY sip:a@b SIP/2.0\r\no: refer;id=2\r\nSubscription-State: active;\r\n expires=60\r\nl: 20\r\n\r\nSIP/2.0 200 OK\r\n'));
  assert.equal(h.kind, 'request');
  assert.equal(h.method, 'NOTIFY');
  assert.equal(h.header('Event'), 'refer;id=2');
  assert.equal(h.header('subscription-state'), 'active; expires=60');
  assert.equal(h.body, 'SIP/2.0 200 OK\r\n');
  const r = sipHead(records[1]!.bytes);
  assert.deepEqual([r.kind, r.status, r.reason, r.header('cseq')], ['response', 202, 'Accepted', '2 REFER']);
  assert.equal(summarize(records[0]!.bytes), 'REFER (CSeq 2 REFER)');
  assert.equal(sipHead(Buffer.from('garbage')).kind, 'unknown');
});
