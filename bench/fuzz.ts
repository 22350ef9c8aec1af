// Large seeded fuzz run of the message layer (the unit test runs a bounded count).
// Run: node --require ts-node/register bench/fuzz.ts [COUNT] [SEED]
import { fuzz } from '../test/message/fuzz-lib';

const count = Number(process.argv[2] ?? 200000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const t0 = performance.now();
const r = fuzz(seed, count);
const s = (performance.now() - t0) / 1000;
console.log(`seed ${seed}: ${r.count} inputs in ${s.toFixed(1)} s — ${r.valid} valid, ${r.invalid} invalid (ParseError only); ` +
  `slowest ${r.slowestMs.toFixed(2)} ms (${r.slowestSize} octets)`);
