import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePcapng } from '../../src/evidence/pcapng';
import { addressBytes, addressPair, internetChecksum } from '../../src/evidence/packets';
import type { TraceRecord } from '../../src/sip/transport/trace';
import { expectedFields, referExchange } from './fixtures';

const TSHARK = process.env.TSHARK ?? '/usr/bin/tshark';

function tshark(records: TraceRecord[], args: string[]): string {
  assert.ok(existsSync(TSHARK), `tshark not found at ${TSHARK}: install it with scripts/setup-debian.sh (Debian package "tshark") or set TSHARK`);
  const dir = mkdtempSync(join(tmpdir(), 'sipwright-pcap-'));
  try {
    const file = join(dir, 'trace.pcapng');
    writeFileSync(file, writePcapng(records));
    return execFileSync(TSHARK, ['-n', '-r', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sipFields(records: TraceRecord[], extra: string[] = []): string[][] {
  const out = tshark(records, [...extra, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'sip.Call-ID']);
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

const cases: Array<{ name: string; records: TraceRecord[]; callId: string; extra?: string[] }> = [
  { name: 'UDP over IPv4', callId: 'udp4@example.com', records: referExchange({ transport: 'UDP', alice: { host: '192.0.2.10', port: 5060 }, bob: { host: '198.51.100.20', port: 5062 }, callId: 'udp4@example.com' }) },
  { name: 'UDP over IPv6', callId: 'udp6@example.com', records: referExchange({ transport: 'UDP', alice: { host: '2001:db8::10', port: 5060 }, bob: { host: '2001:db8::20', port: 40312 }, callId: 'udp6@example.com' }) },
  { name: 'TCP over IPv4', callId: 'tcp4@example.com', records: referExchange({ transport: 'TCP', alice: { host: '127.0.0.1', port: 43122 }, bob: { host: '127.0.0.1', port: 5060 }, callId: 'tcp4@example.com' }) },
  { name: 'TCP over IPv6', callId: 'tcp6@example.com', records: referExchange({ transport: 'TCP', alice: { host: '::1', port: 5060 }, bob: { host: '::1', port: 37000 }, callId: 'tcp6@example.com' }) },
  { name: 'TLS (decrypted) with Decode As', callId: 'tls@example.com', extra: ['-d', 'tcp.port==5061,sip'], records: referExchange({ transport: 'TLS', alice: { host: '10.0.0.1', port: 45000 }, bob: { host: '10.0.0.2', port: 5061 }, callId: 'tls@example.com' }) },
];

for (const c of cases) {
  test(`tshark dissects the REFER/202/NOTIFY/200 exchange over ${c.name} as SIP, in order`, () => {
    assert.deepEqual(sipFields(c.records, c.extra), expectedFields(c.callId));
  });
}

test('checksums, lengths and TCP sequence numbers pass tshark validation', () => {
  const records = [...cases[0]!.records, ...cases[1]!.records, ...cases[2]!.records, ...cases[3]!.records];
  const out = tshark(records, [
    '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE',
    '-T', 'fields', '-E', 'separator=,', '-e', 'frame.number', '-e', 'ip.checksum.status', '-e', 'udp.checksum.status',
    '-e', 'tcp.checksum.status', '-e', '_ws.expert.message',
  ]);
  const rows = out.trim().split('\n');
  assert.equal(rows.length, 4 + 4 + (3 + 4) * 2, 'one frame per UDP message; TCP: handshake + one segment per message');
  for (const row of rows) {
    const [frame, ...statuses] = row.split(',');
    // proto_checksum_enum_e: 0 = Bad, 1 = Good, 2 = Unverified
    for (const s of statuses.slice(0, 3)) if (s !== '') assert.equal(s, '1', `frame ${frame}: checksum status not Good: ${row}`);
    assert.doesNotMatch(row, /retransmission|out-of-order|previous segment|ACKed unseen|malformed/i, `frame ${frame}: ${row}`);
  }
});

test('TCP sequence numbers continue per direction across segments', () => {
  const recs = cases[2]!.records;
  const out = tshark(recs, ['-o', 'tcp.relative_sequence_numbers:TRUE', '-T', 'fields', '-e', 'tcp.seq', '-e', 'tcp.ack', '-e', 'tcp.len', '-e', 'tcp.flags.str']);
  const rows = out.trim().split('\n').map((l) => l.split('\t'));
  assert.deepEqual(rows.slice(0, 3).map((r) => [r[0], r[2]]), [['0', '0'], ['0', '0'], ['1', '0']]);
  const len = recs.map((r) => r.bytes.length);
  // client→server: REFER then 200; server→client: 202 then NOTIFY
  assert.deepEqual(rows.slice(3).map((r) => [Number(r[0]), Number(r[1]), Number(r[2])]), [
    [1, 1, len[0]], [1, 1 + len[0]!, len[1]], [1 + len[1]!, 1 + len[0]!, len[2]], [1 + len[0]!, 1 + len[1]! + len[2]!, len[3]],
  ]);
});

test('timestamps are the trace times at microsecond resolution', () => {
  const recs = cases[0]!.records;
  const out = tshark(recs, ['-T', 'fields', '-e', 'frame.time_epoch']);
  const times = out.trim().split('\n').map((t) => t.trim());
  const epoch = (t: number): string => {
    const us = Math.round(t * 1000);
    return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}000`;
  };
  assert.deepEqual(times, recs.map((r) => epoch(r.time)));
});

test('internetChecksum matches the RFC 1071 example', () => {
  // RFC 1071 §3: 0001 f203 f4f5 f6f7 sums to ddf2, checksum is its complement
  assert.equal(internetChecksum([Buffer.from('0001f203f4f5f6f7', 'hex')]), (~0xddf2) & 0xffff);
  assert.equal(internetChecksum([Buffer.from('0001f2', 'hex'), Buffer.from('03f4f5f6f7', 'hex')]), (~0xddf2) & 0xffff);
});

test('an empty trace is still a valid pcapng with no packets', () => {
  assert.equal(tshark([], ['-T', 'fields', '-e', 'frame.number']).trim(), '');
});

test('a large message over TCP is split into segments that tshark reassembles into one SIP message', () => {
  const [refer] = referExchange({ transport: 'TCP', alice: { host: '192.0.2.1', port: 40000 }, bob: { host: '192.0.2.2', port: 5060 }, callId: 'big@example.com' });
  const body = 'x'.repeat(150_000);
  const head = refer!.bytes.toString().replace(/Content-Length: 0\r\n\r\n$/, `Content-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`);
  const big = { ...refer!, bytes: Buffer.from(head + body) };
  assert.deepEqual(sipFields([big]), [['REFER', '', 'big@example.com']]);
  const lens = tshark([big], ['-T', 'fields', '-e', 'tcp.len']).trim().split('\n').map(Number);
  assert.deepEqual(lens, [0, 0, 0, 65000, 65000, big.bytes.length - 130000]);
});

test('host names get stable stand-in addresses; WS/TLS packets say what they carry in a packet comment', () => {
  const ws = referExchange({ transport: 'WS', alice: { host: 'ua.example.com', port: 5060 }, bob: { host: 'pbx.example.net', port: 5060 }, callId: 'ws@example.com' });
  assert.deepEqual(sipFields(ws), expectedFields('ws@example.com'));
  const out = tshark(ws.slice(0, 1), ['-T', 'fields', '-E', 'separator=|', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'frame.comment']).trim().split('\n');
  const [src, dst, comment] = out.at(-1)!.split('|');
  assert.match(src!, /^198\.1[89]\./);
  assert.match(dst!, /^198\.1[89]\./);
  assert.notEqual(src, dst);
  assert.match(comment!, /SIP over WS/);
});

test('address bytes: IPv6 forms, bracketed and zoned literals, mixed families mapped to IPv6', () => {
  assert.equal(addressBytes('2001:db8::1').toString('hex'), '20010db8000000000000000000000001');
  assert.equal(addressBytes('[fe80::1%eth0]').toString('hex'), 'fe800000000000000000000000000001');
  assert.equal(addressBytes('::ffff:192.0.2.1').toString('hex'), '00000000000000000000ffffc0000201');
  assert.equal(addressBytes('::').toString('hex'), '0'.repeat(32));
  assert.equal(addressBytes('localhost').toString('hex'), '7f000001');
  const [a, b] = addressPair('192.0.2.1', '2001:db8::1');
  assert.deepEqual([a.toString('hex'), b.length], ['00000000000000000000ffffc0000201', 16]);
});
