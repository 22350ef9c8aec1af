/**
 * Digest authentication in the UA core (RFC 3261 §22.2, §22.3; RFC 7616; RFC 8760) between two
 * UserAgents over real UDP on loopback: the caller's UA answers 401/407 itself with configured
 * credentials; the far end challenges with src/sip/auth's DigestServer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { loadConfig } from '../../src/config';
import { DigestServer, Secret, type DigestAlgorithm } from '../../src/sip/auth';
import { headerValue, headerValues, parseAuth, parseCSeq, parseMessage, type SipMessage, type SipRequest, type SipResponse } from '../../src/sip/message';
import type { TraceRecord } from '../../src/sip/transport';
import { UserAgent } from '../../src/sip/useragent';
import { traceText } from '../../src/evidence/trace-text';
import { writePcapng } from '../../src/evidence/pcapng';
import { ladderSvg } from '../../src/evidence/ladder';
import { Condition } from './support/wait';

const PASSWORD = 'Zebra-Stripes-9f3a';
const TIMERS = { T1: 50, T2: 200, T4: 250 };
const REALM = 'bob.test';
/** What a run gets from SIPWRIGHT_AUTH_USER / SIPWRIGHT_AUTH_PASSWORD. */
const configured = (password = PASSWORD) => loadConfig({}, { SIPWRIGHT_AUTH_USER: 'alice', SIPWRIGHT_AUTH_PASSWORD: password }).credentials;

interface Bench {
  alice: UserAgent;
  bob: UserAgent;
  /** Every message on the wire, as both UAs traced it. */
  trace: TraceRecord[];
  /** Requests Bob received, in order. */
  received: SipRequest[];
  close(): Promise<void>;
}

/** Alice (with credentials) and Bob, who challenges every request `guards` names until it carries valid credentials. */
async function bench(guards: Record<string, DigestServer>, password = PASSWORD): Promise<Bench> {
  const [alice, bob] = await Promise.all([
    UserAgent.create({ user: 'alice', timers: TIMERS, credentials: configured(password) }),
    UserAgent.create({ user: 'bob', timers: TIMERS }),
  ]);
  const trace: TraceRecord[] = [];
  const received: SipRequest[] = [];
  alice.onTrace((r) => trace.push(r));
  bob.onTrace((r) => trace.push(r));
  bob.onAck((ack) => received.push(ack));
  bob.onRequest((incoming) => {
    received.push(incoming.request);
    const guard = guards[incoming.request.method];
    if (guard) {
      const verdict = guard.verify(incoming.request);
      if (!verdict.ok) return void bob.respond(incoming, guard.status, { headers: guard.challenge(verdict.stale) });
    }
    bob.respond(incoming, 200);
  });
  return { alice, bob, trace, received, close: () => Promise.all([alice.close(), bob.close()]).then(() => {}) };
}

/** Sends `request` from Alice and resolves with the final response and the request it answers. */
function final(alice: UserAgent, request: SipRequest): Promise<{ res: SipResponse; sent: SipRequest; finals: number }> {
  let got: { res: SipResponse; sent: SipRequest; finals: number } | undefined;
  const done = new Condition(() => got !== undefined);
  let finals = 0;
  alice.send(request, {
    onResponse: (res, sent) => {
      if (res.status < 200) return;
      finals++;
      got = { res, sent, finals };
      done.poke();
    },
  });
  return done.wait(5000, `final response to ${request.method}`).then(() => got!);
}

const guard = (algorithm: DigestAlgorithm, proxy: boolean, users = [{ username: 'alice', password: new Secret(PASSWORD) }]): DigestServer =>
  new DigestServer({ realm: REALM, algorithms: [algorithm], proxy, users });

/** Records with distinct bytes: a retransmission repeats its message byte for byte. */
const distinct = (trace: TraceRecord[]): TraceRecord[] => trace.filter((r, i) => trace.findIndex((x) => x.bytes.equals(r.bytes)) === i);

const parsed = (trace: TraceRecord[]): SipMessage[] => trace.filter((r) => r.direction === 'out').map((r) => parseMessage(r.bytes));

for (const algorithm of ['MD5', 'SHA-256'] as const) {
  for (const [inviteStatus, referStatus] of [[401, 407], [407, 401]] as const) {
    test(`RFC 3261 §22.2/§22.3, RFC 8760: INVITE challenged with ${inviteStatus} and REFER with ${referStatus} (${algorithm}) are sent again once with credentials; the caller sees only the 200`, async () => {
      const b = await bench({ INVITE: guard(algorithm, inviteStatus === 407), REFER: guard(algorithm, referStatus === 407) });
      try {
        const invite = b.alice.newRequest('INVITE', b.bob.uri);
        const call = await final(b.alice, invite);
        assert.equal(call.res.status, 200);
        const auth = (m: SipMessage, status: number): string | undefined => headerValue(m, status === 407 ? 'proxy-authorization' : 'authorization');
        // §22.2: same Call-ID and From tag, CSeq one up, a new branch; qop=auth, nc=1, the offered algorithm.
        const retried = call.sent;
        assert.notEqual(retried, invite);
        assert.equal(headerValue(retried, 'call-id'), headerValue(invite, 'call-id'));
        assert.equal(headerValue(retried, 'from'), headerValue(invite, 'from'));
        assert.equal(parseCSeq(headerValue(retried, 'cseq')!).seq, parseCSeq(headerValue(invite, 'cseq')!).seq + 1);
        assert.notEqual(headerValues(retried, 'via')[0], headerValues(invite, 'via')[0]);
        const p = parseAuth(auth(retried, inviteStatus)!).params;
        assert.deepEqual([p.username, p.realm, p.algorithm, p.qop, p.nc, p.uri], ['alice', REALM, algorithm, 'auth', '00000001', invite.uri]);

        const dialog = [...b.alice.dialogs.values()][0];
        const refer = b.alice.newInDialog(dialog, 'REFER', { headers: [{ name: 'refer-to', value: '<sip:carol@127.0.0.1>' }] });
        const transfer = await final(b.alice, refer);
        assert.equal(transfer.res.status, 200);
        assert.ok(auth(transfer.sent, referStatus), 'the REFER retry carries credentials');
        // §12.2.1.1: in a dialog the retry takes the dialog's next CSeq, and the dialog moves on with it.
        assert.equal(parseCSeq(headerValue(transfer.sent, 'cseq')!).seq, parseCSeq(headerValue(refer, 'cseq')!).seq + 1);
        assert.equal(dialog.localSeq, parseCSeq(headerValue(transfer.sent, 'cseq')!).seq);

        // Under load the 2xx may be retransmitted, and Bob's TU sees each ACK again: count distinct ones.
        const methods = [...new Set(b.received.map((r) => `${r.method} ${parseCSeq(headerValue(r, 'cseq')!).seq}`))];
        const n = parseCSeq(headerValue(invite, 'cseq')!).seq;
        const r = parseCSeq(headerValue(refer, 'cseq')!).seq;
        assert.deepEqual(methods, [`INVITE ${n}`, `INVITE ${n + 1}`, `ACK ${n + 1}`, `REFER ${r}`, `REFER ${r + 1}`]);
        // §17.1.1.3: the ACK for the challenge is the transaction's (same branch as the first INVITE, hop by hop, not seen by Bob's TU).
        const acks = distinct(b.trace.filter((r) => r.direction === 'out')).map((r) => parseMessage(r.bytes)).filter((m) => m.type === 'request' && m.method === 'ACK');
        assert.equal(acks.length, 2, 'one ACK for the challenge, one for the 2xx (retransmissions are the same bytes)');
        assert.equal(headerValues(acks[0], 'via')[0], headerValues(invite, 'via')[0]);
        assert.equal(headerValue(acks[0], 'cseq'), `${n} ACK`);
        // §13.2.2.4: the ACK for the 2xx "MUST contain the same credentials as the INVITE".
        assert.equal(auth(acks[1], inviteStatus), auth(retried, inviteStatus));
      } finally {
        await b.close();
      }
    });
  }
}

for (const status of [401, 407] as const) {
  test(`RFC 3261 §22.1: with a wrong password the ${status} to the retry reaches the caller; the request is not sent a third time`, async () => {
    const b = await bench({ INVITE: guard('SHA-256', status === 407) }, 'not-the-password');
    try {
      const { res, sent, finals } = await final(b.alice, b.alice.newRequest('INVITE', b.bob.uri));
      assert.equal(res.status, status);
      assert.equal(finals, 1, 'one final response to the caller');
      assert.ok(headerValue(sent, status === 407 ? 'proxy-authorization' : 'authorization'), 'it answers the retry that carried credentials');
      assert.deepEqual(b.received.map((r) => r.method), ['INVITE', 'INVITE']);
      assert.equal(b.alice.dialogs.size, 0);
    } finally {
      await b.close();
    }
  });
}

test('RFC 3261 §22.1 / RFC 2617 §3.2.1: a stale=true challenge to the retry is answered once more with the new nonce, then the caller gets the 401', async () => {
  const alwaysStale = new DigestServer({ realm: REALM, nonceTtlMs: -1, users: [{ username: 'alice', password: new Secret(PASSWORD) }] });
  const b = await bench({ OPTIONS: alwaysStale });
  try {
    const { res } = await final(b.alice, b.alice.newRequest('OPTIONS', b.bob.uri));
    assert.equal(res.status, 401);
    assert.match(headerValue(res, 'www-authenticate')!, /stale=true/);
    const nonces = b.received.map((r) => parseAuth(headerValue(r, 'authorization') ?? 'Digest x=y').params.nonce);
    assert.equal(nonces.length, 3, 'first try, retry, one stale retry');
    const offered = parsed(distinct(b.trace)).filter((m) => m.type === 'response').map((m) => parseAuth(headerValue(m, 'www-authenticate')!).params.nonce);
    assert.deepEqual(nonces.slice(1), offered.slice(0, 2), 'each retry answers the nonce of the challenge before it');
  } finally {
    await b.close();
  }
});

test('RFC 7616 §3.4: nc counts the requests sent with one nonce (00000001, 00000002…)', async () => {
  // A server that keeps challenging with one nonce until it sees credentials.
  const server = guard('MD5', false);
  const challenge = server.challenge();
  const [alice, bob] = await Promise.all([UserAgent.create({ user: 'alice', timers: TIMERS, credentials: configured() }), UserAgent.create({ user: 'bob', timers: TIMERS })]);
  const ncs: string[] = [];
  bob.onRequest((incoming) => {
    const auth = headerValue(incoming.request, 'authorization');
    if (!auth) return void bob.respond(incoming, 401, { headers: challenge });
    ncs.push(String(parseAuth(auth).params.nc));
    bob.respond(incoming, server.verify(incoming.request).ok ? 200 : 403);
  });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await final(alice, alice.newRequest('OPTIONS', bob.uri))).res.status, 200);
    assert.deepEqual(ncs, ['00000001', '00000002', '00000003']);
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('RFC 3261 §22.2: credentials for another realm are not sent; without credentials the UA hands the 401 to the caller', async () => {
  const other = loadConfig({}, { SIPWRIGHT_AUTH_USER: 'alice', SIPWRIGHT_AUTH_PASSWORD: PASSWORD, SIPWRIGHT_AUTH_REALM: 'elsewhere.test' }).credentials;
  for (const credentials of [other, []]) {
    const [alice, bob] = await Promise.all([UserAgent.create({ user: 'alice', timers: TIMERS, credentials }), UserAgent.create({ user: 'bob', timers: TIMERS })]);
    const g = guard('MD5', false);
    let requests = 0;
    bob.onRequest((incoming) => {
      requests++;
      bob.respond(incoming, 401, { headers: g.challenge() });
    });
    try {
      assert.equal((await final(alice, alice.newRequest('INVITE', bob.uri))).res.status, 401);
      assert.equal(requests, 1);
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  }
});

test('the password never appears in the trace, its text, pcapng or ladder, nor in the UA when inspected', async () => {
  const b = await bench({ INVITE: guard('MD5', false), REFER: guard('SHA-256', true) });
  try {
    const call = await final(b.alice, b.alice.newRequest('INVITE', b.bob.uri));
    const refer = b.alice.newInDialog(b.alice.adoptDialog(call.sent, call.res), 'REFER', { headers: [{ name: 'refer-to', value: '<sip:carol@127.0.0.1>' }] });
    assert.equal((await final(b.alice, refer)).res.status, 200);
    const evidence = [
      traceText(b.trace), writePcapng(b.trace).toString('latin1'), ladderSvg(b.trace, { partyOf: (a) => `${a.host}:${a.port}` }),
      inspect(b.alice, { depth: 9 }), JSON.stringify(configured()),
    ];
    assert.ok(b.trace.some((r) => r.bytes.toString().includes('Authorization: Digest')), 'credentials did travel');
    for (const text of evidence) assert.ok(!text.includes(PASSWORD), 'password found in evidence');
  } finally {
    await b.close();
  }
});
