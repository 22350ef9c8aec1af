// RFC 4475 torture messages (../shared/spec/torture, INDEX.tsv): every valid one parses to the right
// structure and round-trips; every invalid one is rejected with the specific reason, and lenient
// mode records that reason as a finding.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ParseError, jsonView, parseMessage, serializeMessage, headerValues, parseUri } from '../../src/sip/message';
import type { SipMessage } from '../../src/sip/message';

const DIR = path.join(__dirname, '..', '..', '..', 'shared', 'spec', 'torture');
const TORTURE = fs.existsSync(DIR) ? DIR : '/work/shared/spec/torture';
const index = fs.readFileSync(path.join(TORTURE, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const load = (name: string): Buffer => fs.readFileSync(path.join(TORTURE, `${name}.dat`));
type View = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions index freely
const view = (name: string): View => jsonView(parseMessage(load(name)));

/** Invalid messages: the specific reason (strict), and whether lenient mode can go on. */
const INVALID: Record<string, { reason: RegExp; header?: string; unrecoverable?: boolean }> = {
  badinv01: { reason: /empty element in comma-separated list/, header: 'via' },
  clerr: { reason: /Content-Length 9999 exceeds the 154 octets/, header: 'content-length' },
  ncl: { reason: /Content-Length is not a non-negative integer: "-999"/, header: 'content-length' },
  scalar02: { reason: /CSeq number 36893488147419103232 exceeds 2\^32-1/, header: 'cseq' },
  scalarlg: { reason: /CSeq number 9292394834772304023312 exceeds 2\^32-1/, header: 'cseq' },
  quotbal: { reason: /unterminated quoted string in display name/, header: 'to' },
  ltgtruri: { reason: /Request-URI must not be enclosed in <>/ },
  lwsruri: { reason: /LWS inside the Request-URI/ },
  lwsstart: { reason: /more than one SP between Request-Line elements/ },
  trws: { reason: /trailing SP at end of Request-Line/ },
  escruri: { reason: /Request-URI must not contain URI headers/ },
  baddate: { reason: /Date time zone must be GMT, not "EST"/, header: 'date' },
  regbadct: { reason: /URI with "\?" must be enclosed in <>/, header: 'contact' },
  badaspec: { reason: /whitespace inside <> around the URI/, header: 'to' },
  baddn: { reason: /unquoted display name "Bell, Alexander" contains ","/, header: 'from' },
  badvers: { reason: /unsupported SIP version SIP\/7\.0/ },
  mismatch01: { reason: /CSeq method INVITE does not match the request method OPTIONS/, header: 'cseq' },
  mismatch02: { reason: /CSeq method INVITE does not match the request method NEWMETHOD/, header: 'cseq' },
  bigcode: { reason: /status code "4294967301" is not 3 digits/, unrecoverable: true },
  insuf: { reason: /missing mandatory header field\(s\): From, To, Call-ID/ },
  multi01: { reason: /more than one CSeq header field/, header: 'cseq' },
  mcl01: { reason: /conflicting Content-Length values 13 and 5/, header: 'content-length' },
  test: { reason: /Request-Line lacks SIP-Version/, unrecoverable: true },
};

/** Valid (and valid-but-odd) messages: what the structure must say. */
const VALID: Record<string, (v: View, m: SipMessage) => void> = {
  wsinv(v) {
    assert.equal(v.headers['max-forwards'][0], 68);
    assert.deepEqual(v.headers.cseq, [{ seq: 9, method: 'INVITE' }]);
    assert.equal(v.headers.from[0].display, 'J Rosenberg \\"');
    assert.equal(v.headers.from[0].params.tag, '98asjd8');
    assert.equal(v.headers.to[0].params.tag, '1918181833n');
    assert.equal(v.headers.via.length, 3);
    assert.deepEqual(v.headers.via[1], { protocol: 'SIP/2.0', transport: 'TCP', host: 'spindle.example.com', params: { branch: 'z9hG4bK9ikj8' } });
    assert.equal(v.headers.via[2].params.branch, 'z9hG4bK30239');
    assert.equal(v.headers.contact[0].display, 'Quoted string ""');
    assert.deepEqual(v.headers.contact[0].params, { newparam: 'newvalue', secondparam: true, q: '0.33' });
    assert.deepEqual(v.headers.subject, ['']);
    assert.deepEqual(v.headers.newfangledheader, ['newfangled value continued newfangled value']);
    assert.deepEqual(v.headers.unknownheaderwithunusualvalue, [';;,,;;,;']);
  },
  intmeth(v, m) {
    assert.equal(v.method, "!interesting-Method0123456789_*+`.%indeed'~");
    assert.equal(v.headers.to[0].display, 'BEL:\x07 NUL:\x00 DEL:\x7f');
    assert.equal(v.headers.from[0].display, "token1~` token2'+_ token3*%!.-");
    assert.equal(v.headers.from[0].params["fromparam''~+*_!.-%"], 'работающий');
    assert.equal(v.headers['call-id'][0], 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    assert.equal(headerValues(m, "extensionHeader-!.%*+_`'~").length, 1);
  },
  esc01(v) {
    assert.equal(parseUri(v.uri).user, 'sips:user@example.com');
    assert.equal(parseUri(v.headers.to[0].uri).user, 'user');
    assert.equal(v.headers.contact[0].uri, 'sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31');
  },
  escnull(v) {
    assert.equal(v.headers.contact.length, 2);
    assert.equal(parseUri(v.headers.to[0].uri).user, 'null-\x00-null');
  },
  esc02(v, m) {
    assert.equal(v.method, 'RE%47IST%45R');
    assert.equal(v.headers.contact.length, 2);
    assert.equal(headerValues(m, 'c%6Fntact').length, 1);
    assert.equal(v.headers.to[0].display, '%Z%45');
  },
  lwsdisp(v) { assert.equal(v.headers.from[0].display, 'caller'); },
  longreq(v) {
    assert.equal(v.headers.via.length, 34);
    assert.equal(v.headers.contact.length, 1);
    assert.ok(v.headers['call-id'][0].length > 100);
  },
  dblreq(v, m) {
    assert.equal(v.method, 'REGISTER');
    assert.equal(m.body.length, 0);
  },
  semiuri(v) {
    assert.equal(parseUri(v.uri).user, 'user;par=u@example.net');
    assert.equal(v.headers.accept.length, 6);
  },
  transports(v) { assert.deepEqual(v.headers.via.map((x: View) => x.transport), ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']); },
  mpart01(v, m) {
    assert.equal(m.body.length, v.headers['content-length'][0]);
    assert.equal(v.headers['content-type'][0].mediaType, 'multipart/mixed');
    assert.equal(v.headers['content-type'][0].params.boundary, '7a9cbec02ceef655');
  },
  unreason(v) { assert.equal(v.status, 200); assert.match(v.reason, /^= 2\*\*3 \* 5\*\*2/); },
  noreason(v) { assert.equal(v.status, 100); assert.equal(v.reason, ''); },
  badbranch(v) { assert.equal(v.headers.via[0].params.branch, 'z9hG4bK'); },
  unkscm(v) { assert.equal(parseUri(v.uri).scheme, 'nobodyknowsthisscheme'); },
  novelsc(v) { assert.equal(parseUri(v.uri).scheme, 'soap.beep'); },
  unksm2(v) {
    assert.equal(v.headers.to[0].uri, 'isbn:2983792873');
    assert.deepEqual(v.headers.contact, [{ uri: 'name:John_Smith', params: {} }]);
  },
  bext01(v) {
    assert.deepEqual(v.headers.require, ['nothingSupportsThis', 'nothingSupportsThisEither']);
    assert.deepEqual(v.headers['proxy-require'], ['noProxiesSupportThis', 'norDoAnyProxiesSupportThis']);
  },
  invut(v) { assert.equal(v.headers['content-type'][0].mediaType, 'application/unknownformat'); },
  regaut01(v) { assert.deepEqual(v.headers.authorization, [{ scheme: 'NoOneKnowsThisScheme', params: { 'opaque-data': 'here' } }]); },
  bcast(v) { assert.equal(v.headers.via[1].host, '255.255.255.255'); },
  zeromf(v) { assert.equal(v.headers['max-forwards'][0], 0); },
  cparam01(v) { assert.deepEqual(v.headers.contact[0].params, { unknownparam: true }); },
  cparam02(v) { assert.deepEqual(v.headers.contact[0].params, {}); assert.match(v.headers.contact[0].uri, /;unknownparam$/); },
  regescrt(v) { assert.equal(v.headers.contact[0].uriHeaders.route, '<sip:sip.example.com>'); },
  sdp01(v) { assert.deepEqual(v.headers.accept, ['text/nobodyKnowsThis']); },
  inv2543(v) {
    assert.equal(v.headers.via[0].params.branch, undefined);
    assert.equal(v.headers.from[0].params.tag, undefined);
    assert.equal(v.headers['content-length'], undefined);
  },
};

/** parse → serialize → parse gives the same view (Content-Length is added when it was absent). */
function assertRoundTrip(name: string): void {
  const first = parseMessage(load(name));
  const again = parseMessage(serializeMessage(first));
  const a = jsonView(first) as View;
  const b = jsonView(again) as View;
  if (a.headers['content-length'] === undefined) delete b.headers['content-length'];
  assert.deepEqual(b, a);
}

describe('RFC 4475 §3.1.1, §3.2, §3.3, §3.4: valid messages parse and round-trip', () => {
  for (const [name, section, expected] of index) {
    if (!expected.startsWith('valid')) continue;
    test(`${section} ${name}: accepted as well-formed`, () => {
      const check = VALID[name];
      assert.ok(check, `no structural check written for ${name}`);
      const m = parseMessage(load(name));
      check(jsonView(m) as View, m);
    });
    test(`${section} ${name}: round-trips through serializeMessage`, () => assertRoundTrip(name));
  }
});

describe('RFC 4475 §3.1.2, §3.3: invalid messages are rejected with the specific reason', () => {
  for (const [name, section, expected] of index) {
    if (expected !== 'invalid') continue;
    const want = INVALID[name];
    test(`${section} ${name}: rejected`, () => {
      assert.ok(want, `no expected reason written for ${name}`);
      assert.throws(() => parseMessage(load(name)), (e: unknown) => {
        assert.ok(e instanceof ParseError, `not a ParseError: ${e}`);
        assert.match(e.reason, want.reason);
        if (want.header) assert.equal(e.header, want.header);
        return true;
      });
    });
    test(`${section} ${name}: lenient mode records the finding`, () => {
      if (want.unrecoverable) {
        assert.throws(() => parseMessage(load(name), { lenient: true }), (e: unknown) => e instanceof ParseError && want.reason.test(e.reason));
        return;
      }
      const m = parseMessage(load(name), { lenient: true });
      assert.ok(m.findings?.some((f) => want.reason.test(f.reason)), `findings: ${JSON.stringify(m.findings)}`);
    });
  }
});

test('every torture file in INDEX.tsv has an expectation', () => {
  for (const [name, , expected] of index) {
    assert.ok(expected === 'invalid' ? INVALID[name] : VALID[name], name);
  }
  assert.equal(view('zeromf').type, 'request');
});
