/**
 * The project's requirement catalogue (requirements/catalogue.tsv): loading, validation, and the
 * facts derived from a row (severity, epic, RFC link). Imports nothing from other sipwright
 * layers, so the CLI, the evidence layer and the step files can all use it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const KEYWORDS = [
  'MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY', 'RECOMMENDED', 'NOT RECOMMENDED',
  'behaviour', 'definition', 'syntax', 'informative',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

export const ROLES = [
  'transferor', 'transferee', 'target', 'notifier', 'subscriber', 'proxy', 'registrar', 'any',
] as const;
export type Role = (typeof ROLES)[number];

export type Severity = 'critical' | 'normal' | 'minor' | 'trivial';

export interface Requirement {
  id: string;
  clause: string;
  keyword: Keyword;
  role: Role;
  text: string;
  observable: boolean;
  why: string;
  /** 1-based line of the row in its file, for messages that point back at the catalogue. */
  line: number;
}

export const COLUMNS = ['id', 'clause', 'keyword', 'role', 'text', 'observable', 'why'] as const;

export const DEFAULT_CATALOGUE = path.join(__dirname, '..', '..', 'requirements', 'catalogue.tsv');

/** `RFC3515-2.4.5-a`, `TS24629-4.5.2.1-a`: document, then at least one clause/letter part. */
export const ID_PATTERN = /^(RFC\d{3,5}|TS\d{5})(-[A-Za-z0-9.]+)+$/;

export interface CatalogueIssue { line: number; column: number; message: string }

/** A malformed catalogue: every issue found, each pointing at file:line:column. */
export class CatalogueError extends Error {
  constructor(readonly file: string, readonly issues: CatalogueIssue[]) {
    super(issues.map((i) => `${file}:${i.line}:${i.column}: ${i.message}`).join('\n'));
    this.name = 'CatalogueError';
  }
}

/** Loads and validates a catalogue; throws CatalogueError listing every problem at once. */
export function loadRequirements(file: string = DEFAULT_CATALOGUE): Requirement[] {
  return parseCatalogue(fs.readFileSync(file, 'utf8'), file);
}

export function parseCatalogue(content: string, file = '<catalogue>'): Requirement[] {
  const issues: CatalogueIssue[] = [];
  const lines = content.replace(/\r\n/g, '\n').split('\n');
  checkHeader(lines[0] ?? '', issues);
  const rows: Requirement[] = [];
  const seen = new Map<string, number>();
  lines.slice(1).forEach((text, i) => {
    const line = i + 2;
    if (text.trim() === '' || text.startsWith('#')) return;
    const row = parseRow(text, line, issues);
    if (!row) return;
    const first = seen.get(row.id);
    if (first !== undefined) {
      issues.push({ line, column: 1, message: `duplicate id "${row.id}" (first on line ${first})` });
      return;
    }
    seen.set(row.id, line);
    rows.push(row);
  });
  if (issues.length > 0) throw new CatalogueError(file, issues);
  return rows;
}

function checkHeader(header: string, issues: CatalogueIssue[]): void {
  const want = COLUMNS.join('\t');
  if (header !== want) {
    issues.push({ line: 1, column: 1, message: `header must be exactly "${COLUMNS.join('<TAB>')}"` });
  }
}

/** Column number (1-based, in characters) where field `index` starts. */
function columnOf(fields: string[], index: number): number {
  return fields.slice(0, index).reduce((n, f) => n + f.length + 1, 1);
}

function parseRow(text: string, line: number, issues: CatalogueIssue[]): Requirement | undefined {
  const f = text.split('\t');
  if (f.length !== COLUMNS.length) {
    issues.push({ line, column: 1, message: `expected ${COLUMNS.length} tab-separated fields, found ${f.length}` });
    return undefined;
  }
  const before = issues.length;
  const bad = (index: number, message: string): void => {
    issues.push({ line, column: columnOf(f, index), message: `${COLUMNS[index]}: ${message}` });
  };
  const [id, clause, keyword, role, statement, observable, why] = f as [string, string, string, string, string, string, string];
  if (!ID_PATTERN.test(id)) bad(0, `"${id}" is not an id like RFC3515-2.4.5-a or TS24629-4.5.2.1-a`);
  else if (!clauseMatchesId(id, clause)) bad(1, `"${clause}" does not name the document of id ${id} (e.g. "${epicOf(id)} §…")`);
  if (!(KEYWORDS as readonly string[]).includes(keyword)) bad(2, `"${keyword}" is not one of ${KEYWORDS.join(', ')}`);
  if (!(ROLES as readonly string[]).includes(role)) bad(3, `"${role}" is not one of ${ROLES.join(', ')}`);
  if (statement.trim() === '') bad(4, 'must not be empty');
  if (observable !== 'yes' && observable !== 'no') bad(5, `"${observable}" must be yes or no`);
  if (why.trim() === '') bad(6, 'must say how it is observed (yes) or why it is not testable (no)');
  if (issues.length > before) return undefined;
  return {
    id, clause, keyword: keyword as Keyword, role: role as Role, text: statement,
    observable: observable === 'yes', why, line,
  };
}

function clauseMatchesId(id: string, clause: string): boolean {
  const epic = epicOf(id);
  return epic !== null && (clause.startsWith(`${epic} `) || clause.startsWith(`3GPP ${epic} `) || clause === epic);
}

/** RFC 2119 strength → Allure severity. RECOMMENDED is a synonym of SHOULD (RFC 2119 §3). */
export function severityOf(keyword: string): Severity {
  switch (keyword) {
    case 'MUST': case 'MUST NOT': return 'critical';
    case 'SHOULD': case 'SHOULD NOT': case 'RECOMMENDED': case 'NOT RECOMMENDED': return 'normal';
    case 'MAY': return 'minor';
    default: return 'trivial';
  }
}

/** The document an id belongs to: "RFC 3515", "TS 24.629"; null when the id has no known prefix. */
export function epicOf(id: string): string | null {
  const rfc = /^RFC(\d+)-/.exec(id);
  if (rfc) return `RFC ${rfc[1]}`;
  const ts = /^TS(\d{2})(\d{3})-/.exec(id);
  if (ts) return `TS ${ts[1]}.${ts[2]}`;
  return null;
}

/** rfc-editor.org link to the section an RFC id names; null for non-RFC ids. */
export function rfcLink(id: string): string | null {
  const m = /^RFC(\d+)-([^-]+)-/.exec(id);
  if (!m) return null;
  const base = `https://www.rfc-editor.org/rfc/rfc${m[1]}`;
  // Only numeric section parts ("2.4.5", "4") map to rfc-editor anchors.
  return /^\d+(\.\d+)*$/.test(m[2]!) ? `${base}#section-${m[2]}` : base;
}
