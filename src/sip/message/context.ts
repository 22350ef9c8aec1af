import { ParseError, ParseFinding } from './errors';

/** Where deviations go: thrown (strict) or recorded (lenient). */
export class Reporter {
  findings: ParseFinding[] | undefined;
  constructor(readonly lenient: boolean) {}

  /** A recoverable deviation: throws in strict mode, else records a finding and returns. */
  problem(reason: string, where: Omit<ParseFinding, 'reason'> = {}): void {
    if (!this.lenient) throw new ParseError(reason, where);
    (this.findings ??= []).push({ reason, ...where });
  }

  /** A ParseError from a value grammar, placed at `line` and `column` offset of the header. */
  fromValue(e: ParseError, line: number, column: number, header: string): void {
    this.problem(e.reason, { line, column: column + (e.column ?? 1) - 1, header });
  }
}
