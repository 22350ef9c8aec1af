// Seeded mutations of SIP messages for the fuzz test (bounded) and bench/fuzz.ts (large count).
import fs from 'node:fs';
import path from 'node:path';
import { ParseError, jsonView, parseMessage, parseSipfrag, serializeMessage } from '../../src/sip/message';
import { MESSAGES } from './fixtures/messages';

/** mulberry32: a small deterministic PRNG, so a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The torture corpus plus the project's own messages. */
export function corpus(): Buffer[] {
  const dir = ['/work/shared/spec/torture', path.join(__dirname, '..', '..', '..', 'shared', 'spec', 'torture')].find((d) => fs.existsSync(d));
  const files = dir ? fs.readdirSync(dir).filter((f) => f.endsWith('.dat')).map((f) => fs.readFileSync(path.join(dir, f))) : [];
  return [...files, ...Object.values(MESSAGES).map((m) => Buffer.from(m))];
}

const SPECIAL = Buffer.from(':;,"<>\\%@?=/ \t\r\n[]*0\x00\xff');

/** One random mutation of `src`: flip, insert a special octet, delete, duplicate, truncate or repeat. */
export function mutate(src: Buffer, rnd: () => number): Buffer {
  const at = Math.floor(rnd() * (src.length + 1));
  const len = 1 + Math.floor(rnd() * 16);
  switch (Math.floor(rnd() * 7)) {
    case 0: { const b = Buffer.from(src); if (b.length) b[at % b.length] ^= 1 << Math.floor(rnd() * 8); return b; }
    case 1: return Buffer.concat([src.subarray(0, at), SPECIAL.subarray(Math.floor(rnd() * SPECIAL.length)).subarray(0, 1), src.subarray(at)]);
    case 2: return Buffer.concat([src.subarray(0, at), src.subarray(at + len)]);
    case 3: return Buffer.concat([src.subarray(0, at + len), src.subarray(at)]);
    case 4: return src.subarray(0, at);
    case 5: return Buffer.concat([src.subarray(0, at), Buffer.alloc(len * 64, SPECIAL[Math.floor(rnd() * SPECIAL.length)]), src.subarray(at)]);
    default: return Buffer.concat([src.subarray(0, at), Buffer.from('\r\n '), src.subarray(at)]);
  }
}

/** Parse strictly and leniently, view and serialize: anything but a ParseError is a bug. */
export function exercise(input: Buffer): 'valid' | 'invalid' {
  let verdict: 'valid' | 'invalid' = 'valid';
  for (const lenient of [false, true]) {
    try {
      const m = parseMessage(input, { lenient });
      JSON.stringify(jsonView(m));
      parseMessage(serializeMessage(m), { lenient: true });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      if (!lenient) verdict = 'invalid';
    }
  }
  try {
    parseSipfrag(input, { lenient: true });
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
  }
  return verdict;
}

export interface FuzzResult { count: number; valid: number; invalid: number; slowestMs: number; slowestSize: number; slowest?: Buffer }

/** `count` mutated inputs from `seed`; throws (with the seed and input) on anything but ParseError. */
export function fuzz(seed: number, count: number): FuzzResult {
  const rnd = prng(seed);
  const base = corpus();
  const r: FuzzResult = { count, valid: 0, invalid: 0, slowestMs: 0, slowestSize: 0 };
  for (let i = 0; i < count; i++) {
    let input = base[Math.floor(rnd() * base.length)];
    const rounds = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < rounds; k++) input = mutate(input, rnd);
    const t0 = performance.now();
    try {
      r[exercise(input)]++;
    } catch (e) {
      throw new Error(`fuzz seed ${seed} input #${i} escaped with ${(e as Error).stack}\ninput: ${JSON.stringify(input.toString('latin1'))}`);
    }
    const ms = performance.now() - t0;
    if (ms > r.slowestMs) { r.slowestMs = ms; r.slowestSize = input.length; r.slowest = input; }
  }
  return r;
}

/** ms to parse inputs of growing size built by `make(n)`; for the no-super-linear-time check. */
/**
 * CPU milliseconds to parse each size, the best of five runs: CPU time, not wall time, and the
 * minimum, so other processes on a shared machine do not make a linear parser look quadratic.
 */
export function scaling(make: (n: number) => Buffer, sizes: number[]): number[] {
  return sizes.map((n) => {
    const input = make(n);
    exercise(input);
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = process.cpuUsage();
      exercise(input);
      const d = process.cpuUsage(t0);
      best = Math.min(best, (d.user + d.system) / 1000);
    }
    return best;
  });
}
