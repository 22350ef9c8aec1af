/** One deviation from the grammar, recorded instead of thrown in lenient mode. */
export interface ParseFinding {
  reason: string;
  /** 1-based line in the message (folded header lines count from the header's first line). */
  line?: number;
  /** 1-based column in that line. */
  column?: number;
  /** Canonical (lowercase long) name of the header concerned. */
  header?: string;
}

/** A message that is not well-formed: says what is wrong and where (line, column, header). */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  readonly reason: string;
  readonly line?: number;
  readonly column?: number;
  readonly header?: string;

  constructor(reason: string, where: Omit<ParseFinding, 'reason'> = {}) {
    super(describe(reason, where));
    this.reason = reason;
    this.line = where.line;
    this.column = where.column;
    this.header = where.header;
  }

  toFinding(): ParseFinding {
    const f: ParseFinding = { reason: this.reason };
    if (this.line !== undefined) f.line = this.line;
    if (this.column !== undefined) f.column = this.column;
    if (this.header !== undefined) f.header = this.header;
    return f;
  }
}

function describe(reason: string, w: Omit<ParseFinding, 'reason'>): string {
  const at: string[] = [];
  if (w.line !== undefined) at.push(`line ${w.line}`);
  if (w.column !== undefined) at.push(`column ${w.column}`);
  if (w.header !== undefined) at.push(`header ${w.header}`);
  return at.length ? `${reason} (at ${at.join(', ')})` : reason;
}

/** Error thrown by a value grammar: `offset` is the 0-based position in the header value. */
export function valueError(reason: string, offset: number): ParseError {
  return new ParseError(reason, { column: offset + 1 });
}
