import { DIGIT, scan, skipWs, trimWs } from './chars';
import { valueError } from './errors';
import { parseNumber } from './values';

// Headers kept as text in the JSON view but whose grammar is still checked.

const WKDAY = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
const MONTH = new Set(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);

/** Date = rfc1123-date: `Sat, 13 Nov 2010 23:29:00 GMT` — only GMT (RFC 3261 §20.17). */
export function checkDate(value: string): string {
  const v = trimWs(value);
  const ok = v.length === 29 && WKDAY.has(v.slice(0, 3)) && v.slice(3, 5) === ', ' &&
    twoDigits(v, 5) && v[7] === ' ' && MONTH.has(v.slice(8, 11)) && v[11] === ' ' &&
    scan(v, 12, DIGIT) === 16 && v[16] === ' ' && twoDigits(v, 17) && v[19] === ':' &&
    twoDigits(v, 20) && v[22] === ':' && twoDigits(v, 23) && v[25] === ' ';
  if (!ok) throw valueError(`Date "${v}" is not an RFC 1123 date (RFC 3261 §20.17)`, 0);
  if (v.slice(26) !== 'GMT') throw valueError(`Date time zone must be GMT, not "${v.slice(26)}" (RFC 3261 §20.17)`, 26);
  return v;
}

function twoDigits(s: string, i: number): boolean {
  return scan(s, i, DIGIT) === i + 2;
}

/** Retry-After = delta-seconds [ comment ] *( SEMI retry-param ) (RFC 3261 §20.33). */
export function checkRetryAfter(value: string): string {
  const i = skipWs(value, 0);
  const e = scan(value, i, DIGIT);
  parseNumber(value.slice(i, e), 'Retry-After');
  return value;
}

/** warning-value = warn-code SP warn-agent SP warn-text, warn-code = 3DIGIT (RFC 3261 §20.43). */
export function checkWarning(value: string): string {
  const e = scan(value, 0, DIGIT);
  if (e !== 3) throw valueError(`Warning code "${value.slice(0, e)}" is not 3 digits (RFC 3261 §20.43)`, 0);
  if (value.charCodeAt(3) !== 32) throw valueError('expected SP after the Warning code', 3);
  return value;
}
