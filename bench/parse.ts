// Parse throughput of sipwright's message layer beside the npm packages `sip`, `jssip` and `sip.js`
// on the same REFER, NOTIFY (sipfrag) and INVITE (SDP) (issue 3), plus heap flatness over 1M parses.
// Run: npm run bench:parse -- [--rounds N] [--no-heap]
import { MESSAGES } from '../test/message/fixtures/messages';
import { jsonView, parseMessage } from '../src/sip/message';

/* eslint-disable @typescript-eslint/no-var-requires -- the competitors ship CommonJS without types */
const sip = require('sip');
const jssipParser = require('jssip/lib/Parser');
const sipjsParser = require('sip.js/lib/core/messages/parser').Parser;
const quiet = { warn() {}, log() {}, error() {}, debug() {} };

type Parser = (text: string, bytes: Buffer) => unknown;

const PARSERS: Record<string, Parser> = {
  'sipwright (full: jsonView(parseMessage(buf)))': (_t, b) => jsonView(parseMessage(b)),
  'sipwright (parseMessage only)': (_t, b) => parseMessage(b),
  sip: (t) => sip.parse(t),
  jssip: (t) => jssipParser.parseMessage(t, undefined),
  'sip.js': (t) => sipjsParser.parseMessage(t, quiet),
};

/** CPU time of this process in ns: unlike wall time, it does not count time spent descheduled on a busy machine. */
function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

/** Calls per timed batch so that one batch lasts about 50 ms, after a warm-up. */
function batchSize(f: Parser, text: string, bytes: Buffer): number {
  let n = 1;
  for (const deadline = Date.now() + 200; Date.now() < deadline; n *= 2) for (let i = 0; i < n; i++) f(text, bytes);
  const t = process.hrtime.bigint();
  for (let i = 0; i < 50; i++) f(text, bytes);
  return Math.max(10, Math.floor(5e7 / (Number(process.hrtime.bigint() - t) / 50)));
}

/**
 * ns per call for every parser on one message: rounds interleave the parsers (so load on a shared
 * machine hits all alike) and the best batch of each counts.
 */
function measureAll(text: string, bytes: Buffer, rounds: number, sizes: Record<string, number>): Record<string, number> {
  const best: Record<string, number> = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of Object.entries(PARSERS)) {
      const n = sizes[name];
      const t0 = cpuNs();
      for (let i = 0; i < n; i++) f(text, bytes);
      best[name] = Math.min(best[name] ?? Infinity, (cpuNs() - t0) / n);
    }
  }
  return best;
}

function heapFlatness(count: number): { start: number; end: number; max: number } {
  const bytes = Buffer.from(MESSAGES.REFER);
  const gc = (globalThis as { gc?: () => void }).gc;
  const sample = (): number => { gc?.(); return process.memoryUsage().heapUsed; };
  const start = sample();
  let max = start;
  for (let i = 1; i <= count; i++) {
    jsonView(parseMessage(bytes));
    if (i % (count / 10) === 0) max = Math.max(max, sample());
  }
  return { start, end: sample(), max };
}

function main(argv: string[]): void {
  const ri = argv.indexOf('--rounds');
  const rounds = ri >= 0 ? Number(argv[ri + 1]) : 15;
  const results: Record<string, Record<string, number>> = {};
  // Every parser warms up on every message before any timing: process CPU time also counts the
  // JIT's background compilation, which would otherwise land on whichever message is timed first.
  const sizes: Record<string, Record<string, number>> = {};
  for (const [msgName, text] of Object.entries(MESSAGES)) {
    const bytes = Buffer.from(text);
    sizes[msgName] = Object.fromEntries(Object.entries(PARSERS).map(([k, f]) => [k, batchSize(f, text, bytes)]));
  }
  for (const [msgName, text] of Object.entries(MESSAGES)) {
    const bytes = Buffer.from(text);
    results[msgName] = measureAll(text, bytes, rounds, sizes[msgName]);
  }
  printTable(results);
  if (!argv.includes('--no-heap')) {
    const h = heapFlatness(1_000_000);
    const mb = (x: number): string => (x / 1048576).toFixed(1);
    console.log(`\nheap over 1,000,000 parses (REFER): start ${mb(h.start)} MB, max ${mb(h.max)} MB, end ${mb(h.end)} MB`);
  }
}

function printTable(results: Record<string, Record<string, number>>): void {
  const full = Object.keys(PARSERS)[0];
  console.log('| parser | ' + Object.keys(results).join(' | ') + ' |');
  console.log('|---|' + Object.keys(results).map(() => '---:').join('|') + '|');
  for (const name of Object.keys(PARSERS)) {
    const cells = Object.keys(results).map((m) => `${Math.round(results[m][name]).toLocaleString('en')} ns`);
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  const ratios = Object.keys(results).map((m) => {
    const others = ['sip', 'jssip', 'sip.js'].map((n) => results[m][n]);
    return `${(Math.min(...others) / results[m][full]).toFixed(2)}×`;
  });
  console.log(`| speed-up of full parse vs fastest other | ${ratios.join(' | ')} |`);
}

main(process.argv.slice(2));
