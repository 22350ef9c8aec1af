// Header names: compact forms (RFC 3261 §7.3.3 and the IANA registry) and canonical Display Case.

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

/** `"v"` → `"via"`, `"Call-Id"` → `"call-id"`: lowercase long form. */
export function canonicalName(name: string): string {
  const hit = memo.get(name);
  if (hit !== undefined) return hit;
  const lower = name.toLowerCase();
  const canon = lower.length === 1 ? COMPACT[lower] ?? lower : lower;
  if (memo.size < MEMO_MAX) memo.set(name, canon);
  return canon;
}

/** The canonical name of a spelling already seen (hence a valid token), or undefined. */
export function knownName(raw: string): string | undefined {
  return memo.get(raw);
}

const displayMemo = new Map<string, string>();

/** Canonical name → Display Case: `"call-id"` → `"Call-ID"`, `"refer-to"` → `"Refer-To"`. */
export function displayName(canon: string): string {
  const hit = displayMemo.get(canon);
  if (hit !== undefined) return hit;
  let out = DISPLAY[canon];
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

/** Headers that may appear at most once (RFC 3261 §7.3.1: not a comma-separated list). */
export const SINGLE_HEADERS: ReadonlySet<string> = new Set([
  'call-id', 'from', 'to', 'cseq', 'max-forwards', 'content-length', 'content-type',
]);
