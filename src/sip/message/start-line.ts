import * as charsM from './chars';
import { Reporter } from './context';
import { ParseError } from './errors';
import * as uriM from './uri';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { DIGIT, TOKEN, scan } = charsM;
const { parseUri } = uriM;

export type StartLine =
  | { type: 'request'; method: string; uri: string; version: string }
  | { type: 'response'; status: number; reason: string; version: string };

/** Start-line = Request-Line / Status-Line (RFC 3261 §7.1, §7.2), elements separated by one SP. */
export function parseStartLine(line: string, r: Reporter): StartLine {
  if (line.startsWith('SIP/')) return statusLine(line, r);
  return requestLine(line, r);
}

/** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2). */
function statusLine(line: string, r: Reporter): StartLine {
  const sp1 = line.indexOf(' ');
  if (sp1 < 0) throw new ParseError('Status-Line has no status code', { line: 1, column: line.length + 1 });
  const version = checkVersion(line.slice(0, sp1), r);
  let sp2 = line.indexOf(' ', sp1 + 1);
  if (sp2 < 0) {
    r.problem('Status-Line lacks SP after the status code (RFC 3261 §7.2)', { line: 1, column: line.length + 1 });
    sp2 = line.length;
  }
  const code = line.slice(sp1 + 1, sp2);
  if (code.length !== 3 || scan(code, 0, DIGIT) !== 3 || code < '100' || code >= '700') {
    throw new ParseError(`status code "${code}" is not 3 digits from 100 to 699 (RFC 3261 §7.2)`, { line: 1, column: sp1 + 2 });
  }
  return { type: 'response', status: Number(code), reason: line.slice(sp2 + 1), version };
}

/** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; only SIP/2.0 is understood (RFC 3261 §7.1). */
function checkVersion(v: string, r: Reporter, column = 1): string {
  if (v === 'SIP/2.0') return v;
  const up = v.toUpperCase();
  if (up === 'SIP/2.0') return v;
  const dot = v.indexOf('.');
  const well = up.startsWith('SIP/') && dot > 4 && scan(v, 4, DIGIT) === dot && scan(v, dot + 1, DIGIT) === v.length && dot + 1 < v.length;
  if (!well) throw new ParseError(`"${v}" is not a SIP-Version (RFC 3261 §7.1)`, { line: 1, column });
  r.problem(`unsupported SIP version ${v} (RFC 3261 §7.1: SIP/2.0)`, { line: 1, column });
  return v;
}

/** Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 §7.1). */
function requestLine(line: string, r: Reporter): StartLine {
  const sp1 = line.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
  if (sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) return oddRequestLine(line, line.split(' '), r);
  const method = line.slice(0, sp1);
  const uri = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (method.length === 0 || scan(method, 0, TOKEN) !== method.length) {
    throw new ParseError(`Method "${method}" is not a token (RFC 3261 §25.1)`, { line: 1, column: 1 });
  }
  checkVersion(version, r, method.length + uri.length + 3);
  return { type: 'request', method, uri: requestUri(uri, r, method.length + 2), version };
}

/** Not exactly three elements: missing version, extra SP or LWS inside the Request-URI. */
function oddRequestLine(line: string, parts: string[], r: Reporter): StartLine {
  if (line.length === 0) throw new ParseError('empty start line', { line: 1, column: 1 });
  const words = parts.filter((p) => p.length > 0);
  if (words.length < 3 || !words[words.length - 1].toUpperCase().startsWith('SIP/')) {
    throw new ParseError('Request-Line lacks SIP-Version (RFC 3261 §7.1)', { line: 1, column: line.length + 1 });
  }
  if (line.endsWith(' ')) r.problem('trailing SP at end of Request-Line (RFC 3261 §7.1)', { line: 1, column: line.trimEnd().length + 1 });
  else if (line.indexOf('  ') >= 0) r.problem('more than one SP between Request-Line elements (RFC 3261 §7.1)', { line: 1, column: line.indexOf('  ') + 1 });
  else r.problem('LWS inside the Request-URI (RFC 3261 §7.1: elements separated by single SP)', { line: 1, column: line.indexOf(' ', words[0].length + 1) + 1 });
  const version = checkVersion(words[words.length - 1], r);
  const uri = requestUri(words.slice(1, -1).join(''), r, words[0].length + 2);
  return { type: 'request', method: words[0], uri, version };
}

// sip:[user@]host[:port][;params] with plain chars only (ports up to 4 digits); no nested
// quantifiers, so linear time. ";;" and a trailing ";" are left to the full parser.
const SIMPLE_SIP_URI = /^sips?:(?:[A-Za-z0-9._~+-]+@)?[A-Za-z0-9.-]+(?::[0-9]{1,4})?(?:;[A-Za-z0-9._~=-][A-Za-z0-9._~=;-]*)?$/;

/** sip:user@host[:port][;params] with nothing odd: a Request-URI that needs no further check. */
export function isSimpleRequestUri(uri: string): boolean {
  return SIMPLE_SIP_URI.test(uri) && uri.indexOf(';;') < 0 && !uri.endsWith(';');
}

/** Request-URI = SIP-URI / SIPS-URI / absoluteURI, not in <>, no URI headers for sip (RFC 3261 §19.1.1). */
function requestUri(uri: string, r: Reporter, column: number): string {
  if (uri.startsWith('<') && uri.endsWith('>')) {
    r.problem('Request-URI must not be enclosed in <> (RFC 3261 §25.1)', { line: 1, column });
    uri = uri.slice(1, -1);
  }
  let headers = 0;
  try {
    if (isSimpleRequestUri(uri)) return uri;
    const u = parseUri(uri);
    if (u.scheme === 'sip' || u.scheme === 'sips') headers = Object.keys(u.headers).length;
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    r.problem(`bad Request-URI: ${e.reason}`, { line: 1, column: column + (e.column ?? 1) - 1 });
  }
  if (headers > 0) {
    r.problem('Request-URI must not contain URI headers (RFC 3261 §19.1.1, table 1)', { line: 1, column: column + uri.indexOf('?') });
  }
  return uri;
}
