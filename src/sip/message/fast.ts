// The usual message read in one pass over its octets (issue 3: speed). Each header family has a
// scanner that checks its grammar and builds the JSON view element as it goes; a value of any
// other shape goes to the general grammar (grammar.ts), and anything the general path would report
// (an error, or a finding in lenient mode) makes fastParts give up: parse.ts then parses the whole
// message the general way, so errors, positions and findings are the general path's by
// construction. test/message/equivalence.test.ts holds the two paths to the same views.
import * as charsM from './chars';
import * as errorsM from './errors';
import * as grammarM from './grammar';
import type { HeaderInfo } from './grammar';
import * as internM from './intern';
import * as name_addrM from './name-addr';
import * as namesM from './names';
import type { Params } from './params';
import * as start_lineM from './start-line';
import type { Header, SipMessage } from './types';
import * as view_cacheM from './view-cache';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { CLASS, HOST, NOT_URI, PVAL, TOKEN, WORD } = charsM;
const { ParseError } = errorsM;
const { elementsOf, headerInfo } = grammarM;
const { ByteSpellings, LOWER } = internM;
const { uriHeaders } = name_addrM;
const { COMMON_HEADER_NAMES, canonicalName } = namesM;
const { isSimpleRequestUri } = start_lineM;
const { rememberViews } = view_cacheM;

/** RFC 3261 §25.1 classes per octet; octets ≥ 128 have none (the general path reads them). */
const C = new Uint8Array(256);
C.set(CLASS);

// Scanner per header family.
const TEXT = 0;
const GENERAL = 1;
const VIA = 2;
const NAME_ADDR = 3;
const CONTACT = 4;
const CALL_ID = 5;
const CSEQ = 6;
const NUMBER = 7;
const TOKENS = 8;
const CONTENT_TYPE = 9;
const EVENT = 10;

const SCANNER: Record<string, number> = {
  via: VIA, from: NAME_ADDR, to: NAME_ADDR, contact: CONTACT, route: NAME_ADDR, 'record-route': NAME_ADDR,
  'reply-to': NAME_ADDR, 'refer-to': NAME_ADDR, 'referred-by': NAME_ADDR,
  'p-asserted-identity': NAME_ADDR, 'p-preferred-identity': NAME_ADDR,
  'call-id': CALL_ID, cseq: CSEQ, 'max-forwards': NUMBER, 'content-length': NUMBER, expires: NUMBER,
  'min-expires': NUMBER, allow: TOKENS, supported: TOKENS, require: TOKENS, unsupported: TOKENS,
  'proxy-require': TOKENS, 'content-type': CONTENT_TYPE, event: EVENT, 'allow-events': EVENT,
};

/** What the one-pass reader needs to know about a header name. */
interface Kind {
  name: string;
  scanner: number;
  /** Largest value of a NUMBER header (Max-Forwards ≤ 255, RFC 3261 §20.22). */
  max: number;
  info: HeaderInfo;
  /** The parse that last saw this name, and the last one whose view array for it is a copy of its own. */
  seen: number;
  owned: number;
}

const KINDS = new Map<string, Kind>();

/** One Kind per name, so that `seen` says whether a message repeats it; undefined past 4096 names. */
function kindOf(name: string): Kind | undefined {
  let k = KINDS.get(name);
  if (k === undefined && KINDS.size < 4096) {
    const info = headerInfo(name);
    const scanner = Object.hasOwn(SCANNER, name) ? SCANNER[name] : info.plain ? TEXT : GENERAL;
    k = { name, scanner, max: name === 'max-forwards' ? 255 : 999999999, info, seen: 0, owned: 0 };
    KINDS.set(name, k);
  }
  return k;
}

/** Counts parses, for Kind.seen and Kind.owned. */
let parses = 0;

const NAMES = new ByteSpellings([...new Set(COMMON_HEADER_NAMES.map((n) => n.toLowerCase()))]
  .map((n): [string, Kind] => [n, kindOf(canonicalName(n))!]));

// Parameter names common in SIP headers, returned as constants (see intern.ts).
const PARAM_NAMES = new ByteSpellings([
  'tag', 'branch', 'rport', 'received', 'transport', 'lr', 'maddr', 'ttl', 'user', 'method', 'id', 'reason',
  'expires', 'retry-after', 'version', 'to-tag', 'from-tag', 'early-only', 'q', 'charset', 'local-tag',
  'remote-tag', 'boundary', 'handling', 'purpose', 'comp', 'ob', 'gr', 'reg-id', '+sip.instance', 'duration',
].map((n): [string, string] => [n, n]));

const TRANSPORTS = new ByteSpellings(['udp', 'tcp', 'tls', 'sctp', 'ws', 'wss'].map((t): [string, string] => [t, t.toUpperCase()]));

const EMPTY = Buffer.alloc(0);
const MANDATORY = 1 | 2 | 4 | 8 | 128; // Call-ID, From, To, CSeq, Via (grammar.ts SINGLE_BIT)

/**
 * The message in `buf` (decoded as `text`, one char per octet) when it has the usual shape,
 * else undefined. `fragment`: RFC 3420 rules (parse.ts parseParts).
 */
export function fastParts(buf: Buffer, text: string, fragment: boolean): SipMessage | undefined {
  const n = buf.length;
  if (n < 12 || buf[0] === 13 || buf[0] === 10) return undefined; // keepalives before the start line (RFC 3261 §7.5)
  let headEnd = text.indexOf('\r\n\r\n');
  let bodyStart = headEnd + 4;
  if (headEnd < 0) {
    // A fragment may end with its last header line (RFC 3420 §2).
    if (!fragment || buf[n - 2] !== 13 || buf[n - 1] !== 10 || text.indexOf('\n\n') >= 0) return undefined;
    headEnd = n - 2;
    bodyStart = n;
  }
  // Start line (RFC 3261 §7.1, §7.2).
  const j0 = text.indexOf('\n');
  const e0 = j0 - 1;
  if (buf[e0] !== 13) return undefined;
  let method = '';
  let uri = '';
  let status = 0;
  let reason = '';
  if (buf[0] === 83 && buf[1] === 73 && buf[2] === 80 && buf[3] === 47) {
    // "SIP/2.0" SP 3DIGIT SP Reason-Phrase
    if (e0 < 12 || buf[4] !== 50 || buf[5] !== 46 || buf[6] !== 48 || buf[7] !== 32 || buf[11] !== 32) return undefined;
    const d0 = buf[8] - 48;
    const d1 = buf[9] - 48;
    const d2 = buf[10] - 48;
    if (d0 < 1 || d0 > 6 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined;
    status = d0 * 100 + d1 * 10 + d2;
    reason = text.slice(12, e0);
  } else {
    // Method SP Request-URI SP "SIP/2.0"
    let sp1 = 0;
    while (sp1 < e0 && (C[buf[sp1]] & TOKEN) !== 0) sp1++;
    if (sp1 === 0 || buf[sp1] !== 32) return undefined;
    const sp2 = e0 - 8;
    if (sp2 <= sp1 + 1 || buf[sp2] !== 32 || buf[sp2 + 1] !== 83 || buf[sp2 + 2] !== 73 || buf[sp2 + 3] !== 80 ||
      buf[sp2 + 4] !== 47 || buf[sp2 + 5] !== 50 || buf[sp2 + 6] !== 46 || buf[sp2 + 7] !== 48) return undefined;
    uri = text.slice(sp1 + 1, sp2);
    if (!isSimpleRequestUri(uri)) return undefined; // no SP, <>, headers or anything odd in it
    method = text.slice(0, sp1);
  }
  const headers: Header[] = [];
  const views: unknown[][] = [];
  // The JSON view's headers object, built as view.ts viewHeaders would: a name's array is the first
  // line's elements, copied before a second line of that name appends to it.
  const hv: Record<string, unknown[]> = {};
  const stamp = ++parses;
  let seen = 0;
  let cseq = -1;
  let length = -1;
  for (let pos = j0 + 1; pos <= headEnd;) {
    const ls = pos;
    const j = text.indexOf('\n', ls);
    const le = j - 1;
    if (le < ls || buf[le] !== 13) return undefined; // a bare LF
    pos = j + 1;
    // header-name HCOLON (RFC 3261 §7.3.1); a continuation line or LWS before ":" goes the general way.
    let h = 0;
    let i = ls;
    for (; i < le; i++) {
      const c = buf[i];
      if ((C[c] & TOKEN) === 0) break;
      h = (Math.imul(h, 31) + LOWER[c]) | 0;
    }
    if (i === ls || i === le || buf[i] !== 58) return undefined;
    const k = NAMES.find(h, buf, ls, i) ?? kindOf(canonicalName(text.slice(ls, i)));
    if (k === undefined) return undefined;
    let vs = i + 1;
    while (vs < le && (buf[vs] === 32 || buf[vs] === 9)) vs++;
    let ve = le;
    while (ve > vs && (buf[ve - 1] === 32 || buf[ve - 1] === 9)) ve--;
    const value = text.slice(vs, ve);
    let els: unknown[] | undefined;
    switch (k.scanner) {
      case TEXT: els = [value]; break;
      case VIA: els = via(buf, text, vs, ve); break;
      case NAME_ADDR: els = nameAddr(buf, text, vs, ve); break;
      case CONTACT: els = ve - vs === 1 && buf[vs] === 42 ? [{ star: true }] : nameAddr(buf, text, vs, ve); break;
      case CALL_ID: els = callId(buf, vs, ve) ? [value] : undefined; break;
      case CSEQ: els = cseqOf(buf, text, vs, ve); break;
      case NUMBER: els = numberOf(buf, vs, ve, k.max); break;
      case TOKENS: els = tokens(buf, text, vs, ve); break;
      case CONTENT_TYPE: els = contentType(buf, text, vs, ve); break;
      case EVENT: els = event(buf, text, vs, ve); break;
    }
    if (els === undefined) {
      try {
        els = elementsOf(k.info, value);
      } catch (e) {
        if (e instanceof ParseError) return undefined;
        throw e;
      }
    }
    const bit = k.info.single;
    if (bit !== 0) {
      if ((seen & bit) !== 0 && bit !== 128 && !fragment) return undefined; // more than one (RFC 3261 §7.3.1)
      seen |= bit;
      if (bit === 8 && cseq < 0) cseq = headers.length;
      else if (bit === 32 && length < 0) length = headers.length;
    }
    headers.push({ name: k.name, value });
    views.push(els);
    if (k.seen !== stamp) {
      k.seen = stamp;
      hv[k.name] = els;
    } else {
      let arr = hv[k.name];
      if (k.owned !== stamp) {
        k.owned = stamp;
        arr = hv[k.name] = arr.slice();
      }
      for (let e = 0; e < els.length; e++) arr.push(els[e]);
    }
  }
  const have = n - bodyStart;
  let body = have > 0 ? buf.subarray(bodyStart) : EMPTY;
  if (!fragment) {
    if ((seen & MANDATORY) !== MANDATORY) return undefined; // RFC 3261 §8.1.1
    // Content-Length frames the body (RFC 3261 §18.3); any difference is for the general path to report.
    if (length >= 0 && views[length][0] !== have) return undefined;
    // CSeq method = request method (RFC 3261 §8.1.1.5).
    if (method !== '' && (views[cseq][0] as { method: string }).method !== method) return undefined;
  }
  const msg: SipMessage = method !== ''
    ? { type: 'request', method, uri, version: 'SIP/2.0', headers, body, raw: buf }
    : { type: 'response', status, reason, version: 'SIP/2.0', headers, body, raw: buf };
  if (!fragment) rememberViews(msg, views, have > 0 ? text.slice(bodyStart) : '', hv);
  return msg;
}

/** `*( SEMI generic-param )` from `i` to `ve` with no LWS or quotes (params.ts reads those). */
function params(b: Buffer, t: string, i: number, ve: number): Params | undefined {
  const out: Params = {};
  while (i < ve) {
    if (b[i] !== 59) return undefined;
    const ns = ++i;
    let h = 0;
    let upper = false;
    for (; i < ve; i++) {
      const c = b[i];
      if ((C[c] & TOKEN) === 0) break;
      if (c <= 90 && c >= 65) upper = true;
      h = (Math.imul(h, 31) + LOWER[c]) | 0;
    }
    if (i === ns) return undefined;
    const name = PARAM_NAMES.find(h, b, ns, i) ?? (upper ? t.slice(ns, i).toLowerCase() : t.slice(ns, i));
    if (i < ve && b[i] === 61) {
      const vs = ++i;
      while (i < ve && (C[b[i]] & PVAL) !== 0) i++;
      if (i === vs || (i < ve && b[i] !== 59)) return undefined;
      out[name] = t.slice(vs, i);
    } else {
      out[name] = true;
    }
  }
  return out;
}

/** via-parm "SIP/2.0/" transport SP host [":" port] params (RFC 3261 §20.42), one element. */
function via(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  if (ve - vs < 13 || b[vs] !== 83 || b[vs + 1] !== 73 || b[vs + 2] !== 80 || b[vs + 3] !== 47 ||
    b[vs + 4] !== 50 || b[vs + 5] !== 46 || b[vs + 6] !== 48 || b[vs + 7] !== 47) return undefined;
  let i = vs + 8;
  let h = 0;
  for (; i < ve; i++) {
    const c = b[i];
    if ((C[c] & TOKEN) === 0) break;
    h = (Math.imul(h, 31) + LOWER[c]) | 0;
  }
  if (i >= ve || b[i] !== 32) return undefined;
  const transport = TRANSPORTS.find(h, b, vs + 8, i);
  if (transport === undefined) return undefined;
  const hs = i + 1;
  let he = hs;
  while (he < ve && (C[b[he]] & HOST) !== 0) he++;
  if (he === hs) return undefined;
  const host = t.slice(hs, he);
  if (he < ve && b[he] === 58) {
    let pe = he + 1;
    let port = 0;
    for (; pe < ve; pe++) {
      const d = b[pe] - 48;
      if (d < 0 || d > 9) break;
      port = port * 10 + d;
    }
    if (pe === he + 1 || pe - he > 6 || port > 65535) return undefined;
    const p = params(b, t, pe, ve);
    return p === undefined ? undefined : [{ protocol: 'SIP/2.0', transport, host, port, params: p }];
  }
  const p = params(b, t, he, ve);
  return p === undefined ? undefined : [{ protocol: 'SIP/2.0', transport, host, params: p }];
}

/** ["display"] <sip:…> params (RFC 3261 §20.10), one element; name-addr.ts for anything else. */
function nameAddr(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  let i = vs;
  let display: string | undefined;
  if (b[i] === 34) {
    let q = i + 1;
    while (q < ve && b[q] !== 34 && b[q] !== 92) q++;
    if (q >= ve || b[q] !== 34) return undefined;
    display = t.slice(i + 1, q);
    i = q + 1;
    while (i < ve && (b[i] === 32 || b[i] === 9)) i++;
  }
  if (i >= ve || b[i] !== 60) return undefined;
  const lt = i;
  let gt = -1;
  let at = -1;
  let q = -1;
  let qAfterAt = -1;
  for (let j = lt + 1; j < ve; j++) {
    const c = b[j];
    if (c === 62) { gt = j; break; }
    if ((C[c] & NOT_URI) !== 0) return undefined;
    if (c === 64) { if (at < 0) at = j; } else if (c === 63) { if (q < 0) q = j; if (at >= 0 && qAfterAt < 0) qAfterAt = j; }
  }
  if (gt < lt + 5 || b[lt + 1] !== 115 || b[lt + 2] !== 105 || b[lt + 3] !== 112 || b[lt + 4] !== 58) return undefined;
  const p = params(b, t, gt + 1, ve);
  if (p === undefined) return undefined;
  const uri = t.slice(lt + 1, gt);
  const qs = at >= 0 ? qAfterAt : q;
  const h = qs < 0 ? undefined : uriHeaders(uri, at < 0 ? -1 : at - lt - 1);
  if (h !== undefined) return [display === undefined ? { uri, params: p, uriHeaders: h } : { display, uri, params: p, uriHeaders: h }];
  return [display === undefined ? { uri, params: p } : { display, uri, params: p }];
}

/** Call-ID = word [ "@" word ] (RFC 3261 §20.8). */
function callId(b: Buffer, vs: number, ve: number): boolean {
  let i = vs;
  while (i < ve && (C[b[i]] & WORD) !== 0) i++;
  if (i === vs) return false;
  if (i === ve) return true;
  if (b[i] !== 64 || i + 1 === ve) return false;
  for (i++; i < ve; i++) if ((C[b[i]] & WORD) === 0) return false;
  return true;
}

/** CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16), up to 9 digits. */
function cseqOf(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  let i = vs;
  let seq = 0;
  for (; i < ve; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) break;
    seq = seq * 10 + d;
  }
  if (i === vs || i - vs > 9) return undefined;
  const m0 = i;
  while (i < ve && (b[i] === 32 || b[i] === 9)) i++;
  if (i === m0) return undefined;
  const ms = i;
  while (i < ve && (C[b[i]] & TOKEN) !== 0) i++;
  if (i === ms || i !== ve) return undefined;
  return [{ seq, method: t.slice(ms, ve) }];
}

/** 1*DIGIT up to 9 digits, at most `max`. */
function numberOf(b: Buffer, vs: number, ve: number, max: number): unknown[] | undefined {
  if (ve === vs || ve - vs > 9) return undefined;
  let n = 0;
  for (let i = vs; i < ve; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n > max ? undefined : [n];
}

/** token *(LWS "," LWS token): Allow, Supported… (RFC 3261 §20.5, §20.37), one element per token. */
function tokens(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  const out: string[] = [];
  let i = vs;
  for (;;) {
    const s = i;
    while (i < ve && (C[b[i]] & TOKEN) !== 0) i++;
    if (i === s) return undefined;
    out.push(t.slice(s, i));
    while (i < ve && (b[i] === 32 || b[i] === 9)) i++;
    if (i === ve) return out;
    if (b[i] !== 44) return undefined;
    i++;
    while (i < ve && (b[i] === 32 || b[i] === 9)) i++;
  }
}

/** m-type "/" m-subtype params (RFC 3261 §20.15), no LWS. */
function contentType(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  let i = vs;
  let upper = false;
  for (; i < ve; i++) {
    const c = b[i];
    if (c === 47 || (C[c] & TOKEN) === 0) break;
    if (c <= 90 && c >= 65) upper = true;
  }
  if (i === vs || i >= ve || b[i] !== 47) return undefined;
  const ss = ++i;
  for (; i < ve; i++) {
    const c = b[i];
    if ((C[c] & TOKEN) === 0) break;
    if (c <= 90 && c >= 65) upper = true;
  }
  if (i === ss) return undefined;
  const p = params(b, t, i, ve);
  if (p === undefined) return undefined;
  const mediaType = t.slice(vs, i);
  return [{ mediaType: upper ? mediaType.toLowerCase() : mediaType, params: p }];
}

/** event-type params (RFC 6665 §8.2.1), one element. */
function event(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  let i = vs;
  while (i < ve && (C[b[i]] & TOKEN) !== 0) i++;
  if (i === vs) return undefined;
  const p = params(b, t, i, ve);
  return p === undefined ? undefined : [{ package: t.slice(vs, i), params: p }];
}
