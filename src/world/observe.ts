import { headerValue, type SipMessage, type SipRequest, type SipResponse } from '../sip/message';
import type { Agent } from '../endpoints/agent';
import type { Received } from '../endpoints/inbox';
import type { Finding } from '../expect/finding';
import { lastSeen } from './describe';
import type { SipWorld } from './world';

/** True for a final response to `request` (same Call-ID and CSeq). */
export function finalTo(request: SipRequest): (m: SipMessage) => m is SipResponse {
  return (m): m is SipResponse => m.type === 'response' && m.status >= 200
    && headerValue(m, 'call-id') === headerValue(request, 'call-id') && headerValue(m, 'cseq') === headerValue(request, 'cseq');
}

export function isRequest(method: string, callId?: string): (m: SipMessage) => m is SipRequest {
  return (m): m is SipRequest => m.type === 'request' && m.method === method && (callId === undefined || headerValue(m, 'call-id') === callId);
}

/**
 * Waits at a scripted party for the message the step expects; its absence by the deadline is
 * a finding naming what was expected and what the party last received.
 */
export async function expectAt<T extends SipMessage>(
  world: SipWorld, agent: Agent, match: (m: SipMessage) => m is T, f: Omit<Finding, 'seen'>,
): Promise<Received & { message: T }> {
  const got = await agent.inbox.claim(match, world.config.deadlineMs);
  if (!got) world.verdict([{ ...f, expected: `${f.expected} within ${world.config.deadlineMs} ms`, seen: lastSeen(agent) }]);
  return got as Received & { message: T };
}

/** Waits for a message that must NOT come; its arrival is the finding. */
export async function expectNone(
  world: SipWorld, agent: Agent, match: (m: SipMessage) => boolean, f: Omit<Finding, 'seen'>,
  opts: { since?: number; waitMs?: number } = {},
): Promise<void> {
  const got = await agent.inbox.arrives(match, opts.waitMs ?? world.config.quietMs, opts.since ?? agent.inbox.items.length);
  if (got) world.verdict([{ ...f, seen: `${describe(got.message)} (#${got.traceIndex})`, where: { traceIndex: got.traceIndex } }]);
}

function describe(m: SipMessage): string {
  return m.type === 'request' ? `${m.method} ${m.uri}` : `${m.status} ${m.reason}`;
}
