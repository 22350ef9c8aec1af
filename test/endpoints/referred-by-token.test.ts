import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakSignature, contentIdOf, multipart, partHeader, signToken, splitMultipart, tokenSipfrag, verifyToken } from '../../src/endpoints/referred-by-token';

const fields = [{ name: 'Refer-To', value: '<sip:carol@127.0.0.1:5070>' }, { name: 'Referred-By', value: '<sip:alice@127.0.0.1>;cid="t1@127.0.0.1"' }, { name: 'Date', value: 'Tue, 24 Nov 2026 05:00:00 GMT' }];

test('a signed token verifies, carries its Content-ID, and survives a multipart/mixed round trip', async () => {
  const token = await signToken(fields, 't1@127.0.0.1');
  assert.equal(partHeader(token, 'content-id'), contentIdOf('"t1@127.0.0.1"'));
  const mixed = multipart('mixed', [{ headers: [{ name: 'Content-Type', value: 'application/sdp' }], body: Buffer.from('v=0\r\n') }, token]);
  const parts = splitMultipart(mixed.contentType, mixed.body);
  assert.equal(parts.length, 2);
  assert.equal(partHeader(parts[0], 'content-type'), 'application/sdp');
  assert.equal(await verifyToken(parts[1]), true);
  assert.match(tokenSipfrag(parts[1])!.body.toString(), /^Refer-To: <sip:carol@127\.0\.0\.1:5070>\r\nReferred-By: .*\r\nDate: Tue, 24 Nov 2026/);
});

test('a token with a flipped signature byte, or an altered sipfrag, does not verify', async () => {
  const token = await signToken(fields, 't2@127.0.0.1');
  assert.equal(await verifyToken(breakSignature(token)), false);
  const altered = { headers: token.headers, body: Buffer.from(token.body.toString('latin1').replace('carol@', 'dave@'), 'latin1') };
  assert.equal(await verifyToken(altered), false);
});

test('a body that is not multipart has no parts', () => {
  assert.deepEqual(splitMultipart('application/sdp', Buffer.from('v=0\r\n')), []);
  assert.deepEqual(splitMultipart('multipart/mixed', Buffer.from('--x\r\n\r\n--x--')), []);
});
