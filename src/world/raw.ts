import { randomBytes } from 'node:crypto';
import type { SipMessage } from '../sip/message';
import { callBetween, dialogOf } from './calls';
import { describeMessage } from './describe';
import { expectAt } from './observe';
import type { SipWorld } from './world';

/**
 * Fills a raw message template: {{Party.uri|host|port}}, {{branch}}, {{tag}}, {{callId}}, and for
 * the sender's call with the receiver {{dialog.callId|localTag|remoteTag|cseq}}; {{length}} is
 * the body length. Lines end in CRLF as on the wire (RFC 3261 §7).
 */
export async function fillTemplate(world: SipWorld, from: string, to: string, template: string): Promise<Buffer> {
  const fresh: Record<string, string> = { branch: `z9hG4bK${randomBytes(6).toString('hex')}`, tag: randomBytes(4).toString('hex'), callId: `${randomBytes(8).toString('hex')}@127.0.0.1` };
  let text = template.replace(/\r?\n/g, '\r\n');
  for (const [, key] of text.matchAll(/\{\{([A-Za-z0-9.-]+)\}\}/g)) {
    text = text.replace(`{{${key}}}`, await resolve(world, from, to, key, fresh));
  }
  // A template without a blank line has no body: end its header section as RFC 3261 §7 requires.
  if (!text.includes('\r\n\r\n')) text = text.endsWith('\r\n') ? `${text}\r\n` : `${text}\r\n\r\n`;
  const split = text.indexOf('\r\n\r\n');
  const body = split >= 0 ? text.slice(split + 4) : '';
  return Buffer.from(text.replace('{{length}}', String(Buffer.byteLength(body))));
}

async function resolve(world: SipWorld, from: string, to: string, key: string, fresh: Record<string, string>): Promise<string> {
  if (key === 'length') return '{{length}}';
  if (fresh[key]) return fresh[key];
  const [head, field] = key.split('.');
  const pair = /^([A-Z][A-Za-z0-9]*)-([A-Z][A-Za-z0-9]*)$/.exec(head);
  if (pair) {
    const values = await callValues(world, pair[1], pair[2]);
    if (field in values) return values[field];
  } else if (head === 'dialog') {
    const d = dialogOf(await world.agent(from), callBetween(world, from, to).callId);
    const values: Record<string, string> = { callId: d.id.callId, localTag: d.id.localTag, remoteTag: d.id.remoteTag, cseq: String(++d.localSeq) };
    if (field in values) return values[field];
  } else if (/^[A-Z]/.test(head)) {
    const p = await world.party(head);
    const values: Record<string, string> = { uri: p.uri, host: p.address.host, port: String(p.address.port), user: head.toLowerCase() };
    if (field in values) return values[field];
  }
  throw new Error(`unknown placeholder {{${key}}} in the raw message; use {{Party.uri|host|port|user}}, {{branch}}, {{tag}}, {{callId}}, {{dialog.callId|localTag|remoteTag|cseq}}, {{Caller-Callee.callId|callerTag|calleeTag}}, {{length}}`);
}

/** {{Alice-Carol.…}}: the identifiers of the call between two parties, read from a scripted side of it. */
async function callValues(world: SipWorld, a: string, b: string): Promise<Record<string, string>> {
  const call = callBetween(world, a, b);
  const [caller, callee] = call.parties;
  const scripted = (await world.party(caller)).kind === 'agent' ? caller : callee;
  const d = dialogOf(await world.agent(scripted), call.callId);
  const [callerTag, calleeTag] = scripted === caller ? [d.id.localTag, d.id.remoteTag] : [d.id.remoteTag, d.id.localTag];
  return { callId: call.callId, callerTag, calleeTag };
}

/** "When X sends to Y:" a raw message from a scripted party, exactly as written. */
export async function sendRaw(world: SipWorld, from: string, to: string, template: string): Promise<void> {
  const x = await world.agent(from);
  const y = await world.party(to);
  const bytes = await fillTemplate(world, from, to, template);
  world.raws.push({ from, to, bytes });
  x.sendRaw(bytes, y.address);
}

/** "Then Y responds to it with N": the response to the last raw message, matched by Call-ID and CSeq. */
export async function respondsToRaw(world: SipWorld, to: string, status: number, requirement?: string): Promise<void> {
  const raw = [...world.raws].reverse().find((r) => r.to === to);
  if (!raw) throw new Error(`no raw message was sent to ${to}`);
  const x = await world.agent(raw.from);
  const text = raw.bytes.toString('latin1');
  const header = (n: string) => new RegExp(`^${n}[ \\t]*:[ \\t]*(.*?)\\r?$`, 'im').exec(text)?.[1]?.trim();
  const callId = header('(?:call-id|i)');
  const cseq = header('cseq');
  const isAnswer = (m: SipMessage): m is SipMessage => m.type === 'response' && m.status >= 200
    && m.headers.some((h) => h.name === 'call-id' && h.value === callId) && m.headers.some((h) => h.name === 'cseq' && h.value.replace(/\s+/g, ' ') === cseq?.replace(/\s+/g, ' '));
  const got = await expectAt(world, x, isAnswer, { requirement, expected: `a final response from ${to} to the message ${raw.from} sent` });
  if (got.message.type === 'response' && got.message.status !== status) {
    world.verdict([{ requirement, expected: `${status} in answer`, seen: describeMessage(got.message), where: { traceIndex: got.traceIndex } }]);
  }
}
