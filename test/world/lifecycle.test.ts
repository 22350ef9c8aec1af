import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from '../../src/endpoints/agent';
import { ReferenceAdapter } from '../../src/endpoints/reference/reference-ua';
import { audioSdp } from '../../src/sip/useragent';

const resources = (): string[] => process.getActiveResourcesInfo().filter((r) => r === 'UDPWRAP' || r === 'Timeout').sort();

test('a call through the reference SUT, then stop: no socket or timer is left behind', async () => {
  const before = resources();
  const trace: unknown[] = [];
  const timers = { T1: 50, T2: 200, T4: 250 };
  const alice = await Agent.create('Alice', { timers, trace: (r) => trace.push(r) - 1 });
  const bob = new ReferenceAdapter();
  await bob.start({ user: 'bob', host: '127.0.0.1', timers });
  const invite = alice.ua.newRequest('INVITE', bob.uri, { headers: [{ name: 'content-type', value: 'application/sdp' }], body: audioSdp('127.0.0.1', 4000, 1) });
  alice.send(invite);
  const ok = await alice.inbox.claim((m) => m.type === 'response' && m.status === 200, 2000);
  assert.ok(ok, 'the reference SUT answered the call');
  assert.ok(resources().length > before.length, 'sockets and timers were in use');
  await alice.close();
  await bob.stop();
  assert.deepEqual(resources(), before);
  assert.ok(trace.length >= 3, 'INVITE, 180, 200 and the ACK were traced');
});
