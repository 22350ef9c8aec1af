import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ladderSvg, messageLabel } from '../../src/evidence/ladder';
import { parseXml, walk, type XmlElement } from '../../src/evidence/xml-lite';
import type { Address } from '../../src/sip/transport/trace';
import { referExchange } from './fixtures';

const alice = { host: '192.0.2.10', port: 5060 };
const bob = { host: '198.51.100.20', port: 5062 };
const records = referExchange({ transport: 'UDP', alice, bob, callId: 'lad@example.com' });
const partyOf = (a: Address): string => (a.port === 5060 ? 'Alice <transferor>' : 'Bob (SUT) & co');

const messages = (root: XmlElement): XmlElement[] => walk(root).filter((e) => e.name === 'g' && /\bmsg\b/.test(e.attrs.class ?? ''));
const texts = (el: XmlElement): string[] => walk(el).filter((e) => e.name === 'text').map((e) => e.text);

test('the ladder is well-formed SVG with one arrow per record, in trace order', () => {
  const root = parseXml(ladderSvg(records, { partyOf, title: 'REFER "blind" <transfer> & NOTIFY' }));
  assert.equal(root.name, 'svg');
  assert.equal(root.attrs.xmlns, 'http://www.w3.org/2000/svg');
  const msgs = messages(root);
  assert.equal(msgs.length, records.length);
  assert.deepEqual(msgs.map((m) => m.attrs['data-index']), ['0', '1', '2', '3']);
  for (const m of msgs) assert.equal(walk(m).filter((e) => e.name === 'line' || e.name === 'path').length, 1, 'exactly one arrow shape per message');
  assert.ok(texts(root).includes('REFER "blind" <transfer> & NOTIFY'), 'title escaped and round-trips');
});

test('parties are columns in order of first appearance, names escaped', () => {
  const root = parseXml(ladderSvg([records[1]!, ...records], { partyOf }));
  const parties = walk(root).filter((e) => e.attrs.class === 'party').map((e) => e.attrs['data-party']);
  assert.deepEqual(parties, ['Bob (SUT) & co', 'Alice <transferor>']);
});

test('arrows point from sender column to receiver column', () => {
  const root = parseXml(ladderSvg(records, { partyOf }));
  const [refer, accepted] = messages(root).map((m) => walk(m).find((e) => e.name === 'line')!);
  assert.ok(Number(refer!.attrs.x2) > Number(refer!.attrs.x1), 'REFER goes Alice → Bob (left to right)');
  assert.ok(Number(accepted!.attrs.x2) < Number(accepted!.attrs.x1), '202 goes Bob → Alice (right to left)');
});

test('labels carry method/status, CSeq, Event, Subscription-State, Refer-To and the sipfrag line', () => {
  assert.deepEqual(messageLabel(records[0]!, 0).slice(0, 2), ['#0 REFER', 'CSeq: 2 REFER']);
  assert.match(messageLabel(records[0]!, 0).join('\n'), /Refer-To: <sip:carol@example\.org\?Replaces=/);
  assert.deepEqual(messageLabel(records[1]!, 1), ['#1 202 Accepted', 'CSeq: 2 REFER']);
  assert.deepEqual(messageLabel(records[2]!, 2), ['#2 NOTIFY', 'CSeq: 1 NOTIFY', 'Event: refer', 'Subscription-State: active;expires=60', 'sipfrag: SIP/2.0 100 Trying']);
  const root = parseXml(ladderSvg(records, { partyOf }));
  assert.ok(texts(messages(root)[0]!).some((t) => t.startsWith('Refer-To: <sip:carol@')), 'Refer-To with < > survives escaping');
  assert.ok(texts(root).includes('+3.500 ms'), 'time offset at the left');
});

test('the failing message, and only it, is marked in red', () => {
  const root = parseXml(ladderSvg(records, { partyOf, failingIndex: 2 }));
  const failing = messages(root).filter((m) => m.attrs['data-failing'] === 'true');
  assert.deepEqual(failing.map((m) => m.attrs['data-index']), ['2']);
  assert.equal(walk(failing[0]!).find((e) => e.name === 'line')!.attrs.stroke, '#c62828');
  const others = messages(root).filter((m) => m !== failing[0]);
  for (const m of others) assert.notEqual(walk(m).find((e) => e.name === 'line')!.attrs.stroke, '#c62828');
  assert.equal(messages(parseXml(ladderSvg(records, { partyOf }))).filter((m) => m.attrs['data-failing']).length, 0);
});

test('odd input stays well-formed: control bytes, non-SIP bytes, self-message, empty trace', () => {
  const odd = { ...records[0]!, dst: alice, bytes: Buffer.from('INFO sip:x SIP/2.0\r\nCSeq: 9 INFO\u0001\u0007]]>\r\n\r\n') };
  const junk = { ...records[1]!, bytes: Buffer.from([0x00, 0x3c, 0x26, 0xff]) };
  const root = parseXml(ladderSvg([odd, junk], { partyOf, failingIndex: 1 }));
  assert.equal(messages(root).length, 2);
  assert.equal(walk(messages(root)[0]!).filter((e) => e.name === 'path').length, 1, 'a self-message is a loop');
  assert.ok(texts(parseXml(ladderSvg([], { partyOf }))).some((t) => /no SIP messages/.test(t)));
});

test('findings that point at no message are drawn in red below the last arrow', () => {
  const root = parseXml(ladderSvg(records, { partyOf, missing: ['[RFC3515-2.4.7-b] expected a final NOTIFY within 2000 ms; seen only "100 Trying"'] }));
  const missing = walk(root).filter((e) => e.name === 'g' && e.attrs.class === 'missing');
  assert.equal(missing.length, 1);
  assert.equal(missing[0]!.attrs['data-failing'], 'true');
  assert.ok(texts(missing[0]!).some((t) => t.includes('expected a final NOTIFY')), texts(missing[0]!).join(' | '));
  const lastArrowY = Math.max(...messages(root).flatMap((m) => walk(m).filter((e) => e.name === 'line').map((e) => Number(e.attrs.y1))));
  assert.ok(Number(walk(missing[0]!).find((e) => e.name === 'rect')!.attrs.y) > lastArrowY, 'below the last arrow');
  assert.ok(Number(root.attrs.height) > Number(walk(missing[0]!).find((e) => e.name === 'rect')!.attrs.y), 'inside the picture');
  assert.equal(walk(parseXml(ladderSvg(records, { partyOf }))).filter((e) => e.attrs.class === 'missing').length, 0);
});
