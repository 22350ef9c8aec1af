import { headerValues, parseVia, type SipMessage } from '../sip/message';
import { isRequest } from './observe';
import { awaitOnWire, sentBetween } from './wire';
import type { SipWorld } from './world';

/**
 * "Then X sends no OPTIONS to Y": unsolicited requests are tolerated everywhere else; this step
 * forbids one method for the rest of the quiet period, counting what already arrived.
 */
export async function sendsNo(world: SipWorld, x: string, method: string, y: string, requirement?: string): Promise<void> {
  if (!world.isSut(x)) return; // a scripted party sends only what steps tell it to
  const receiver = await world.agent(y);
  // On the wire, not in the inbox: the transaction layer consumes some requests itself (CANCEL, RFC 3261 §9.2).
  const got = await awaitOnWire(world, x, receiver, isRequest(method), world.config.quietMs);
  if (got) world.verdict([{ requirement, expected: `no ${method} from ${x} to ${y}`, hint: `the scenario forbids ${method} here`, seen: `${method} (#${got.traceIndex})`, where: { traceIndex: got.traceIndex } }]);
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

function branchOf(m: SipMessage): string | undefined {
  try {
    const b = parseVia(headerValues(m, 'via')[0] ?? '').params.branch;
    return typeof b === 'string' ? b : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "Then X cancels no SUBSCRIBE or NOTIFY": neither can be cancelled, and a UAC SHOULD NOT try
 * (RFC 6665 §4.6). A CANCEL names the request it cancels by its top Via branch (RFC 3261 §9.1).
 */
export async function cancelsNoSubscription(world: SipWorld, x: string): Promise<void> {
  if (!world.isSut(x)) return;
  const sent = [...world.parties.keys()].filter((p) => p !== x).flatMap((p) => sentBetween(world, x, p));
  const subscriptionBranches = new Set(sent.filter((w) => w.message.type === 'request' && ['SUBSCRIBE', 'NOTIFY'].includes(w.message.method)).map((w) => branchOf(w.message)));
  const cancel = sent.find((w) => w.message.type === 'request' && w.message.method === 'CANCEL' && subscriptionBranches.has(branchOf(w.message)));
  if (cancel) world.verdict([{ requirement: 'RFC6665-4.6-b', expected: `no CANCEL from ${x} for a SUBSCRIBE or NOTIFY`, seen: `CANCEL (#${cancel.traceIndex})`, where: { traceIndex: cancel.traceIndex } }]);
}
