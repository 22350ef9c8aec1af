import fs from 'node:fs';
import path from 'node:path';
import { generateReport, writeCategories, writeEnvironment } from '../evidence/allure';

const ROOT = path.join(__dirname, '..', '..');
const REPORTS = path.join(ROOT, 'reports');

/** Clears the previous run's results (never its report's history, which Allure carries forward). */
export function prepareResults(reports: string): void {
  for (const d of ['allure-results', 'junit', 'evidence']) fs.rmSync(path.join(reports, d), { recursive: true, force: true });
  fs.rmSync(path.join(reports, 'cucumber.json'), { force: true });
  fs.mkdirSync(path.join(reports, 'allure-results'), { recursive: true });
}

/** Writes Allure's categories and environment, then generates the HTML report and prints where it is. */
export async function finishReport(reports: string, env: { sut: string; role: string; faults: string[] }): Promise<string> {
  const results = path.join(reports, 'allure-results');
  const out = path.join(reports, 'allure-report');
  writeCategories(results);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  writeEnvironment(results, {
    SUT: env.sut, 'SUT role': env.role, 'Fault modes': env.faults.join(',') || 'none',
    Transport: 'UDP', Framework: `sipwright ${pkg.version}`, Node: process.version,
  });
  await generateReport(results, out, { historyFrom: out });
  process.stdout.write(`\nAllure report: ${path.join(out, 'index.html')}\n`);
  return out;
}

/** `sipwright report`: regenerate the HTML report from reports/allure-results. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: sipwright report\nGenerates reports/allure-report from reports/allure-results.\n');
    return 0;
  }
  if (!fs.existsSync(path.join(REPORTS, 'allure-results'))) {
    process.stderr.write('sipwright report: no reports/allure-results; run `npm run conformance` first\n');
    return 2;
  }
  await finishReport(REPORTS, { sut: process.env.SIPWRIGHT_SUT ?? 'reference', role: process.env.SIPWRIGHT_ROLE ?? 'transferee', faults: [] });
  return 0;
}
