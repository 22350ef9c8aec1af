/**
 * A scenario's traffic as a pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block,
 * one Interface Description Block with LINKTYPE_RAW (101, bare IPv4/IPv6), one Enhanced Packet
 * Block per packet, microsecond timestamps (the default if_tsresol).
 *
 * UDP records become one datagram each. Stream records (TCP, TLS, WS, WSS) become TCP segments
 * of one connection per address pair: a SYN / SYN-ACK / ACK handshake is synthesised when a
 * connection is first seen, then each message is a PSH|ACK segment whose sequence numbers
 * continue per direction. TLS and WSS bytes are the decrypted SIP text as traced; every packet of
 * such a connection carries a comment saying so (see docs/evidence.md for "Decode As").
 */
import type { TraceRecord } from '../sip/transport/trace';
import { addressPair, tcpPacket, udpPacket, TCP_ACK, TCP_PSH, TCP_SYN, type Ends } from './packets';

const LINKTYPE_RAW = 101;
const SNAPLEN = 262144;
/** Payload per TCP segment, so a large message still fits an IPv4 packet. */
const MAX_SEGMENT = 65000;

function padded(len: number): number {
  return (len + 3) & ~3;
}

function block(type: number, body: Buffer): Buffer {
  const total = 12 + body.length;
  const b = Buffer.alloc(total);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(total, 4);
  body.copy(b, 8);
  b.writeUInt32LE(total, total - 4);
  return b;
}

function sectionHeader(): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt32LE(0x1a2b3c4d, 0); // byte-order magic
  body.writeUInt16LE(1, 4);
  body.writeUInt16LE(0, 6);
  body.writeBigInt64LE(-1n, 8); // section length unknown
  return block(0x0a0d0d0a, body);
}

function interfaceDescription(): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16LE(LINKTYPE_RAW, 0);
  body.writeUInt32LE(SNAPLEN, 4);
  return block(0x00000001, body);
}

function commentOption(text: string): Buffer {
  const value = Buffer.from(text, 'utf8');
  const opt = Buffer.alloc(4 + padded(value.length) + 4); // opt_comment, then opt_endofopt
  opt.writeUInt16LE(1, 0);
  opt.writeUInt16LE(value.length, 2);
  value.copy(opt, 4);
  return opt;
}

function enhancedPacket(timeMs: number, packet: Buffer, comment?: string): Buffer {
  const micros = BigInt(Math.round(timeMs * 1000));
  const head = Buffer.alloc(20);
  head.writeUInt32LE(0, 0); // interface 0
  head.writeUInt32LE(Number(micros >> 32n), 4);
  head.writeUInt32LE(Number(micros & 0xffffffffn), 8);
  head.writeUInt32LE(packet.length, 12);
  head.writeUInt32LE(packet.length, 16);
  const data = Buffer.alloc(padded(packet.length));
  packet.copy(data);
  const options = comment ? commentOption(comment) : Buffer.alloc(0);
  return block(0x00000006, Buffer.concat([head, data, options]));
}

export interface Packet { time: number; bytes: Buffer; comment?: string }

interface Connection { next: Map<string, number> }

function endKey(host: string, port: number): string {
  return `${host}|${port}`;
}

function initialSequence(key: string): number {
  let h = 0x811c9dc5; // FNV-1a: stable ISNs so the same trace gives the same file
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** Segment payloads of at most MAX_SEGMENT bytes (one empty segment for an empty message). */
function chunks(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < bytes.length; off += MAX_SEGMENT) out.push(bytes.subarray(off, off + MAX_SEGMENT));
  return out.length ? out : [bytes];
}

function streamComment(r: TraceRecord): string | undefined {
  if (r.transport === 'TLS' || r.transport === 'WSS') return `SIP over ${r.transport}: decrypted text as traced, shown as TCP payload`;
  if (r.transport === 'WS') return 'SIP over WS: WebSocket payload as traced, frame headers not recorded';
  return undefined;
}

/** Writes TCP segments for one stream record, synthesising the handshake at first sight. */
class TcpWriter {
  private readonly connections = new Map<string, Connection>();

  segments(r: TraceRecord, ends: Ends): Packet[] {
    const a = endKey(r.src.host, r.src.port);
    const b = endKey(r.dst.host, r.dst.port);
    const key = `${r.transport}/${[a, b].sort().join('/')}`;
    const out: Packet[] = [];
    const comment = streamComment(r);
    let conn = this.connections.get(key);
    if (!conn) {
      conn = this.handshake(key, a, b, ends, r.time, out, comment);
      this.connections.set(key, conn);
    }
    for (const payload of chunks(r.bytes)) {
      const seq = conn.next.get(a)!;
      const fields = { seq, ack: conn.next.get(b)!, flags: TCP_PSH | TCP_ACK };
      out.push({ time: r.time, bytes: tcpPacket(ends, fields, payload), comment });
      conn.next.set(a, (seq + payload.length) >>> 0);
    }
    return out;
  }

  private handshake(key: string, a: string, b: string, ends: Ends, time: number, out: Packet[], comment?: string): Connection {
    const isnA = initialSequence(`${key}/${a}`);
    const isnB = initialSequence(`${key}/${b}`);
    const back: Ends = { src: ends.dst, dst: ends.src, srcPort: ends.dstPort, dstPort: ends.srcPort };
    out.push({ time, comment, bytes: tcpPacket(ends, { seq: isnA, ack: 0, flags: TCP_SYN }, Buffer.alloc(0)) });
    out.push({ time, comment, bytes: tcpPacket(back, { seq: isnB, ack: isnA + 1, flags: TCP_SYN | TCP_ACK }, Buffer.alloc(0)) });
    out.push({ time, comment, bytes: tcpPacket(ends, { seq: isnA + 1, ack: isnB + 1, flags: TCP_ACK }, Buffer.alloc(0)) });
    return { next: new Map([[a, (isnA + 1) >>> 0], [b, (isnB + 1) >>> 0]]) };
  }
}

function ends(r: TraceRecord): Ends {
  const [src, dst] = addressPair(r.src.host, r.dst.host);
  return { src, dst, srcPort: r.src.port, dstPort: r.dst.port };
}

/** The packets for the records, in trace order. */
export function tracePackets(records: readonly TraceRecord[]): Packet[] {
  const tcp = new TcpWriter();
  return records.flatMap((r) =>
    r.transport === 'UDP' ? [{ time: r.time, bytes: udpPacket(ends(r), r.bytes) }] : tcp.segments(r, ends(r)),
  );
}

/** The records as a pcapng file that Wireshark and tshark open and dissect as SIP. */
export function writePcapng(records: readonly TraceRecord[]): Buffer {
  const packets = tracePackets(records).map((p) => enhancedPacket(p.time, p.bytes, p.comment));
  return Buffer.concat([sectionHeader(), interfaceDescription(), ...packets]);
}
