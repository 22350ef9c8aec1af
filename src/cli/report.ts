/**
 * The run's reports (docs/evidence.md): before the run, old results are cleared and Ctrl-C is
 * caught; after it (also after Ctrl-C), the compliance matrix, Allure categories and environment,
 * the HTML report with history, the single-file HTML and the JUnit counts line are written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadRequirements } from '../catalogue/requirements';
import { generateReport, writeCategories, writeEnvironment } from '../evidence/allure';
import { hashFeatureFiles, writeCompliance, type ComplianceInput, type ComplianceReport } from '../evidence/compliance';
import { formatJUnitCounts, summarizeJUnit, type JUnitCounts } from '../evidence/junit-summary';
import { XmlError } from '../evidence/xml-lite';
import { splitProduct } from '../evidence/product';
import { readScenarioRecords, type ScenarioRecord } from '../evidence/scenario';

const ROOT = path.join(__dirname, '..', '..');
const REPORTS = path.join(ROOT, 'reports');

/** What the CLI knows about the run; scenario records, written by the scenarios themselves, take precedence. */
export interface RunInfo { sut: string; role: string; faults: string[]; transport?: string }

/** Where things are under `reports`; `previous` keeps the last report's history while a run is under way. */
export function reportPaths(reports: string) {
  return {
    results: path.join(reports, 'allure-results'),
    html: path.join(reports, 'allure-report'),
    single: path.join(reports, 'allure-single'),
    previous: path.join(reports, '.allure-previous'),
    junit: path.join(reports, 'junit'),
    evidence: path.join(reports, 'evidence'),
    records: path.join(reports, 'evidence', 'scenarios.jsonl'),
  };
}

// ---------------------------------------------------------------------------------------------
// Interrupts: the first Ctrl-C stops the scenarios (cucumber dies with its process group, or gets
// the signal forwarded), and this process lives on to write the report from what finished.

let interruptedBy: NodeJS.Signals | undefined;

/** Child pids of this process (Linux /proc); elsewhere none, and only a terminal's Ctrl-C reaches them. */
function childPids(): number[] {
  try {
    return fs.readFileSync(`/proc/self/task/${process.pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function onInterrupt(signal: NodeJS.Signals): void {
  if (interruptedBy) {
    process.stderr.write(`\nsipwright: ${signal} again: stopping without writing the report\n`);
    process.exit(130);
  }
  interruptedBy = signal;
  process.stderr.write(`\nsipwright: ${signal}: stopping the scenarios; the report is written from those that finished (${signal} again to abort)\n`);
  // A terminal's Ctrl-C reached the whole process group already; `kill -INT <pid>` reached only us.
  for (const pid of childPids()) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function armInterrupts(): void {
  interruptedBy = undefined;
  for (const s of ['SIGINT', 'SIGTERM'] as const) if (!process.listeners(s).includes(onInterrupt)) process.on(s, onInterrupt);
}

function disarmInterrupts(): void {
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.off(s, onInterrupt);
}

/** The signal that interrupted this run, if one did. */
export function interruption(): NodeJS.Signals | undefined {
  return interruptedBy;
}

// ---------------------------------------------------------------------------------------------

/**
 * A fresh run never mixes with old results: clears the previous run's results, evidence, matrix
 * and reports. Only the Allure history survives (moved to `.allure-previous/history`), so trends
 * continue. Also arms the Ctrl-C handling for the run.
 */
export function prepareResults(reports: string): void {
  const p = reportPaths(reports);
  if (fs.existsSync(path.join(p.html, 'history'))) {
    fs.rmSync(p.previous, { recursive: true, force: true });
    fs.mkdirSync(p.previous, { recursive: true });
    fs.cpSync(path.join(p.html, 'history'), path.join(p.previous, 'history'), { recursive: true });
  }
  for (const d of [p.results, p.junit, p.evidence, p.html, p.single]) fs.rmSync(d, { recursive: true, force: true, maxRetries: 3 });
  const old = fs.existsSync(reports) ? fs.readdirSync(reports).filter((f) => /^cucumber(-[a-z]+)?\.json$/.test(f)) : [];
  for (const f of [...old, 'compliance.json', 'compliance.html', 'compliance.md']) fs.rmSync(path.join(reports, f), { force: true });
  fs.mkdirSync(p.results, { recursive: true });
  fs.mkdirSync(p.evidence, { recursive: true });
  armInterrupts();
}

function frameworkVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The SUT as the scenarios saw it (adapter, role, transport, announced product), else as the CLI was told. */
export function sutOf(records: readonly ScenarioRecord[], info: RunInfo): ComplianceInput['sut'] {
  const seen = records.find((r) => r.sut)?.sut;
  const roles = [...new Set(records.map((r) => r.sut?.role).filter(Boolean))];
  const product = records.map((r) => r.sut?.product).find(Boolean);
  const { name, version } = product ? splitProduct(product) : { name: seen?.adapter ?? info.sut, version: undefined };
  return {
    name, version, adapter: seen?.adapter ?? info.sut, role: roles.length ? roles.join(', ') : info.role,
    transport: seen?.transport ?? (info.transport ?? 'udp').toUpperCase(),
  };
}

/** The feature files the scenarios came from (all of features/ when none finished), hashed. */
function featureHashes(records: readonly ScenarioRecord[]): ComplianceInput['features'] {
  const files = [...new Set(records.map((r) => r.feature))].map((f) => path.resolve(ROOT, f)).filter((f) => fs.existsSync(f));
  return hashFeatureFiles(files.length ? files : [path.join(ROOT, 'features')], ROOT);
}

function catalogue(): ComplianceInput['requirements'] {
  try {
    return loadRequirements().map((r) => ({ id: r.id, keyword: r.keyword, text: r.text }));
  } catch (err) {
    process.stderr.write(`sipwright: the compliance matrix has no requirement texts, the catalogue did not load: ${(err as Error).message}\n`);
    return undefined;
  }
}

/**
 * `N passed, N failed, N skipped` from the JUnit XML; from the scenario records when there is none
 * or it is cut short (cucumber opens features.xml at start and writes it only at the end).
 */
export function runCounts(junitDir: string, records: readonly ScenarioRecord[]): { counts: JUnitCounts; source: string } {
  const xml = fs.existsSync(junitDir) ? fs.readdirSync(junitDir).filter((f) => f.endsWith('.xml')).map((f) => fs.readFileSync(path.join(junitDir, f), 'utf8')) : [];
  let why = 'no JUnit XML';
  if (xml.length) {
    try {
      return { counts: summarizeJUnit(xml), source: 'JUnit XML' };
    } catch (err) {
      if (!(err instanceof XmlError)) throw err;
      why = 'JUnit XML incomplete';
    }
  }
  const count = (...s: string[]): number => records.filter((r) => s.includes(r.status)).length;
  return { counts: { passed: count('passed'), failed: count('failed', 'broken'), skipped: count('skipped') }, source: `scenario records, ${why}` };
}

function writeMatrix(reports: string, records: ScenarioRecord[], sut: ComplianceInput['sut']): ComplianceReport {
  // In a multi-role run one scenario appears once per role; the role tells the rows apart.
  const severalRoles = new Set(records.map((r) => r.sut?.role)).size > 1;
  const scenarios = severalRoles ? records.map((r) => ({ ...r, name: `${r.name} (SUT as ${r.sut?.role ?? '?'})` })) : records;
  return writeCompliance(reports, {
    sut, frameworkVersion: frameworkVersion(), date: new Date().toISOString(), features: featureHashes(records),
    scenarios, requirements: catalogue(), interrupted: interruptedBy !== undefined || undefined,
  });
}

function writeAllureMeta(results: string, sut: ComplianceInput['sut'], info: RunInfo): void {
  writeCategories(results);
  writeEnvironment(results, {
    SUT: sut.name, 'SUT version': sut.version ?? 'not announced',
    'SUT role': sut.role, Adapter: sut.adapter, Transport: sut.transport,
    'Fault modes': info.faults.length ? info.faults.join(',') : undefined,
    Framework: `sipwright ${frameworkVersion()}`, Node: process.version,
    Run: interruptedBy ? `interrupted (${interruptedBy})` : undefined,
  });
}

/** Both Allure reports; an error is reported and returned, so that everything else is still written. */
async function renderAllure(p: ReturnType<typeof reportPaths>): Promise<{ seconds: number; error?: Error }> {
  const started = performance.now();
  try {
    // Both JVMs at once: the first call copies the previous history into the results before it
    // spawns (synchronously, before this line's second call starts), and the single file reads it too.
    await Promise.all([
      generateReport(p.results, p.html, { historyFrom: fs.existsSync(path.join(p.html, 'history')) ? p.html : p.previous }),
      generateReport(p.results, p.single, { singleFile: true }),
    ]);
    return { seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    return { seconds: (performance.now() - started) / 1000, error: err as Error };
  }
}

/**
 * After the run, also an interrupted one: the compliance matrix first (cheapest, and what a
 * reviewer reads), then Allure's categories, environment and both HTML reports, then the counts
 * line. Prints the report's path as the last line and returns it; throws if Allure failed, after
 * writing everything else.
 */
export async function finishReport(reports: string, info: RunInfo, out: NodeJS.WritableStream = process.stdout): Promise<string> {
  const p = reportPaths(reports);
  const records = readScenarioRecords(p.records);
  const sut = sutOf(records, info);
  const matrix = writeMatrix(reports, records, sut);
  writeAllureMeta(p.results, sut, info);
  const allure = await renderAllure(p);
  disarmInterrupts();
  const { counts, source } = runCounts(p.junit, records);
  const rel = (f: string): string => path.relative(process.cwd(), f) || f;
  if (interruptedBy) out.write(`\nInterrupted (${interruptedBy}): the reports cover the ${records.length} scenario(s) that finished.\n`);
  out.write(`\nCompliance matrix: ${rel(path.join(reports, 'compliance.html'))} (${matrix.totals.requirements} requirements, ${matrix.totals.requirementsFailed} not met; also .json, .md)\n`);
  out.write(`Evidence per scenario: ${rel(p.evidence)}\n`);
  if (!allure.error) out.write(`Allure single file: ${rel(path.join(p.single, 'index.html'))} (both reports generated in ${allure.seconds.toFixed(1)} s)\n`);
  out.write(`${formatJUnitCounts(counts)}${source === 'JUnit XML' ? '' : ` (from ${source})`}\n`);
  if (allure.error) throw new Error(`the Allure report was not generated: ${allure.error.message}`, { cause: allure.error });
  const index = path.join(p.html, 'index.html');
  out.write(`Allure report: ${index}\n`);
  return index;
}

/** `sipwright report`: rebuild the matrix and the Allure reports from the results already in reports/. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: sipwright report\nRebuilds reports/compliance.* and the Allure reports from reports/allure-results and reports/evidence.\n');
    return 0;
  }
  if (!fs.existsSync(path.join(REPORTS, 'allure-results'))) {
    process.stderr.write('sipwright report: no reports/allure-results; run `npm run conformance` first\n');
    return 2;
  }
  await finishReport(REPORTS, { sut: process.env.SIPWRIGHT_SUT ?? 'reference', role: process.env.SIPWRIGHT_ROLE ?? 'transferee', faults: [] });
  return 0;
}
