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
