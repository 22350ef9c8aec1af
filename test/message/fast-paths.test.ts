// The parser's one-pass shortcuts (issue 3) must give what the general grammar gives, and leave
// everything unusual to it: each case sits on the edge between the two.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError, jsonView, parseContentType, parseMessage, parseNameAddr, parseVia, setHeader as setHeader2 } from '../../src/sip/message';
import { HEADERS, PARAMS, setHeader, setParam } from '../../src/sip/message/fast';
import { TOKEN_CODE, TokenTrie } from '../../src/sip/message/intern';
import { fastPathCount, setFastPath } from '../../src/sip/message/parse';
import { MESSAGES } from './fixtures/messages';

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

describe('the one-pass reader (fast.ts) and where it hands over to the general path', () => {
  const outcome = (m: Buffer): string => {
    try {
      return JSON.stringify(jsonView(parseMessage(m)));
    } catch (e) {
      return (e as Error).message;
    }
  };
  /** The outcome both ways (they must agree), and whether the one-pass reader took the whole message. */
  const both = (m: Buffer): { fast: boolean; view: string } => {
    const before = fastPathCount();
    const view = outcome(m);
    const fast = fastPathCount() > before;
    setFastPath(false);
    try {
      assert.equal(view, outcome(m));
    } finally {
      setFastPath(true);
    }
    return { fast, view };
  };

  test('the benchmark messages are read in one pass, sipfrag body included', () => {
    for (const [name, text] of Object.entries(MESSAGES)) {
      const before = fastPathCount();
      both(Buffer.from(text));
      assert.equal(fastPathCount() - before, name === 'NOTIFY' ? 2 : 1, name);
    }
  });
  test('usual shapes in any case and compact form stay in one pass', () => {
    const r = both(msg(['v: SIP/2.0/tcp h2:5061;Branch=z9hG4bK2;RPORT', 'CONTACT: "A" <sip:a@h;transport=tcp>;expires=60',
      'k: timer', 'o: refer;id=3', 'Subscription-State: Active;expires=60', 'Replaces: a@h;to-tag=1;from-tag=2;early-only',
      'c: Message/SIPfrag', 'Refer-To: <sip:c@h?REPLACES=a%40h&X-Y=1>']));
    assert.ok(r.fast);
    assert.match(r.view, /"transport":"TCP"/);
    assert.match(r.view, /"params":\{"branch":"z9hG4bK2","rport":true\}/);
    assert.match(r.view, /"uriHeaders":\{"replaces":"a@h","x-y":"1"\}/);
  });
  test('a value of another shape is read by the general grammar, the message stays in one pass', () => {
    const other = [
      ['Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK3'], ['Via: SIP/2.0/SCTP h ;branch=z9hG4bK3'],
      ['Via: SIP/2.0/X-NEW h;branch=z9hG4bK3'], ['Route: <sip:p1;lr>, <sip:p2;lr>'], ['Contact: Bob <sip:b@h>'],
      ['Contact: "A \\"B\\"" <sip:a@h>'], ['Contact: sip:a@h;expires=5'], ['Contact: <sip:a@h>;q="0.5"'],
      ['Refer-To: <sip:c@h?Re%70laces=x>'], ['Allow:'], ['Expires: 4294967295'], ['X-Custom: a, b'],
    ];
    for (const h of other) assert.equal(both(msg(h)).fast, true, h.join('\r\n'));
  });
  test('anything to report, folding and multi-octet UTF-8 take the general path', () => {
    const general = [['Subject: Zoë'], ['Subject: a', ' folded'], ['Max-Forwards: 1000'], ['Subscription-State: active;expires=x'], ['To: <sip:c@h>']];
    for (const h of general) assert.equal(both(msg(h)).fast, false, h.join('\r\n'));
    assert.equal(both(Buffer.from(msg([]).toString().replace('Content-Length: 0', 'Content-Length: 2'))).fast, false);
  });
  test('every case of setHeader and setParam stores the name it stands for', () => {
    HEADERS.forEach((name, i) => {
      const o: Record<string, unknown[]> = {};
      setHeader(o, i, 'not-this', []);
      assert.deepEqual(Object.keys(o), [name]);
    });
    PARAMS.forEach((name, i) => {
      const o: Record<string, string | true> = {};
      setParam(o, i, 'not-this', true);
      assert.deepEqual(Object.keys(o), [name]);
    });
  });
  test('TokenTrie: whole words only, any case, unknown tokens give undefined', () => {
    const trie = new TokenTrie([['tag', 1], ['to-tag', 2], ['+sip.instance', 3]]);
    const find = (w: string): number | undefined => {
      let st = 1;
      for (let i = 0; i < w.length; i++) st = trie.next[(st << 5) | TOKEN_CODE[w.charCodeAt(i)]];
      return trie.values[st];
    };
    assert.deepEqual(['tag', 'TAG', 'To-Tag', '+SIP.Instance', 'ta', 'tags', 't4g', 'x'].map(find), [1, 1, 2, 3, undefined, undefined, undefined, undefined]);
  });
  test('the view reuses the headers object built while parsing, until a header changes', () => {
    const m = parseMessage(msg(['Subject: a']));
    assert.equal(jsonView(m).headers, jsonView(m).headers);
    setHeader2(m, 'Subject', 'b');
    assert.deepEqual((jsonView(m).headers as Record<string, unknown[]>)['subject'], ['b']);
    m.headers[0].value = 'SIP/2.0/UDP h2;branch=z9hG4bK9';
    assert.equal(((jsonView(m).headers as Record<string, { host: string }[]>)['via'])[0].host, 'h2');
  });
});
