// Large seeded run of the one-pass reader against the general path (the unit test runs a bounded count).
// Run: node --require ./scripts/register.js bench/equivalence.ts [COUNT] [SEED]
import { fastPathCount, setFastPath } from '../src/sip/message/parse';
import { compareFastAndGeneral } from '../test/message/fuzz-lib';

const count = Number(process.argv[2] ?? 200000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const t0 = performance.now();
const r = compareFastAndGeneral(seed, count, setFastPath, fastPathCount);
console.log(`seed ${seed}: ${r.count} inputs in ${((performance.now() - t0) / 1000).toFixed(1)} s, each strict, lenient and as a sipfrag: ` +
  `same outcome both ways; the one-pass reader took ${r.fast} of them whole`);
