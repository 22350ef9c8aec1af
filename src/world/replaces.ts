import { headerValue, parseMessage, parseNameAddr, type SipMessage, type SipRequest } from '../sip/message';
import type { Agent } from '../endpoints/agent';
import { callBetween, dialogOf, sendInvite, skipIfBodyNotTaken } from './calls';
import { describeMessage } from './describe';
import { expectAt, finalTo, isRequest } from './observe';
import { referralTo } from './refer';
import type { SipWorld } from './world';

/**
 * The transfer target's side of RFC 3891 §3 beyond the raw-message steps: early dialogs it started,
 * dialogs a REFER created, calls just ended. A SUT target is observed; the others are scripted.
 */

/** The final response to the last raw message sent to `to` (matched by Call-ID and CSeq). */
async function rawAnswer(world: SipWorld, to: string, requirement: string) {
  const raw = [...world.raws].reverse().find((r) => r.to === to);
  if (!raw) throw new Error(`no raw message was sent to ${to}`);
  const sent = parseMessage(raw.bytes, { lenient: true }) as SipRequest;
  return expectAt(world, await world.agent(raw.from), finalTo(sent), { requirement, expected: `a final response from ${to} to the message ${raw.from} sent` });
}

/** "Then Y refuses it as R requires": any final error (RFC 3891 §3 leaves the code to the UA). */
export async function refusesRaw(world: SipWorld, to: string, requirement: string): Promise<void> {
  const got = await rawAnswer(world, to, requirement);
  if (got.message.status < 300) world.verdict([{ requirement, expected: 'an error response (4xx–6xx)', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}

/** Copies CANCELs reaching a scripted party into its inbox: the transaction layer answers them itself (RFC 3261 §9.2). */
function watchCancels(world: SipWorld, agent: Agent): void {
  agent.ua.onTrace((r) => {
    if (r.direction !== 'in') return;
    let m: SipMessage;
    try {
      m = parseMessage(r.bytes, { lenient: true });
    } catch {
      return;
    }
    if (m.type === 'request' && m.method === 'CANCEL') agent.inbox.push({ message: m, src: r.src, time: r.time, traceIndex: world.trace.indexOf(r) });
  });
}

/** "Given X is calling Y, who does not answer yet": X's INVITE, 180 Ringing from Y (an early dialog, RFC 3261 §12.1). */
export async function ringing(world: SipWorld, caller: string, callee: string): Promise<void> {
  const x = await world.party(caller);
  const y = await world.agent(callee);
  watchCancels(world, y);
  if (x.kind === 'agent') sendInvite(world, x.agent, callee, y.uri);
  else await world.act(caller, 'call', { target: y.uri });
  const got = await expectAt(world, y, (m): m is SipRequest => isRequest('INVITE')(m) && y.incomingFor(m) !== undefined, { expected: `an INVITE from ${caller} at ${callee}` });
  y.respond(y.incomingFor(got.message)!, 180);
  world.calls.push({ parties: [caller, callee], callId: headerValue(got.message, 'call-id')!, invite: got.message });
}

/** "Then X cancels its call to Y" (RFC 3891 §3: the replaced early dialog of X's own INVITE goes by CANCEL). */
export async function cancels(world: SipWorld, caller: string, callee: string): Promise<void> {
  const call = callBetween(world, caller, callee);
  if (!world.isSut(caller)) return;
  await expectAt(world, await world.agent(callee), isRequest('CANCEL', call.callId), {
    requirement: 'RFC3891-3-m', expected: `a CANCEL from ${caller} of its INVITE to ${callee}, whose early dialog was replaced`,
  });
}

/** "Given X has hung up on Y": a scripted X's BYE, answered (so Y's dialog has ended before the next step). */
export async function hungUp(world: SipWorld, x: string, y: string): Promise<void> {
  const agent = await world.agent(x);
  const d = dialogOf(agent, callBetween(world, x, y).callId);
  d.state = 'terminated';
  const bye = agent.ua.newInDialog(d, 'BYE');
  agent.send(bye);
  await expectAt(world, agent, finalTo(bye), { expected: `${y}'s answer to the BYE` });
}

/**
 * "When X calls Z replacing the REFER dialog of W and Z": an INVITE whose Replaces names the dialog
 * W's REFER created at Z — from Z's view, to-tag is Z's tag (RFC 3891 §3).
 */
export async function callReplacingReferDialog(world: SipWorld, caller: string, z: string): Promise<void> {
  const r = referralTo(world, z);
  if (!r.response) throw new Error(`${z} has not accepted the REFER yet ("Then ${z} accepts the REFER" first)`);
  const zTag = parseNameAddr(headerValue(r.response, 'to')!).params.tag;
  const wTag = parseNameAddr(headerValue(r.request, 'from')!).params.tag;
  const replaces = `${headerValue(r.request, 'call-id')};to-tag=${zTag};from-tag=${wTag}`;
  const x = await world.agent(caller);
  sendInvite(world, x, z, (await world.party(z)).uri, [{ name: 'replaces', value: replaces }]);
}

/** "Then Z answers X's INVITE with N as R requires". */
export async function answersInviteWith(world: SipWorld, callee: string, caller: string, status: number, requirement: string): Promise<void> {
  await answersInviteWithOneOf(world, callee, caller, (s) => s === status, `${status}`, requirement);
}

/** The final answer of `callee` to the newest INVITE `caller` sent it must pass `ok` (described as `expected`). */
export async function answersInviteWithOneOf(world: SipWorld, callee: string, caller: string, ok: (status: number) => boolean, expected: string, requirement: string): Promise<void> {
  const sent = [...world.invites].reverse().find((i) => i.from === caller && i.to === callee);
  if (!sent) throw new Error(`${caller} has sent no INVITE to ${callee}`);
  const got = await expectAt(world, await world.agent(caller), finalTo(sent.request), { requirement, expected: `${expected} from ${callee} to ${caller}'s INVITE` });
  if (ok(got.message.status)) return;
  skipIfBodyNotTaken(sent.request, got.message, callee);
  world.verdict([{ requirement, expected: `${expected} to the INVITE`, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}
