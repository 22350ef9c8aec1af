/**
 * `sipwright coverage [--features DIR] [--catalogue FILE] [--json]`: which requirements that are
 * observable on the wire are checked by at least one scenario, per document (RFC / TS).
 * Exit 0 normally, 1 when a requirement-looking tag is not in the catalogue, 2 on usage errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CATALOGUE, epicOf, loadRequirements, type Requirement } from '../catalogue/requirements';
import { tagWarnings } from '../catalogue/labels';
import { readScenarios, requirementTags, type ScenarioTags, type TagRef } from '../catalogue/tags';

const DEFAULT_FEATURES = path.join(__dirname, '..', '..', 'features');
const USAGE = 'usage: sipwright coverage [--features DIR] [--catalogue FILE] [--json]';

interface Options { features: string; catalogue: string; json: boolean }

export interface DocumentCoverage { document: string; covered: number; observable: number; total: number }

export interface CoverageReport {
  documents: DocumentCoverage[];
  uncovered: { id: string; keyword: string; text: string }[];
  unknownTags: { tag: string; file: string; line: number }[];
  /** Tag-convention problems (hand-written @severity:/@epic:, unknown @role:); they do not change the exit status. */
  warnings: { tag: string; file: string; line: number; message: string }[];
  /** Tagged by a scenario although the catalogue says not observable: a catalogue or tag mistake. */
  taggedNotObservable: string[];
  scenarios: number;
  covered: number;
  observable: number;
  summary: string;
}

export async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  if (typeof opts === 'string') {
    process.stderr.write(`sipwright coverage: ${opts}\n${USAGE}\n`);
    return 2;
  }
  let report: CoverageReport;
  try {
    report = computeCoverage(loadRequirements(opts.catalogue), readScenarios(opts.features));
  } catch (err) {
    process.stderr.write(`sipwright coverage: ${(err as Error).message}\n`);
    return 2;
  }
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.unknownTags.length > 0 ? 1 : 0;
}

function parseArgs(argv: string[]): Options | string {
  const opts: Options = { features: DEFAULT_FEATURES, catalogue: DEFAULT_CATALOGUE, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') opts.json = true;
    else if (arg === '--features' || arg === '--catalogue') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      if (arg === '--features') opts.features = value;
      else opts.catalogue = value;
    } else return `unknown argument "${arg}"`;
  }
  if (!fs.existsSync(opts.features) || !fs.statSync(opts.features).isDirectory()) {
    return `features directory "${opts.features}" does not exist`;
  }
  if (!fs.existsSync(opts.catalogue)) return `catalogue "${opts.catalogue}" does not exist`;
  return opts;
}

export function computeCoverage(reqs: Requirement[], scenarios: ScenarioTags[]): CoverageReport {
  const known = new Set(reqs.map((r) => r.id));
  const tagged = new Set<string>();
  const unknown: TagRef[] = [];
  const warned: CoverageReport['warnings'] = [];
  for (const s of scenarios) {
    const { ids, unknown: u } = requirementTags(s, known);
    ids.forEach((id) => tagged.add(id));
    unknown.push(...u);
    tagWarnings(s.tags).forEach(({ tag, message }) => warned.push({ tag: tag.name, file: tag.file, line: tag.line, message }));
  }
  const observable = reqs.filter((r) => r.observable);
  const covered = observable.filter((r) => tagged.has(r.id));
  const summary = `requirements covered: ${covered.length}/${observable.length} (${percent(covered.length, observable.length)})`;
  return {
    documents: byDocument(reqs, tagged),
    uncovered: observable.filter((r) => !tagged.has(r.id)).map((r) => ({ id: r.id, keyword: r.keyword, text: r.text })),
    unknownTags: dedupe(unknown.map((t) => ({ tag: t.name, file: t.file, line: t.line }))),
    warnings: dedupe(warned),
    taggedNotObservable: reqs.filter((r) => !r.observable && tagged.has(r.id)).map((r) => r.id),
    scenarios: scenarios.length,
    covered: covered.length,
    observable: observable.length,
    summary,
  };
}

function percent(x: number, y: number): string {
  return `${y === 0 ? '0.0' : ((100 * x) / y).toFixed(1)}%`;
}

function byDocument(reqs: Requirement[], tagged: ReadonlySet<string>): DocumentCoverage[] {
  const docs = new Map<string, DocumentCoverage>();
  for (const r of reqs) {
    const document = epicOf(r.id) ?? r.id;
    const d = docs.get(document) ?? { document, covered: 0, observable: 0, total: 0 };
    d.total++;
    if (r.observable) d.observable++;
    if (r.observable && tagged.has(r.id)) d.covered++;
    docs.set(document, d);
  }
  return [...docs.values()].sort((a, b) => a.document.localeCompare(b.document, 'en', { numeric: true }));
}

/** Inherited tags repeat on every scenario (and Examples row); report each written tag once. */
function dedupe<T extends { tag: string; file: string; line: number }>(items: T[]): T[] {
  const seen = new Map<string, T>();
  for (const t of items) seen.set(`${t.file}:${t.line}:${t.tag}`, t);
  return [...seen.values()];
}

export function formatReport(r: CoverageReport): string {
  const out: string[] = [`Coverage of observable requirements by ${r.scenarios} scenario(s), per document:`];
  for (const d of r.documents) {
    const pct = (d.observable === 0 ? 'n/a' : percent(d.covered, d.observable)).padStart(6);
    out.push(`  ${d.document.padEnd(10)} ${String(d.covered).padStart(3)}/${String(d.observable).padEnd(3)} ${pct}   (${d.total - d.observable} not observable)`);
  }
  out.push('', `Uncovered observable requirements (${r.uncovered.length}):`);
  for (const u of r.uncovered) out.push(`  ${u.id.padEnd(22)} ${u.keyword.padEnd(15)} ${u.text}`);
  if (r.taggedNotObservable.length > 0) {
    out.push('', `Tagged but catalogued as not observable (${r.taggedNotObservable.length}): ${r.taggedNotObservable.join(', ')}`);
  }
  if (r.unknownTags.length > 0) {
    out.push('', `Unknown requirement tags (${r.unknownTags.length}) — not in the catalogue:`);
    for (const t of r.unknownTags) out.push(`  ${path.relative(process.cwd(), t.file)}:${t.line}  ${t.tag}`);
  }
  if (r.warnings.length > 0) {
    out.push('', `Tag convention warnings (${r.warnings.length}):`);
    for (const w of r.warnings) out.push(`  ${path.relative(process.cwd(), w.file)}:${w.line}  ${w.tag}: ${w.message}`);
  }
  out.push('', r.summary);
  return `${out.join('\n')}\n`;
}
