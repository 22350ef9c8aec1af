import * as charsM from './chars';
import * as errorsM from './errors';
import { Spellings } from './intern';
import type { Params } from './params';
import * as paramsM from './params';
import * as uriM from './uri';
import * as ownM from './own';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { CLASS, NOT_URI, TOKEN, isWs, quote, quotedEnd, scan, skipWs, unquote } = charsM;
const { valueError } = errorsM;
const { formatParams, parseParamsAt } = paramsM;
const { checkUriChars, pctDecode, schemeEnd } = uriM;
const { setOwn } = ownM;

/** name-addr or addr-spec with its header parameters (RFC 3261 §20.10, §25.1). */
export interface NameAddr {
  display?: string;
  uri: string;
  params: Params;
  /** The URI's `?name=value` headers: names lowercase, values %-decoded (e.g. Refer-To `?Replaces=`). */
  uriHeaders?: Record<string, string>;
}

/** Parse `[display-name] <uri> *(;param)` or `addr-spec *(;param)`; for addr-spec, ;params belong to the header. */
export function parseNameAddr(value: string): NameAddr {
  return parseNameAddrIn(value, 0, value.length);
}

/** Parse the name-addr in s[start..end); throws ParseError with the column relative to `s`. */
export function parseNameAddrIn(s: string, start: number, end: number): NameAddr {
  let i = skipWs(s, start, end);
  let display: string | undefined;
  if (i < end && s.charCodeAt(i) === 34) {
    let q = i + 1;
    while (q < end && s.charCodeAt(q) !== 34 && s.charCodeAt(q) !== 92) q++; // plain text up to the closing DQUOTE
    if (q < end && s.charCodeAt(q) === 34) {
      display = s.slice(i + 1, q++);
    } else {
      q = quotedEnd(s, i, end);
      if (q < 0) throw valueError('unterminated quoted string in display name', i);
      display = unquote(s, i, q);
    }
    i = skipWs(s, q, end);
    if (i >= end || s.charCodeAt(i) !== 60) throw valueError('quoted display name not followed by "<"', i);
  } else {
    const lt = s.indexOf('<', i);
    if (lt >= 0 && lt < end) {
      display = tokenDisplay(s, i, lt);
      i = lt;
    }
  }
  if (i < end && s.charCodeAt(i) === 60) return bracketed(s, i, end, display);
  return addrSpec(s, i, end);
}

/** display-name = *(token LWS): tokens only, else it must be quoted (RFC 3261 §25.1). */
function tokenDisplay(s: string, a: number, b: number): string | undefined {
  let i = a;
  while (i < b) {
    const t = scan(s, i, TOKEN, b);
    if (t === i && !isWs(s.charCodeAt(i)) && s.charCodeAt(i) < 128) {
      throw valueError(`unquoted display name "${s.slice(a, b).trim()}" contains ${JSON.stringify(s[i])}; it must be a quoted string`, i);
    }
    i = t === i ? i + 1 : t;
  }
  let e = b;
  while (e > a && isWs(s.charCodeAt(e - 1))) e--;
  return e > a ? s.slice(a, e) : undefined;
}

function bracketed(s: string, lt: number, end: number, display: string | undefined): NameAddr {
  // One pass over the URI finds ">", "@" and the "?" after it; anything unusual takes checkedUri.
  let gt = -1;
  let at = -1;
  let q = -1;
  let qAfterAt = -1;
  for (let j = lt + 1; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === 62) { gt = j; break; }
    if (c < 128 && (CLASS[c] & NOT_URI) !== 0) break;
    if (c === 64) { if (at < 0) at = j; } else if (c === 63) { if (q < 0) q = j; if (at >= 0 && qAfterAt < 0) qAfterAt = j; }
  }
  const sip = gt > lt + 4 && s.charCodeAt(lt + 1) === 115 && s.charCodeAt(lt + 2) === 105 && s.charCodeAt(lt + 3) === 112 && s.charCodeAt(lt + 4) === 58;
  if (!sip) return checkedBracketed(s, lt, end, display);
  const uri = s.slice(lt + 1, gt);
  const params = parseParamsAt(s, gt + 1, end);
  const qs = at >= 0 ? qAfterAt : q;
  const h = qs < 0 ? undefined : uriHeaders(uri, at < 0 ? -1 : at - lt - 1);
  if (h !== undefined) return display === undefined ? { uri, params, uriHeaders: h } : { display, uri, params, uriHeaders: h };
  return display === undefined ? { uri, params } : { display, uri, params };
}

/** bracketed() for any URI: every check in order, each with its own error. */
function checkedBracketed(s: string, lt: number, end: number, display: string | undefined): NameAddr {
  const gt = s.indexOf('>', lt + 1);
  if (gt < 0 || gt >= end) throw valueError('"<" without matching ">"', lt);
  if (isWs(s.charCodeAt(lt + 1)) || isWs(s.charCodeAt(gt - 1))) {
    throw valueError('whitespace inside <> around the URI (RFC 3261 §25.1: LAQUOT/RAQUOT)', lt + 1);
  }
  const uri = s.slice(lt + 1, gt);
  checkUri(uri, lt + 1);
  const params = parseParamsAt(s, gt + 1, end);
  const h = uriHeaders(uri);
  if (h !== undefined) return display === undefined ? { uri, params, uriHeaders: h } : { display, uri, params, uriHeaders: h };
  return display === undefined ? { uri, params } : { display, uri, params };
}

/** addr-spec: the URI ends at the first ";" and may not contain ",", "?" or ";" (RFC 3261 §20.10). */
function addrSpec(s: string, i: number, end: number): NameAddr {
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c === 59 || isWs(c)) break;
    if (c === 63 || c === 44) {
      throw valueError(`URI with ${JSON.stringify(s[j])} must be enclosed in <> (RFC 3261 §20.10)`, j);
    }
    j++;
  }
  if (j === i) throw valueError('empty address: expected a URI or name-addr', i);
  const uri = s.slice(i, j);
  checkUri(uri, i);
  return { uri, params: parseParamsAt(s, j, end) };
}

function checkUri(uri: string, offset: number): void {
  if (schemeEnd(uri) < 0) throw valueError(`"${uri}" is not a URI: no scheme`, offset);
  checkUriChars(uri, offset);
}

/** The `?h=v&…` headers of a sip/sips URI, or undefined (the "?" is searched after the userinfo). */
export function uriHeaders(uri: string, at = uri.indexOf('@')): Record<string, string> | undefined {
  const q = uri.indexOf('?', at < 0 ? 0 : at);
  if (q < 0) return undefined;
  const c0 = uri.charCodeAt(0) | 32;
  if (c0 !== 115) return undefined; // only sip: and sips:
  const out: Record<string, string> = {};
  for (let i = q + 1; i <= uri.length;) {
    let amp = uri.indexOf('&', i);
    if (amp < 0) amp = uri.length;
    const eq = uri.indexOf('=', i);
    if (eq > i && eq < amp) setOwn(out, headerName(uri, i, eq), pctDecode(uri.slice(eq + 1, amp)));
    i = amp + 1;
  }
  return out;
}

// URI header names of call transfer (RFC 3891 §7.1, RFC 3515 §2.1), as constants (see intern.ts).
const URI_HEADERS = new Spellings(['Replaces', 'Require', 'Referred-By', 'Accept-Contact'].flatMap((n): [string, string][] =>
  [n, n.toLowerCase(), n.toUpperCase()].map((sp) => [sp, n.toLowerCase()])));

/** A URI header name, %-decoded and lowercased. */
function headerName(uri: string, a: number, b: number): string {
  return URI_HEADERS.find(uri, a, b) ?? pctDecode(uri.slice(a, b)).toLowerCase();
}

/** `"Display" <uri>;params` — always with <>. */
export function formatNameAddr(na: NameAddr): string {
  const display = na.display === undefined ? '' : quote(na.display) + ' ';
  return `${display}<${na.uri}>${formatParams(na.params)}`;
}
