import * as splitM from './split';
import * as charsM from './chars';
import * as errorsM from './errors';
import * as namesM from './names';
import * as name_addrM from './name-addr';
import * as viaM from './via';
import * as checksM from './checks';
import * as valuesM from './values';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { isBlank, splitList } = splitM;
const { TOKEN, isWs, scan } = charsM;
const { ParseError, valueError } = errorsM;
const { LIST_HEADERS } = namesM;
const { parseNameAddrIn } = name_addrM;
const { parseViaIn } = viaM;
const { checkDate, checkRetryAfter, checkWarning } = checksM;
const { parseAuth, parseCSeq, parseCallId, parseContentType, parseEvent, parseNumber, parseReferSub, parseReplaces, parseSubscriptionState, parseTargetDialog, parseTokenElement } = valuesM;

/** Parses one element (one list item, or the whole value) in s[a..b). */
type ElementParser = (s: string, a: number, b: number) => unknown;

const nameAddr: ElementParser = (s, a, b) => parseNameAddrIn(s, a, b);
const contact: ElementParser = (s, a, b) => (b - a === 1 && s.charCodeAt(a) === 42 ? { star: true } : parseNameAddrIn(s, a, b));
const whole = (f: (v: string) => unknown): ElementParser => (s, a, b) => {
  if (a === 0 && b === s.length) return f(s);
  try {
    return f(s.slice(a, b));
  } catch (e) {
    if (e instanceof ParseError) throw valueError(e.reason, a + (e.column ?? 1) - 1);
    throw e;
  }
};
const number = (what: string, max?: number): ElementParser => whole((v) => parseNumber(v, what, max));
const token = (what: string): ElementParser => whole((v) => parseTokenElement(v, what));
const text: ElementParser = (s, a, b) => (a === 0 && b === s.length ? s : s.slice(a, b));

/** JSON view element per header (docs/json-view.md); headers not listed are text. */
const GRAMMARS: Record<string, ElementParser> = {
  via: (s, a, b) => parseViaIn(s, a, b),
  from: nameAddr, to: nameAddr, contact, route: nameAddr, 'record-route': nameAddr,
  'reply-to': nameAddr, 'refer-to': nameAddr, 'referred-by': nameAddr,
  'p-asserted-identity': nameAddr, 'p-preferred-identity': nameAddr,
  cseq: whole(parseCSeq), 'call-id': whole(parseCallId),
  'max-forwards': number('Max-Forwards', 255), 'content-length': number('Content-Length'),
  expires: number('Expires'), 'min-expires': number('Min-Expires'),
  'content-type': whole(parseContentType), event: whole(parseEvent), 'allow-events': whole(parseEvent),
  'subscription-state': whole(parseSubscriptionState), 'refer-sub': whole(parseReferSub),
  replaces: whole(parseReplaces), 'target-dialog': whole(parseTargetDialog),
  allow: token('Allow'), supported: token('Supported'), require: token('Require'),
  unsupported: token('Unsupported'), 'proxy-require': token('Proxy-Require'),
  authorization: whole(parseAuth), 'proxy-authorization': whole(parseAuth),
  'www-authenticate': whole(parseAuth), 'proxy-authenticate': whole(parseAuth),
  date: whole(checkDate), 'retry-after': whole(checkRetryAfter), warning: whole(checkWarning),
};

/** Headers whose list may be empty (e.g. `Supported:` with no option-tag, RFC 3261 §20.37). */
const MAY_BE_EMPTY = new Set(['allow', 'supported', 'require', 'unsupported', 'accept', 'accept-encoding', 'accept-language', 'allow-events']);

export interface HeaderInfo {
  parse: ElementParser;
  list: boolean;
  mayBeEmpty: boolean;
  /** A list of tokens (Allow, Supported…), e.g. `INVITE, ACK, BYE`. */
  tokens: boolean;
  /** Its bit when the header may appear once (RFC 3261 §7.3.1), else 0. */
  single: number;
  /** Kept as text, one element: no grammar and not a list (e.g. User-Agent, Subject). */
  plain: boolean;
}

const TOKEN_LISTS = new Set(['allow', 'supported', 'require', 'unsupported', 'proxy-require']);

/** Headers that may appear once, as bits to record which were seen. */
export const SINGLE_BIT: Readonly<Record<string, number>> = {
  'call-id': 1, from: 2, to: 4, cseq: 8, 'max-forwards': 16, 'content-length': 32, 'content-type': 64, via: 128,
};

const INFO = new Map<string, HeaderInfo>();

/** What the parser needs to know about one header name, looked up once per header line. */
export function headerInfo(name: string): HeaderInfo {
  let i = INFO.get(name);
  if (i === undefined) {
    const parse = Object.hasOwn(GRAMMARS, name) ? GRAMMARS[name] : text; // a header named __proto__ is text
    const list = LIST_HEADERS.has(name);
    i = {
      parse, list, mayBeEmpty: MAY_BE_EMPTY.has(name), tokens: TOKEN_LISTS.has(name),
      single: Object.hasOwn(SINGLE_BIT, name) ? SINGLE_BIT[name] : 0, plain: parse === text && !list,
    };
    if (INFO.size < 4096) INFO.set(name, i);
  }
  return i;
}

/**
 * The JSON view elements of one header line. Throws ParseError (column relative to the value)
 * when the value does not match the header's grammar.
 */
export function headerElements(name: string, value: string): unknown[] {
  return elementsOf(headerInfo(name), value);
}

/** headerElements() for a header whose HeaderInfo is at hand. */
export function elementsOf(info: HeaderInfo, value: string): unknown[] {
  const { parse, list, mayBeEmpty, tokens } = info;
  if (info.plain) return [value];
  if (tokens) {
    const els = tokenList(value);
    if (els !== undefined) return els;
  }
  if (value.length === 0 || isBlank(value)) {
    if (list && mayBeEmpty) return [];
    throw valueError('empty value', 0);
  }
  if (!list || value.indexOf(',') < 0) return [parse(value, 0, value.length)];
  const r = splitList(value);
  const out: unknown[] = new Array(r.length >> 1);
  for (let k = 0; k < r.length; k += 2) out[k >> 1] = parse(value, r[k], r[k + 1]);
  return out;
}

/**
 * `token *(LWS "," LWS token)` in one pass, the elements as strings; undefined for anything else
 * (an empty list or element, a non-token char), which the general path parses or reports.
 */
function tokenList(value: string): string[] | undefined {
  const out: string[] = [];
  const n = value.length;
  let i = 0;
  while (i < n && isWs(value.charCodeAt(i))) i++;
  for (;;) {
    const t = scan(value, i, TOKEN, n);
    if (t === i) return undefined;
    out.push(value.slice(i, t));
    i = t;
    while (i < n && isWs(value.charCodeAt(i))) i++;
    if (i === n) return out;
    if (value.charCodeAt(i) !== 44) return undefined;
    i++;
    while (i < n && isWs(value.charCodeAt(i))) i++;
  }
}

/** Like headerElements but never throws: a value that does not parse is kept as text. */
export function headerElementsLoose(name: string, value: string): unknown[] {
  try {
    return headerElements(name, value);
  } catch (e) {
    if (e instanceof ParseError) return [value];
    throw e;
  }
}
