/**
 * Raw IPv4/IPv6 packets carrying UDP datagrams or TCP segments, with correct lengths and
 * checksums (RFC 791, RFC 8200, RFC 768, RFC 9293), for the pcapng writer.
 */
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

function v4Bytes(s: string): Buffer {
  return Buffer.from(s.split('.').map(Number));
}

function v6Bytes(s: string): Buffer {
  let text = s;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = v4Bytes(dotted[1]!);
    text = text.slice(0, dotted.index) + `${b.readUInt16BE(0).toString(16)}:${b.readUInt16BE(2).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const groups = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** A stand-in address for a host name, stable per name, in 198.18.0.0/15 (RFC 2544 benchmarking). */
function syntheticV4(name: string): Buffer {
  const d = createHash('sha256').update(name).digest();
  return Buffer.from([198, 18 + (d[0]! & 1), d[1]!, d[2]! || 1]);
}

/** The host as 4 or 16 address bytes: IP literals as written, names mapped to a stand-in. */
export function addressBytes(host: string): Buffer {
  const h = host.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(h)) return v4Bytes(h);
  if (isIPv6(h)) return v6Bytes(h);
  if (h.toLowerCase() === 'localhost') return v4Bytes('127.0.0.1');
  return syntheticV4(h.toLowerCase());
}

/** Both ends in one family: an IPv4 end meeting an IPv6 end becomes ::ffff:a.b.c.d. */
export function addressPair(src: string, dst: string): [Buffer, Buffer] {
  const a = addressBytes(src);
  const b = addressBytes(dst);
  if (a.length === b.length) return [a, b];
  const mapped = (x: Buffer): Buffer => (x.length === 16 ? x : Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]), x]));
  return [mapped(a), mapped(b)];
}

/** RFC 1071 Internet checksum over the concatenated buffers. */
export function internetChecksum(parts: readonly Buffer[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      if (odd === undefined) odd = p[i]!;
      else { sum += (odd << 8) | p[i]!; odd = undefined; }
    }
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function pseudoHeader(src: Buffer, dst: Buffer, proto: number, length: number): Buffer {
  if (src.length === 4) {
    const p = Buffer.alloc(4);
    p.writeUInt8(proto, 1);
    p.writeUInt16BE(length, 2);
    return Buffer.concat([src, dst, p]);
  }
  const p = Buffer.alloc(8);
  p.writeUInt32BE(length, 0);
  p.writeUInt8(proto, 7);
  return Buffer.concat([src, dst, p]);
}

/** Wraps a transport segment in an IPv4 (DF, TTL 64) or IPv6 (hop limit 64) header. */
export function ipPacket(src: Buffer, dst: Buffer, proto: number, segment: Buffer): Buffer {
  if (src.length === 4) {
    if (segment.length + 20 > 0xffff) throw new RangeError(`IPv4 payload of ${segment.length} bytes exceeds 65515`);
    const h = Buffer.alloc(20);
    h.writeUInt8(0x45, 0);
    h.writeUInt16BE(20 + segment.length, 2);
    h.writeUInt16BE(0x4000, 6);
    h.writeUInt8(64, 8);
    h.writeUInt8(proto, 9);
    src.copy(h, 12);
    dst.copy(h, 16);
    h.writeUInt16BE(internetChecksum([h]), 10);
    return Buffer.concat([h, segment]);
  }
  if (segment.length > 0xffff) throw new RangeError(`IPv6 payload of ${segment.length} bytes exceeds 65535`);
  const h = Buffer.alloc(40);
  h.writeUInt32BE(0x60000000, 0);
  h.writeUInt16BE(segment.length, 4);
  h.writeUInt8(proto, 6);
  h.writeUInt8(64, 7);
  src.copy(h, 8);
  dst.copy(h, 24);
  return Buffer.concat([h, segment]);
}

export interface Ends { src: Buffer; dst: Buffer; srcPort: number; dstPort: number }

/** A UDP datagram (RFC 768) in its IP packet, checksum computed (0 becomes 0xffff). */
export function udpPacket(e: Ends, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  const length = 8 + payload.length;
  h.writeUInt16BE(e.srcPort, 0);
  h.writeUInt16BE(e.dstPort, 2);
  h.writeUInt16BE(length & 0xffff, 4);
  const sum = internetChecksum([pseudoHeader(e.src, e.dst, PROTO_UDP, length), h, payload]);
  h.writeUInt16BE(sum === 0 ? 0xffff : sum, 6);
  return ipPacket(e.src, e.dst, PROTO_UDP, Buffer.concat([h, payload]));
}

export interface TcpFields { seq: number; ack: number; flags: number }

/** A TCP segment (RFC 9293 §3.1) in its IP packet: 20-byte header, window 65535, checksum computed. */
export function tcpPacket(e: Ends, f: TcpFields, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(e.srcPort, 0);
  h.writeUInt16BE(e.dstPort, 2);
  h.writeUInt32BE(f.seq >>> 0, 4);
  h.writeUInt32BE(f.flags & TCP_ACK ? f.ack >>> 0 : 0, 8);
  h.writeUInt8(5 << 4, 12);
  h.writeUInt8(f.flags, 13);
  h.writeUInt16BE(0xffff, 14);
  const length = 20 + payload.length;
  h.writeUInt16BE(internetChecksum([pseudoHeader(e.src, e.dst, PROTO_TCP, length), h, payload]), 16);
  return ipPacket(e.src, e.dst, PROTO_TCP, Buffer.concat([h, payload]));
}
