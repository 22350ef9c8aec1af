/**
 * The compliance matrix: requirement → scenarios → verdict for one SUT, as JSON (the record),
 * a self-contained HTML page and Markdown for pull requests. It names the SUT, the date, the
 * framework version and the SHA-256 of every feature file, so a reviewer can trust it without
 * running anything.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { complianceHtml, complianceMarkdown } from './compliance-render';

export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'broken';

export interface ComplianceFinding {
  requirement?: string;
  expected: string;
  seen: string;
  /** Where in the trace: free text, or the Finding shape of src/expect/finding.ts. */
  where?: string | { traceIndex?: number; summary?: string };
  hint?: string;
}

export interface ComplianceInput {
  sut: { name: string; version?: string; adapter: string; role: string; transport: string };
  frameworkVersion: string;
  /** ISO 8601 date-time of the run. */
  date: string;
  features: { path: string; sha256: string }[];
  scenarios: { name: string; feature: string; tags: string[]; status: ScenarioStatus; findings: ComplianceFinding[] }[];
  /** The requirement catalogue (spec/requirements.tsv or the project's own), for keyword and text. */
  requirements?: { id: string; keyword: string; text: string }[];
  /** The run was stopped (Ctrl-C) before every scenario ran: the matrix covers only those that finished. */
  interrupted?: boolean;
}

export interface ScenarioEntry {
  name: string;
  feature: string;
  tags: string[];
  status: ScenarioStatus;
  requirements: string[];
  findings: ComplianceFinding[];
}

export interface RequirementEntry {
  id: string;
  keyword?: string;
  text?: string;
  verdict: ScenarioStatus;
  scenarios: { name: string; feature: string; status: ScenarioStatus }[];
}

export interface ComplianceReport {
  format: 'sipwright-compliance/1';
  sut: ComplianceInput['sut'];
  frameworkVersion: string;
  date: string;
  features: { path: string; sha256: string }[];
  totals: Record<ScenarioStatus, number> & { scenarios: number; requirements: number; requirementsFailed: number };
  requirements: RequirementEntry[];
  scenarios: ScenarioEntry[];
  /** Catalogue requirements no scenario covers (only when a catalogue was given). */
  uncovered: string[];
  /** Present (true) only when the run was interrupted: the matrix is incomplete. */
  interrupted?: true;
}

/** Requirement ids from tags: "@RFC3515-2.4.5-a" → "RFC3515-2.4.5-a"; also "@TS…". */
export function requirementIds(tags: readonly string[]): string[] {
  return tags.map((t) => t.replace(/^@/, '')).filter((t) => /^(RFC|TS)\d/.test(t));
}

/** Worst first: a failure decides, then a framework error (inconclusive), then a pass. */
const SEVERITY: ScenarioStatus[] = ['failed', 'broken', 'passed', 'skipped'];

export function combineVerdicts(statuses: readonly ScenarioStatus[]): ScenarioStatus {
  return SEVERITY.find((s) => statuses.includes(s)) ?? 'skipped';
}

function scenarioEntries(input: ComplianceInput): ScenarioEntry[] {
  return input.scenarios.map((s) => {
    const fromFindings = s.findings.map((f) => f.requirement).filter((r): r is string => !!r);
    const requirements = [...new Set([...requirementIds(s.tags), ...fromFindings])];
    return { name: s.name, feature: s.feature, tags: [...s.tags], status: s.status, requirements, findings: s.findings };
  });
}

function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function requirementEntries(scenarios: ScenarioEntry[], catalogue: ComplianceInput['requirements']): RequirementEntry[] {
  const byId = new Map<string, RequirementEntry['scenarios']>();
  for (const s of scenarios) {
    // A failed scenario fails the requirements its findings cite; its other tagged requirements were
    // not shown to hold or to fail (the scenario stopped), so they count as not verified there.
    const cited = new Set(s.findings.map((f) => f.requirement).filter(Boolean));
    for (const id of s.requirements) {
      if (!byId.has(id)) byId.set(id, []);
      const status = s.status === 'failed' && cited.size > 0 && !cited.has(id) ? 'skipped' : s.status;
      byId.get(id)!.push({ name: s.name, feature: s.feature, status });
    }
  }
  const known = new Map((catalogue ?? []).map((r) => [r.id, r]));
  return [...byId.keys()].sort(compareIds).map((id) => {
    const list = byId.get(id)!;
    const ref = known.get(id);
    return { id, keyword: ref?.keyword, text: ref?.text, verdict: combineVerdicts(list.map((s) => s.status)), scenarios: list };
  });
}

/** The matrix as data. */
export function complianceReport(input: ComplianceInput): ComplianceReport {
  const scenarios = scenarioEntries(input);
  const requirements = requirementEntries(scenarios, input.requirements);
  const count = (s: ScenarioStatus): number => scenarios.filter((x) => x.status === s).length;
  const covered = new Set(requirements.map((r) => r.id));
  return {
    format: 'sipwright-compliance/1',
    sut: input.sut,
    frameworkVersion: input.frameworkVersion,
    date: input.date,
    features: [...input.features].sort((a, b) => compareIds(a.path, b.path)),
    totals: {
      scenarios: scenarios.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), broken: count('broken'),
      requirements: requirements.length, requirementsFailed: requirements.filter((r) => r.verdict === 'failed').length,
    },
    requirements,
    scenarios,
    uncovered: (input.requirements ?? []).map((r) => r.id).filter((id) => !covered.has(id)).sort(compareIds),
    ...(input.interrupted ? { interrupted: true as const } : {}),
  };
}

/** JSON (the record), HTML (self-contained, no scripts) and Markdown of the same matrix. */
export function buildCompliance(input: ComplianceInput): { json: string; html: string; markdown: string; report: ComplianceReport } {
  const report = complianceReport(input);
  return { json: `${JSON.stringify(report, null, 2)}\n`, html: complianceHtml(report), markdown: complianceMarkdown(report), report };
}

/** Writes compliance.json, compliance.html and compliance.md into `dir` (e.g. "reports"). */
export function writeCompliance(dir: string, input: ComplianceInput): ComplianceReport {
  const out = buildCompliance(input);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compliance.json'), out.json);
  writeFileSync(join(dir, 'compliance.html'), out.html);
  writeFileSync(join(dir, 'compliance.md'), out.markdown);
  return out.report;
}

function featureFilesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? featureFilesUnder(join(path, e.name)) : e.name.endsWith('.feature') ? [join(path, e.name)] : []));
}

/**
 * SHA-256 of each feature file (directories are searched for *.feature), paths relative to
 * `base` (default: the working directory) with '/' separators, sorted.
 */
export function hashFeatureFiles(paths: readonly string[], base = process.cwd()): { path: string; sha256: string }[] {
  const files = [...new Set(paths.flatMap(featureFilesUnder))];
  return files
    .map((f) => ({ path: relative(base, f).split(sep).join('/'), sha256: createHash('sha256').update(readFileSync(f)).digest('hex') }))
    .sort((a, b) => compareIds(a.path, b.path));
}
