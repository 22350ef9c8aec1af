// Character classes of RFC 3261 §25.1, as lookup tables indexed by char code (ASCII only).
export const TOKEN = 1; // alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
export const WORD = 2; // token chars plus ( ) < > : \ DQUOTE / [ ] ? { }
export const HOST = 4; // alphanum / "-" / "." (hostname, IPv4)
export const URIC = 8; // chars that may appear in a URI (RFC 3261 §25.1 / RFC 3986)
export const PVAL = 16; // header param value chars outside quotes: token / host (IPv6 [ ] :)
export const DIGIT = 32;
export const NOT_URI = 64; // never in a URI (RFC 3986 §2; RFC 3261 §25.1): CTL, SP, DQUOTE, "<", ">", "\\", "^", "{", "|", "}"

export const CLASS = new Uint8Array(128);

function mark(chars: string, flag: number): void {
  for (let i = 0; i < chars.length; i++) CLASS[chars.charCodeAt(i)] |= flag;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
mark(ALNUM + "-.!%*_+`'~", TOKEN | WORD | URIC | PVAL);
mark('()<>:\\"/[]?{}', WORD);
mark(ALNUM + '-.', HOST);
mark(";/?:@&=+$,[]#()'*!~_.-%", URIC);
mark('[]:', PVAL);
mark('0123456789', DIGIT);
mark('<>"{}|\\^\x7f', NOT_URI);
for (let c = 0; c <= 32; c++) CLASS[c] |= NOT_URI;

export function isClass(code: number, flag: number): boolean {
  return code < 128 && (CLASS[code] & flag) !== 0;
}

export function isWs(code: number): boolean {
  return code === 32 || code === 9;
}

/** Index of the first non-SP/HTAB char at or after `i`. */
export function skipWs(s: string, i: number, end = s.length): number {
  while (i < end && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** End (exclusive) of the run of `flag` chars starting at `i`. */
export function scan(s: string, i: number, flag: number, end = s.length): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CLASS[c] & flag) === 0) break;
    i++;
  }
  return i;
}

/** Trim SP/HTAB at both ends (String.trim also strips CR/LF and Unicode spaces, which matter here). */
export function trimWs(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWs(s.charCodeAt(a))) a++;
  while (b > a && isWs(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

export function isToken(s: string): boolean {
  return s.length > 0 && scan(s, 0, TOKEN) === s.length;
}

/** Parse a run of digits as a non-negative integer; -1 if empty or not all digits. */
export function digits(s: string, from = 0, end = s.length): number {
  if (from >= end) return -1;
  let n = 0;
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** `s[i]` is a DQUOTE: index just past the closing DQUOTE, or -1 if unterminated (RFC 3261 §25.1 quoted-pair aware). */
export function quotedEnd(s: string, i: number, end = s.length): number {
  for (let j = i + 1; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c === 92) j++; // "\" quoted-pair: skip the escaped char
    else if (c === 34) return j + 1;
  }
  return -1;
}

/** Content of the quoted string s[a..b) (b exclusive, quotes included) with quoted-pairs undone. */
export function unquote(s: string, a: number, b: number): string {
  const inner = s.slice(a + 1, b - 1);
  if (inner.indexOf('\\') < 0) return inner;
  let out = '';
  let from = 0;
  for (let j = 0; j < inner.length; j++) {
    if (inner.charCodeAt(j) === 92) {
      out += inner.slice(from, j);
      from = j + 1;
      j++;
    }
  }
  return out + inner.slice(from);
}

/** A quoted string for `text`, escaping DQUOTE and "\" (RFC 3261 §25.1 quoted-pair). */
export function quote(text: string): string {
  let out = '"';
  let from = 0;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 34 || c === 92) {
      out += text.slice(from, j) + '\\';
      from = j;
    }
  }
  return out + text.slice(from) + '"';
}
