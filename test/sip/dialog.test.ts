import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dialog } from '../../src/sip/dialog';
import { headerValue, headerValues, type Header, type SipRequest, type SipResponse } from '../../src/sip/message';
import { buildCancel } from '../../src/sip/transaction';
import { audioSdp, sdpDirection, UserAgent } from '../../src/sip/useragent';
import { Condition } from './support/wait';

const TIMERS = { T1: 50, T2: 200, T4: 250 };

function invite(extra: Header[] = []): SipRequest {
  return { type: 'request', method: 'INVITE', uri: 'sip:bob@b.example', version: 'SIP/2.0', body: Buffer.alloc(0), headers: [
    { name: 'via', value: 'SIP/2.0/UDP a.example;branch=z9hG4bK1' }, { name: 'from', value: '<sip:alice@a.example>;tag=A' },
    { name: 'to', value: '<sip:bob@b.example>' }, { name: 'call-id', value: 'c@a' }, { name: 'cseq', value: '10 INVITE' },
    { name: 'contact', value: '<sip:alice@10.0.0.1>' }, ...extra] };
}

function answer(req: SipRequest, extra: Header[], status = 200): SipResponse {
  const headers = req.headers.map((h) => (h.name === 'to' ? { name: 'to', value: `${h.value};tag=B` } : h)).filter((h) => h.name !== 'contact');
  return { type: 'response', status, reason: 'OK', version: 'SIP/2.0', body: Buffer.alloc(0), headers: [...headers, ...extra] };
}

test('RFC 3261 §12.1.2 / §12.2.1.1: the UAC route set is the Record-Route reversed; a loose first route keeps the remote target as Request-URI', () => {
  const res = answer(invite(), [{ name: 'record-route', value: '<sip:p2.example;lr>, <sip:p1.example;lr>' }, { name: 'contact', value: '<sip:bob@10.0.0.2>' }]);
  const d = Dialog.asUac(invite(), res);
  assert.deepEqual(d.routeSet, ['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
  const bye = d.createRequest('BYE', 'SIP/2.0/UDP a.example;branch=z9hG4bK2', '<sip:alice@10.0.0.1>');
  assert.equal(bye.uri, 'sip:bob@10.0.0.2');
  assert.deepEqual(headerValues(bye, 'route'), ['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
  assert.equal(headerValue(bye, 'cseq'), '11 BYE', 'CSeq one above the INVITE');
});

test('RFC 3261 §12.2.1.1: a strict first route becomes the Request-URI and the remote target goes last in Route', () => {
  const res = answer(invite(), [{ name: 'record-route', value: '<sip:p1.example;method=INVITE>' }, { name: 'contact', value: '<sip:bob@10.0.0.2>' }]);
  const d = Dialog.asUac(invite(), res);
  const bye = d.createRequest('BYE', 'SIP/2.0/UDP a.example;branch=z9hG4bK2', '<sip:alice@10.0.0.1>');
  assert.equal(bye.uri, 'sip:p1.example', 'method is not allowed in a Request-URI (§19.1.1)');
  assert.deepEqual(headerValues(bye, 'route'), ['<sip:bob@10.0.0.2>']);
});

test('RFC 3261 §12.1.1: the UAS route set is the Record-Route in order; its remote target is the request\'s Contact', () => {
  const req = invite([{ name: 'record-route', value: '<sip:p1.example;lr>' }, { name: 'record-route', value: '<sip:p2.example;lr>' }]);
  const d = Dialog.asUas(req, answer(req, []));
  assert.deepEqual(d.routeSet, ['<sip:p1.example;lr>', '<sip:p2.example;lr>']);
  assert.equal(d.remoteTarget, 'sip:alice@10.0.0.1');
  assert.equal(d.remoteSeq, 10);
});

test('RFC 3261 §12.2.2: a request with a CSeq lower than the remote sequence number is out of order; target refreshes update the remote target', () => {
  const req = invite();
  const d = Dialog.asUas(req, answer(req, []));
  const inDialog = (method: string, seq: number, contact?: string): SipRequest => ({ ...req, method, headers: [
    ...req.headers.filter((h) => h.name !== 'cseq' && h.name !== 'contact'), { name: 'cseq', value: `${seq} ${method}` },
    ...(contact ? [{ name: 'contact', value: contact }] : [])] });
  assert.equal(d.receiveRequest(inDialog('INFO', 9)), false, 'lower: 500');
  assert.equal(d.receiveRequest(inDialog('INFO', 10, '<sip:alice@10.0.0.8>')), true);
  assert.equal(d.remoteTarget, 'sip:alice@10.0.0.1', 'INFO is not a target refresh request');
  assert.equal(d.receiveRequest(inDialog('REFER', 11, '<sip:alice@10.0.0.9>')), true);
  assert.equal(d.remoteTarget, 'sip:alice@10.0.0.9', 'REFER is a target refresh request (RFC 4488 §4: with or without Refer-Sub)');
  assert.equal(d.receiveRequest(inDialog('INVITE', 12, '<sip:alice@10.0.0.7>')), true);
  assert.equal(d.remoteTarget, 'sip:alice@10.0.0.7', 're-INVITE refreshes the target');
  assert.equal(d.receiveRequest(inDialog('ACK', 12)), true, 'ACK keeps the INVITE\'s CSeq');
});

test('RFC 3261 §12.2.1.2: a 2xx to a target refresh updates the remote target; a 481 terminates the dialog', () => {
  const d = Dialog.asUac(invite(), answer(invite(), [{ name: 'contact', value: '<sip:bob@10.0.0.2>' }]));
  const reinvite = d.createRequest('INVITE', 'SIP/2.0/UDP a.example;branch=z9hG4bK3', '<sip:alice@10.0.0.1>');
  d.receiveResponse(reinvite, answer(reinvite, [{ name: 'contact', value: '<sip:bob@10.0.0.3>' }]));
  assert.equal(d.remoteTarget, 'sip:bob@10.0.0.3');
  d.receiveResponse(reinvite, answer(reinvite, [], 481));
  assert.equal(d.state, 'terminated');
});

async function pair(): Promise<[UserAgent, UserAgent]> {
  return Promise.all([UserAgent.create({ user: 'alice', timers: TIMERS }), UserAgent.create({ user: 'bob', timers: TIMERS })]);
}

test('RFC 3264 §8.4 / RFC 3261 §14: a re-INVITE holds (a=sendonly → recvonly) and resumes the call in the same dialog', async () => {
  const [alice, bob] = await pair();
  const seen: string[] = [];
  bob.onRequest((i) => {
    if (i.request.method !== 'INVITE') return void bob.respond(i, 200);
    const offered = i.request.body.length ? sdpDirection(i.request.body) : 'sendrecv';
    seen.push(`${i.dialog ? 're-' : ''}INVITE ${offered}`);
    const answerDir = offered === 'sendonly' ? 'recvonly' : offered;
    bob.respond(i, 200, { headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp(bob.address.host, 4002, seen.length, answerDir) });
  });
  const answers: string[] = [];
  const done = new Condition(() => answers.length === 3);
  const send = (req: SipRequest, then: (res: SipResponse) => void): void =>
    alice.send(req, { onResponse: (r) => { if (r.status >= 200 && !answers.includes(`${headerValue(r, 'cseq')}`)) { answers.push(`${headerValue(r, 'cseq')}`); then(r); done.poke(); } } });
  const sdp = (dir: 'sendrecv' | 'sendonly', v: number): { headers: Header[]; body: Buffer } => ({ headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp(alice.address.host, 4000, v, dir) });
  const inv = alice.newRequest('INVITE', bob.uri, sdp('sendrecv', 1));
  try {
    send(inv, (r) => {
      const dialog = alice.adoptDialog(inv, r);
      send(alice.newInDialog(dialog, 'INVITE', sdp('sendonly', 2)), (held) => {
        assert.equal(sdpDirection(held.body), 'recvonly');
        send(alice.newInDialog(dialog, 'INVITE', sdp('sendrecv', 3)), () => {});
      });
    });
    await done.wait(5000, 'call, hold, resume');
    assert.deepEqual(seen, ['INVITE sendrecv', 're-INVITE sendonly', 're-INVITE sendrecv']);
    assert.equal(bob.dialogs.size, 1);
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('RFC 3261 §9: CANCEL of a ringing INVITE between two UserAgents: 200 to the CANCEL, 487 to the INVITE, which the transaction ACKs', async () => {
  const [alice, bob] = await pair();
  bob.onRequest((i) => { if (i.request.method === 'INVITE') bob.respond(i, 180); });
  const got: string[] = [];
  const done = new Condition(() => got.includes('INVITE 487') && got.includes('CANCEL 200'));
  const inv = alice.newRequest('INVITE', bob.uri);
  let ackSeen = false;
  const acked = new Condition(() => ackSeen);
  bob.onTrace((r) => { if (r.direction === 'in' && r.bytes.toString().startsWith('ACK ')) { ackSeen = true; acked.poke(); } });
  try {
    alice.send(inv, { onResponse: (r) => {
      got.push(`INVITE ${r.status}`);
      if (r.status === 180) alice.send(buildCancel(inv), { onResponse: (c) => { got.push(`CANCEL ${c.status}`); done.poke(); } });
      done.poke();
    } });
    await done.wait(5000, 'CANCEL');
    await acked.wait(2000, 'the 487 acknowledged by the INVITE client transaction (§17.1.1.3)');
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('RFC 3261 §12: fifty concurrent dialogs between two UserAgents stay apart and each ends with its own BYE', async () => {
  const [alice, bob] = await pair();
  bob.onRequest((i) => bob.respond(i, 200));
  const byes = new Set<string>();
  const done = new Condition(() => byes.size === 50);
  try {
    for (let n = 0; n < 50; n++) {
      const inv = alice.newRequest('INVITE', bob.uri);
      alice.send(inv, { onResponse: (r) => {
        if (r.status !== 200 || headerValue(r, 'cseq')?.endsWith('BYE')) return;
        const d = alice.adoptDialog(inv, r);
        if (d.localSeq !== parseInt(headerValue(inv, 'cseq')!, 10)) return; // a 2xx retransmission: BYE already sent
        alice.send(alice.newInDialog(d, 'BYE'), { onResponse: (b) => { if (b.status === 200) { byes.add(d.key); done.poke(); } } });
      } });
    }
    await done.wait(30_000, '50 calls and BYEs');
    assert.equal(new Set([...alice.dialogs.values()].map((d) => d.id.callId)).size, 50);
    assert.equal(bob.dialogs.size, 50);
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});
