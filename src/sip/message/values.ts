import * as charsM from './chars';
import * as errorsM from './errors';
import type { Params } from './params';
import * as paramsM from './params';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { DIGIT, TOKEN, WORD, digits, isToken, isWs, quotedEnd, scan, skipWs, trimWs, unquote } = charsM;
const { valueError } = errorsM;
const { parseParamsAt } = paramsM;

const MAX_U32 = 4294967295;

/** CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number fits 32 bits (§8.1.1.5). */
export function parseCSeq(value: string): { seq: number; method: string } {
  const i = skipWs(value, 0);
  const e = scan(value, i, DIGIT);
  if (e === i) throw valueError('CSeq does not start with a sequence number', i);
  const seq = e - i > 10 ? Infinity : Number(value.slice(i, e));
  if (seq > MAX_U32) throw valueError(`CSeq number ${value.slice(i, e)} exceeds 2^32-1 (RFC 3261 §8.1.1.5)`, i);
  const m = skipWs(value, e);
  if (m === e) throw valueError('expected LWS between CSeq number and method', e);
  const me = scan(value, m, TOKEN);
  if (me === m) throw valueError('CSeq has no method', m);
  if (skipWs(value, me) !== value.length) throw valueError('unexpected text after CSeq method', me);
  return { seq, method: value.slice(m, me) };
}

/** A 1*DIGIT header value, at most `max` (e.g. Max-Forwards ≤ 255, RFC 3261 §20.22). */
export function parseNumber(value: string, what: string, max = MAX_U32): number {
  const v = trimWs(value);
  const e = scan(v, 0, DIGIT);
  if (e === 0 || e !== v.length) throw valueError(`${what} is not a non-negative integer: "${v}"`, 0);
  const n = e > 15 ? Infinity : e < 9 ? digits(v, 0, e) : Number(v);
  if (n > max) throw valueError(`${what} ${v.length > 24 ? v.slice(0, 20) + '…' : v} exceeds ${max}`, 0);
  return n;
}

/** Call-ID = word [ "@" word ] (RFC 3261 §20.8). */
export function parseCallId(value: string): string {
  const v = trimWs(value);
  const a = scan(v, 0, WORD);
  if (a === 0) throw valueError('Call-ID is empty or starts with a character not allowed in a word', 0);
  if (a === v.length) return v;
  if (v.charCodeAt(a) !== 64 || scan(v, a + 1, WORD) !== v.length || a + 1 === v.length) {
    throw valueError(`character ${JSON.stringify(v[a])} not allowed in Call-ID (one Call-ID only)`, a);
  }
  return v;
}

/** token *(;param): Event, Allow-Events entries, Subscription-State, Refer-Sub. */
function tokenWithParams(value: string, what: string, extraDot = false): { token: string; params: Params } {
  const i = skipWs(value, 0);
  let e = scan(value, i, TOKEN);
  if (extraDot) while (e < value.length && value.charCodeAt(e) === 46) e = scan(value, e + 1, TOKEN);
  if (e === i) throw valueError(`${what} has no value`, i);
  return { token: value.slice(i, e), params: parseParamsAt(value, e) };
}

/** Content-Type = m-type SLASH m-subtype *(SEMI m-parameter) (RFC 3261 §20.15). */
export function parseContentType(value: string): { mediaType: string; params: Params } {
  const i = skipWs(value, 0);
  const t = scan(value, i, TOKEN);
  const s0 = skipWs(value, t);
  if (t === i || value.charCodeAt(s0) !== 47) throw valueError('Content-Type is not type/subtype', i);
  const s1 = skipWs(value, s0 + 1);
  const st = scan(value, s1, TOKEN);
  if (st === s1) throw valueError('Content-Type has no subtype', s1);
  const mediaType = (s0 === t && s1 === t + 1 ? value.slice(i, st) : value.slice(i, t) + '/' + value.slice(s1, st)).toLowerCase();
  return { mediaType, params: parseParamsAt(value, st) };
}

/** Event = event-type *(;event-param), event-type = package *("." template) (RFC 6665 §8.2.1). */
export function parseEvent(value: string): { package: string; params: Params } {
  const { token, params } = tokenWithParams(value, 'Event', true);
  return { package: token, params };
}

export interface SubscriptionState {
  state: string;
  reason?: string;
  expires?: number;
  retryAfter?: number;
  params: Params;
}

/** Subscription-State = substate-value *(;subexp-params) (RFC 6665 §8.2.3); state lowercased. */
export function parseSubscriptionState(value: string): SubscriptionState {
  const { token, params } = tokenWithParams(value, 'Subscription-State');
  return subscriptionState(token, params);
}

/** The Subscription-State element of substate-value `token` and its parameters. */
export function subscriptionState(token: string, params: Params): SubscriptionState {
  const out: SubscriptionState = { state: token.toLowerCase(), params };
  if (typeof params.reason === 'string') out.reason = params.reason.toLowerCase();
  if (params.expires !== undefined) out.expires = paramNumber(params.expires, 'expires');
  if (params['retry-after'] !== undefined) out.retryAfter = paramNumber(params['retry-after'], 'retry-after');
  return out;
}

function paramNumber(v: string | true, name: string): number {
  if (v === true) throw valueError(`parameter "${name}" needs a value`, 0);
  return parseNumber(v, `parameter "${name}"`);
}

/** Refer-Sub = refer-sub-value *(;exten) with value "true" / "false" (RFC 4488 §4). */
export function parseReferSub(value: string): { value: boolean; params: Params } {
  const { token, params } = tokenWithParams(value, 'Refer-Sub');
  const t = token.toLowerCase();
  if (t !== 'true' && t !== 'false') throw valueError(`Refer-Sub value must be "true" or "false", not "${token}"`, 0);
  return { value: t === 'true', params };
}

/** callid *(;param), as in Replaces and Target-Dialog. */
function callIdWithParams(value: string, what: string): { callId: string; params: Params } {
  const i = skipWs(value, 0);
  let e = scan(value, i, WORD);
  if (e < value.length && value.charCodeAt(e) === 64) e = scan(value, e + 1, WORD);
  // ";" is not a word char but ends the callid; a WORD scan stops before it.
  if (e === i) throw valueError(`${what} has no call-id`, i);
  return { callId: value.slice(i, e), params: parseParamsAt(value, e) };
}

/** Replaces = callid *(;to-tag / from-tag / early-flag / generic) (RFC 3891 §6.1). */
export function parseReplaces(value: string) {
  const { callId, params } = callIdWithParams(value, 'Replaces');
  return replaces(callId, params, value.length);
}

/** The Replaces element of `callId` and its parameters; errors point at `end`, the end of the value. */
export function replaces(callId: string, params: Params, end: number) {
  const toTag = params['to-tag'];
  const fromTag = params['from-tag'];
  if (typeof toTag !== 'string') throw valueError('Replaces lacks to-tag (RFC 3891 §6.1)', end);
  if (typeof fromTag !== 'string') throw valueError('Replaces lacks from-tag (RFC 3891 §6.1)', end);
  return { callId, toTag, fromTag, earlyOnly: params['early-only'] !== undefined, params };
}

/** Target-Dialog = callid ;local-tag ;remote-tag *(;param) (RFC 4538 §7). */
export function parseTargetDialog(value: string) {
  const { callId, params } = callIdWithParams(value, 'Target-Dialog');
  const localTag = params['local-tag'];
  const remoteTag = params['remote-tag'];
  if (typeof localTag !== 'string') throw valueError('Target-Dialog lacks local-tag (RFC 4538 §7)', value.length);
  if (typeof remoteTag !== 'string') throw valueError('Target-Dialog lacks remote-tag (RFC 4538 §7)', value.length);
  return { callId, localTag, remoteTag, params };
}

export interface Credentials {
  scheme: string;
  params: Params;
  /** For a token68 form (e.g. Basic): always "[redacted]", never the credentials. */
  token68?: string;
}

/** challenge / credentials = auth-scheme LWS auth-param *(COMMA auth-param) (RFC 3261 §25.1, §22.4). */
export function parseAuth(value: string): Credentials {
  const i = skipWs(value, 0);
  const e = scan(value, i, TOKEN);
  if (e === i) throw valueError('authentication header has no scheme', i);
  const out: Credentials = { scheme: value.slice(i, e), params: {} };
  let k = skipWs(value, e);
  if (k < value.length && k === e) throw valueError('expected LWS after the authentication scheme', k);
  if (k < value.length && isToken68(value, k)) {
    out.token68 = '[redacted]';
    return out;
  }
  while (k < value.length) k = authParam(value, k, out.params);
  return out;
}

/** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" (RFC 7235 §2.1), alone. */
function isToken68(s: string, k: number): boolean {
  let e = k;
  while (e < s.length) {
    const c = s.charCodeAt(e);
    const l = c | 32;
    if (!((l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95 || c === 126 || c === 43 || c === 47)) break;
    e++;
  }
  if (e === k) return false;
  while (e < s.length && s.charCodeAt(e) === 61) e++;
  return skipWs(s, e) === s.length;
}

function authParam(s: string, k: number, params: Params): number {
  const ne = scan(s, k, TOKEN);
  if (ne === k) throw valueError(`expected an auth-param name, found ${JSON.stringify(s[k])}`, k);
  let i = skipWs(s, ne);
  if (s.charCodeAt(i) !== 61) throw valueError(`auth-param "${s.slice(k, ne)}" has no "="`, i);
  i = skipWs(s, i + 1);
  let v: string;
  if (s.charCodeAt(i) === 34) {
    const q = quotedEnd(s, i);
    if (q < 0) throw valueError('unterminated quoted string in auth-param', i);
    v = unquote(s, i, q);
    i = q;
  } else {
    const ve = scan(s, i, TOKEN);
    if (ve === i) throw valueError(`auth-param "${s.slice(k, ne)}" has no value`, i);
    v = s.slice(i, ve);
    i = ve;
  }
  params[s.slice(k, ne).toLowerCase()] = v;
  i = skipWs(s, i);
  if (i < s.length && s.charCodeAt(i) !== 44) throw valueError(`expected "," between auth-params`, i);
  return i < s.length ? skipWs(s, i + 1) : i;
}

/** A list element that must be a token: Allow, Supported, Require… (RFC 3261 §25.1 option-tag / Method). */
export function parseTokenElement(value: string, what: string): string {
  if (!isToken(value)) throw valueError(`${what} element "${value}" is not a token`, 0);
  return value;
}
