// The three messages of the parse benchmark (issue 3): a REFER, a NOTIFY with a sipfrag body, an INVITE with SDP.
const crlf = (lines: string[]): string => lines.join('\r\n');

export const REFER = crlf([
  'REFER sip:bob@192.0.2.20:5062;transport=udp SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5061;branch=z9hG4bK-524287-1---77ba37;rport',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@example.net>;tag=9fxced76sl',
  'To: "Bob" <sip:bob@example.net>;tag=8321234356',
  'Call-ID: 3848276298220188511@192.0.2.10',
  'CSeq: 2 REFER',
  'Contact: <sip:alice@192.0.2.10:5061;transport=udp>',
  'Refer-To: <sip:carol@example.net?Replaces=12345%40192.0.2.30%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>',
  'Referred-By: <sip:alice@example.net>',
  'Supported: replaces, norefersub',
  'Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS',
  'User-Agent: sipwright-bench',
  'Content-Length: 0',
  '', '',
]);

const FRAG = 'SIP/2.0 200 OK\r\n';

export const NOTIFY = crlf([
  'NOTIFY sip:alice@192.0.2.10:5061;transport=udp SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.20:5062;branch=z9hG4bK-d87543-1;rport',
  'Max-Forwards: 70',
  'From: "Bob" <sip:bob@example.net>;tag=8321234356',
  'To: "Alice" <sip:alice@example.net>;tag=9fxced76sl',
  'Call-ID: 3848276298220188511@192.0.2.10',
  'CSeq: 3 NOTIFY',
  'Contact: <sip:bob@192.0.2.20:5062;transport=udp>',
  'Event: refer;id=2',
  'Subscription-State: terminated;reason=noresource',
  'Content-Type: message/sipfrag;version=2.0',
  `Content-Length: ${FRAG.length}`,
  '',
  FRAG,
]);

const SDP = crlf([
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
]);

export const INVITE = crlf([
  'INVITE sip:carol@example.net SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.20:5062;branch=z9hG4bK-d87543-2;rport',
  'Max-Forwards: 70',
  'From: "Bob" <sip:bob@example.net>;tag=77jdh2',
  'To: <sip:carol@example.net>',
  'Call-ID: a84b4c76e66710@192.0.2.20',
  'CSeq: 1 INVITE',
  'Contact: <sip:bob@192.0.2.20:5062;transport=udp>',
  'Referred-By: <sip:alice@example.net>',
  'Replaces: 12345@192.0.2.30;to-tag=12345;from-tag=5FFE-3994',
  'Allow: INVITE, ACK, CANCEL, BYE, REFER, NOTIFY, OPTIONS',
  'Supported: replaces, timer',
  'Content-Type: application/sdp',
  `Content-Length: ${Buffer.byteLength(SDP)}`,
  '',
  SDP,
]);

export const MESSAGES = { REFER, NOTIFY, INVITE } as const;
