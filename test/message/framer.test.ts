// RFC 3261 §18.3: Content-Length framing on stream transports; RFC 5626 §3.5.1 keepalives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError, StreamFramer } from '../../src/sip/message';

const msg = (body: string): string => `MESSAGE sip:b@h SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

function collect(maxSize?: number) {
  const out: string[] = [];
  const errors: ParseError[] = [];
  const f = new StreamFramer({ maxSize, onMessage: (b) => out.push(b.toString()), onError: (e) => errors.push(e) });
  return { f, out, errors };
}

describe('RFC 3261 §18.3: stream framing by Content-Length', () => {
  test('a message split over many reads is delivered once, whole', () => {
    const { f, out } = collect();
    const text = msg('hello world');
    for (const ch of text) f.push(Buffer.from(ch));
    assert.deepEqual(out, [text]);
  });
  test('coalesced messages in one read are delivered one by one', () => {
    const { f, out } = collect();
    f.push(Buffer.from(msg('a') + msg('bb') + msg('')));
    assert.deepEqual(out, [msg('a'), msg('bb'), msg('')]);
  });
  test('RFC 5626 §3.5.1: keepalive CRLFCRLF and CRLF between messages are skipped', () => {
    const { f, out } = collect();
    f.push(Buffer.from('\r\n\r\n' + msg('x') + '\r\n'));
    f.push(Buffer.from('\r\n\r\n'));
    f.push(Buffer.from(msg('y')));
    assert.deepEqual(out, [msg('x'), msg('y')]);
  });
  test('a message beyond maxSize gives a clear error', () => {
    const { f, out, errors } = collect(100);
    f.push(Buffer.from(msg('z'.repeat(200))));
    assert.deepEqual(out, []);
    assert.match(errors[0].message, /exceeds the maximum size of 100/);
  });
  test('headers that never end within maxSize give an error', () => {
    const { f, errors } = collect(64);
    f.push(Buffer.from('INVITE sip:b@h SIP/2.0\r\n' + 'X-Filler: 0123456789\r\n'.repeat(5)));
    assert.match(errors[0].message, /no end of headers within 64 octets/);
  });
  test('a stream message without Content-Length is an error (§18.3: mandatory)', () => {
    const { f, errors } = collect();
    f.push(Buffer.from('OPTIONS sip:b@h SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n'));
    assert.match(errors[0].message, /no Content-Length on a stream transport/);
  });
  test('compact l: frames too, and binary bodies are counted in octets', () => {
    const { f, out } = collect();
    const body = Buffer.from([0, 13, 10, 13, 10, 255]);
    const head = Buffer.from('MESSAGE sip:b@h SIP/2.0\r\nl: 6\r\n\r\n');
    f.push(Buffer.concat([head, body, head]));
    f.push(body);
    assert.equal(out.length, 2);
  });
});
