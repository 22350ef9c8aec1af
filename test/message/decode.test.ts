// `sipwright decode [FILE|-] [--lenient]`: exit 0 valid, 1 invalid, 2 usage error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { main } from '../../src/cli/decode';

const TORTURE = '/work/shared/spec/torture';
const DIR = fs.existsSync(path.join(__dirname, '..', '..', '..', 'shared', 'spec', 'torture')) ? path.join(__dirname, '..', '..', '..', 'shared', 'spec', 'torture') : TORTURE;

function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), stdin: async () => Buffer.from(stdin) };
  return main(argv, io).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

describe('sipwright decode', () => {
  test('a valid message prints its JSON view and exits 0', async () => {
    const r = await run([path.join(DIR, 'zeromf.dat')]);
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.out).headers['max-forwards'][0], 0);
  });
  test('an invalid message prints the error with its position and exits 1', async () => {
    const r = await run([path.join(DIR, 'badaspec.dat')]);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.out), { error: 'whitespace inside <> around the URI (RFC 3261 §25.1: LAQUOT/RAQUOT)', line: 5, column: 23, header: 'to' });
    assert.match(r.err, /line 5, column 23, header to/);
  });
  test('--lenient prints the view plus findings and exits 0', async () => {
    const r = await run(['--lenient', path.join(DIR, 'badaspec.dat')]);
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.out).findings[0].header, 'to');
  });
  test('"-" reads stdin', async () => {
    const r = await run(['-'], 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: x\r\nCSeq: 1 BYE\r\n\r\n');
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.out).status, 200);
  });
  test('usage errors exit 2', async () => {
    assert.equal((await run(['a', 'b'])).code, 2);
    assert.equal((await run(['--bogus'])).code, 2);
    assert.equal((await run(['/nonexistent/file.sip'])).code, 2);
  });
});
