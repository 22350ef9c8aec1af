import * as charsM from './chars';
import { Reporter } from './context';
import { ParseError } from './errors';
import * as grammarM from './grammar';
import * as fastM from './fast';
import * as namesM from './names';
import * as start_lineM from './start-line';
import type { Header, ParseOptions, SipMessage } from './types';
import * as view_cacheM from './view-cache';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { TOKEN, isWs, scan, trimWs } = charsM;
const { fastParts } = fastM;
const { SINGLE_BIT, elementsOf, headerInfo } = grammarM;
const { canonicalName, displayName, knownName } = namesM;
const { parseStartLine } = start_lineM;
const { rememberViews } = view_cacheM;

const CRLFCRLF = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);

/**
 * The decoded text and where its header section ends. Offsets in `text` equal octet offsets in
 * the Buffer when `oneToOne` (every octet decoded to one char, e.g. all ASCII); else `text` is the
 * header section alone and the octet offsets are `bodyStart` and friends.
 */
interface Layout { text: string; oneToOne: boolean; start: number; headEnd: number; bodyStart: number; noBlankLine: boolean }

/** Parse one SIP message (RFC 3261 §7); keeps the bytes in `raw`. */
export function parseMessage(data: Buffer | string, opts: ParseOptions = {}): SipMessage {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (opts.maxSize !== undefined && buf.length > opts.maxSize) {
    throw new ParseError(`message of ${buf.length} octets exceeds the maximum size of ${opts.maxSize}`);
  }
  const r = new Reporter(opts.lenient === true);
  const msg = parseParts(buf, r, false);
  if (r.findings) msg.findings = r.findings;
  return msg;
}

let fastPath = true;
let fastTaken = 0;

/** Tests and benchmarks only: off, every message takes the general path (fast.ts is then not used). */
export function setFastPath(on: boolean): void {
  fastPath = on;
}

/** Tests only: how many messages the one-pass reader (fast.ts) has read so far. */
export function fastPathCount(): number {
  return fastTaken;
}

/**
 * Shared by parseMessage and parseSipfrag (`fragment`: RFC 3420 rules). The usual message is read
 * in one pass (fast.ts); anything else, and anything to report, takes the general path below.
 * `decoded`: buf as UTF-8 text when already at hand.
 */
export function parseParts(buf: Buffer, r: Reporter, fragment: boolean, decoded?: string): SipMessage {
  const full = decoded ?? buf.toString('utf8');
  if (fastPath && full.length === buf.length) {
    const msg = fastParts(buf, full, fragment);
    if (msg !== undefined) {
      fastTaken++;
      return msg;
    }
  }
  const lay = layout(buf, fragment, full);
  const lines = splitLines(lay, r);
  const text = lay.text;
  const start = parseStartLine(text.slice(lines[0], lines[1]), r);
  const parsed = readHeaders(text, lines, r);
  const views = checkHeaders(parsed, r, fragment);
  if (lay.noBlankLine && !fragment) {
    r.problem('no empty line after the header fields (RFC 3261 §7: CRLF must end the headers)', { line: (lines.length >> 1) + 1, column: 1 });
  }
  const msg = start as SipMessage;
  msg.headers = parsed.headers;
  msg.body = body(buf, lay, views, parsed, r, fragment);
  msg.raw = buf;
  if (!fragment) checkMessage(msg, parsed, r);
  if (!fragment) rememberViews(msg, views, bodyText(lay, msg.body));
  return msg;
}

/** Find the empty line; stream keepalive CRLFs before the start line are skipped (RFC 3261 §7.5). */
function layout(buf: Buffer, fragment: boolean, full: string): Layout {
  if (full.length !== buf.length) return layoutBytes(buf, fragment);
  // Each octet is one char (chars never take fewer octets), so string offsets are octet offsets.
  let start = 0;
  while (start + 1 < full.length && full.charCodeAt(start) === 13 && full.charCodeAt(start + 1) === 10) start += 2;
  const end = full.indexOf('\r\n\r\n', start);
  if (end >= 0) return { text: full, oneToOne: true, start, headEnd: end, bodyStart: end + 4, noBlankLine: false };
  const lf = full.indexOf('\n\n', start);
  if (lf >= 0) return { text: full, oneToOne: true, start, headEnd: lf, bodyStart: lf + 2, noBlankLine: false };
  let headEnd = full.length;
  if (headEnd >= start + 2 && full.charCodeAt(headEnd - 2) === 13 && full.charCodeAt(headEnd - 1) === 10) headEnd -= 2;
  return { text: full, oneToOne: true, start, headEnd, bodyStart: full.length, noBlankLine: !fragment || headEnd === full.length };
}

/** layout() for text where octets and chars differ (multi-octet UTF-8): search the octets. */
function layoutBytes(buf: Buffer, fragment: boolean): Layout {
  let start = 0;
  while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10) start += 2;
  let headEnd = buf.indexOf(CRLFCRLF, start);
  let bodyStart = headEnd + 4;
  let noBlankLine = false;
  if (headEnd < 0) {
    headEnd = buf.indexOf('\n\n', start);
    bodyStart = headEnd + 2;
  }
  if (headEnd < 0) {
    headEnd = buf.length;
    if (headEnd >= start + 2 && buf[headEnd - 2] === 13 && buf[headEnd - 1] === 10) headEnd -= 2;
    bodyStart = buf.length;
    noBlankLine = !fragment || headEnd === buf.length;
  }
  const text = buf.toString('utf8', start, headEnd);
  return { text, oneToOne: false, start, headEnd, bodyStart, noBlankLine };
}

/** The body as text for the JSON view, cut from the decoded message when offsets match. */
function bodyText(lay: Layout, body: Buffer): string | undefined {
  if (!lay.oneToOne) return undefined;
  return body.length === 0 ? '' : lay.text.slice(lay.bodyStart, lay.bodyStart + body.length);
}

/**
 * The header section's lines as [start, end) pairs in `lay.text`, CR/LF excluded; a line ended by
 * a bare LF is a deviation (RFC 3261 §7: CRLF).
 */
function splitLines(lay: Layout, r: Reporter): number[] {
  const text = lay.text;
  const end = lay.oneToOne ? lay.headEnd : text.length;
  const lines: number[] = [];
  let pos = lay.oneToOne ? lay.start : 0;
  for (;;) {
    const j = text.indexOf('\n', pos);
    if (j < 0 || j >= end) {
      lines.push(pos, end);
      return lines;
    }
    if (j > pos && text.charCodeAt(j - 1) === 13) {
      lines.push(pos, j - 1);
    } else {
      r.problem('line ends with LF without CR (RFC 3261 §7: lines end with CRLF)', { line: (lines.length >> 1) + 1, column: j - pos + 1 });
      lines.push(pos, j);
    }
    pos = j + 1;
  }
}

export interface ParsedHeaders {
  headers: Header[];
  lineNo: number[];
  /** 1-based column where each header's value starts in its first line, to place errors. */
  valueColumn: number[];
  /** Bits of SINGLE_BIT for the headers seen; index of the first CSeq and Content-Length. */
  seen: number;
  cseq: number;
  length: number;
}

/** message-header lines with folding undone (RFC 3261 §7.3.1: LWS with CRLF is one SP). */
function readHeaders(text: string, lines: number[], r: Reporter): ParsedHeaders {
  const out: ParsedHeaders = { headers: [], lineNo: [], valueColumn: [], seen: 0, cseq: -1, length: -1 };
  for (let k = 2; k < lines.length; k += 2) {
    const ls = lines[k];
    const le = lines[k + 1];
    const lineNo = (k >> 1) + 1;
    if (ls === le) break; // bare-LF empty line in lenient mode: end of headers
    if (isWs(text.charCodeAt(ls))) {
      fold(out, text.slice(ls, le), lineNo, r);
      continue;
    }
    const colon = text.indexOf(':', ls);
    if (colon < 0 || colon >= le) {
      const line = text.slice(ls, le);
      r.problem(`header line has no ":": "${line.length > 40 ? line.slice(0, 40) + '…' : line}" (RFC 3261 §7.3)`, { line: lineNo, column: 1 });
      continue;
    }
    const name = headerName(text, ls, colon, lineNo, r);
    let vs = colon + 1;
    while (vs < le && isWs(text.charCodeAt(vs))) vs++;
    let ve = le;
    while (ve > vs && isWs(text.charCodeAt(ve - 1))) ve--;
    out.headers.push({ name, value: text.slice(vs, ve) });
    out.lineNo.push(lineNo);
    out.valueColumn.push(vs - ls + 1);
  }
  return out;
}

function fold(out: ParsedHeaders, line: string, lineNo: number, r: Reporter): void {
  const h = out.headers[out.headers.length - 1];
  if (h === undefined) {
    r.problem('continuation line before any header field (RFC 3261 §7.3.1)', { line: lineNo, column: 1 });
    return;
  }
  const more = trimWs(line);
  if (more.length) h.value = h.value.length ? h.value + ' ' + more : more;
}

/** header-name = token, then *(SP / HTAB) before ":" (RFC 3261 §7.3.1 HCOLON); text[ls..colon). */
function headerName(text: string, ls: number, colon: number, lineNo: number, r: Reporter): string {
  let e = colon;
  while (e > ls && isWs(text.charCodeAt(e - 1))) e--;
  const known = knownName(text, ls, e);
  if (known !== undefined) return known;
  const raw = text.slice(ls, e);
  if (e === ls || scan(raw, 0, TOKEN) !== raw.length) {
    r.problem(`header name "${raw}" is not a token (RFC 3261 §7.3.1)`, { line: lineNo, column: 1 });
  }
  return canonicalName(raw);
}

/** Every header parsed by its grammar; single-value headers appear once (RFC 3261 §7.3.1). */
function checkHeaders(p: ParsedHeaders, r: Reporter, fragment: boolean): unknown[][] {
  const views: unknown[][] = new Array(p.headers.length);
  for (let i = 0; i < p.headers.length; i++) {
    const h = p.headers[i];
    const info = headerInfo(h.name);
    try {
      views[i] = elementsOf(info, h.value);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      r.fromValue(e, p.lineNo[i], p.valueColumn[i], h.name);
      views[i] = [h.value];
    }
    if (info.single !== 0) checkSingle(p, i, info.single, r, fragment);
  }
  return views;
}

function checkSingle(p: ParsedHeaders, i: number, bit: number, r: Reporter, fragment: boolean): void {
  if ((p.seen & bit) === 0) {
    p.seen |= bit;
    if (bit === 8) p.cseq = i;
    else if (bit === 32) p.length = i;
    return;
  }
  const name = p.headers[i].name;
  if (bit === 128 || fragment) return;
  const firstValue = p.headers.find((h) => h.name === name)?.value;
  const why = name === 'content-length' && firstValue !== p.headers[i].value
    ? `conflicting Content-Length values ${firstValue} and ${p.headers[i].value} (RFC 3261 §20.14)`
    : `more than one ${displayName(name)} header field (RFC 3261 §7.3.1: it takes a single value)`;
  r.problem(why, { line: p.lineNo[i], column: 1, header: name });
}

/** Body framed by Content-Length when present (RFC 3261 §18.3, §20.14); else the rest. */
function body(buf: Buffer, lay: Layout, views: unknown[][], p: ParsedHeaders, r: Reporter, fragment: boolean): Buffer {
  const have = buf.length - lay.bodyStart;
  const i = p.length;
  const cl = i >= 0 ? views[i][0] : undefined;
  if (typeof cl !== 'number' || fragment) return have > 0 ? buf.subarray(lay.bodyStart) : EMPTY;
  if (cl > have) {
    r.problem(`Content-Length ${cl} exceeds the ${have} octets of body received (RFC 3261 §18.3)`, { line: p.lineNo[i], column: p.valueColumn[i], header: 'content-length' });
    return buf.subarray(lay.bodyStart);
  }
  if (cl < have && r.lenient) {
    r.problem(`${have - cl} octets after the Content-Length body ignored (RFC 3261 §18.3)`, { header: 'content-length' });
  }
  return cl === 0 ? EMPTY : buf.subarray(lay.bodyStart, lay.bodyStart + cl);
}

const MANDATORY = 1 | 2 | 4 | 8 | 128; // Call-ID, From, To, CSeq, Via

/** Mandatory headers (RFC 3261 §8.1.1) and CSeq method = request method (§8.1.1.5). */
function checkMessage(msg: SipMessage, p: ParsedHeaders, r: Reporter): void {
  if ((p.seen & MANDATORY) !== MANDATORY) {
    const missing = ['via', 'from', 'to', 'call-id', 'cseq'].filter((n) => (p.seen & SINGLE_BIT[n]) === 0);
    r.problem(`missing mandatory header field(s): ${missing.map(displayName).join(', ')} (RFC 3261 §8.1.1)`);
  }
  const i = p.cseq;
  if (msg.type !== 'request' || i < 0) return;
  const v = p.headers[i].value;
  let e = v.length;
  while (e > 0 && isWs(v.charCodeAt(e - 1))) e--;
  let b = e;
  while (b > 0 && !isWs(v.charCodeAt(b - 1))) b--;
  if (e - b !== msg.method.length || !v.startsWith(msg.method, b)) {
    r.problem(`CSeq method ${v.slice(b, e)} does not match the request method ${msg.method} (RFC 3261 §8.1.1.5)`, { line: p.lineNo[i], column: p.valueColumn[i], header: 'cseq' });
  }
}
