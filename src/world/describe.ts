import { headerValue, type SipMessage } from '../sip/message';
import type { Agent } from '../endpoints/agent';

/** One line naming a message the way a SIP engineer would: "202 Accepted (CSeq 2 REFER)". */
export function describeMessage(m: SipMessage): string {
  const start = m.type === 'request' ? `${m.method} ${m.uri}` : `${m.status} ${m.reason}`;
  return `${start} (CSeq ${headerValue(m, 'cseq') ?? '?'})`;
}

/** What a scripted party last received, for "expected X, seen Y" findings. */
export function lastSeen(agent: Agent): string {
  const last = agent.inbox.items[agent.inbox.items.length - 1];
  return last ? `nothing matching; last received by ${agent.name}: ${describeMessage(last.message)} (#${last.traceIndex})` : `nothing received by ${agent.name}`;
}
