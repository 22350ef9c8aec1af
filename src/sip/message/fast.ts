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
import type { Header, SipMessage } from './types';
import * as uriM from './uri';
import * as valuesM from './values';
import * as view_cacheM from './view-cache';
import * as ownM from './own';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { CLASS, HOST, NOT_URI, PVAL, TOKEN, WORD } = charsM;
const { ParseError } = errorsM;
const { elementsOf, headerInfo } = grammarM;
const { TOKEN_CODE, TokenTrie } = internM;
const { uriHeaders } = name_addrM;
const { pctDecode } = uriM;
const { replaces, subscriptionState } = valuesM;
const { COMMON_HEADER_NAMES, canonicalName } = namesM;
const { rememberViews } = view_cacheM;
const { setOwn } = ownM;

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
const SUBSCRIPTION_STATE = 11;
const REPLACES = 12;

const SCANNER: Record<string, number> = {
  via: VIA, from: NAME_ADDR, to: NAME_ADDR, contact: CONTACT, route: NAME_ADDR, 'record-route': NAME_ADDR,
  'reply-to': NAME_ADDR, 'refer-to': NAME_ADDR, 'referred-by': NAME_ADDR,
  'p-asserted-identity': NAME_ADDR, 'p-preferred-identity': NAME_ADDR,
  'call-id': CALL_ID, cseq: CSEQ, 'max-forwards': NUMBER, 'content-length': NUMBER, expires: NUMBER,
  'min-expires': NUMBER, allow: TOKENS, supported: TOKENS, require: TOKENS, unsupported: TOKENS,
  'proxy-require': TOKENS, 'content-type': CONTENT_TYPE, event: EVENT, 'allow-events': EVENT,
  'subscription-state': SUBSCRIPTION_STATE, replaces: REPLACES,
};

/** What the one-pass reader needs to know about a header name. */
interface Kind {
  name: string;
  scanner: number;
  /** Largest value of a NUMBER header (Max-Forwards ≤ 255, RFC 3261 §20.22). */
  max: number;
  info: HeaderInfo;
  /** grammar.ts SINGLE_BIT of the name, or 0. */
  single: number;
  /** Its case in setHeader, -1 for none. */
  slot: number;
  /** The parse that last saw this name, and the last one whose view array for it is a copy of its own. */
  seen: number;
  owned: number;
}

// Header names with a case in setHeader, in its order.
export const HEADERS = [
  'via', 'from', 'to', 'call-id', 'cseq', 'max-forwards', 'contact', 'content-length', 'content-type', 'route',
  'record-route', 'refer-to', 'referred-by', 'event', 'subscription-state', 'allow', 'supported', 'require',
  'user-agent', 'server', 'expires', 'replaces', 'allow-events', 'p-asserted-identity', 'authorization',
  'www-authenticate', 'proxy-authenticate', 'proxy-authorization', 'target-dialog', 'refer-sub', 'date',
  'min-expires', 'accept', 'subject', 'session-expires', 'unsupported', 'proxy-require', 'p-preferred-identity',
];

const KINDS = new Map<string, Kind>();

/** One Kind per name, so that `seen` says whether a message repeats it; undefined past 4096 names. */
function kindOf(name: string): Kind | undefined {
  let k = KINDS.get(name);
  if (k === undefined && KINDS.size < 4096) {
    const info = headerInfo(name);
    const scanner = Object.hasOwn(SCANNER, name) ? SCANNER[name] : info.plain ? TEXT : GENERAL;
    k = { name, scanner, max: name === 'max-forwards' ? 255 : 999999999, info, single: info.single, slot: HEADERS.indexOf(name), seen: 0, owned: 0 };
    KINDS.set(name, k);
  }
  return k;
}

/** Counts parses, for Kind.seen and Kind.owned. */
let parses = 0;

const NAMES = new TokenTrie([...new Set(COMMON_HEADER_NAMES.map((n) => n.toLowerCase()))]
  .map((n): [string, Kind] => [n, kindOf(canonicalName(n))!]));
const NAME_NEXT = NAMES.next;
const NAME_KIND = NAMES.values;

// Parameter names common in SIP headers: their index here (PARAM_SLOT) is their case in setParam.
export const PARAMS = [
  'tag', 'branch', 'rport', 'received', 'transport', 'lr', 'maddr', 'ttl', 'user', 'method', 'id', 'reason',
  'expires', 'retry-after', 'version', 'to-tag', 'from-tag', 'early-only', 'q', 'local-tag', 'remote-tag',
  'ob', 'gr', 'reg-id', '+sip.instance', 'charset', 'boundary', 'handling', 'purpose', 'comp', 'duration',
];
const PARAM_TRIE = new TokenTrie(PARAMS.map((n, i): [string, number] => [n, i]));
const PARAM_NEXT = PARAM_TRIE.next;
const PARAM_SLOT = PARAM_TRIE.values;

const TRANSPORTS = new TokenTrie(['udp', 'tcp', 'tls', 'sctp', 'ws', 'wss'].map((t): [string, string] => [t, t.toUpperCase()]));

const EMPTY = Buffer.alloc(0);
const MANDATORY = 1 | 2 | 4 | 8 | 128; // Call-ID, From, To, CSeq, Via (grammar.ts SINGLE_BIT)

/**
 * The message in `buf` (decoded as `text`, one char per octet) when it has the usual shape,
 * else undefined. `fragment`: RFC 3420 rules (parse.ts parseParts).
 */
export function fastParts(buf: Buffer, text: string, fragment: boolean): SipMessage | undefined {
  const n = buf.length;
  if (n < 12 || buf[0] === 13 || buf[0] === 10) return undefined; // keepalives before the start line (RFC 3261 §7.5)
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
    if (!simpleRequestUri(buf, sp1 + 1, sp2)) return undefined; // no SP, <>, headers or anything odd in it
    uri = text.slice(sp1 + 1, sp2);
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
  let bodyStart = -1;
  for (let pos = j0 + 1; ;) {
    const ls = pos;
    const j = text.indexOf('\n', ls);
    if (j < 0) {
      // No empty line: a fragment may end with its last line's CRLF (RFC 3420 §2), a message may not (§7).
      if (!fragment || ls !== n) return undefined;
      bodyStart = n;
      break;
    }
    const le = j - 1;
    if (le < ls || buf[le] !== 13) return undefined; // a bare LF
    pos = j + 1;
    if (le === ls) {
      bodyStart = pos; // the empty line that ends the headers (RFC 3261 §7)
      break;
    }
    // header-name HCOLON (RFC 3261 §7.3.1); a continuation line or LWS before ":" goes the general way.
    let st = 1;
    let i = ls;
    for (; i < le; i++) {
      const code = TOKEN_CODE[buf[i]];
      if (code === 0) break;
      st = NAME_NEXT[(st << 5) | code];
    }
    if (i === ls || i === le || buf[i] !== 58) return undefined;
    const k = NAME_KIND[st] ?? kindOf(canonicalName(text.slice(ls, i)));
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
      case SUBSCRIPTION_STATE: els = substate(buf, text, vs, ve); break;
      case REPLACES: els = replacesOf(buf, text, vs, ve); break;
    }
    if (els === undefined) {
      try {
        els = elementsOf(k.info, value);
      } catch (e) {
        if (e instanceof ParseError) return undefined;
        throw e;
      }
    }
    const bit = k.single;
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
      setHeader(hv, k.slot, k.name, els);
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
  rememberViews(msg, views, have > 0 ? text.slice(bodyStart) : '', hv);
  return msg;
}

/** `*( SEMI generic-param )` from `i` to `ve` with no LWS or quotes (params.ts reads those). */
function params(b: Buffer, t: string, i: number, ve: number): Params | undefined {
  const out: Params = {};
  while (i < ve) {
    if (b[i] !== 59) return undefined;
    const ns = ++i;
    let st = 1;
    for (; i < ve; i++) {
      const code = TOKEN_CODE[b[i]];
      if (code === 0) break;
      st = PARAM_NEXT[(st << 5) | code];
    }
    if (i === ns) return undefined;
    const slot = PARAM_SLOT[st] ?? -1;
    const name = slot >= 0 ? PARAMS[slot] : t.slice(ns, i).toLowerCase();
    if (i < ve && b[i] === 61) {
      const vs = ++i;
      while (i < ve && (C[b[i]] & PVAL) !== 0) i++;
      if (i === vs || (i < ve && b[i] !== 59)) return undefined;
      setParam(out, slot, name, t.slice(vs, i));
    } else {
      setParam(out, slot, name, true);
    }
  }
  return out;
}

/** via-parm "SIP/2.0/" transport SP host [":" port] params (RFC 3261 §20.42), one element. */
function via(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  if (ve - vs < 13 || b[vs] !== 83 || b[vs + 1] !== 73 || b[vs + 2] !== 80 || b[vs + 3] !== 47 ||
    b[vs + 4] !== 50 || b[vs + 5] !== 46 || b[vs + 6] !== 48 || b[vs + 7] !== 47) return undefined;
  let i = vs + 8;
  let st = 1;
  for (; i < ve; i++) {
    const code = TOKEN_CODE[b[i]];
    if (code === 0) break;
    st = TRANSPORTS.next[(st << 5) | code];
  }
  if (i >= ve || b[i] !== 32) return undefined;
  const transport = TRANSPORTS.values[st];
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
    const s = IN_URI[b[j]];
    if (s === 0) continue;
    if (s === GT) { gt = j; break; }
    if (s === BAD) return undefined;
    if (s === AT) { if (at < 0) at = j; } else { if (q < 0) q = j; if (at >= 0 && qAfterAt < 0) qAfterAt = j; }
  }
  if (gt < lt + 5 || b[lt + 1] !== 115 || b[lt + 2] !== 105 || b[lt + 3] !== 112 || b[lt + 4] !== 58) return undefined;
  const p = params(b, t, gt + 1, ve);
  if (p === undefined) return undefined;
  const uri = t.slice(lt + 1, gt);
  const qs = at >= 0 ? qAfterAt : q;
  const h = qs < 0 ? undefined : headersOf(b, t, qs, gt) ?? uriHeaders(uri, at < 0 ? -1 : at - lt - 1);
  if (h !== undefined) return [display === undefined ? { uri, params: p, uriHeaders: h } : { display, uri, params: p, uriHeaders: h }];
  return [display === undefined ? { uri, params: p } : { display, uri, params: p }];
}

// Octets of note inside <> (name-addr.ts bracketed): never in a URI, ">", "@" and "?".
const BAD = 1;
const GT = 2;
const AT = 3;
const QM = 4;
const IN_URI = new Uint8Array(256);
for (let c = 0; c < 128; c++) if ((CLASS[c] & NOT_URI) !== 0) IN_URI[c] = BAD;
IN_URI[62] = GT;
IN_URI[64] = AT;
IN_URI[63] = QM;

// URI header names of call transfer (RFC 3891 §7.1, RFC 3515 §2.1), as constants.
const URI_HEADER = new TokenTrie(['replaces', 'require', 'referred-by', 'accept-contact'].map((n): [string, string] => [n, n]));

/**
 * The `?h=v&…` headers after b[qs] = "?" up to `end` (name-addr.ts uriHeaders: names lowercase,
 * values %-decoded); undefined when a name has a %-escape (uriHeaders decodes it).
 */
function headersOf(b: Buffer, t: string, qs: number, end: number): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (let i = qs + 1; i <= end;) {
    let amp = i;
    let eq = -1;
    let st = 1; // any octet that is not a token octet leads to state 0, no known name
    for (; amp < end; amp++) {
      const c = b[amp];
      if (c === 38) break;
      if (eq >= 0) continue;
      if (c === 61) eq = amp;
      else if (c === 37) return undefined;
      else st = URI_HEADER.next[(st << 5) | TOKEN_CODE[c]];
    }
    if (eq > i) setOwn(out, URI_HEADER.values[st] ?? t.slice(i, eq).toLowerCase(), pctDecode(t.slice(eq + 1, amp)));
    i = amp + 1;
  }
  return out;
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

/** substate-value params (RFC 6665 §8.2.3), one element. */
function substate(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  let i = vs;
  while (i < ve && (C[b[i]] & TOKEN) !== 0) i++;
  if (i === vs) return undefined;
  const p = params(b, t, i, ve);
  if (p === undefined) return undefined;
  try {
    return [subscriptionState(t.slice(vs, i), p)];
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

/** callid params (RFC 3891 §6.1), one element. */
function replacesOf(b: Buffer, t: string, vs: number, ve: number): unknown[] | undefined {
  let i = vs;
  while (i < ve && (C[b[i]] & WORD) !== 0) i++;
  if (i === vs) return undefined;
  if (i < ve && b[i] === 64) for (i++; i < ve && (C[b[i]] & WORD) !== 0;) i++;
  const p = params(b, t, i, ve);
  if (p === undefined) return undefined;
  try {
    return [replaces(t.slice(vs, i), p, ve - vs)];
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

// Octet sets of start-line.ts SIMPLE_SIP_URI: user, host, first and further parameter octets.
const U_USER = 1;
const U_HOST = 2;
const U_PARAM = 4;
const U = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  if (alnum || '._~+-'.includes(String.fromCharCode(c))) U[c] |= U_USER;
  if (alnum || '.-'.includes(String.fromCharCode(c))) U[c] |= U_HOST;
  if (alnum || '._~=-'.includes(String.fromCharCode(c))) U[c] |= U_PARAM;
}

/**
 * b[s..e) is `sip[s]:[user@]host[:port][;params]` with plain octets, ports of up to 4 digits and
 * no ";;" or trailing ";": start-line.ts isSimpleRequestUri, octet by octet.
 */
function simpleRequestUri(b: Buffer, s: number, e: number): boolean {
  if (b[s] !== 115 || b[s + 1] !== 105 || b[s + 2] !== 112) return false;
  let i = b[s + 3] === 115 ? s + 4 : s + 3;
  if (b[i] !== 58) return false;
  let j = ++i;
  while (j < e && (U[b[j]] & U_USER) !== 0) j++;
  if (j < e && b[j] === 64) {
    if (j === i) return false;
    i = j + 1;
  }
  for (j = i; j < e && (U[b[j]] & U_HOST) !== 0;) j++;
  if (j === i) return false;
  i = j;
  if (i < e && b[i] === 58) {
    for (j = i + 1; j < e && b[j] >= 48 && b[j] <= 57;) j++;
    if (j === i + 1 || j - i > 5) return false;
    i = j;
  }
  if (i === e) return true;
  if (b[i] !== 59) return false;
  for (i++; i < e; i++) {
    const c = b[i];
    if (c === 59 ? b[i - 1] === 59 : (U[c] & U_PARAM) === 0) return false;
  }
  return b[e - 1] !== 59;
}

// o[name] = v as a store of a constant property for the common names: V8 then keeps an inline cache
// per name, of the few object shapes seen there, instead of one megamorphic keyed store for all
// names, which on the benchmark machine costs 5× as much. Each case is the name at that index.

export function setHeader(o: Record<string, unknown[]>, slot: number, name: string, v: unknown[]): void {
  switch (slot) {
    case 0: o.via = v; return;
    case 1: o.from = v; return;
    case 2: o.to = v; return;
    case 3: o['call-id'] = v; return;
    case 4: o.cseq = v; return;
    case 5: o['max-forwards'] = v; return;
    case 6: o.contact = v; return;
    case 7: o['content-length'] = v; return;
    case 8: o['content-type'] = v; return;
    case 9: o.route = v; return;
    case 10: o['record-route'] = v; return;
    case 11: o['refer-to'] = v; return;
    case 12: o['referred-by'] = v; return;
    case 13: o.event = v; return;
    case 14: o['subscription-state'] = v; return;
    case 15: o.allow = v; return;
    case 16: o.supported = v; return;
    case 17: o.require = v; return;
    case 18: o['user-agent'] = v; return;
    case 19: o.server = v; return;
    case 20: o.expires = v; return;
    case 21: o.replaces = v; return;
    case 22: o['allow-events'] = v; return;
    case 23: o['p-asserted-identity'] = v; return;
    case 24: o.authorization = v; return;
    case 25: o['www-authenticate'] = v; return;
    case 26: o['proxy-authenticate'] = v; return;
    case 27: o['proxy-authorization'] = v; return;
    case 28: o['target-dialog'] = v; return;
    case 29: o['refer-sub'] = v; return;
    case 30: o.date = v; return;
    case 31: o['min-expires'] = v; return;
    case 32: o.accept = v; return;
    case 33: o.subject = v; return;
    case 34: o['session-expires'] = v; return;
    case 35: o.unsupported = v; return;
    case 36: o['proxy-require'] = v; return;
    case 37: o['p-preferred-identity'] = v; return;
    default: setOwn(o, name, v);
  }
}

export function setParam(o: Params, slot: number, name: string, v: string | true): void {
  switch (slot) {
    case 0: o.tag = v; return;
    case 1: o.branch = v; return;
    case 2: o.rport = v; return;
    case 3: o.received = v; return;
    case 4: o.transport = v; return;
    case 5: o.lr = v; return;
    case 6: o.maddr = v; return;
    case 7: o.ttl = v; return;
    case 8: o.user = v; return;
    case 9: o.method = v; return;
    case 10: o.id = v; return;
    case 11: o.reason = v; return;
    case 12: o.expires = v; return;
    case 13: o['retry-after'] = v; return;
    case 14: o.version = v; return;
    case 15: o['to-tag'] = v; return;
    case 16: o['from-tag'] = v; return;
    case 17: o['early-only'] = v; return;
    case 18: o.q = v; return;
    case 19: o['local-tag'] = v; return;
    case 20: o['remote-tag'] = v; return;
    case 21: o.ob = v; return;
    case 22: o.gr = v; return;
    case 23: o['reg-id'] = v; return;
    case 24: o['+sip.instance'] = v; return;
    case 25: o.charset = v; return;
    case 26: o.boundary = v; return;
    case 27: o.handling = v; return;
    case 28: o.purpose = v; return;
    case 29: o.comp = v; return;
    case 30: o.duration = v; return;
    default: setOwn(o, name, v);
  }
}
