// Seeded fuzzing: nothing but ParseError ever escapes, and no input takes super-linear time.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz, scaling } from './fuzz-lib';

const COUNT = Number(process.env.FUZZ_COUNT ?? 3000);

describe('fuzzing the message layer', () => {
  test(`${COUNT} seeded mutations of the torture corpus and our own messages raise only ParseError`, () => {
    const r = fuzz(20261124, COUNT);
    assert.equal(r.valid + r.invalid, COUNT);
    assert.ok(r.invalid > 0 && r.valid > 0, `expected both outcomes: ${JSON.stringify(r)}`);
  });

  const head = 'INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n';
  const shapes: Record<string, (n: number) => Buffer> = {
    'many quotes': (n) => Buffer.from(head + 'Contact: ' + '"a\\'.repeat(n) + '\r\n\r\n'),
    'many angle brackets': (n) => Buffer.from(head + 'Route: ' + '<'.repeat(n) + '\r\n\r\n'),
    'many semicolons': (n) => Buffer.from(head + 'Via: SIP/2.0/UDP h' + ';a='.repeat(n) + '\r\n\r\n'),
    'many commas': (n) => Buffer.from(head + 'Allow: ' + 'A, '.repeat(n) + 'B\r\n\r\n'),
    'many folded lines': (n) => Buffer.from(head + 'Subject: x' + '\r\n y'.repeat(n) + '\r\n\r\n'),
    'many "@" in a URI': (n) => Buffer.from(head.replace('sip:b@h', 'sip:' + '@'.repeat(n) + 'h')),
    'many bare LFs': (n) => Buffer.from(head + '\n'.repeat(n)),
  };
  for (const [name, make] of Object.entries(shapes)) {
    test(`no super-linear time: ${name}`, () => {
      const [small, large] = scaling(make, [20000, 320000]);
      // 16× the input: linear takes ~16× the CPU time, quadratic ~256×; 64× separates them with a
      // margin that GC pauses on a loaded machine do not eat (a 4× input with a 10× bar flaked at 11×).
      assert.ok(large < Math.max(small * 64, 200), `${name}: ${small.toFixed(1)} ms for 20k, ${large.toFixed(1)} ms for 320k`);
    });
  }
});
