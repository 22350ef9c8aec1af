import { test } from 'node:test';
import assert from 'node:assert/strict';
import { announcedProduct, splitProduct } from '../../src/evidence/product';
import { referExchange } from './fixtures';

test('the SUT product comes from the Server or User-Agent of a message the SUT sent', () => {
  const recs = referExchange({ transport: 'UDP', alice: { host: '192.0.2.10', port: 5060 }, bob: { host: '198.51.100.20', port: 5062 }, callId: 'p@x' });
  const withHeader = (i: number, header: string) => ({ ...recs[i]!, bytes: Buffer.from(recs[i]!.bytes.toString().replace('\r\nCSeq:', `\r\n${header}\r\nCSeq:`)) });
  const isBob = (a: { port: number }): boolean => a.port === 5062;
  assert.equal(announcedProduct([withHeader(0, 'User-Agent: sipwright/0.1.0'), withHeader(1, 'Server: Acme-PBX/7.1.2 (build 5)')], isBob), 'Acme-PBX/7.1.2 (build 5)');
  assert.equal(announcedProduct([recs[0]!, recs[1]!, withHeader(2, 'User-Agent: baresip v3.10.0')], isBob), 'baresip v3.10.0');
  assert.equal(announcedProduct(recs, isBob), undefined);
});

test('the first product token splits into name and version', () => {
  assert.deepEqual(splitProduct('Acme-PBX/7.1.2 (build 5) libre/3.1'), { name: 'Acme-PBX', version: '7.1.2' });
  assert.deepEqual(splitProduct('baresip v3.10.0'), { name: 'baresip' });
  assert.deepEqual(splitProduct('JsSIP/3.13.8'), { name: 'JsSIP', version: '3.13.8' });
});
