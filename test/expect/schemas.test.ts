/**
 * The schema set and its engine. Views are written by hand exactly per docs/json-view.md, so these
 * tests pin the contract between the parser and the schemas.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SchemaRegistry, SchemaLoadError, UnknownSchemaError, BUILTIN_SCHEMA_DIR } from '../../src/expect/schemas';
import { parseMessage, jsonView } from '../../src/sip/message';

type View = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- hand-written JSON views

const via = { protocol: 'SIP/2.0', transport: 'UDP', host: '127.0.0.1', port: 5061, params: { branch: 'z9hG4bK-1', rport: true } };
const alice = { display: 'Alice', uri: 'sip:alice@127.0.0.1:5061', params: { tag: 'a1' } };
const bob = { uri: 'sip:bob@127.0.0.1:5062', params: { tag: 'b1' } };
const sipfrag = (status: number, reason: string) => ({ type: 'response', status, reason, version: 'SIP/2.0', headers: {}, body: '' });

function request(method: string, headers: View = {}, more: View = {}): View {
  return {
    type: 'request', method, uri: 'sip:bob@127.0.0.1:5062', version: 'SIP/2.0',
    headers: { via: [via], from: [alice], to: [bob], 'call-id': ['c1@127.0.0.1'], cseq: [{ seq: 2, method }], 'max-forwards': [70], ...headers, 'content-length': [0] },
    body: '', ...more,
  };
}

function response(status: number, reason: string, method: string, headers: View = {}): View {
  return {
    type: 'response', status, reason, version: 'SIP/2.0',
    headers: { via: [via], from: [alice], to: [bob], 'call-id': ['c1@127.0.0.1'], cseq: [{ seq: 2, method }], ...headers, 'content-length': [0] },
    body: '',
  };
}

/** A copy of `view` with `change` applied to it. */
function edit(view: View, change: (v: View) => void): View {
  const copy = structuredClone(view);
  change(copy);
  return copy;
}

const contact = { uri: 'sip:alice@127.0.0.1:5061', params: {} };
const referTo = { uri: 'sip:carol@127.0.0.1:5063', params: {} };
const refer = request('REFER', { contact: [contact], 'refer-to': [referTo] });
const referReplaces = edit(refer, (v) => {
  v.headers['refer-to'] = [{ uri: 'sip:carol@127.0.0.1:5063?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2', params: {}, uriHeaders: { replaces: 'abc@h;to-tag=1;from-tag=2' } }];
});
const ok202 = response(202, 'Accepted', 'REFER', { contact: [contact] });
const subState = (state: string, extra: View = {}) => [{ state, ...extra, params: {} }];
const notify = request('NOTIFY', {
  contact: [contact], event: [{ package: 'refer', params: { id: '2' } }],
  'subscription-state': subState('active', { expires: 60 }),
  'content-type': [{ mediaType: 'message/sipfrag', params: { version: '2.0' } }],
}, { body: 'SIP/2.0 100 Trying\r\n', sipfrag: sipfrag(100, 'Trying') });
const notifyFinal = edit(notify, (v) => {
  v.headers['subscription-state'] = subState('terminated', { reason: 'noresource' });
  v.body = 'SIP/2.0 200 OK\r\n';
  v.sipfrag = sipfrag(200, 'OK');
});
const invite = request('INVITE', { contact: [contact], 'content-type': [{ mediaType: 'application/sdp', params: {} }] });
const toTarget = edit(invite, (v) => { v.uri = 'sip:carol@127.0.0.1:5063'; v.headers.to = [{ uri: v.uri, params: {} }]; });
const referredBy = { uri: 'sip:alice@127.0.0.1', params: {} };
const replaces = { callId: 'abc@h', toTag: '1', fromTag: '2', earlyOnly: false, params: {} };

interface Case { bad: View; seen: string; requirement?: string }
const cases: Record<string, { good: View[]; bad: Case[] }> = {
  'sip-request': {
    good: [request('OPTIONS')],
    bad: [
      { bad: edit(request('OPTIONS'), (v) => delete v.headers['max-forwards']), seen: "/headers must have required property 'max-forwards'" },
      { bad: edit(request('OPTIONS'), (v) => { v.headers.via[0].params.branch = '1234'; }), seen: '/headers/via/0/params/branch must match pattern "^z9hG4bK", was "1234"' },
      { bad: edit(request('OPTIONS'), (v) => { v.headers.from.push(alice); }), seen: '/headers/from must NOT have more than 1 items' },
    ],
  },
  'sip-response': {
    good: [response(200, 'OK', 'OPTIONS'), response(100, '', 'INVITE')],
    bad: [{ bad: edit(response(200, 'OK', 'BYE'), (v) => { v.headers['call-id'].push('x'); }), seen: '/headers/call-id must NOT have more than 1 items' }],
  },
  'refer-request': {
    good: [refer, referReplaces, edit(refer, (v) => { v.headers['referred-by'] = [referredBy]; })],
    bad: [
      { bad: edit(refer, (v) => { v.headers['refer-to'].push(referTo); }), seen: '/headers/refer-to must NOT have more than 1 items', requirement: 'RFC3515-2.4.1-a' },
      { bad: edit(refer, (v) => delete v.headers['refer-to']), seen: "/headers must have required property 'refer-to'", requirement: 'RFC3515-2.4.1-a' },
      { bad: edit(refer, (v) => { v.headers.contact.push(contact); }), seen: '/headers/contact must NOT have more than 1 items', requirement: 'RFC3515-2-d' },
      { bad: edit(referReplaces, (v) => { v.headers['refer-to'][0].uriHeaders.replaces = 'abc@h;to-tag=1'; }), seen: "/headers/refer-to/0/uriHeaders/replaces must match the rule's pattern (see the schema), was \"abc@h;to-tag=1\"", requirement: 'RFC3891-6.1-a' },
      { bad: edit(refer, (v) => { v.headers.cseq[0].method = 'INVITE'; }), seen: '/headers/cseq/0/method must be equal to constant "REFER", was "INVITE"' },
    ],
  },
  'refer-target-dialog': {
    good: [edit(refer, (v) => { v.headers.to[0].params = {}; v.headers['target-dialog'] = [{ callId: 'c0@h', localTag: 'b0', remoteTag: 'a0', params: {} }]; })],
    bad: [
      { bad: edit(refer, (v) => { v.headers['target-dialog'] = [{ callId: 'c0@h', localTag: 'b0', remoteTag: 'a0', params: {} }]; }), seen: '/headers/to/0/params/tag must be absent, was "b1"', requirement: 'RFC7647-4-a' },
      { bad: edit(refer, (v) => { v.headers.to[0].params = {}; v.headers['target-dialog'] = ['c0@h;local-tag=b0']; }), seen: '/headers/target-dialog/0 must be object, was "c0@h;local-tag=b0"', requirement: 'RFC4538-3-c' },
    ],
  },
  'refer-2xx': {
    good: [ok202, edit(ok202, (v) => { v.status = 200; v.reason = 'OK'; })],
    bad: [
      { bad: edit(ok202, (v) => { v.status = 201; }), seen: '/status must be equal to one of the allowed values: 200, 202, was 201', requirement: 'RFC3515-2.4.2-g' },
      { bad: edit(ok202, (v) => delete v.headers.contact), seen: "/headers must have required property 'contact'", requirement: 'RFC3515-2.2-b' },
      { bad: edit(ok202, (v) => { v.headers.to[0].params = {}; }), seen: "/headers/to/0/params must have required property 'tag'" },
    ],
  },
  'refer-sub-false-2xx': {
    good: [edit(ok202, (v) => { v.headers['refer-sub'] = [{ value: false, params: {} }]; })],
    bad: [
      { bad: edit(ok202, (v) => { v.headers['refer-sub'] = [{ value: true, params: {} }]; }), seen: '/headers/refer-sub/0/value must be equal to constant false, was true', requirement: 'RFC4488-4-e' },
      { bad: ok202, seen: "/headers must have required property 'refer-sub'", requirement: 'RFC4488-4-e' },
    ],
  },
  'notify-refer': {
    good: [notify, notifyFinal, edit(notify, (v) => { v.headers.event[0].params = {}; v.headers['subscription-state'] = subState('pending', { expires: 30 }); })],
    bad: [
      { bad: edit(notify, (v) => { v.headers['content-type'][0].mediaType = 'text/plain'; delete v.sipfrag; }), seen: '/headers/content-type/0/mediaType must be equal to constant "message/sipfrag", was "text/plain"', requirement: 'RFC3515-2.4.4-d' },
      { bad: edit(notify, (v) => { v.headers.event[0].package = 'presence'; }), seen: '/headers/event/0/package must be equal to constant "refer", was "presence"', requirement: 'RFC3515-2.4.4-c' },
      { bad: edit(notify, (v) => { v.headers.event[0].params.id = 'x'; }), seen: '/headers/event/0/params/id must match pattern "^[0-9]+$", was "x"', requirement: 'RFC3515-2.4.6-a' },
      { bad: edit(notify, (v) => delete v.headers['subscription-state']), seen: "/headers must have required property 'subscription-state'", requirement: 'RFC3515-2.4.7-a' },
      { bad: edit(notify, (v) => { v.headers['subscription-state'] = subState('active'); }), seen: "/headers/subscription-state/0 must have required property 'expires'", requirement: 'RFC6665-4.2.2-d' },
      { bad: edit(notify, (v) => { v.sipfrag = { error: 'no start line' }; }), seen: '/sipfrag/error must be absent, was "no start line"', requirement: 'RFC3420-2-a' },
      { bad: edit(notify, (v) => { v.sipfrag = { ...v.sipfrag, type: 'request', method: 'INVITE', uri: 'sip:carol@h' }; }), seen: '/sipfrag/type must be equal to constant "response", was "request"', requirement: 'RFC3515-2.4.5-a' },
    ],
  },
  'notify-refer-final': {
    good: [notifyFinal],
    bad: [
      { bad: notify, seen: '/headers/subscription-state/0/state must be equal to constant "terminated", was "active"', requirement: 'RFC3515-2.4.7-b' },
      { bad: edit(notifyFinal, (v) => { v.headers['subscription-state'] = subState('terminated', { reason: 'timeout' }); }), seen: '/headers/subscription-state/0/reason must be equal to constant "noresource", was "timeout"', requirement: 'RFC3515-2.4.7-b' },
    ],
  },
  sipfrag: {
    good: [sipfrag(100, 'Trying'), sipfrag(603, 'Declined'), { ...sipfrag(200, 'OK'), headers: { 'content-length': [0] } }],
    bad: [
      { bad: { error: 'not a status line' }, seen: '/error must be absent, was "not a status line"', requirement: 'RFC3420-2-a' },
      { bad: sipfrag(99, 'Odd'), seen: '/status must be >= 100, was 99', requirement: 'RFC3515-2.4.5-a' },
    ],
  },
  invite: {
    good: [invite],
    bad: [{ bad: edit(invite, (v) => { v.headers.contact.push(contact); }), seen: '/headers/contact must NOT have more than 1 items' }],
  },
  'invite-referred': {
    good: [edit(toTarget, (v) => { v.headers['referred-by'] = [referredBy]; })],
    bad: [
      { bad: toTarget, seen: "/headers must have required property 'referred-by'", requirement: 'RFC3892-2.2-a' },
      { bad: edit(invite, (v) => { v.headers['referred-by'] = [referredBy]; }), seen: '/headers/to/0/params/tag must be absent, was "b1"' },
    ],
  },
  'invite-replaces': {
    good: [edit(toTarget, (v) => { v.headers.replaces = [replaces]; })],
    bad: [
      { bad: edit(invite, (v) => { v.headers.replaces = [{ callId: 'abc@h', toTag: '1', earlyOnly: false, params: {} }]; }), seen: "/headers/replaces/0 must have required property 'fromTag'", requirement: 'RFC3891-6.1-a' },
      { bad: edit(invite, (v) => { v.headers.replaces = [replaces, replaces]; }), seen: '/headers/replaces must NOT have more than 1 items', requirement: 'RFC3891-6.1-b' },
      { bad: edit(invite, (v) => { v.headers.replaces = [replaces]; v.uri += '?Replaces=abc%40h'; }), seen: '/uri must match pattern "^[^?]*$", was "sip:bob@127.0.0.1:5062?Replaces=abc%40h"' },
    ],
  },
  bye: {
    good: [request('BYE')],
    bad: [{ bad: edit(request('BYE'), (v) => { v.headers.to[0].params = {}; }), seen: "/headers/to/0/params must have required property 'tag'" }],
  },
  'error-response': {
    good: [response(486, 'Busy Here', 'INVITE'), response(405, 'Method Not Allowed', 'REFER', { allow: ['INVITE', 'BYE'] })],
    bad: [
      { bad: response(200, 'OK', 'INVITE'), seen: '/status must be >= 400, was 200' },
      { bad: response(405, 'Method Not Allowed', 'REFER'), seen: "/headers must have required property 'allow'", requirement: 'RFC3515-2.2-b' },
    ],
  },
};

const registry = SchemaRegistry.loadSync([BUILTIN_SCHEMA_DIR]);
const seenOf = (name: string, view: unknown) => registry.validate(name, view).map((f) => f.seen);

test('every shipped schema compiles and has cases below', () => {
  const messages = registry.names().filter((n) => !n.startsWith('defs/'));
  assert.deepEqual(messages, Object.keys(cases).sort());
});

for (const [name, { good, bad }] of Object.entries(cases)) {
  test(`${name}: conformant views pass`, () => {
    good.forEach((view, i) => assert.deepEqual(seenOf(name, view), [], `good view #${i}`));
  });
  test(`${name}: wrong views fail with a readable line`, () => {
    for (const c of bad) {
      const findings = registry.validate(name, c.bad, { traceIndex: 3 });
      const match = findings.find((f) => f.seen === c.seen);
      assert.ok(match, `expected "${c.seen}" among:\n${findings.map((f) => f.seen).join('\n')}`);
      assert.equal(match.requirement, c.requirement);
      assert.deepEqual(match.where, { traceIndex: 3 });
      assert.ok(match.expected.length > 0 && !match.expected.includes('['));
    }
  });
}

// ---- the registry ---------------------------------------------------------------------------

/** A temporary folder holding `files` (path → content; objects are written as JSON). */
function folder(files: Record<string, string | object>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipwright-schemas-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

const USER = 'https://example.com/schemas';

function loadError(dirs: string[]): SchemaLoadError {
  try {
    SchemaRegistry.loadSync(dirs);
  } catch (err) {
    assert.ok(err instanceof SchemaLoadError, String(err));
    return err;
  }
  assert.fail('expected a SchemaLoadError');
}

test('a JSON syntax error names the file, line and column', () => {
  const dir = folder({ 'broken.json': `{\n  "$id": "${USER}/broken.json",\n  "type": "object",,\n}` });
  const err = loadError([BUILTIN_SCHEMA_DIR, dir]);
  assert.equal(err.file, path.join(dir, 'broken.json'));
  assert.match(err.message, /broken\.json: JSON syntax error at line 3, column 20/);
});

test('a schema that breaks strict mode fails fast naming its file and ajv\'s reason', async () => {
  const dir = folder({ 'sub/odd.json': { $id: `${USER}/odd.json`, type: 'object', requird: ['x'] } });
  await assert.rejects(SchemaRegistry.load([BUILTIN_SCHEMA_DIR, dir]), (err: SchemaLoadError) => {
    assert.equal(err.file, path.join(dir, 'sub', 'odd.json'));
    assert.match(err.message, /odd\.json: strict mode: unknown keyword: "requird"/);
    return true;
  });
});

test('an unresolvable $ref, a missing $id and a duplicate name are each reported against their file', () => {
  const ref = folder({ 'a.json': { $id: `${USER}/a.json`, $ref: 'nowhere.json' } });
  assert.match(loadError([ref]).message, /a\.json: can't resolve reference nowhere\.json/);
  const noId = folder({ 'b.json': { type: 'object' } });
  assert.match(loadError([noId]).message, /b\.json: needs an absolute "\$id"/);
  const twice = folder({ 'bye.json': { $id: `${USER}/bye.json`, type: 'object' } });
  assert.match(loadError([BUILTIN_SCHEMA_DIR, twice]).message, /schema name "bye" is already defined by .*schemas\/bye\.json/);
});

test('an error inside a referenced user schema names that schema, not the one referring to it', () => {
  const dir = folder({
    'defs/part.json': { $id: `${USER}/defs/part.json`, properties: { x: { type: 'string' } } },
    'whole.json': { $id: `${USER}/whole.json`, $ref: 'defs/part.json' },
  });
  const err = loadError([dir]);
  assert.equal(err.file, path.join(dir, 'defs', 'part.json'));
  assert.match(err.message, /strictTypes/);
});

test('a user folder adds an exception schema that $refs one of ours', () => {
  const dir = folder({
    'refer-200-only.json': {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `${USER}/refer-200-only.json`,
      allOf: [
        { $ref: 'https://sipwright.dev/schemas/refer-2xx.json' },
        { type: 'object', properties: { status: { description: 'a 200, never a 202, to accept a REFER (RFC 7647 §5) [RFC7647-5-a]', const: 200 } } },
      ],
    },
  });
  const both = SchemaRegistry.loadSync([BUILTIN_SCHEMA_DIR, dir]);
  assert.ok(both.names().includes('refer-200-only') && both.names().includes('refer-request'));
  assert.deepEqual(both.validate('refer-200-only', edit(ok202, (v) => { v.status = 200; })), []);
  const [finding] = both.validate('refer-200-only', ok202);
  assert.deepEqual(finding, {
    requirement: 'RFC7647-5-a',
    expected: 'a 200, never a 202, to accept a REFER (RFC 7647 §5)',
    seen: '/status must be equal to constant 200, was 202',
    hint: 'inspect /status; the rule is #/allOf/1/properties/status/const in schema "refer-200-only"',
  });
  assert.equal(both.info(`${USER}/refer-200-only.json`).file, path.join(dir, 'refer-200-only.json'));
});

test('an unknown schema name says so, suggests the nearest name and lists the known ones', () => {
  assert.throws(() => registry.validate('refer-reqest', refer), (err: UnknownSchemaError) => {
    assert.ok(err instanceof UnknownSchemaError);
    assert.match(err.message, /unknown schema "refer-reqest" \(check the step for a typo\) — did you mean "refer-request"\?/);
    assert.match(err.message, /known schemas: .*notify-refer-final.*refer-2xx/);
    return true;
  });
});

test('a finding without a description still says which schema and rule', () => {
  const [finding] = registry.validate('defs/cseq', { seq: 1 });
  assert.equal(finding.seen, "/ must have required property 'method'");
  assert.equal(finding.expected, 'the CSeq method, a token (RFC 3261 §20.16)');
  assert.equal(registry.validate('defs/params', 'x')[0].expected, 'parameters as an object: lowercase names, values with quotes removed, true for a parameter without a value (docs/json-view.md; RFC 3261 §7.3.1 generic-param)');
});

test('views made by the message layer from bytes on the wire pass, and a broken Replaces reads clearly', () => {
  const wire = (m: string, extra: string[], body = '') => Buffer.from([
    `${m} sip:carol@127.0.0.1:5063 SIP/2.0`, 'v: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-7;rport', 'Max-Forwards: 70',
    'f: "Bob" <sip:bob@127.0.0.1:5062>;tag=b1', `t: <sip:carol@127.0.0.1:5063>${m === 'INVITE' ? '' : ';tag=c1'}`, 'i: c2@127.0.0.1', `CSeq: 1 ${m}`,
    ...extra, `l: ${Buffer.byteLength(body)}`, '', body].join('\r\n'));
  const view = (bytes: Buffer) => jsonView(parseMessage(bytes, { lenient: true }));
  const invite = ['m: <sip:bob@127.0.0.1:5062>', 'b: <sip:alice@127.0.0.1:5061>', 'Replaces: abc@h;to-tag=1;from-tag=2'];
  for (const name of ['invite-referred', 'invite-replaces']) assert.deepEqual(seenOf(name, view(wire('INVITE', invite))), []);
  const sipfragBody = 'SIP/2.0 200 OK\r\n';
  const final = ['o: refer;id=1', 'Subscription-State: terminated;reason=noresource', 'c: message/sipfrag;version=2.0'];
  assert.deepEqual(seenOf('notify-refer-final', view(wire('NOTIFY', final, sipfragBody))), []);
  const broken = view(wire('INVITE', [...invite.slice(0, 2), 'Replaces: abc@h;to-tag=1']));
  const [finding] = registry.validate('invite-replaces', broken);
  assert.equal(finding.seen, '/headers/replaces/0 must be object, was "abc@h;to-tag=1"');
  assert.equal(finding.requirement, 'RFC3891-6.1-a');
});

test('every requirement id a shipped schema cites is in the catalogue', () => {
  const catalogue = new Set(fs.readFileSync(path.join(__dirname, '..', '..', 'requirements', 'catalogue.tsv'), 'utf8')
    .split('\n').map((line) => line.split('\t')[0]));
  const cited = registry.names().flatMap((n) => [...fs.readFileSync(registry.info(n).file, 'utf8').matchAll(/\[((?:RFC|TS)\d+[^\]\s]*)\]/g)].map((m) => m[1]));
  assert.ok(cited.length > 20);
  assert.deepEqual(cited.filter((id) => !catalogue.has(id)), []);
});
