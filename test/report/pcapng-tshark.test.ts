/**
 * tshark reads every pcapng a real `sipwright run` writes (reports/evidence/NNN-scenario/) and
 * finds the same SIP messages, in the same order, as the scenario's trace (sip-trace.txt), with
 * the exact bytes as UDP payload and nothing malformed.
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { run, sandbox, type Sandbox } from './sandbox';

const TSHARK = process.env.TSHARK ?? '/usr/bin/tshark';
const execFileAsync = promisify(execFile);

interface TracedMessage { index: number; transport: string; bytes: Buffer; ports: [number, number] }

/** Reads sip-trace.txt back: each heading says how many bytes follow (trace-text.ts). */
function parseTraceText(text: Buffer): TracedMessage[] {
  const out: TracedMessage[] = [];
  if (text.toString('utf8').startsWith('(no SIP messages')) return out; // a skipped scenario
  let pos = 0;
  while (pos < text.length) {
    const eol = text.indexOf(0x0a, pos);
    const heading = text.subarray(pos, eol).toString('utf8');
    const m = /^=== #(\d+) .* (UDP|TCP|TLS|WS|WSS)  \S+:(\d+) -> \S+:(\d+)  \((\d+) bytes\)$/.exec(heading);
    if (!m) throw new Error(`not a trace heading at byte ${pos}: ${JSON.stringify(heading.slice(0, 120))}`);
    const start = eol + 1;
    const bytes = text.subarray(start, start + Number(m[5]));
    out.push({ index: Number(m[1]), transport: m[2]!, bytes, ports: [Number(m[3]), Number(m[4])] });
    pos = start + bytes.length + (bytes[bytes.length - 1] === 0x0a ? 1 : 2);
  }
  return out;
}

/** "INVITE 1 INVITE" or "200 1 INVITE": the start line's method or status code, and the CSeq. */
function describe(bytes: Buffer): string {
  const head = bytes.toString('latin1').split('\r\n');
  const start = /^SIP\/2\.0 (\d{3})/.exec(head[0]!)?.[1] ?? head[0]!.split(' ')[0]!;
  const cseq = head.find((l) => /^(CSeq)\s*:/i.test(l))?.replace(/^[^:]*:\s*/, '').trim() ?? '';
  return `${start} ${cseq}`;
}

const FIELDS = ['frame.number', 'sip.Method', 'sip.Status-Code', 'sip.CSeq', 'udp.payload', '_ws.malformed', '_ws.expert.severity', '_ws.expert.message'];
const PI_ERROR = 0x00800000; // Wireshark's expert severity "Error"

interface Frame { frame: string; method: string; status: string; cseq: string; payload: string; malformed: string; severity: string; expert: string }

/** Every frame of the capture, dissected once (tshark starts in about half a second). */
async function frames(file: string, udpPorts: number[] = []): Promise<Frame[]> {
  // Ephemeral ports may collide with ports Wireshark gives to other protocols: say they carry SIP,
  // as a user would with Decode As.
  const decodeAs = [...new Set(udpPorts)].flatMap((port) => ['-d', `udp.port==${port},sip`]);
  // A Referred-By token's signature part is base64 (RFC 3892 §4 examples); Wireshark hands it to its
  // CMS dissector still encoded unless told to remove the Content-Transfer-Encoding first.
  const prefs = ['-o', 'mime_multipart.remove_base64_encoding:TRUE'];
  const { stdout } = await execFileAsync(TSHARK, ['-n', '-r', file, ...decodeAs, ...prefs, '-T', 'fields', '-E', 'separator=|', ...FIELDS.flatMap((f) => ['-e', f])], { maxBuffer: 64 << 20 });
  return stdout.split('\n').filter(Boolean).map((line) => {
    const [frame, method, status, cseq, payload, malformed, severity, expert] = line.split('|');
    return { frame: frame!, method: method!, status: status!, cseq: cseq!, payload: payload!, malformed: malformed!, severity: severity!, expert: expert! };
  });
}

/** The checks for one scenario's capture against its trace; returns how many SIP messages it holds. */
async function checkCapture(dir: string): Promise<number> {
  const pcap = join(dir, 'trace.pcapng');
  const traced = parseTraceText(readFileSync(join(dir, 'sip-trace.txt')));
  const all = await frames(pcap, traced.filter((t) => t.transport === 'UDP').flatMap((t) => t.ports));
  const sip = all.filter((f) => f.method || f.status);
  assert.deepEqual(sip.map((f) => `${f.method || f.status} ${f.cseq}`), traced.map((t) => describe(t.bytes)), `${pcap}: SIP messages as tshark dissects them vs the trace`);
  sip.forEach((f, i) => {
    if (traced[i]!.transport !== 'UDP') return;
    assert.equal(f.payload, traced[i]!.bytes.toString('hex'), `${pcap} frame ${f.frame}: UDP payload is the exact bytes of trace #${traced[i]!.index}`);
  });
  if (traced.every((t) => t.transport === 'UDP')) assert.equal(all.length, traced.length, `${pcap}: one frame per UDP message, nothing else`);
  const bad = all.filter((f) => f.malformed || f.severity.split(',').some((s) => Number(s) >= PI_ERROR || /error/i.test(s)));
  assert.deepEqual(bad.map((f) => `frame ${f.frame}: ${f.expert}`), [], `${pcap}: malformed or erroneous frames`);
  return sip.length;
}

let box: Sandbox;
let scenarios: string[] = [];

before(async () => {
  assert.ok(existsSync(TSHARK), `tshark not found at ${TSHARK}: install it with scripts/setup-debian.sh (Debian package "tshark") or set TSHARK=/path/to/tshark`);
  box = sandbox('tshark');
  await run(box, ['--no-report'], 0);
  const evidence = join(box.reports, 'evidence');
  scenarios = readdirSync(evidence).filter((d) => /^\d{3}-/.test(d)).map((d) => join(evidence, d));
});

after(() => box?.remove());

test('the run wrote a pcapng and a trace for every scenario it recorded', () => {
  const records = readFileSync(join(box.reports, 'evidence', 'scenarios.jsonl'), 'utf8').trim().split('\n');
  assert.ok(records.length > 0, 'the catalogue has scenarios');
  assert.equal(scenarios.length, records.length, 'one evidence directory per scenario');
  for (const dir of scenarios) {
    for (const f of ['trace.pcapng', 'sip-trace.txt', 'ladder.svg']) assert.ok(existsSync(join(dir, f)), `${dir}/${f}`);
  }
});

test('tshark finds the same SIP messages as the trace: count, order, methods, status codes, CSeq, exact bytes', async () => {
  // Two captures at a time: each tshark start is mostly CPU. A skipped scenario's capture is empty, and read too.
  let messages = 0;
  for (let i = 0; i < scenarios.length; i += 2) for (const n of await Promise.all(scenarios.slice(i, i + 2).map(checkCapture))) messages += n;
  assert.ok(messages > 0, 'the run exchanged SIP messages');
});
