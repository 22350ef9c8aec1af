// RFC 3261 §7: parsing and serializing requests and responses, and the header helpers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ParseError, addHeader, canonicalName, headerValue, headerValues, parseMessage, removeHeader,
  serializeMessage, setHeader,
} from '../../src/sip/message';

const INVITE = [
  'INVITE sip:bob@example.net SIP/2.0',
  'v: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds, SIP/2.0/TCP proxy.example.com;branch=z9hG4bK1',
  'Max-Forwards: 70',
  'f: "Alice, the first" <sip:alice@example.com>;tag=1928301774',
  't: Bob <sip:bob@example.net>',
  'i: a84b4c76e66710@pc33.example.com',
  'CSeq: 314159 INVITE',
  'm: <sip:alice@pc33.example.com>',
  'Allow: INVITE, ACK,',
  ' BYE',
  'Subject: Hello, world',
  'c: application/sdp',
  'l: 4',
  '',
  'v=0\r\n',
].join('\r\n');

describe('RFC 3261 §7.1, §7.3: a request', () => {
  const msg = parseMessage(INVITE);
  test('start line gives method, Request-URI and SIP-Version', () => {
    assert.equal(msg.type, 'request');
    if (msg.type !== 'request') return;
    assert.equal(msg.method, 'INVITE');
    assert.equal(msg.uri, 'sip:bob@example.net');
    assert.equal(msg.version, 'SIP/2.0');
  });
  test('compact forms are normalised to the long lowercase name (§7.3.3)', () => {
    assert.deepEqual(msg.headers.map((h) => h.name), ['via', 'max-forwards', 'from', 'to', 'call-id', 'cseq', 'contact', 'allow', 'subject', 'content-type', 'content-length']);
  });
  test('folded header lines become one value with a single SP (§7.3.1)', () => {
    assert.equal(headerValue(msg, 'Allow'), 'INVITE');
    assert.deepEqual(headerValues(msg, 'allow'), ['INVITE', 'ACK', 'BYE']);
  });
  test('comma lists split for list headers, not inside quotes, and not for single-value headers', () => {
    assert.equal(headerValues(msg, 'VIA').length, 2);
    assert.deepEqual(headerValues(msg, 'f'), ['"Alice, the first" <sip:alice@example.com>;tag=1928301774']);
    assert.deepEqual(headerValues(msg, 'subject'), ['Hello, world']);
  });
  test('the body is framed by Content-Length and raw keeps the bytes', () => {
    assert.equal(msg.body.toString(), 'v=0\r');
    assert.equal(msg.raw?.toString(), INVITE);
  });
  test('serialize writes Display Case names, values verbatim, headers in order', () => {
    const text = serializeMessage(msg).toString();
    assert.match(text, /^INVITE sip:bob@example\.net SIP\/2\.0\r\nVia: SIP\/2\.0\/UDP pc33/);
    assert.match(text, /\r\nCall-ID: a84b4c76e66710@pc33\.example\.com\r\nCSeq: 314159 INVITE\r\n/);
    assert.match(text, /\r\nFrom: "Alice, the first" <sip:alice@example\.com>;tag=1928301774\r\n/);
    assert.match(text, /\r\nContent-Length: 4\r\n\r\nv=0\r$/);
  });
});

describe('RFC 3261 §7.2: a response', () => {
  const text = 'SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n';
  test('status line gives code and reason phrase', () => {
    const m = parseMessage(Buffer.from(text));
    assert.equal(m.type, 'response');
    if (m.type === 'response') {
      assert.equal(m.status, 180);
      assert.equal(m.reason, 'Ringing');
    }
  });
  test('serialize adds Content-Length equal to the body length when absent (§20.14)', () => {
    const m = parseMessage(text);
    m.body = Buffer.from('hello');
    assert.match(serializeMessage(m).toString(), /\r\nContent-Length: 5\r\n\r\nhello$/);
  });
});

describe('header helpers', () => {
  const base = 'OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nRoute: <sip:p1@h;lr>\r\nRoute: <sip:p2@h;lr>\r\n\r\n';
  test('canonicalName maps compact and mixed-case names', () => {
    assert.equal(canonicalName('v'), 'via');
    assert.equal(canonicalName('Call-Id'), 'call-id');
    assert.equal(canonicalName('r'), 'refer-to');
    assert.equal(canonicalName('X-Custom'), 'x-custom');
  });
  test('setHeader replaces every header of that name in place of the first', () => {
    const m = parseMessage(base);
    setHeader(m, 'route', '<sip:p3@h;lr>');
    assert.deepEqual(headerValues(m, 'Route'), ['<sip:p3@h;lr>']);
    assert.equal(m.headers.findIndex((h) => h.name === 'route'), 5);
    setHeader(m, 'Refer-To', '<sip:c@h>');
    assert.equal(m.headers[m.headers.length - 1].name, 'refer-to');
  });
  test('addHeader appends, or with first inserts before the first of that name', () => {
    const m = parseMessage(base);
    addHeader(m, 'v', 'SIP/2.0/TCP p;branch=z9hG4bK2', { first: true });
    assert.equal(m.headers[0].value, 'SIP/2.0/TCP p;branch=z9hG4bK2');
    addHeader(m, 'Supported', 'replaces');
    assert.equal(m.headers[m.headers.length - 1].name, 'supported');
  });
  test('removeHeader removes every header of that name', () => {
    const m = parseMessage(base);
    removeHeader(m, 'ROUTE');
    assert.deepEqual(headerValues(m, 'route'), []);
    assert.equal(headerValue(m, 'route'), undefined);
  });
});

describe('strict by default: ParseError says what and where', () => {
  const ok = 'Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: x\r\n';
  test('a bad header value gives line, column and header', () => {
    const text = `INVITE sip:b@h SIP/2.0\r\n${ok}CSeq: one INVITE\r\n\r\n`;
    assert.throws(() => parseMessage(text), (e: unknown) => e instanceof ParseError && e.line === 6 && e.column === 7 && e.header === 'cseq' && /line 6, column 7, header cseq/.test(e.message));
  });
  test('RFC 3261 §7: lines end with CRLF; a bare LF is an error, or a finding in lenient mode', () => {
    const text = `INVITE sip:b@h SIP/2.0\n${ok.replace(/\r\n/g, '\n')}CSeq: 1 INVITE\n\n`;
    assert.throws(() => parseMessage(text), /line ends with LF without CR/);
    const m = parseMessage(text, { lenient: true });
    assert.equal(headerValue(m, 'call-id'), 'x');
    assert.ok(m.findings?.some((f) => /LF without CR/.test(f.reason)));
  });
  test('maxSize: a message larger than the maximum is refused', () => {
    assert.throws(() => parseMessage(`INVITE sip:b@h SIP/2.0\r\n${ok}CSeq: 1 INVITE\r\n\r\n`, { maxSize: 20 }), /exceeds the maximum size of 20/);
  });
  test('a header line without ":" is an error (§7.3)', () => {
    assert.throws(() => parseMessage(`INVITE sip:b@h SIP/2.0\r\n${ok}CSeq: 1 INVITE\r\nBogus line\r\n\r\n`), (e: unknown) => e instanceof ParseError && e.line === 7 && /no ":"/.test(e.reason));
  });
});
