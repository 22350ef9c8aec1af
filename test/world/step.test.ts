import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnsupportedAction } from '../../src/endpoints/adapter';
import { sip } from '../../steps/support/step';
import type { SipWorld } from '../../src/world/world';

test('a step the SUT adapter cannot perform is skipped with the reason, never passed', async () => {
  const logs: string[] = [];
  const world = { log: (s: string) => logs.push(s) } as unknown as SipWorld;
  const step = sip(async (_w, _x: string) => { throw new UnsupportedAction('baresip', 'attended-transfer'); });
  assert.equal(step.length, 1, 'cucumber sees the arity of the expression');
  assert.equal(await step.call(world, 'Alice'), 'skipped');
  assert.deepEqual(logs, ['skipped: the baresip adapter cannot perform "attended-transfer"']);
});

test('any other error still fails the step', async () => {
  const world = { log: () => {} } as unknown as SipWorld;
  const step = sip(async () => { throw new Error('boom'); });
  await assert.rejects(step.call(world), /boom/);
});
