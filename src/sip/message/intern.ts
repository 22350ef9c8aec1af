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

/** Octet → the same octet with A–Z lowered, for hashing and comparing names without case. */
export const LOWER = new Uint8Array(256);
for (let c = 0; c < 256; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

/** One step of the hash ByteSpellings expects, over LOWER[octet]: `h = hashStep(h, LOWER[b[i]])`. */
export function hashStep(h: number, lowered: number): number {
  return (Math.imul(h, 31) + lowered) | 0;
}

/**
 * Known words found in a Buffer without decoding or slicing, case-insensitively: the scanner hashes
 * the octets as it reads them (hashStep over LOWER) and asks for the word with that hash, which is
 * then compared octet by octet. Open addressing in a table of 1024 slots.
 */
export class ByteSpellings<T> {
  private readonly slots = new Int32Array(1024); // entry index + 1; 0 = empty
  private readonly keys: Uint8Array[] = [];
  private readonly values: T[] = [];

  /** `pairs`: lowercase word → what to return for it. */
  constructor(pairs: Iterable<[string, T]>) {
    for (const [word, value] of pairs) {
      let h = 0;
      for (let i = 0; i < word.length; i++) h = hashStep(h, LOWER[word.charCodeAt(i)]);
      let s = h & 1023;
      while (this.slots[s] !== 0) s = (s + 1) & 1023;
      this.keys.push(Buffer.from(word, 'latin1'));
      this.values.push(value);
      this.slots[s] = this.keys.length;
    }
  }

  /** The value for b[start..end) (any case) whose hash is `h`, else undefined. */
  find(h: number, b: Uint8Array, start: number, end: number): T | undefined {
    const len = end - start;
    for (let s = h & 1023; ; s = (s + 1) & 1023) {
      const k = this.slots[s];
      if (k === 0) return undefined;
      const key = this.keys[k - 1];
      if (key.length !== len) continue;
      let i = 0;
      while (i < len && LOWER[b[start + i]] === key[i]) i++;
      if (i === len) return this.values[k - 1];
    }
  }
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
