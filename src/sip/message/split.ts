import * as charsM from './chars';
import * as errorsM from './errors';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { isWs } = charsM;
const { valueError } = errorsM;

/**
 * Split a header value at commas that separate list elements (RFC 3261 §7.3.1): never inside a
 * quoted string or <>. Returns [start, end) pairs with LWS trimmed. An empty element is an error.
 */
export function splitList(s: string, strict = true): number[] {
  const out: number[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 60) inAngle = true;
    else if (c === 62) inAngle = false;
    else if (c === 44 && !inAngle) {
      pushTrimmed(s, start, i, out, strict);
      start = i + 1;
    }
  }
  pushTrimmed(s, start, s.length, out, strict);
  return out;
}

function pushTrimmed(s: string, a: number, b: number, out: number[], strict: boolean): void {
  while (a < b && isWs(s.charCodeAt(a))) a++;
  while (b > a && isWs(s.charCodeAt(b - 1))) b--;
  if (a === b) {
    if (strict) throw valueError('empty element in comma-separated list', a);
    return;
  }
  out.push(a, b);
}

/** The list elements of `s` as strings; a value that is all LWS is an empty list. */
export function splitListText(s: string, strict = true): string[] {
  if (isBlank(s)) return [];
  const r = splitList(s, strict);
  const out: string[] = new Array(r.length >> 1);
  for (let k = 0; k < r.length; k += 2) out[k >> 1] = s.slice(r[k], r[k + 1]);
  return out;
}

export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isWs(s.charCodeAt(i))) return false;
  return true;
}
