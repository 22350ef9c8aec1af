// A 415 to an INVITE whose body is multipart (SDP beside a Referred-By token) is what RFC 3261
// §8.2.3 asks of a UAS that does not understand the body: the token scenarios do not apply. Any
// other refusal, or a 415 to a plain SDP offer, stays a finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, type SipRequest, type SipResponse } from '../../src/sip/message';
import { NotApplicable } from '../../src/endpoints/adapter';
import { skipIfBodyNotTaken } from '../../src/world/calls';

const head = ['Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-1', 'From: <sip:bob@127.0.0.1:5062>;tag=b1', 'To: <sip:carol@127.0.0.1:5063>', 'Call-ID: c1', 'CSeq: 1 INVITE'];
const invite = (type: string) => parseMessage(Buffer.from(['INVITE sip:carol@127.0.0.1:5063 SIP/2.0', ...head, 'Max-Forwards: 70', `Content-Type: ${type}`, 'Content-Length: 0', '', ''].join('\r\n'))) as SipRequest;
const answer = (status: string) => parseMessage(Buffer.from([`SIP/2.0 ${status}`, ...head, 'Content-Length: 0', '', ''].join('\r\n'))) as SipResponse;

test('415 to a multipart INVITE: not applicable, with the clause and what was refused', () => {
  assert.throws(() => skipIfBodyNotTaken(invite('multipart/mixed; boundary=x'), answer('415 Unsupported Media Type'), 'Carol'),
    (e: unknown) => e instanceof NotApplicable && /Carol refused the INVITE's multipart\/mixed body with 415 Unsupported Media Type.*RFC 3261 §8\.2\.3/.test(e.message));
});

test('415 to a plain SDP offer, or another refusal of a multipart INVITE, is left to the step', () => {
  assert.doesNotThrow(() => skipIfBodyNotTaken(invite('application/sdp'), answer('415 Unsupported Media Type'), 'Carol'));
  assert.doesNotThrow(() => skipIfBodyNotTaken(invite('multipart/mixed; boundary=x'), answer('500 Call Error'), 'Carol'));
  assert.doesNotThrow(() => skipIfBodyNotTaken(invite('multipart/mixed; boundary=x'), answer('429 Provide Referrer Identity'), 'Carol'));
});
