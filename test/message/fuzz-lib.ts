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
/** Names a plain object already has (own.ts): as a header, a parameter, a URI header. */
const OWN_NAMES = ['\r\n__proto__: x', ';__proto__=x', ';constructor', '?__proto__=x', '\r\nConstructor: x', ';toString=x'];

export function mutate(src: Buffer, rnd: () => number): Buffer {
  const at = Math.floor(rnd() * (src.length + 1));
  const len = 1 + Math.floor(rnd() * 16);
  switch (Math.floor(rnd() * 8)) {
    case 0: { const b = Buffer.from(src); if (b.length) b[at % b.length] ^= 1 << Math.floor(rnd() * 8); return b; }
    case 1: return Buffer.concat([src.subarray(0, at), SPECIAL.subarray(Math.floor(rnd() * SPECIAL.length)).subarray(0, 1), src.subarray(at)]);
    case 2: return Buffer.concat([src.subarray(0, at), src.subarray(at + len)]);
    case 3: return Buffer.concat([src.subarray(0, at + len), src.subarray(at)]);
    case 4: return src.subarray(0, at);
    case 5: return Buffer.concat([src.subarray(0, at), Buffer.alloc(len * 64, SPECIAL[Math.floor(rnd() * SPECIAL.length)]), src.subarray(at)]);
    case 6: return Buffer.concat([src.subarray(0, at), Buffer.from(OWN_NAMES[Math.floor(rnd() * OWN_NAMES.length)]), src.subarray(at)]);
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

// Usual messages beside the corpus, so that mutations land on the edges of the one-pass reader (fast.ts).
const USUAL = [
  'INVITE sip:bob@example.net SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1;received=10.0.0.9, SIP/2.0/UDP h2;branch=z9hG4bK2\r\n' +
  'v: SIP/2.0/tls [::1]:5061;branch=z9hG4bK3\r\nMax-Forwards: 70\r\nf: Alice <sip:alice@example.net>;tag=1\r\nt: "B \\"x\\"" <sips:bob@example.net;user=phone>\r\n' +
  'i: a@b\r\nCSeq: 4294967295 INVITE\r\nm: <sip:a@10.0.0.1>;expires=60;q=0.5, "C" <sip:c@h>\r\nRoute: <sip:p1;lr>, <sip:p2;lr>\r\nRoute: <sip:p3;lr>\r\n' +
  'Record-Route: <sip:rr@h;lr;transport=tcp>\r\nk: timer, 100rel\r\nRequire: replaces\r\nProxy-Require: foo\r\nAllow-Events: refer, dialog;x=1\r\n' +
  'o: dialog.winfo;id=7\r\nReplaces: abc@h;to-tag=1;from-tag=2;early-only\r\nTarget-Dialog: d@h;local-tag=1;remote-tag=2\r\nRefer-Sub: false\r\n' +
  'P-Asserted-Identity: <sip:+15551234567@h;user=phone>, <tel:+15551234567>\r\nExpires: 3600\r\nMin-Expires: 60\r\nDate: Sat, 13 Nov 2010 23:29:00 GMT\r\n' +
  'Authorization: Digest username="a", realm="r", nonce="n", uri="sip:b@h", response="0123"\r\nSubject: hi\r\nX-Custom: a, b\r\nWarning: 399 h "x"\r\n' +
  'c: Application/SDP;charset=UTF-8\r\nl: 4\r\n\r\nv=0\n',
  'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1;rport=5060\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: x\r\nCSeq: 1 SUBSCRIBE\r\n' +
  'Contact: *\r\nSubscription-State: active;expires=60;retry-after=5\r\nEvent: refer\r\nWWW-Authenticate: Digest realm="r", nonce="n", qop="auth"\r\n' +
  'Refer-To: <sip:c@h?Replaces=a%40h%3Bto-tag%3D1%3Bfrom-tag%3D2&Require=replaces>\r\nReferred-By: sip:a@h;cid=x\r\nContent-Length: 0\r\n\r\n',
  'NOTIFY sip:a@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: x\r\nCSeq: 2 NOTIFY\r\n' +
  'Event: refer;id=9\r\nSubscription-State: terminated;reason=noresource\r\nContent-Type: message/sipfrag\r\nContent-Length: 38\r\n\r\nSIP/2.0 200 OK\r\nContent-Type: a/b\r\n\r\n',
].map((m) => Buffer.from(m));

/** Everything a parse gives: the message, its view and findings, or the error. */
function outcome(input: Buffer, lenient: boolean, sipfrag: boolean): string {
  try {
    const m = sipfrag ? parseSipfrag(input, { lenient }) : parseMessage(input, { lenient });
    const { raw, body, ...rest } = m;
    return JSON.stringify({ rest, body: body.toString('hex'), raw: raw === input, view: jsonView(m) });
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return JSON.stringify({ error: e.message, reason: e.reason, line: e.line, column: e.column, header: e.header });
  }
}

/**
 * `count` inputs (the corpus and usual messages, unchanged or mutated) parsed by the one-pass
 * reader and by the general path alone, strict, lenient and as a sipfrag: every outcome must be
 * the same. Returns how many took the one-pass reader all the way.
 */
export function compareFastAndGeneral(seed: number, count: number, setFast: (on: boolean) => void, fastTaken: () => number): { count: number; fast: number } {
  const rnd = prng(seed);
  const base = [...corpus(), ...USUAL, ...USUAL, ...USUAL];
  let fast = 0;
  for (let i = 0; i < count; i++) {
    let input = base[Math.floor(rnd() * base.length)];
    const rounds = Math.floor(rnd() * 3);
    for (let k = 0; k < rounds; k++) input = mutate(input, rnd);
    for (const [lenient, sipfrag] of [[false, false], [true, false], [false, true], [true, true]]) {
      setFast(true);
      const before = fastTaken();
      const a = outcome(input, lenient, sipfrag);
      if (!lenient && !sipfrag && fastTaken() > before) fast++;
      setFast(false);
      const b = outcome(input, lenient, sipfrag);
      setFast(true);
      if (a !== b) {
        throw new Error(`seed ${seed} input #${i} (lenient ${lenient}, sipfrag ${sipfrag}): one-pass and general differ\n` +
          `one-pass: ${a}\ngeneral:  ${b}\ninput: ${JSON.stringify(input.toString('latin1'))}`);
      }
    }
  }
  return { count, fast };
}
