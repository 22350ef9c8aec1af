/**
 * Allure 2 helpers (allure-cucumberjs 3.12 writes results, allure-commandline 2.46 renders them):
 * categories that keep conformance findings apart from framework and environment errors,
 * environment.properties, labels and RFC links from requirement tags, and report generation with
 * history carried over from the previous report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { severityOf, type Severity } from '../catalogue/requirements';
import { requirementIds } from './compliance';

export interface AllureCategory { name: string; description?: string; matchedStatuses: string[]; messageRegex: string }

// Allure 2 full-matches messageRegex against the whole message (stack included): every pattern is
// wrapped in [\s\S]* so it can sit anywhere in it.
const PORT_BUSY = String.raw`EADDRINUSE|address already in use|cannot bind|port \d+ (?:is )?(?:busy|in use)`;
const SUT_DOWN = String.raw`SUT did not start|did not start|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|nothing answered|no response from the SUT|spawn \S+ ENOENT`;
const TIMEOUT = String.raw`function timed out`;
const anywhere = (alternatives: string): string => String.raw`[\s\S]*(?:${alternatives})[\s\S]*`;
const none = (alternatives: string): string => String.raw`(?![\s\S]*(?:${alternatives}))[\s\S]*`;

/** Mutually exclusive for broken results: each broken result lands in exactly one category. */
export const CATEGORIES: readonly AllureCategory[] = [
  { name: 'Conformance findings (product defects)', description: 'The SUT did not behave as a requirement says: an AssertionError carrying findings.', matchedStatuses: ['failed'], messageRegex: String.raw`[\s\S]*` },
  { name: 'Environment: port busy', description: 'A local port was taken; free it or pick other ports.', matchedStatuses: ['broken'], messageRegex: anywhere(PORT_BUSY) },
  { name: 'Environment: SUT did not start or did not answer', description: 'The SUT was not reachable; no verdict on its conformance.', matchedStatuses: ['broken'], messageRegex: none(PORT_BUSY) + anywhere(SUT_DOWN) },
  { name: 'Environment: other', description: 'An EnvironmentError not matched above.', matchedStatuses: ['broken'], messageRegex: none(`${PORT_BUSY}|${SUT_DOWN}`) + anywhere('EnvironmentError') },
  { name: 'Step timed out', description: 'A step exceeded its cucumber timeout.', matchedStatuses: ['broken'], messageRegex: none(`${PORT_BUSY}|${SUT_DOWN}|EnvironmentError`) + anywhere(TIMEOUT) },
  { name: 'Framework errors (test defects)', description: 'A bug in sipwright, a step or its configuration.', matchedStatuses: ['broken'], messageRegex: none(`${PORT_BUSY}|${SUT_DOWN}|EnvironmentError|${TIMEOUT}`) },
  { name: 'Skipped: not supported by the adapter', description: 'The adapter cannot perform an action the scenario needs.', matchedStatuses: ['skipped'], messageRegex: anywhere('cannot perform|UnsupportedAction|not supported') },
];

/** Writes categories.json into the results directory (before `allure generate`). */
export function writeCategories(resultsDir: string, categories: readonly AllureCategory[] = CATEGORIES): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'categories.json'), `${JSON.stringify(categories, null, 2)}\n`);
}

/** Java .properties escaping (keys also escape space, '=' and ':'), non-ASCII as \uXXXX. */
function propertiesEscape(text: string, key: boolean): string {
  let out = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  out = key ? out.replace(/([ =:#!])/g, '\\$1') : out.replace(/^([ #!])/, '\\$1');
  return out.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Writes environment.properties: shown as the report's Environment widget. */
export function writeEnvironment(resultsDir: string, props: Record<string, string | number | undefined>): void {
  mkdirSync(resultsDir, { recursive: true });
  const lines = Object.entries(props)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${propertiesEscape(k, true)}=${propertiesEscape(String(v), false)}`);
  writeFileSync(join(resultsDir, 'environment.properties'), `${lines.join('\n')}\n`);
}

export interface AllureLabel { name: string; value: string }
export interface AllureLink { name: string; url: string; type: string }

/** "RFC3515-2.4.5-a" → { doc: "RFC 3515", rfc: "3515", section: "2.4.5" }; "TS24629-4.5.2-a" → "TS 24.629". */
export function parseRequirementId(id: string): { doc: string; rfc?: string; section?: string } | undefined {
  const rfc = /^RFC(\d+)(?:-([A-Z]?\d*(?:\.\d+)*))?(?:-[\w.]+)?$/.exec(id);
  if (rfc) return { doc: `RFC ${rfc[1]}`, rfc: rfc[1], section: rfc[2] || undefined };
  const ts = /^TS(\d{2})\.?(\d{3})(?:-([\d.]+))?/.exec(id);
  if (ts) return { doc: `TS ${ts[1]}.${ts[2]}`, section: ts[3] };
  return undefined;
}

/** https://www.rfc-editor.org/rfc/rfc3515#section-2.4.5 (appendix "A.1" → #appendix-A.1). */
export function rfcSectionUrl(rfc: string, section?: string): string {
  const base = `https://www.rfc-editor.org/rfc/rfc${rfc}`;
  if (!section) return base;
  return /^[A-Z]/.test(section) ? `${base}#appendix-${section}` : `${base}#section-${section}`;
}

const SEVERITY_RANK: Severity[] = ['critical', 'normal', 'minor', 'trivial'];

export interface LabelOptions {
  /** The requirement keyword (MUST, SHOULD, MAY…) of an id, from the catalogue. */
  keywordOf?(id: string): string | undefined;
  /** The role the SUT plays (transferee, transferor, target), shown as a tag and a label. */
  sutRole?: string;
}

/** Labels (epic per document, severity from the strongest keyword) and RFC section links for a scenario's tags. */
export function allureLabelsFor(tags: readonly string[], opts: LabelOptions = {}): { labels: AllureLabel[]; links: AllureLink[] } {
  const ids = requirementIds(tags);
  const labels: AllureLabel[] = [];
  const links: AllureLink[] = [];
  for (const id of ids) {
    const parsed = parseRequirementId(id);
    if (!parsed) continue;
    if (!labels.some((l) => l.name === 'epic' && l.value === parsed.doc)) labels.push({ name: 'epic', value: parsed.doc });
    if (parsed.rfc) links.push({ name: `${id} (${parsed.doc}${parsed.section ? ` §${parsed.section}` : ''})`, url: rfcSectionUrl(parsed.rfc, parsed.section), type: 'link' });
  }
  const severities = ids.map((id) => opts.keywordOf?.(id)).filter((k): k is string => !!k).map(severityOf);
  const severity = SEVERITY_RANK.find((s) => severities.includes(s));
  if (severity) labels.push({ name: 'severity', value: severity });
  if (opts.sutRole) labels.push({ name: 'tag', value: `SUT as ${opts.sutRole}` }, { name: 'sutRole', value: opts.sutRole });
  return { labels, links };
}

/** The calls of allure-js-commons this needs (injectable for tests). */
export interface AllureRuntimeApi {
  labels(...l: AllureLabel[]): PromiseLike<void>;
  links(...l: AllureLink[]): PromiseLike<void>;
  parameter(name: string, value: string): PromiseLike<void>;
}

/** In a cucumber Before hook: applies allureLabelsFor(tags) through allure-js-commons. */
export async function applyAllureLabels(tags: readonly string[], opts: LabelOptions = {}, api?: AllureRuntimeApi): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only where a runtime exists
  const runtime: AllureRuntimeApi = api ?? require('allure-js-commons');
  const { labels, links } = allureLabelsFor(tags, opts);
  if (labels.length) await runtime.labels(...labels);
  if (links.length) await runtime.links(...links);
  // A parameter is part of Allure's history id: the same scenario run with the SUT in two roles is
  // two results in one report (and two histories), not a retry of one.
  if (opts.sutRole) await runtime.parameter('SUT role', opts.sutRole);
}

export { generateReport, type GenerateOptions, type GeneratedReport } from './allure-generate';
