// The one waiting primitive (src/endpoints/deadline.ts): a value, the deadline, or an abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { untilEvent } from '../../src/endpoints/deadline';

function waitOn(e: EventEmitter, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  return untilEvent<string>((deliver) => {
    e.on('v', deliver);
    return () => e.off('v', deliver);
  }, timeoutMs, signal);
}

test('untilEvent delivers the first value and unsubscribes', async () => {
  const e = new EventEmitter();
  const p = waitOn(e, 5000);
  e.emit('v', 'one');
  e.emit('v', 'two');
  assert.equal(await p, 'one');
  assert.equal(e.listenerCount('v'), 0);
});

test('untilEvent gives undefined at the deadline and unsubscribes', async () => {
  const e = new EventEmitter();
  assert.equal(await waitOn(e, 10), undefined);
  assert.equal(e.listenerCount('v'), 0);
});

test('an abort ends the wait at once with undefined, leaving no listener or timer behind', async () => {
  const e = new EventEmitter();
  const stop = new AbortController();
  const p = waitOn(e, 60_000, stop.signal);
  stop.abort();
  assert.equal(await p, undefined); // a pending 60 s timer would keep this test file alive
  assert.equal(e.listenerCount('v'), 0);
  const already = new AbortController();
  already.abort();
  assert.equal(await waitOn(e, 60_000, already.signal), undefined);
  assert.equal(e.listenerCount('v'), 0);
});
