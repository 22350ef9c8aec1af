import { expectNone, isRequest } from './observe';
import type { SipWorld } from './world';

/**
 * "Then X sends no OPTIONS to Y": unsolicited requests are tolerated everywhere else; this step
 * forbids one method for the rest of the quiet period, counting what already arrived.
 */
export async function sendsNo(world: SipWorld, x: string, method: string, y: string): Promise<void> {
  if (!world.isSut(x)) return; // a scripted party sends only what steps tell it to
  const receiver = await world.agent(y);
  await expectNone(world, receiver, (m) => isRequest(method)(m), {
    expected: `no ${method} from ${x} to ${y}`, hint: `the scenario forbids ${method} here`,
  }, { since: 0 });
}

/**
 * "Given X ignores NOTIFY requests": the scripted party leaves every such request unanswered, as a
 * silent or broken peer would (e.g. to see a notifier's Timer F handling, RFC 6665 §4.2.2).
 */
export async function ignores(world: SipWorld, x: string, method: string): Promise<void> {
  const agent = await world.agent(x);
  agent.ignored.add(method);
  if (method === 'NOTIFY') agent.autoAcceptNotify = false;
}
