// The JSON view (docs/json-view.md) and message/sipfrag bodies (RFC 3420).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError, jsonView, parseMessage, parseSipfrag, setHeader } from '../../src/sip/message';
import { setFastPath } from '../../src/sip/message/parse';

const REFER = [
  'REFER sip:bob@127.0.0.1:5062 SIP/2.0',
  'Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1;rport',
  'From: "Alice" <sip:alice@127.0.0.1:5061>;tag=a1',
  'To: <sip:bob@127.0.0.1:5062>;tag=b1',
  'Call-ID: c1@127.0.0.1',
  'CSeq: 2 REFER',
  'Max-Forwards: 70',
  'Contact: <sip:alice@127.0.0.1:5061>',
  'Refer-To: <sip:carol@127.0.0.1:5063?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>',
  'Content-Length: 0', '', '',
].join('\r\n');

describe('docs/json-view.md', () => {
  test('the example in the document is exactly the view of its REFER', () => {
    assert.deepEqual(jsonView(parseMessage(REFER)), {
      type: 'request', method: 'REFER', uri: 'sip:bob@127.0.0.1:5062', version: 'SIP/2.0',
      headers: {
        via: [{ protocol: 'SIP/2.0', transport: 'UDP', host: '127.0.0.1', port: 5061, params: { branch: 'z9hG4bK-1', rport: true } }],
        from: [{ display: 'Alice', uri: 'sip:alice@127.0.0.1:5061', params: { tag: 'a1' } }],
        to: [{ uri: 'sip:bob@127.0.0.1:5062', params: { tag: 'b1' } }],
        'call-id': ['c1@127.0.0.1'],
        cseq: [{ seq: 2, method: 'REFER' }],
        'max-forwards': [70],
        contact: [{ uri: 'sip:alice@127.0.0.1:5061', params: {} }],
        'refer-to': [{ uri: 'sip:carol@127.0.0.1:5063?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2', params: {}, uriHeaders: { replaces: 'abc@h;to-tag=1;from-tag=2' } }],
        'content-length': [0],
      },
      body: '',
    });
  });
  test('the view follows changes made after parsing', () => {
    const m = parseMessage(REFER);
    jsonView(m);
    setHeader(m, 'CSeq', '3 REFER');
    assert.deepEqual((jsonView(m).headers as Record<string, unknown>).cseq, [{ seq: 3, method: 'REFER' }]);
    m.headers[0].value = 'SIP/2.0/TCP h;branch=z9hG4bK-2';
    assert.equal(((jsonView(m).headers as Record<string, Array<{ transport: string }>>).via[0]).transport, 'TCP');
  });
  test('a response view has status and reason, and content-type is {mediaType, params}', () => {
    const v = jsonView(parseMessage('SIP/2.0 202 Accepted\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: c\r\nCSeq: 2 REFER\r\nContent-Type: Application/SDP;charset=UTF-8\r\nContent-Length: 0\r\n\r\n'));
    assert.equal(v.status, 202);
    assert.equal(v.reason, 'Accepted');
    assert.deepEqual((v.headers as Record<string, unknown>)['content-type'], [{ mediaType: 'application/sdp', params: { charset: 'UTF-8' } }]);
  });
});

const NOTIFY = (frag: string): string => [
  'NOTIFY sip:a@h SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK3', 'From: <sip:b@h>;tag=2', 'To: <sip:a@h>;tag=1',
  'Call-ID: c', 'CSeq: 3 NOTIFY', 'Event: refer;id=2', 'Subscription-State: terminated;reason=noresource',
  'Content-Type: message/sipfrag;version=2.0', `Content-Length: ${Buffer.byteLength(frag)}`, '', frag,
].join('\r\n');

describe('RFC 3420: message/sipfrag', () => {
  test('RFC 3515 §2.4.5: the NOTIFY body is shown as a fragment view', () => {
    const v = jsonView(parseMessage(NOTIFY('SIP/2.0 200 OK\r\n')));
    assert.deepEqual(v.sipfrag, { type: 'response', status: 200, reason: 'OK', version: 'SIP/2.0', headers: {}, body: '' });
    assert.deepEqual((v.headers as Record<string, unknown>).event, [{ package: 'refer', params: { id: '2' } }]);
  });
  test('a fragment that cannot be parsed appears as {error}', () => {
    const v = jsonView(parseMessage(NOTIFY('SIP/2.0 200 OK')));
    assert.match((v.sipfrag as { error: string }).error, /sipfrag status line lacks CRLF/);
  });
  test('RFC 3420 §2: a fragment may carry headers and a body, and no header is mandatory', () => {
    const m = parseSipfrag('INVITE sip:alice@example.com SIP/2.0\r\nContact: <sip:alice@h>\r\n\r\nhello');
    assert.equal(m.type, 'request');
    assert.equal(m.headers[0].name, 'contact');
    assert.equal(m.body.toString(), 'hello');
  });
  test('"sipfrag status line lacks CRLF": ParseError when strict, finding when lenient', () => {
    assert.throws(() => parseSipfrag('SIP/2.0 100 Trying'), (e: unknown) => e instanceof ParseError && e.reason.startsWith('sipfrag status line lacks CRLF'));
    const m = parseSipfrag('SIP/2.0 100 Trying', { lenient: true });
    assert.equal(m.type === 'response' && m.status, 100);
    assert.match(m.findings?.[0].reason ?? '', /sipfrag status line lacks CRLF/);
  });
  test('an empty fragment is refused', () => assert.throws(() => parseSipfrag(''), /empty sipfrag/));
});

// Names come off the wire; a plain object would take "__proto__" as its prototype (dropping the
// value, or throwing a TypeError where a grammar is looked up) and find "constructor" inherited.
describe('names that are also Object.prototype properties', () => {
  for (const name of ['__proto__', 'constructor', 'toString']) {
    for (const fast of [true, false]) {
      test(`${name} as a header, a parameter and a URI header is kept (${fast ? 'one-pass reader' : 'general path'})`, () => {
        setFastPath(fast);
        try {
          const text = [
            `REFER sip:bob@example.com;${name}=u SIP/2.0`,
            `Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK1;${name}=v`,
            `From: <sip:alice@example.com>;tag=1;${name}=f`, 'To: <sip:bob@example.com>', 'Call-ID: c1', 'CSeq: 1 REFER',
            'Max-Forwards: 70', `Refer-To: <sip:carol@example.com?${name}=h>`, `Event: refer;${name}=e`,
            `${name}: one`, `${name}: two`, 'Content-Length: 0', '', '',
          ].join('\r\n');
          const v = JSON.parse(JSON.stringify(jsonView(parseMessage(Buffer.from(text))))) as { headers: Record<string, { params?: Record<string, string>; uriHeaders?: Record<string, string> }[]> };
          const h = v.headers;
          const key = name.toLowerCase();
          assert.deepEqual(Object.getOwnPropertyDescriptor(h, key)?.value, ['one', 'two']);
          assert.equal(Object.getOwnPropertyDescriptor(h.via[0].params, key)?.value, 'v');
          assert.equal(Object.getOwnPropertyDescriptor(h.from[0].params, key)?.value, 'f');
          assert.equal(Object.getOwnPropertyDescriptor(h.event[0].params, key)?.value, 'e');
          assert.equal(Object.getOwnPropertyDescriptor(h['refer-to'][0].uriHeaders, key)?.value, 'h');
          assert.equal(Object.getPrototypeOf(h.via[0].params), Object.prototype);
        } finally {
          setFastPath(true);
        }
      });
    }
  }
});
