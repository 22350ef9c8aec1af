/** A real-looking REFER / 202 / NOTIFY / 200 exchange (RFC 3515 §2.4, RFC 5589 §6) as trace records. */
import type { Address, TraceRecord, TransportName } from '../../src/sip/transport/trace';

export interface Exchange { transport: TransportName; alice: Address; bob: Address; callId: string; t0?: number }

function crlf(lines: string[], body = ''): Buffer {
  const withLength = [...lines, `Content-Length: ${Buffer.byteLength(body)}`];
  return Buffer.from(`${withLength.join('\r\n')}\r\n\r\n${body}`);
}

function hostport(a: Address): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

export function referExchange(x: Exchange): TraceRecord[] {
  const t0 = x.t0 ?? Date.UTC(2026, 10, 24, 1, 2, 3, 456) + 0.789;
  const A = hostport(x.alice);
  const B = hostport(x.bob);
  const via = (h: string, br: string): string => `Via: SIP/2.0/${x.transport} ${h};branch=z9hG4bK-${br}`;
  const common = (from: string, to: string): string[] => [`From: ${from}`, `To: ${to}`, `Call-ID: ${x.callId}`, 'Max-Forwards: 70'];
  const aliceTag = '<sip:alice@example.com>;tag=a1';
  const bobTag = '<sip:bob@example.net>;tag=b1';
  const refer = crlf([
    `REFER sip:bob@${B};transport=${x.transport.toLowerCase()} SIP/2.0`, via(A, 'ref1'), ...common(aliceTag, bobTag),
    'CSeq: 2 REFER', `Contact: <sip:alice@${A}>`, 'Refer-To: <sip:carol@example.org?Replaces=abc%40host%3Bto-tag%3Dx%3Bfrom-tag%3Dy>',
    'Referred-By: <sip:alice@example.com>',
  ]);
  const accepted = crlf(['SIP/2.0 202 Accepted', via(A, 'ref1'), ...common(aliceTag, bobTag).slice(0, 3), 'CSeq: 2 REFER', `Contact: <sip:bob@${B}>`]);
  const frag = 'SIP/2.0 100 Trying\r\n';
  const notify = crlf([
    `NOTIFY sip:alice@${A} SIP/2.0`, via(B, 'not1'), ...common(bobTag, aliceTag), 'CSeq: 1 NOTIFY', `Contact: <sip:bob@${B}>`,
    'Event: refer', 'Subscription-State: active;expires=60', 'Content-Type: message/sipfrag;version=2.0',
  ], frag);
  const ok = crlf(['SIP/2.0 200 OK', via(B, 'not1'), ...common(bobTag, aliceTag).slice(0, 3), 'CSeq: 1 NOTIFY']);
  const rec = (dt: number, fromAlice: boolean, bytes: Buffer): TraceRecord => ({
    time: t0 + dt, direction: fromAlice ? 'out' : 'in', transport: x.transport,
    src: fromAlice ? x.alice : x.bob, dst: fromAlice ? x.bob : x.alice, bytes,
  });
  return [rec(0, true, refer), rec(1.25, false, accepted), rec(3.5, false, notify), rec(4.125, true, ok)];
}

/** What tshark should report for referExchange, in order: method, status code, Call-ID. */
export function expectedFields(callId: string): string[][] {
  return [['REFER', '', callId], ['', '202', callId], ['NOTIFY', '', callId], ['', '200', callId]];
}
