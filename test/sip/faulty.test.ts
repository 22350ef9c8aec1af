import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { FaultyTransport, MemoryTransport, seededRandom, type FaultOptions } from '../../src/sip/transport';
import { serializeMessage, setHeader } from '../../src/sip/message';
import { request } from './support/tx';

const msg = (n: number): Buffer => {
  const r = request('OPTIONS');
  setHeader(r, 'call-id', `m${n}`);
  return serializeMessage(r);
};
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

async function run(opts: FaultOptions, count = 200): Promise<{ got: string[]; f: FaultyTransport }> {
  const [a, b] = MemoryTransport.pair();
  const f = new FaultyTransport(a, opts);
  const got: string[] = [];
  b.onMessage((m) => got.push(m.headers.find((h) => h.name === 'call-id')!.value));
  for (let n = 0; n < count; n++) f.send(msg(n), b.local);
  for (let i = 0; i < 5; i++) await turn();
  return { got, f };
}

test('the fault injector is deterministic for a seed and drops close to the asked share', async () => {
  const one = await run({ seed: 7, drop: 0.3 });
  const two = await run({ seed: 7, drop: 0.3 });
  const other = await run({ seed: 8, drop: 0.3 });
  assert.deepEqual(one.got, two.got);
  assert.notDeepEqual(one.got, other.got);
  assert.ok(one.f.stats.dropped > 40 && one.f.stats.dropped < 80, `dropped ${one.f.stats.dropped} of 200`);
  assert.equal(one.got.length, 200 - one.f.stats.dropped);
  await Promise.all([one.f.close(), two.f.close(), other.f.close()]);
});

test('the fault injector duplicates and reorders whole messages', async () => {
  const dup = await run({ seed: 1, duplicate: 1 }, 3);
  assert.deepEqual(dup.got, ['m0', 'm0', 'm1', 'm1', 'm2', 'm2']);
  const re = await run({ seed: 3, reorder: 0.5 }, 40);
  assert.equal(re.got.length, 40, 'nothing lost');
  assert.notDeepEqual(re.got, [...re.got].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))), 'some message overtook another');
  await Promise.all([dup.f.close(), re.f.close()]);
});

test('the fault injector delays by a seeded draw within bounds, and close() cancels what is still held', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const [a, b] = MemoryTransport.pair();
    const f = new FaultyTransport(a, { seed: 2, delay: { probability: 1, minMs: 100, maxMs: 200 } });
    const got: string[] = [];
    b.onMessage((m) => got.push(m.type));
    f.send(msg(1), b.local);
    mock.timers.tick(99);
    await turn();
    assert.equal(got.length, 0);
    mock.timers.tick(101);
    await turn();
    assert.equal(got.length, 1);
    f.send(msg(2), b.local);
    await f.close();
    mock.timers.tick(300);
    await turn();
    assert.equal(got.length, 1, 'a held message is dropped at close, and its timer is gone');
  } finally {
    mock.timers.reset();
  }
});

test('faults can apply to received messages, after the inner transport traced them', async () => {
  const [a, b] = MemoryTransport.pair();
  const f = new FaultyTransport(b, { seed: 1, drop: 1, direction: 'in' });
  let delivered = 0;
  let traced = 0;
  f.onMessage(() => delivered++);
  f.onTrace((r) => { if (r.direction === 'in') traced++; });
  a.send(msg(1), b.local);
  await turn();
  assert.deepEqual([traced, delivered], [1, 0]);
  assert.ok(seededRandom(1)() >= 0);
  await f.close();
});
