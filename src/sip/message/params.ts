import * as charsM from './chars';
import * as errorsM from './errors';
import { Spellings } from './intern';
import * as ownM from './own';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { CLASS, PVAL, TOKEN, isWs, quote, quotedEnd, scan, unquote } = charsM;
const { valueError } = errorsM;
const { setOwn } = ownM;

export type Params = Record<string, string | true>;

// Parameter names common in SIP headers and URIs, returned as constants (see intern.ts).
const NAMES = new Spellings([
  'tag', 'branch', 'rport', 'received', 'transport', 'lr', 'maddr', 'ttl', 'user', 'method', 'id', 'reason',
  'expires', 'retry-after', 'version', 'to-tag', 'from-tag', 'early-only', 'q', 'charset', 'local-tag',
  'remote-tag', 'boundary', 'handling', 'purpose', 'comp', 'ob', 'gr', 'reg-id', '+sip.instance', 'duration',
  'realm', 'nonce', 'username', 'uri', 'response', 'algorithm', 'qop', 'nc', 'cnonce', 'opaque', 'stale',
].map((n): [string, string] => [n, n]));

/**
 * Parse `*( SEMI generic-param )` (RFC 3261 §25.1) starting at `i`; SWS allowed around ";" and "=".
 * Names are lowercased, quotes removed. Throws ParseError (column relative to `s`) when malformed.
 */
export function parseParamsAt(s: string, i: number, end = s.length): Params {
  const params: Params = {};
  while (i < end && isWs(s.charCodeAt(i))) i++;
  while (i < end) {
    if (s.charCodeAt(i) !== 59) throw valueError(`expected ";" before a parameter, found "${s[i]}"`, i);
    i++;
    while (i < end && isWs(s.charCodeAt(i))) i++;
    let nameEnd = i;
    let upper = false;
    for (; nameEnd < end; nameEnd++) {
      const c = s.charCodeAt(nameEnd);
      if (c >= 128 || (CLASS[c] & TOKEN) === 0) break;
      if (c >= 65 && c <= 90) upper = true;
    }
    if (nameEnd === i) throw valueError('empty parameter name after ";"', i);
    const name = upper ? s.slice(i, nameEnd).toLowerCase() : NAMES.find(s, i, nameEnd) ?? s.slice(i, nameEnd);
    i = nameEnd;
    while (i < end && isWs(s.charCodeAt(i))) i++;
    if (i < end && s.charCodeAt(i) === 61) {
      i++;
      while (i < end && isWs(s.charCodeAt(i))) i++;
      i = paramValue(s, i, end, params, name);
      while (i < end && isWs(s.charCodeAt(i))) i++;
    } else {
      setOwn(params, name, true);
    }
  }
  return params;
}

function paramValue(s: string, i: number, end: number, params: Params, name: string): number {
  if (i < end && s.charCodeAt(i) === 34) {
    const q = quotedEnd(s, i, end);
    if (q < 0) throw valueError(`unterminated quoted string in parameter "${name}"`, i);
    setOwn(params, name, unquote(s, i, q));
    return q;
  }
  let j = i;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c < 128 && (CLASS[c] & PVAL) === 0) break; // UTF-8 text is tolerated in values
    j++;
  }
  if (j === i) throw valueError(`parameter "${name}" has "=" but no value`, i);
  if (j < end && !isWs(s.charCodeAt(j)) && s.charCodeAt(j) !== 59) {
    throw valueError(`character "${s[j]}" not allowed in the value of parameter "${name}"`, j);
  }
  setOwn(params, name, s.slice(i, j));
  return j;
}

/** `";a=b;lr"` → `{ a: 'b', lr: true }`; names lowercased, quotes removed. */
export function parseParams(text: string): Params {
  return parseParamsAt(text, 0, text.length);
}

/** `{ a: 'b', lr: true }` → `";a=b;lr"`; values that are not a token/host are quoted. */
export function formatParams(params: Params): string {
  let out = '';
  for (const name in params) {
    const v = params[name];
    if (v === true) out += ';' + name;
    else out += ';' + name + '=' + (needsQuote(v) ? quote(v) : v);
  }
  return out;
}

function needsQuote(v: string): boolean {
  return v.length === 0 || scan(v, 0, PVAL) !== v.length;
}
