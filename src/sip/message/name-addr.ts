import * as charsM from './chars';
import * as errorsM from './errors';
import type { Params } from './params';
import * as paramsM from './params';
import * as uriM from './uri';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { TOKEN, isWs, quote, quotedEnd, scan, skipWs, unquote } = charsM;
const { valueError } = errorsM;
const { formatParams, parseParamsAt } = paramsM;
const { checkUriChars, pctDecode, schemeEnd } = uriM;

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
    const q = quotedEnd(s, i, end);
    if (q < 0) throw valueError('unterminated quoted string in display name', i);
    display = unquote(s, i, q);
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
  const gt = s.indexOf('>', lt + 1);
  if (gt < 0 || gt >= end) throw valueError('"<" without matching ">"', lt);
  if (isWs(s.charCodeAt(lt + 1)) || isWs(s.charCodeAt(gt - 1))) {
    throw valueError('whitespace inside <> around the URI (RFC 3261 §25.1: LAQUOT/RAQUOT)', lt + 1);
  }
  const uri = s.slice(lt + 1, gt);
  checkUri(uri, lt + 1);
  const na: NameAddr = display === undefined ? { uri, params: {} } : { display, uri, params: {} };
  na.params = parseParamsAt(s, gt + 1, end);
  const h = uriHeaders(uri);
  if (h) na.uriHeaders = h;
  return na;
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
export function uriHeaders(uri: string): Record<string, string> | undefined {
  const at = uri.indexOf('@');
  const q = uri.indexOf('?', at < 0 ? 0 : at);
  if (q < 0) return undefined;
  const c0 = uri.charCodeAt(0) | 32;
  if (c0 !== 115) return undefined; // only sip: and sips:
  const out: Record<string, string> = {};
  for (const part of uri.slice(q + 1).split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[pctDecode(part.slice(0, eq)).toLowerCase()] = pctDecode(part.slice(eq + 1));
  }
  return out;
}

/** `"Display" <uri>;params` — always with <>. */
export function formatNameAddr(na: NameAddr): string {
  const display = na.display === undefined ? '' : quote(na.display) + ' ';
  return `${display}<${na.uri}>${formatParams(na.params)}`;
}
