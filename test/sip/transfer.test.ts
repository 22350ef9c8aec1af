import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TransportKind } from '../../src/sip/transport';
import { testTls } from './support/certs';
import { runTransfer } from './support/transfer';

const SHORT = { T1: 50, T2: 200, T4: 250 };
const HOSTS = ['127.0.0.1', '::1'];

/** Sockets and timers a test leaves behind, by kind (node's own bookkeeping). */
function resources(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

for (const transport of ['udp', 'tcp', 'tls', 'ws', 'wss'] as TransportKind[]) {
  for (const host of HOSTS) {
    test(`the blind transfer exchange completes over ${transport.toUpperCase()} ${host}, and stopping every UA leaves no socket or timer`, async (t) => {
      const tls = testTls();
      const before = resources();
      const r = await runTransfer({ transport, host, tls, timers: SHORT, deadlineMs: 5000 });
      assert.deepEqual(r.progress, [100, 200], 'NOTIFY sipfrags: 100 Trying, then 200 OK');
      assert.ok(r.trace.every((x) => x.transport === transport.toUpperCase()));
      assert.ok(r.trace.every((x) => x.src.host.includes(':') === host.includes(':')), 'every traced address is of the family asked');
      assert.deepEqual(resources(), before);
      t.diagnostic(`${r.ms.toFixed(1)} ms, ${r.sent} messages, ${r.retransmissions} retransmissions`);
    });
  }
}

for (const host of HOSTS) {
  test(`with 30% seeded loss on every UDP link (${host}, T1 = 50 ms) the transfer completes within 10 s for each of 10 seeds`, async (t) => {
    const before = resources();
    const times: number[] = [];
    let rtx = 0;
    let dropped = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = await runTransfer({ transport: 'udp', host, timers: SHORT, deadlineMs: 10000, loss: { probability: 0.3, seed: seed * 1000 }, transferee: 'sequenced' });
      assert.deepEqual(r.progress, [100, 200], `seed ${seed * 1000}`);
      times.push(r.ms);
      rtx += r.retransmissions;
      dropped += r.dropped;
    }
    assert.deepEqual(resources(), before);
    t.diagnostic(`completion ms: ${times.map((x) => x.toFixed(0)).join(' ')}; max ${Math.max(...times).toFixed(0)}; dropped ${dropped}; retransmissions on the wire ${rtx}`);
  });
}
