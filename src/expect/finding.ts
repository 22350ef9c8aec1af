/**
 * A conformance verdict is data, not a thrown string: each finding says which requirement,
 * what was expected, what was seen, and where in the trace (ARCHITECTURE.md, "Failure messages").
 */
export interface Finding {
  /** Requirement id from the catalogue, e.g. "RFC3515-2.4.5-a"; absent for framework-level checks. */
  requirement?: string;
  expected: string;
  seen: string;
  /** Where the offending message sits: its index in the scenario trace, a one-line summary, and
   *  (filled in by the world) the message itself, exactly as it was on the wire. */
  where?: { traceIndex?: number; summary?: string; message?: string };
  /** What to inspect next, in the user's words. */
  hint?: string;
}

export function formatFinding(f: Finding): string {
  const req = f.requirement ? `[${f.requirement}] ` : '';
  const where = f.where ? ` (at ${f.where.traceIndex !== undefined ? `#${f.where.traceIndex} ` : ''}${f.where.summary ?? ''})`.replace(' )', ')') : '';
  const hint = f.hint ? `\n  hint: ${f.hint}` : '';
  return `${req}expected ${f.expected}; seen ${f.seen}${where}${hint}`;
}

/** Thrown by a step when a conformance check fails; named AssertionError so Allure shows "failed", not "broken". */
export class ConformanceError extends Error {
  override readonly name = 'AssertionError';
  constructor(readonly findings: Finding[]) {
    super(findings.map(formatFinding).join('\n'));
    // A verdict is not a crash: no stack trace in reports, just the findings.
    this.stack = `${this.name}: ${this.message}`;
  }
}
