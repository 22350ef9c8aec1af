import * as charsM from './chars';
import * as errorsM from './errors';
import { Spellings } from './intern';
import type { Params } from './params';
import * as paramsM from './params';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { DIGIT, HOST, TOKEN, digits, scan, skipWs } = charsM;
const { valueError } = errorsM;
const { formatParams, parseParamsAt } = paramsM;

/** One via-parm (RFC 3261 §20.42): sent-protocol, sent-by and via-params. */
export interface Via {
  /** protocol-name "/" protocol-version, uppercase, LWS removed: "SIP/2.0". */
  protocol: string;
  /** transport, uppercase: "UDP", "TCP", "TLS", "SCTP", "WS", "WSS" or an extension. */
  transport: string;
  /** host as written; IPv6 references keep their brackets. */
  host: string;
  port?: number;
  params: Params;
}

/** Parse one via-parm; LWS is allowed around each "/" and around ":" of sent-by. */
export function parseVia(value: string): Via {
  return parseViaIn(value, 0, value.length);
}

export function parseViaIn(s: string, start: number, end: number): Via {
  let i = skipWs(s, start, end);
  // Fast path for the usual "SIP/2.0/UDP host" (no LWS around "/").
  if (s.startsWith('SIP/2.0/', i)) {
    const t = scan(s, i + 8, TOKEN, end);
    if (t > i + 8 && t < end && s.charCodeAt(t) === 32) return finish('SIP/2.0', transportAt(s, i + 8, t), s, t, end);
  }
  const name = tokenAt(s, i, end, 'protocol name');
  i = slash(s, i + name.length, end);
  const version = tokenAt(s, i, end, 'protocol version');
  i = slash(s, i + version.length, end);
  const transport = tokenAt(s, i, end, 'transport');
  return finish(`${name}/${version}`.toUpperCase(), upper(transport), s, i + transport.length, end);
}

/** sent-by = host [ COLON port ] and via-params after the sent-protocol, which ends at `i`. */
function finish(protocol: string, transport: string, s: string, i: number, end: number): Via {
  const hostStart = skipWs(s, i, end);
  if (hostStart === i) throw valueError('expected LWS between sent-protocol and sent-by', i);
  const hostEnd = hostEndAt(s, hostStart, end);
  const host = s.slice(hostStart, hostEnd);
  const k = skipWs(s, hostEnd, end);
  if (k >= end || s.charCodeAt(k) !== 58) {
    if (k < end && s.charCodeAt(k) !== 59) throw valueError(`unexpected ${JSON.stringify(s[k])} after Via host`, k);
    return { protocol, transport, host, params: parseParamsAt(s, k, end) };
  }
  const ps = skipWs(s, k + 1, end);
  const pe = scan(s, ps, DIGIT, end);
  const port = pe > ps && pe - ps <= 5 ? digits(s, ps, pe) : -1;
  if (port < 0 || port > 65535) throw valueError('bad port in Via sent-by', ps);
  return { protocol, transport, host, port, params: parseParamsAt(s, pe, end) };
}

/** End of the sent-by host (IPv6 reference, hostname or IPv4) starting at `i`. */
function hostEndAt(s: string, i: number, end: number): number {
  let j: number;
  if (s.charCodeAt(i) === 91) {
    j = s.indexOf(']', i);
    if (j < 0 || j >= end) throw valueError('unterminated IPv6 reference in Via', i);
    j++;
  } else {
    j = scan(s, i, HOST, end);
  }
  if (j === i) throw valueError('Via has no sent-by host', i);
  return j;
}

const UPPER: Record<string, string> = { UDP: 'UDP', TCP: 'TCP', TLS: 'TLS', WS: 'WS', WSS: 'WSS', SCTP: 'SCTP' };
const TRANSPORTS = new Spellings(Object.keys(UPPER).flatMap((t): [string, string][] => [[t, t], [t.toLowerCase(), t]]));

/** The transport s[a..b) uppercased; common ones without slicing. */
function transportAt(s: string, a: number, b: number): string {
  return TRANSPORTS.find(s, a, b) ?? upper(s.slice(a, b));
}

function upper(t: string): string {
  return Object.hasOwn(UPPER, t) ? UPPER[t] : t.toUpperCase();
}

function tokenAt(s: string, i: number, end: number, what: string): string {
  const e = scan(s, i, TOKEN, end);
  if (e === i) throw valueError(`expected ${what} in Via`, i);
  return s.slice(i, e);
}

function slash(s: string, i: number, end: number): number {
  i = skipWs(s, i, end);
  if (i >= end || s.charCodeAt(i) !== 47) throw valueError('expected "/" in Via sent-protocol', i);
  return skipWs(s, i + 1, end);
}

/** `SIP/2.0/UDP host:port;params` */
export function formatVia(v: Via): string {
  const port = v.port === undefined ? '' : ':' + v.port;
  return `${v.protocol}/${v.transport} ${v.host}${port}${formatParams(v.params)}`;
}
