// Known spellings found in a text without slicing it. A known name comes back as one constant
// string: as an object key that is much cheaper than a fresh slice, which V8 must look up in its
// string table on every store.

/** A fixed set of words, bucketed by length and first char. */
export class Spellings {
  // Filled up front: a sparse array would fall back to slow dictionary elements.
  private readonly buckets: (string[] | undefined)[] = new Array(64 * 128).fill(undefined);

  /** `pairs`: spelling → the string to return for it (e.g. "Call-Id" → "call-id"). */
  constructor(pairs: Iterable<[string, string]>) {
    for (const [spelling, result] of pairs) {
      if (spelling.length === 0 || spelling.length >= 64) continue;
      (this.buckets[key(spelling, 0, spelling.length)] ??= []).push(spelling, result);
    }
  }

  /** The result for text[start..end) when it is one of the spellings (exact case), else undefined. */
  find(text: string, start: number, end: number): string | undefined {
    const len = end - start;
    if (len <= 0 || len >= 64) return undefined;
    const b = this.buckets[key(text, start, len)];
    if (b === undefined) return undefined;
    for (let k = 0; k < b.length; k += 2) if (text.startsWith(b[k], start)) return b[k + 1];
    return undefined;
  }
}

function key(text: string, start: number, len: number): number {
  return len * 128 + (text.charCodeAt(start) & 127);
}

/**
 * RFC 3261 §25.1 token octet → 1..31: letters without case 1–26, "-" 27, "." 28, "+" 29, "_" 30,
 * any other token octet 31 (in no known word); any other octet → 0.
 */
export const TOKEN_CODE = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  if (!/[A-Za-z0-9\-.!%*_+`'~]/.test(String.fromCharCode(c))) continue;
  const k = "abcdefghijklmnopqrstuvwxyz-.+_".indexOf(String.fromCharCode(c).toLowerCase());
  TOKEN_CODE[c] = k >= 0 ? k + 1 : 31;
}

/**
 * Known tokens found while a scanner reads them, case-insensitively: one table step per octet,
 * `state = trie.next[(state << 5) | TOKEN_CODE[octet]]` from state 1, and `trie.values[state]` at the
 * end is the word's value (undefined when it is not a known word). State 0 is "no known word".
 * 32 entries of 2 octets per state keep the table of the common header names in 24 kB.
 */
export class TokenTrie<T> {
  readonly next: Uint16Array;
  readonly values: (T | undefined)[];

  /** `pairs`: token (any case, letters, "-", ".", "+", "_") → its value. */
  constructor(pairs: Iterable<[string, T]>) {
    const edges: number[][] = [[], []]; // per state: code → state
    const values: (T | undefined)[] = [undefined, undefined];
    for (const [word, value] of pairs) {
      let st = 1;
      for (let i = 0; i < word.length; i++) {
        const code = TOKEN_CODE[word.charCodeAt(i)];
        if (code === 0 || code === 31) throw new Error(`"${word}" has a char a TokenTrie does not take`);
        if (edges[st][code] === undefined) {
          edges[st][code] = edges.length;
          edges.push([]);
          values.push(undefined);
        }
        st = edges[st][code];
      }
      values[st] = value;
    }
    if (edges.length > 65535) throw new Error('TokenTrie too large');
    this.next = new Uint16Array(edges.length * 32);
    edges.forEach((e, st) => e.forEach((to, code) => { this.next[st * 32 + code] = to; }));
    this.values = values;
  }
}
