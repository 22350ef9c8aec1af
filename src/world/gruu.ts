import { headerValue, headerValues, parseCSeq, parseNameAddr, parseTargetDialog, parseUri, type SipRequest } from '../sip/message';
import { audioSdp, buildResponse } from '../sip/useragent';
import { Dialog, newTag } from '../sip/dialog';
import type { Finding } from '../expect/finding';
import { callBetween, dialogOf, sendInvite } from './calls';
import { tokens } from './capabilities';
import { describeMessage } from './describe';
import { expectAt, finalTo, isRequest } from './observe';
import { acceptsRefer, referralTo } from './refer';
import { sentBetween, tagOf } from './wire';
import type { SipWorld } from './world';

/**
 * "Given X is in a call with Y, whose Contact is a GRUU": scripted Y answers with a Contact carrying
 * gr (RFC 5627) and Supported: tdialog (RFC 4538 §6), so a REFER to Y must leave the call (RFC 7647 §4).
 */
export async function callWithGruu(world: SipWorld, caller: string, callee: string): Promise<void> {
  const y = await world.agent(callee);
  const x = await world.party(caller);
  let invite: SipRequest | undefined;
  if (x.kind === 'agent') invite = sendInvite(world, x.agent, callee, y.uri);
  else await world.act(caller, 'call', { target: y.uri });
  const got = await expectAt(world, y, (m): m is SipRequest => isRequest('INVITE')(m) && y.incomingFor(m) !== undefined, { expected: `an INVITE from ${caller} at ${callee}` });
  const incoming = y.incomingFor(got.message)!;
  const gruu = `<${y.uri};gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>`;
  // Built here rather than by the UA core, which would put its own (non-GRUU) Contact in the 200.
  const response = buildResponse(got.message, 200, {
    toTag: newTag(),
    headers: [{ name: 'contact', value: gruu }, { name: 'supported', value: 'replaces, tdialog, norefersub' }, { name: 'content-type', value: 'application/sdp' }],
    body: audioSdp(y.address.host, 4002, 1),
  });
  const dialog = Dialog.asUas(got.message, response);
  y.ua.dialogs.set(dialog.key, dialog);
  incoming.tx.respond(response);
  y.unanswered.splice(y.unanswered.indexOf(incoming), 1);
  const callId = headerValue(got.message, 'call-id')!;
  await expectAt(world, y, isRequest('ACK', callId), { expected: `${caller}'s ACK for the 200 OK` });
  if (invite && x.kind === 'agent') await expectAt(world, x.agent, finalTo(invite), { expected: `the 200 OK from ${callee}` });
  world.calls.push({ parties: [caller, callee], callId, invite: invite ?? got.message });
}

/**
 * "Then the REFER from X leaves the call with Y, naming it in Target-Dialog": the peer's target is a
 * GRUU, so the REFER goes outside the dialog (RFC 7647 §4, RFC 6665 §4.5.2) with Target-Dialog naming
 * the call from Y's side and Require: tdialog (RFC 4538 §3). Refer-Sub or norefersub does not lift the
 * rule (§4); requiring explicitsub or nosub does (§4 MAY: then no implicit subscription can result).
 */
export async function referLeavesCall(world: SipWorld, x: string, y: string): Promise<void> {
  if (!world.isSut(x)) return;
  const r = referralTo(world, y);
  const call = callBetween(world, x, y);
  const d = dialogOf(await world.agent(y), call.callId);
  const m = r.request;
  const f: Finding[] = [];
  const inside = headerValue(m, 'call-id') === call.callId || tagOf(m, 'to');
  // RFC 7647 §4: inside the call only when no implicit subscription can result (Require: explicitsub or nosub).
  const required = tokens(m, 'require');
  if (inside && !required.some((t) => t === 'explicitsub' || t === 'nosub')) {
    const seen = `Call-ID ${headerValue(m, 'call-id')}, To: ${headerValue(m, 'to')}`;
    if (headerValues(m, 'refer-sub').length || required.includes('norefersub')) f.push({ requirement: 'RFC7647-4-b', expected: `a REFER outside the call: ${y}'s Contact is a GRUU, and norefersub may still be answered Refer-Sub: true`, seen });
    else if (tokens(m, 'supported').some((t) => t === 'explicitsub' || t === 'nosub')) f.push({ requirement: 'RFC7647-4-e', expected: `explicitsub or nosub in Require (not only Supported) to keep the REFER inside a call with a GRUU peer`, seen: `${seen}, Supported: ${headerValue(m, 'supported')}` });
    else f.push({ requirement: 'RFC7647-4-a', expected: `a REFER outside the call (new Call-ID, no To tag): ${y}'s Contact is a GRUU`, seen });
    return world.verdict(f.map((x2) => ({ ...x2, where: { summary: describeMessage(m) } })));
  }
  if (inside) return; // RFC 7647 §4 MAY: no subscription can result; Target-Dialog is for REFERs outside the call
  const td = headerValues(m, 'target-dialog');
  if (td.length !== 1) f.push({ requirement: 'RFC7647-4-c', expected: 'one Target-Dialog naming the call being transferred', seen: `${td.length} Target-Dialog values` });
  else {
    let v: ReturnType<typeof parseTargetDialog> | undefined;
    try {
      v = parseTargetDialog(td[0]);
    } catch {
      v = undefined;
    }
    if (!v || v.callId !== call.callId || v.localTag !== d.id.localTag || v.remoteTag !== d.id.remoteTag) {
      f.push({ requirement: 'RFC4538-3-c', expected: `Target-Dialog: ${call.callId};local-tag=${d.id.localTag};remote-tag=${d.id.remoteTag} (tags as ${y} sees them)`, seen: `Target-Dialog: ${td[0]}` });
    }
  }
  if (!headerValues(m, 'require').some((t) => t.trim().toLowerCase() === 'tdialog')) f.push({ requirement: 'RFC4538-3-d', expected: 'Require: tdialog with Target-Dialog', seen: `Require: ${headerValue(m, 'require') ?? '(none)'}` });
  world.verdict(f.map((x2) => ({ ...x2, where: { summary: describeMessage(m) } })));
}

/** True when a Contact value's URI carries the gr parameter (RFC 5627 §3.1). */
export function isGruuContact(contact: string | undefined): boolean {
  if (!contact) return false;
  try {
    return parseUri(parseNameAddr(contact).uri).params.gr !== undefined;
  } catch {
    return false;
  }
}

/**
 * "Then X's Contact is a GRUU in its calls, its answers to REFER and its NOTIFYs": a notifier uses a
 * GRUU as its local target (RFC 6665 §4.5.1) — in the 2xx accepting a REFER and in NOTIFYs (RFC 7647
 * §3) — and, since any call may later carry a REFER, in INVITEs and their 2xx too (RFC 7647 §3).
 */
export async function contactIsGruu(world: SipWorld, x: string): Promise<void> {
  if (!world.isSut(x)) return;
  const f: Finding[] = [];
  const kinds = new Set<string>();
  for (const other of world.parties.keys()) {
    if (other === x) continue;
    for (const w of sentBetween(world, x, other)) {
      const m = w.message;
      const method = m.type === 'request' ? m.method : parseCSeq(headerValue(m, 'cseq') ?? '0 X').method;
      const ok2xx = m.type === 'response' && m.status >= 200 && m.status < 300;
      const requirement = m.type === 'request' && m.method === 'NOTIFY' ? 'RFC6665-4.5.1-a'
        : ok2xx && method === 'REFER' ? 'RFC7647-3-a'
          : (m.type === 'request' && m.method === 'INVITE') || (ok2xx && method === 'INVITE') ? 'RFC7647-3-b' : undefined;
      if (!requirement) continue;
      kinds.add(requirement);
      if (!isGruuContact(headerValue(m, 'contact'))) {
        f.push({ requirement, expected: `a GRUU Contact (a URI with gr, RFC 5627) in ${describeMessage(m)} to ${other}`, seen: `Contact: ${headerValue(m, 'contact') ?? '(none)'}`, where: { traceIndex: w.traceIndex, summary: describeMessage(m) } });
      }
    }
  }
  if (kinds.size === 0) f.push({ requirement: 'RFC6665-4.5.1-a', expected: `INVITEs, 2xx to REFER or NOTIFYs from ${x} to check`, seen: 'none in the trace' });
  world.verdict(f.slice(0, 3));
}

/**
 * "Then Y accepts the REFER or refuses it with 403 as R allows": a notifier asked for a new
 * subscription inside an existing dialog may share the dialog or refuse with 403 (RFC 6665 §4.5.2).
 */
export async function acceptsOrForbids(world: SipWorld, y: string, requirement: string): Promise<void> {
  const r = referralTo(world, y);
  if (!world.isSut(y)) return void (await acceptsRefer(world, y));
  const x = await world.agent(r.from);
  const got = await expectAt(world, x, finalTo(r.request), { requirement, expected: `a final response from ${y} to the REFER` });
  r.response = got.message;
  if ((got.message.status >= 200 && got.message.status < 300) || got.message.status === 403) return;
  world.verdict([{ requirement, expected: 'a 2xx sharing the dialog, or 403 refusing to', seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
}
