// Header grammars: RFC 3261 §19.1, §20, §25; RFC 3515, 3891, 3892, 4488, 4538, 6665, 3325.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ParseError, formatNameAddr, formatUri, formatVia, jsonView, parseAuth, parseCSeq, parseEvent,
  parseMessage, parseNameAddr, parseParams, parseReferSub, parseReplaces, parseSubscriptionState,
  parseTargetDialog, parseUri, parseVia,
} from '../../src/sip/message';

describe('RFC 3261 §19.1: SIP and SIPS URIs', () => {
  test('user, password, host, port, parameters and headers', () => {
    assert.deepEqual(parseUri('sips:alice:secret@[2001:db8::1]:5061;transport=tls;LR?Subject=hi%20there&Priority=urgent'), {
      scheme: 'sips', user: 'alice', password: 'secret', host: '[2001:db8::1]', port: 5061,
      params: { transport: 'tls', lr: true }, headers: { subject: 'hi there', priority: 'urgent' },
    });
  });
  test('tel URIs (RFC 3966) and other schemes', () => {
    assert.deepEqual(parseUri('tel:+1-201-555-0123;phone-context=example.com'), { scheme: 'tel', host: '+1-201-555-0123', params: { 'phone-context': 'example.com' }, headers: {} });
    assert.deepEqual(parseUri('urn:service:sos'), { scheme: 'urn', host: 'service:sos', params: {}, headers: {} });
  });
  test('formatUri escapes header values (§19.1.1) and round-trips', () => {
    const u = parseUri('sip:carol@example.net?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2');
    assert.equal(u.headers.replaces, 'abc@h;to-tag=1;from-tag=2');
    assert.equal(formatUri(u), 'sip:carol@example.net?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2');
  });
  test('a URI without host or with LWS is rejected', () => {
    assert.throws(() => parseUri('sip:'), ParseError);
    assert.throws(() => parseUri('sip:a@h ;lr'), /not allowed in URI/);
    assert.throws(() => parseUri('sip:h:99999'), /bad port/);
  });
});

describe('RFC 3261 §20.10, §25.1: name-addr and addr-spec', () => {
  test('quoted display name with escapes, URI, header params', () => {
    assert.deepEqual(parseNameAddr('"A \\"B\\"" <sip:a@h;lr>;tag=x;Expires=60'), { display: 'A "B"', uri: 'sip:a@h;lr', params: { tag: 'x', expires: '60' } });
  });
  test('token display name and no display name', () => {
    assert.deepEqual(parseNameAddr('Bob  Smith <sip:b@h>'), { display: 'Bob  Smith', uri: 'sip:b@h', params: {} });
    assert.deepEqual(parseNameAddr('<sip:b@h>'), { uri: 'sip:b@h', params: {} });
  });
  test('addr-spec: ;params belong to the header, not the URI', () => {
    assert.deepEqual(parseNameAddr('sip:b@h;tag=9'), { uri: 'sip:b@h', params: { tag: '9' } });
  });
  test('Refer-To with embedded ?Replaces= (RFC 3515 §2.1, RFC 3891 §7.1): uriHeaders decoded', () => {
    const na = parseNameAddr('<sip:carol@h?Replaces=12%40h%3Bto-tag%3D7%3Bfrom-tag%3D8&Require=replaces>');
    assert.deepEqual(na.uriHeaders, { replaces: '12@h;to-tag=7;from-tag=8', require: 'replaces' });
  });
  test('formatNameAddr always uses <> and quotes the display name', () => {
    assert.equal(formatNameAddr({ display: 'A "B"', uri: 'sip:a@h', params: { tag: 'x', lr: true } }), '"A \\"B\\"" <sip:a@h>;tag=x;lr');
  });
  test('unquoted display names with non-token characters are rejected', () => {
    assert.throws(() => parseNameAddr('Bell, Alexander <sip:a@h>'), /must be a quoted string/);
  });
});

describe('RFC 3261 §20.42: Via', () => {
  test('sent-protocol, sent-by, params; LWS around "/" allowed', () => {
    assert.deepEqual(parseVia('SIP / 2.0 / udp [2001:db8::9]:5070 ;branch=z9hG4bK1;received=2001:db8::1;rport'), {
      protocol: 'SIP/2.0', transport: 'UDP', host: '[2001:db8::9]', port: 5070,
      params: { branch: 'z9hG4bK1', received: '2001:db8::1', rport: true },
    });
  });
  test('formatVia round-trips', () => {
    assert.equal(formatVia(parseVia('SIP/2.0/TCP h:5060;branch=z9hG4bKx;rport')), 'SIP/2.0/TCP h:5060;branch=z9hG4bKx;rport');
  });
  test('a Via without host is rejected', () => assert.throws(() => parseVia('SIP/2.0/UDP ;branch=x'), /no sent-by host/));
});

describe('RFC 3261 §20.16, §25.1: CSeq and generic params', () => {
  test('CSeq gives seq and method', () => assert.deepEqual(parseCSeq('0042  REFER'), { seq: 42, method: 'REFER' }));
  test('CSeq beyond 2^32-1 is rejected (§8.1.1.5)', () => assert.throws(() => parseCSeq('4294967296 INVITE'), /exceeds/));
  test('parseParams lowercases names, removes quotes, valueless is true', () => {
    assert.deepEqual(parseParams(' ; A=b ;lr; q="x;y"'), { a: 'b', lr: true, q: 'x;y' });
  });
});

describe('transfer headers', () => {
  test('RFC 6665 §8.2.1: Event with id', () => assert.deepEqual(parseEvent('refer;id=93809824'), { package: 'refer', params: { id: '93809824' } }));
  test('RFC 6665 §8.2.3: Subscription-State with reason, expires, retry-after', () => {
    assert.deepEqual(parseSubscriptionState('Terminated;reason=NoResource;retry-after=30'), {
      state: 'terminated', reason: 'noresource', retryAfter: 30, params: { reason: 'NoResource', 'retry-after': '30' },
    });
    assert.equal(parseSubscriptionState('active;expires=60').expires, 60);
  });
  test('RFC 4488 §4: Refer-Sub is true or false', () => {
    assert.deepEqual(parseReferSub('false'), { value: false, params: {} });
    assert.throws(() => parseReferSub('maybe'), /"true" or "false"/);
  });
  test('RFC 3891 §6.1: Replaces needs to-tag and from-tag; early-only flag', () => {
    assert.deepEqual(parseReplaces('98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only'), {
      callId: '98732@sip.example.com', toTag: 'ff87ff', fromTag: 'r33th4x0r', earlyOnly: true,
      params: { 'from-tag': 'r33th4x0r', 'to-tag': 'ff87ff', 'early-only': true },
    });
    assert.throws(() => parseReplaces('98732@h;to-tag=1'), /lacks from-tag/);
  });
  test('RFC 4538 §7: Target-Dialog needs local-tag and remote-tag', () => {
    assert.deepEqual(parseTargetDialog('7743@h;local-tag=a;remote-tag=b'), { callId: '7743@h', localTag: 'a', remoteTag: 'b', params: { 'local-tag': 'a', 'remote-tag': 'b' } });
    assert.throws(() => parseTargetDialog('7743@h;local-tag=a'), /lacks remote-tag/);
  });
  test('RFC 3261 §22.4, §25.1: credentials and challenges are {scheme, params}; token68 is redacted', () => {
    assert.deepEqual(parseAuth('Digest username="alice", realm="example.com", nonce="n1", uri="sip:h", response="abc", algorithm=MD5'), {
      scheme: 'Digest', params: { username: 'alice', realm: 'example.com', nonce: 'n1', uri: 'sip:h', response: 'abc', algorithm: 'MD5' },
    });
    assert.deepEqual(parseAuth('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=='), { scheme: 'Basic', params: {}, token68: '[redacted]' });
  });
});

describe('the JSON view of transfer headers', () => {
  const text = [
    'REFER sip:bob@h SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'From: <sip:a@h>;tag=1', 'To: <sip:bob@h>;tag=2',
    'Call-ID: c1', 'CSeq: 2 REFER', 'Max-Forwards: 70', 'r: <sip:carol@h?Replaces=x%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>',
    'b: "Alice" <sip:a@h>', 'Refer-Sub: false', 'Target-Dialog: c1;local-tag=1;remote-tag=2', 'u: refer, dialog',
    'P-Asserted-Identity: "Alice" <sip:a@h>, <tel:+15551234>', 'Supported: norefersub, replaces', 'Expires: 60',
    'Contact: *', 'Content-Length: 0', '', '',
  ].join('\r\n');
  const h = jsonView(parseMessage(text)).headers as Record<string, unknown[]>;
  test('every header is an array of structured values', () => {
    assert.deepEqual(h['refer-to'], [{ uri: 'sip:carol@h?Replaces=x%40h%3Bto-tag%3D1%3Bfrom-tag%3D2', params: {}, uriHeaders: { replaces: 'x@h;to-tag=1;from-tag=2' } }]);
    assert.deepEqual(h['referred-by'], [{ display: 'Alice', uri: 'sip:a@h', params: {} }]);
    assert.deepEqual(h['refer-sub'], [{ value: false, params: {} }]);
    assert.deepEqual(h['target-dialog'], [{ callId: 'c1', localTag: '1', remoteTag: '2', params: { 'local-tag': '1', 'remote-tag': '2' } }]);
    assert.deepEqual(h['allow-events'], [{ package: 'refer', params: {} }, { package: 'dialog', params: {} }]);
    assert.deepEqual(h['p-asserted-identity'], [{ display: 'Alice', uri: 'sip:a@h', params: {} }, { uri: 'tel:+15551234', params: {} }]);
    assert.deepEqual(h.supported, ['norefersub', 'replaces']);
    assert.deepEqual(h.expires, [60]);
    assert.deepEqual(h.contact, [{ star: true }]);
    assert.deepEqual(h['max-forwards'], [70]);
  });
});
