import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from '../../src/endpoints/agent';
import { ReferenceAdapter } from '../../src/endpoints/reference/reference-ua';
import { audioSdp } from '../../src/sip/useragent';

// "When Carol rejects the call with 486" for a reference Carol: asked before the call, the refusal
// applies to the next new call from the named caller only, and only once (src/world/call-policy.ts).
test('the reference SUT refuses the next call from the caller its user named, once, and answers other calls', async (t) => {
  const timers = { T1: 50, T2: 200, T4: 250 };
  const carol = new ReferenceAdapter();
  await carol.start({ user: 'carol', host: '127.0.0.1', timers });
  const bob = await Agent.create('Bob', { timers, trace: () => 0 });
  const alice = await Agent.create('Alice', { timers, trace: () => 0 });
  t.after(async () => { await Promise.all([bob.close(), alice.close()]); await carol.stop(); });
  await carol.act('reject', { peer: bob.uri, status: 486, reason: 'Busy Here' });

  const final = async (a: Agent): Promise<string> => {
    const invite = a.ua.newRequest('INVITE', carol.uri, { headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp('127.0.0.1', 4000, 1) });
    a.send(invite);
    const got = await a.inbox.claim((m) => m.type === 'response' && m.status >= 200, 2000);
    const res = got?.message;
    assert.ok(res && res.type === 'response', `${a.name} got a final response`);
    return `${res.status} ${res.reason}`;
  };
  assert.equal(await final(alice), '200 OK', 'a call from another caller is answered');
  assert.equal(await final(bob), '486 Busy Here', 'the named caller is refused as asked');
  assert.equal(await final(bob), '200 OK', 'the refusal is used once');
});
