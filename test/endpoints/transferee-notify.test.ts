/**
 * The reference transferee sends its refer NOTIFYs one at a time (RFC 6665 §4.2.2), over real UDP on
 * loopback: Alice refers Bob (the reference transferee) to Carol and leaves the first NOTIFY unanswered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerValue, parseCSeq, parseMessage, type SipRequest, type SipResponse } from '../../src/sip/message';
import { UserAgent, type IncomingRequest } from '../../src/sip/useragent';
import { answerCalls, referenceTransferee } from '../sip/support/parties';
import { Condition } from '../sip/support/wait';

const TIMERS = { T1: 50, T2: 200, T4: 250 };

test('RFC 6665 §4.2.2: the reference transferee sends no new NOTIFY until the previous NOTIFY transaction has completed', async () => {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((user) => UserAgent.create({ user, timers: TIMERS })));
  referenceTransferee(bob);
  answerCalls(carol);
  // Every NOTIFY reaching Alice's socket, retransmissions included, and when Carol's 200 left.
  const notifies: SipRequest[] = [];
  let carolAnsweredAt: number | undefined;
  let wake = (): void => {};
  alice.onTrace((r) => {
    const m = r.direction === 'in' ? parseMessage(r.bytes) : undefined;
    if (m?.type === 'request' && m.method === 'NOTIFY') notifies.push(m);
    wake();
  });
  carol.onTrace((r) => {
    const m = r.direction === 'out' ? parseMessage(r.bytes) : undefined;
    if (m?.type === 'response' && m.status === 200 && carolAnsweredAt === undefined) carolAnsweredAt = notifies.length;
    wake();
  });
  let first: IncomingRequest | undefined;
  alice.onRequest((incoming) => {
    if (incoming.request.method !== 'NOTIFY') return void alice.respond(incoming, 501);
    if (!first) first = incoming; // held: its transaction stays in Trying, Bob's Timer E retransmits it
    else alice.respond(incoming, 200);
  });
  const seqs = (): number[] => [...new Set(notifies.map((n) => parseCSeq(headerValue(n, 'cseq')!).seq))];
  try {
    let up: { res: SipResponse; sent: SipRequest } | undefined;
    const call = new Condition(() => up !== undefined);
    alice.send(alice.newRequest('INVITE', bob.uri), { onResponse: (res, sent) => { if (res.status === 200) { up = { res, sent }; call.poke(); } } });
    await call.wait(3000, 'call Alice–Bob');
    const dialog = alice.adoptDialog(up!.sent, up!.res);
    alice.send(alice.newInDialog(dialog, 'REFER', { headers: [{ name: 'refer-to', value: `<${carol.uri}>` }] }));

    // Carol has answered (so the transfer's outcome is known to Bob) and two retransmissions of the
    // first NOTIFY have come since: a final NOTIFY sent without waiting would be here by now.
    const waited = new Condition(() => carolAnsweredAt !== undefined && notifies.length >= carolAnsweredAt + 2);
    wake = () => waited.poke();
    await waited.wait(5000, 'Carol answered and the first NOTIFY was retransmitted twice');
    assert.equal(seqs().length, 1, 'only the first NOTIFY (and its retransmissions) while it is unanswered');
    assert.match(headerValue(notifies[0], 'subscription-state')!, /^active/);

    alice.respond(first!, 200);
    const final = new Condition(() => seqs().length === 2);
    wake = () => final.poke();
    await final.wait(3000, 'the final NOTIFY once the first was answered');
    const last = notifies.find((n) => parseCSeq(headerValue(n, 'cseq')!).seq === seqs()[1])!;
    assert.match(headerValue(last, 'subscription-state')!, /^terminated/);
    assert.equal(last.body.toString().trim(), 'SIP/2.0 200 OK');
  } finally {
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  }
});
