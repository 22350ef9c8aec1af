// The parser's one-pass shortcuts (issue 3) must give what the general grammar gives, and leave
// everything unusual to it: each case sits on the edge between the two.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError, jsonView, parseContentType, parseMessage, parseNameAddr, parseVia } from '../../src/sip/message';

const msg = (headers: string[], body = ''): Buffer => Buffer.from([
  'OPTIONS sip:bob@example.net SIP/2.0',
  'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
  'From: <sip:a@h>;tag=1', 'To: <sip:b@h>', 'Call-ID: c1', 'CSeq: 1 OPTIONS',
  ...headers, `Content-Length: ${Buffer.byteLength(body)}`, '', body,
].join('\r\n'));

const headers = (m: Buffer): Record<string, unknown[]> => jsonView(parseMessage(m)).headers as Record<string, unknown[]>;

function throwsAt(f: () => unknown, reason: RegExp, column?: number): void {
  assert.throws(f, (e: unknown) => e instanceof ParseError && reason.test(e.reason) && (column === undefined || e.column === column));
}

describe('token lists (Allow, Supported…): RFC 3261 §7.3.1, §25.1', () => {
  test('LWS around commas is dropped, elements are the tokens', () => {
    assert.deepEqual(headers(msg(['Allow: INVITE ,ACK,\tBYE']))['allow'], ['INVITE', 'ACK', 'BYE']);
  });
  test('an empty element or a non-token element is still an error, at its column', () => {
    throwsAt(() => parseMessage(msg(['Allow: INVITE,,ACK'])), /empty element/, 15);
    throwsAt(() => parseMessage(msg(['Supported: timer,'])), /empty element/);
    throwsAt(() => parseMessage(msg(['Require: a"b'])), /Require element "a"b" is not a token/);
  });
  test('an empty Supported is an empty list (§20.37)', () => {
    assert.deepEqual(headers(msg(['Supported:']))['supported'], []);
  });
});

describe('name-addr: RFC 3261 §20.10, §25.1', () => {
  test('a quoted display name with or without quoted-pairs', () => {
    assert.equal(parseNameAddr('"Alice" <sip:a@h>').display, 'Alice');
    assert.equal(parseNameAddr('"A \\"B\\"" <sip:a@h>').display, 'A "B"');
    throwsAt(() => parseNameAddr('"Alice <sip:a@h>'), /unterminated quoted string/, 1);
  });
  test('URI headers are found after the userinfo only', () => {
    assert.deepEqual(parseNameAddr('<sip:c@h?Replaces=1%40h%3Bto-tag%3D2&require=replaces>').uriHeaders, { replaces: '1@h;to-tag=2', require: 'replaces' });
    assert.equal(parseNameAddr('<sip:a?b@h>').uriHeaders, undefined);
    assert.deepEqual(parseNameAddr('<sips:c@h?X%41=1>').uriHeaders, { xa: '1' });
  });
  test('key order of the element is display, uri, params, uriHeaders', () => {
    assert.deepEqual(Object.keys(parseNameAddr('"A" <sip:c@h?Replaces=x>;tag=1')), ['display', 'uri', 'params', 'uriHeaders']);
    assert.deepEqual(Object.keys(parseNameAddr('<sip:c@h>')), ['uri', 'params']);
  });
  test('whitespace, forbidden chars or a missing ">" in <> are errors, in the order checked', () => {
    throwsAt(() => parseNameAddr('< sip:a@h>'), /whitespace inside <>/, 2);
    throwsAt(() => parseNameAddr('<sip:a b@h>'), /not allowed in URI/, 7);
    throwsAt(() => parseNameAddr('<sip:a@h'), /without matching ">"/, 1);
    throwsAt(() => parseNameAddr('<sip:a|b@h> x'), /not allowed in URI/, 7);
    throwsAt(() => parseNameAddr('<a@h>'), /no scheme/, 2);
  });
  test('parameter names are lowercased whether or not they are common ones', () => {
    assert.deepEqual(parseNameAddr('<sip:a@h>;TAG=X;Tag2;tag3=Y').params, { tag: 'X', tag2: true, tag3: 'Y' });
  });
});

describe('Via (RFC 3261 §20.42) and Content-Type (§20.15)', () => {
  test('transport is uppercased, common or not', () => {
    assert.equal(parseVia('SIP/2.0/udp h').transport, 'UDP');
    assert.equal(parseVia('SIP/2.0/Tls h:5061').transport, 'TLS');
    assert.equal(parseVia('SIP/2.0/ws h').transport, 'WS');
    assert.equal(parseVia('SIP/2.0/x-new h').transport, 'X-NEW');
  });
  test('port present or absent, shape kept', () => {
    assert.deepEqual(Object.keys(parseVia('SIP/2.0/UDP h:5060;rport')), ['protocol', 'transport', 'host', 'port', 'params']);
    assert.deepEqual(Object.keys(parseVia('SIP/2.0/UDP h;rport')), ['protocol', 'transport', 'host', 'params']);
  });
  test('media type lowercased, LWS around "/" dropped', () => {
    assert.equal(parseContentType('Application/SDP').mediaType, 'application/sdp');
    assert.equal(parseContentType('text / plain;charset=utf-8').mediaType, 'text/plain');
  });
});

describe('start line and layout (RFC 3261 §7.1, §7.5, §18.3)', () => {
  test('exactly three elements with single SPs; anything else is reported', () => {
    throwsAt(() => parseMessage(Buffer.from(msg([]).toString().replace('OPTIONS sip', 'OPTIONS  sip'))), /more than one SP/);
    throwsAt(() => parseMessage(Buffer.from(msg([]).toString().replace(' SIP/2.0\r\n', ' SIP/2.0 \r\n'))), /trailing SP/);
  });
  test('multi-octet UTF-8 before the body: octet offsets still frame the body', () => {
    const m = msg(['Subject: Zoë’s call', 'Content-Type: text/plain'], 'héllo\r\n');
    const v = jsonView(parseMessage(m));
    assert.equal(v.body, 'héllo\r\n');
    assert.deepEqual((v.headers as Record<string, unknown[]>)['subject'], ['Zoë’s call']);
  });
  test('the body in the view is the body after the message was parsed, even if replaced', () => {
    const parsed = parseMessage(msg(['Content-Type: text/plain'], 'one'));
    assert.equal(jsonView(parsed).body, 'one');
    parsed.body = Buffer.from('two');
    assert.equal(jsonView(parsed).body, 'two');
  });
  test('keepalive CRLFs before the start line are skipped, header names found in any case', () => {
    const v = jsonView(parseMessage(Buffer.concat([Buffer.from('\r\n\r\n'), msg(['call-info: <http://h/x>', 'X-Custom: 1'])])));
    assert.deepEqual(Object.keys(v.headers as object), ['via', 'from', 'to', 'call-id', 'cseq', 'call-info', 'x-custom', 'content-length']);
  });
});
