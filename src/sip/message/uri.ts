import * as charsM from './chars';
import * as errorsM from './errors';
import * as ownM from './own';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { DIGIT, HOST, scan } = charsM;
const { valueError } = errorsM;
const { setOwn } = ownM;

/** A parsed URI (RFC 3261 §19.1, RFC 3966 tel). user/password are %-decoded; params are kept as written. */
export interface SipUri {
  scheme: string;
  user?: string;
  password?: string;
  /** Host as written; IPv6 references keep their brackets. For other schemes, everything after "scheme:". */
  host: string;
  port?: number;
  params: Record<string, string | true>;
  /** URI headers (`?name=value&…`): names lowercase, values %-decoded. */
  headers: Record<string, string>;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// Not allowed anywhere in a URI (RFC 3986 §2; RFC 3261 §25.1): CTL, SP, DQUOTE, "<", ">", "\\", "^", "{", "|", "}".
const BAD_URI_CHAR = /[\x00-\x20\x7f<>"{}|\\^]/;

/** End of the scheme (index of ":"), or -1 when `uri` does not start with `scheme ":"` (RFC 3986 §3.1). */
export function schemeEnd(uri: string): number {
  if (uri.startsWith('sip:')) return 3;
  if (uri.startsWith('sips:')) return 4;
  return SCHEME.test(uri) ? uri.indexOf(':') : -1;
}

/** Throws unless every char of `uri` may appear in a URI: no LWS, "<", ">" or DQUOTE (RFC 3261 §25.1). */
export function checkUriChars(uri: string, offset = 0): void {
  if (!BAD_URI_CHAR.test(uri)) return;
  const m = BAD_URI_CHAR.exec(uri);
  if (m !== null) throw valueError(`character ${JSON.stringify(m[0])} not allowed in URI "${uri}"`, offset + m.index);
}

/** Parse a sip, sips or tel URI; any other scheme gives `{ scheme, host: rest }`. */
export function parseUri(uri: string): SipUri {
  const se = schemeEnd(uri);
  if (se < 0) throw valueError(`URI "${uri}" has no scheme`, 0);
  checkUriChars(uri);
  const scheme = uri.slice(0, se).toLowerCase();
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(uri, se + 1, scheme);
  if (scheme === 'tel') return parseTelUri(uri, se + 1);
  return { scheme, host: uri.slice(se + 1), params: {}, headers: {} };
}

function parseSipUri(uri: string, i: number, scheme: string): SipUri {
  const out: SipUri = { scheme, host: '', params: {}, headers: {} };
  const at = uri.indexOf('@', i);
  if (at >= 0) {
    const colon = uri.indexOf(':', i);
    const userEnd = colon >= 0 && colon < at ? colon : at;
    out.user = pctDecode(uri.slice(i, userEnd));
    if (userEnd < at) out.password = pctDecode(uri.slice(userEnd + 1, at));
    i = at + 1;
  }
  i = parseHostPort(uri, i, out);
  if (i < uri.length && uri.charCodeAt(i) === 59) i = parseUriParams(uri, i, out.params);
  if (i < uri.length && uri.charCodeAt(i) === 63) i = parseUriHeaders(uri, i + 1, out.headers);
  if (i < uri.length) throw valueError(`unexpected ${JSON.stringify(uri[i])} in URI "${uri}"`, i);
  return out;
}

function parseTelUri(uri: string, i: number): SipUri {
  const out: SipUri = { scheme: 'tel', host: '', params: {}, headers: {} };
  const semi = uri.indexOf(';', i);
  out.host = uri.slice(i, semi < 0 ? uri.length : semi);
  if (out.host.length === 0) throw valueError(`tel URI "${uri}" has no number`, i);
  if (semi >= 0) parseUriParams(uri, semi, out.params);
  return out;
}

/** hostport = host [ ":" port ] (RFC 3261 §25.1); returns the index after it. */
function parseHostPort(uri: string, i: number, out: SipUri): number {
  let j: number;
  if (uri.charCodeAt(i) === 91) {
    j = uri.indexOf(']', i);
    if (j < 0) throw valueError(`unterminated IPv6 reference in URI "${uri}"`, i);
    j++;
  } else {
    j = scan(uri, i, HOST);
  }
  if (j === i) throw valueError(`URI "${uri}" has no host`, i);
  out.host = uri.slice(i, j);
  if (uri.charCodeAt(j) !== 58) return j;
  const pe = scan(uri, j + 1, DIGIT);
  const port = pe - j - 1 > 0 && pe - j - 1 <= 5 ? Number(uri.slice(j + 1, pe)) : -1;
  if (port < 0 || port > 65535) throw valueError(`bad port in URI "${uri}"`, j + 1);
  out.port = port;
  return pe;
}

/** uri-parameters = *( ";" uri-parameter ); names lowercased, values as written. */
function parseUriParams(uri: string, i: number, params: Record<string, string | true>): number {
  while (i < uri.length && uri.charCodeAt(i) === 59) {
    let j = i + 1;
    while (j < uri.length) {
      const c = uri.charCodeAt(j);
      if (c === 59 || c === 63) break;
      j++;
    }
    const eq = uri.indexOf('=', i + 1);
    if (j === i + 1) throw valueError(`empty parameter in URI "${uri}"`, i + 1);
    if (eq >= 0 && eq < j) setOwn(params, uri.slice(i + 1, eq).toLowerCase(), uri.slice(eq + 1, j));
    else setOwn(params, uri.slice(i + 1, j).toLowerCase(), true);
    i = j;
  }
  return i;
}

/** headers = "?" header *( "&" header ); values %-decoded (RFC 3261 §19.1.1). */
function parseUriHeaders(uri: string, i: number, headers: Record<string, string>): number {
  while (i <= uri.length) {
    let amp = uri.indexOf('&', i);
    if (amp < 0) amp = uri.length;
    const eq = uri.indexOf('=', i);
    if (eq < 0 || eq > amp || eq === i) throw valueError(`malformed URI header in "${uri}"`, i);
    setOwn(headers, pctDecode(uri.slice(i, eq)).toLowerCase(), pctDecode(uri.slice(eq + 1, amp)));
    i = amp + 1;
  }
  return uri.length;
}

/** Undo %HH escapes (as UTF-8); a "%" not followed by two hex digits stays as it is. */
export function pctDecode(s: string): string {
  let i = s.indexOf('%');
  if (i < 0) return s;
  // Escapes of US-ASCII octets only (the usual case): decoded here, as decodeURIComponent would.
  let out = '';
  let from = 0;
  while (i >= 0) {
    const hi = hexValue(s.charCodeAt(i + 1));
    const lo = hexValue(s.charCodeAt(i + 2));
    if (hi < 0 || hi > 7 || lo < 0) break;
    out += s.slice(from, i) + String.fromCharCode(hi * 16 + lo);
    from = i + 3;
    i = s.indexOf('%', from);
  }
  if (i < 0) return out + s.slice(from);
  try {
    return decodeURIComponent(s);
  } catch {
    return Buffer.from(s.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
}

/** 0–15 for a hex digit's char code, else -1 (NaN past the end gives -1 too). */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

// RFC 3261 §25.1: user-unreserved and hnv-unreserved chars that need no escaping.
const USER_SAFE = new Set("-_.!~*'()&=+$,;?/".split(''));
const HNV_SAFE = new Set("-_.!~*'()[]/?:+$".split(''));

function pctEncode(s: string, safe: Set<string>): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    const alnum = (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
    if (ch.length === 1 && c < 128 && (alnum || safe.has(ch))) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}

/** Text of a SipUri: user/password and header values are %-escaped where needed. */
export function formatUri(u: SipUri): string {
  if (u.scheme !== 'sip' && u.scheme !== 'sips' && u.scheme !== 'tel') return `${u.scheme}:${u.host}`;
  let out = u.scheme + ':';
  if (u.user !== undefined) {
    out += pctEncode(u.user, USER_SAFE);
    if (u.password !== undefined) out += ':' + pctEncode(u.password, USER_SAFE);
    out += '@';
  }
  out += u.host;
  if (u.port !== undefined) out += ':' + u.port;
  for (const name in u.params) {
    const v = u.params[name];
    out += v === true ? ';' + name : ';' + name + '=' + v;
  }
  const hs = Object.keys(u.headers);
  if (hs.length) out += '?' + hs.map((h) => `${headerCase(h)}=${pctEncode(u.headers[h], HNV_SAFE)}`).join('&');
  return out;
}

function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
}
