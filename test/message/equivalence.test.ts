// The one-pass reader (fast.ts) and the general path must give the same messages, views, errors
// and findings: seeded inputs, unchanged and mutated, go through both (issue 3).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fastPathCount, setFastPath } from '../../src/sip/message/parse';
import { compareFastAndGeneral } from './fuzz-lib';

const COUNT = Number(process.env.EQUIVALENCE_COUNT ?? 3000);

describe('one-pass reader against the general path', () => {
  test(`${COUNT} seeded inputs give the same outcome both ways, strict, lenient and as sipfrag`, () => {
    const r = compareFastAndGeneral(20261124, COUNT, setFastPath, fastPathCount);
    // Both kinds must occur, else the comparison says nothing about one of the paths.
    assert.ok(r.fast > COUNT / 10 && r.fast < COUNT, `one-pass reader took ${r.fast} of ${COUNT}`);
  });
});
