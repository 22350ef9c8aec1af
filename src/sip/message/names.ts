// Header names: compact forms (RFC 3261 §7.3.3 and the IANA registry) and canonical Display Case.
import { Spellings } from './intern';

const COMPACT: Record<string, string> = {
  a: 'accept-contact', b: 'referred-by', c: 'content-type', d: 'request-disposition',
  e: 'content-encoding', f: 'from', i: 'call-id', j: 'reject-contact', k: 'supported',
  l: 'content-length', m: 'contact', o: 'event', r: 'refer-to', s: 'subject', t: 'to',
  u: 'allow-events', v: 'via', x: 'session-expires', y: 'identity',
};

// Names whose Display Case is not plain capitalisation of each "-" part.
const DISPLAY: Record<string, string> = {
  'call-id': 'Call-ID', cseq: 'CSeq', 'www-authenticate': 'WWW-Authenticate', 'mime-version': 'MIME-Version',
  'p-asserted-identity': 'P-Asserted-Identity', 'p-preferred-identity': 'P-Preferred-Identity',
  'rack': 'RAck', 'rseq': 'RSeq', 'sip-etag': 'SIP-ETag', 'sip-if-match': 'SIP-If-Match',
  'identity-info': 'Identity-Info',
};

/** Raw spellings seen before → canonical name; avoids toLowerCase on the hot path. */
const memo = new Map<string, string>();
const MEMO_MAX = 2048;

/** The internalized copy of `s`: property keys that are internalized make the view's object stores fast. */
function intern(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}

/** `"v"` → `"via"`, `"Call-Id"` → `"call-id"`: lowercase long form. */
export function canonicalName(name: string): string {
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  const lower = name.toLowerCase();
  const canon = intern(lower.length === 1 ? COMPACT[lower] ?? lower : lower);
  if (memo.size < MEMO_MAX) memo.set(name, canon);
  return canon;
}

/** Common header names (and the compact forms), as usually spelled. */
export const COMMON_HEADER_NAMES: readonly string[] = [
  'Via', 'From', 'To', 'Call-ID', 'Call-Id', 'CSeq', 'Contact', 'Max-Forwards', 'Content-Length', 'Content-Type',
  'Refer-To', 'Referred-By', 'Event', 'Subscription-State', 'Allow', 'Supported', 'Require', 'User-Agent',
  'Server', 'Expires', 'Record-Route', 'Route', 'Replaces', 'Target-Dialog', 'Refer-Sub', 'Allow-Events',
  'P-Asserted-Identity', 'P-Preferred-Identity', 'Authorization', 'WWW-Authenticate', 'Proxy-Authenticate',
  'Proxy-Authorization', 'Accept', 'Date', 'Min-Expires', 'Session-Expires', 'Unsupported', 'Proxy-Require',
  'Subject', 'Reason', 'Retry-After', 'Warning', 'Timestamp', 'Organization', 'Priority', 'Path',
  ...'abcdefijklmorstuvxy'.split(''),
];
// Found in a header line without slicing or hashing: bucket by length and first char.
const KNOWN = new Spellings([...new Set([...COMMON_HEADER_NAMES, ...COMMON_HEADER_NAMES.map((x) => x.toLowerCase()), ...COMMON_HEADER_NAMES.map((x) => x.toUpperCase())])]
  .map((sp): [string, string] => [sp, canonicalName(sp)]));

/** Canonical name of the header name text[start..end) when it is a common spelling, else undefined. */
export function knownName(text: string, start: number, end: number): string | undefined {
  return KNOWN.find(text, start, end);
}

const displayMemo = new Map<string, string>();

/** Canonical name → Display Case: `"call-id"` → `"Call-ID"`, `"refer-to"` → `"Refer-To"`. */
export function displayName(canon: string): string {
  const hit = displayMemo.get(canon);
  if (hit !== undefined) return hit;
  let out = Object.hasOwn(DISPLAY, canon) ? DISPLAY[canon] : undefined;
  if (out === undefined) {
    out = canon.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
  }
  if (displayMemo.size < MEMO_MAX) displayMemo.set(canon, out);
  return out;
}

/** Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1 and each header's ABNF). */
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  'via', 'contact', 'route', 'record-route', 'allow', 'supported', 'require', 'unsupported',
  'allow-events', 'proxy-require', 'accept', 'accept-encoding', 'accept-language', 'content-encoding',
  'content-language', 'p-asserted-identity', 'p-preferred-identity', 'alert-info', 'call-info',
  'error-info', 'in-reply-to', 'warning', 'path', 'service-route', 'accept-contact', 'reject-contact',
  'request-disposition', 'history-info', 'reason', 'p-associated-uri', 'security-client',
  'security-server', 'security-verify', 'accept-resource-priority', 'resource-priority',
]);
