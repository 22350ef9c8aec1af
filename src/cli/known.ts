import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCatalogue, type ScenarioOutcome } from '../runner/catalogue';
import { compare, diffIsEmpty, firstLine, knownFile, loadKnown, ROLES, type KnownResults, type Role } from '../runner/known';
import { resultsTable } from '../runner/results-doc';

const USAGE = `usage: sipwright known --sut NAME [--role ROLE]… [--update] [--docs]
Runs the catalogue against a real SUT in each role its known-results file lists (suts/NAME.known.json)
and compares: a new failure, one that no longer fails (passed, or now skipped) or a changed finding is a
difference (exit 1).
--update rewrites the file with this run's failures (new ones marked UNREVIEWED: check them
against the RFC, then write the reason); --docs writes docs/results/NAME.md.`;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    sut: { type: 'string' }, role: { type: 'string', multiple: true, default: [] },
    update: { type: 'boolean', default: false }, docs: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
  } });
  if (values.help) return void process.stdout.write(`${USAGE}\n`), 0;
  if (!values.sut) return void process.stderr.write(`sipwright known: --sut is required\n${USAGE}\n`), 2;
  const file = knownFile(values.sut);
  const known: KnownResults = fs.existsSync(file) ? loadKnown(file, { unreviewed: values.update }) : { sut: values.sut, product: 'unknown', roles: {} };
  const roles = (values.role!.length ? values.role! : Object.keys(known.roles)) as Role[];
  if (!roles.length || roles.some((r) => !ROLES.includes(r))) return void process.stderr.write(`sipwright known: give --role (${ROLES.join(', ')})\n`), 2;
  const runs: Partial<Record<Role, ScenarioOutcome[]>> = {};
  let same = true;
  for (const role of roles) {
    runs[role] = await runCatalogue({ SIPWRIGHT_SUT: values.sut, SIPWRIGHT_ROLE: role, SIPWRIGHT_FAULTS: '' });
    const diff = compare(known.roles[role] ?? [], runs[role]!);
    same &&= diffIsEmpty(diff);
    report(role, diff);
  }
  if (values.update) writeKnown(file, known, runs);
  if (values.docs) {
    const out = path.join(__dirname, '..', '..', 'docs', 'results', `${values.sut}.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, resultsTable(values.sut, known.product, runs));
    process.stdout.write(`wrote ${out}\n`);
  }
  return same || values.update ? 0 : 1;
}

function report(role: string, diff: ReturnType<typeof compare>): void {
  const lines = [
    ...diff.newFailures.map((r) => `  NEW FAILURE  ${r.id}\n               ${firstLine(r.message)}`),
    ...diff.fixed.map((k) => `  NO LONGER FAILS ${k.scenario}`),
    ...diff.changed.map((c) => `  CHANGED      ${c.known.scenario}\n     known:    ${c.known.finding}\n     now:      ${firstLine(c.now.message)}`),
  ];
  process.stdout.write(`${role}: ${lines.length ? `${lines.length} difference(s)\n${lines.join('\n')}` : 'as known'}\n`);
}

function writeKnown(file: string, known: KnownResults, runs: Partial<Record<Role, ScenarioOutcome[]>>): void {
  for (const [role, outcomes] of Object.entries(runs) as [Role, ScenarioOutcome[]][]) {
    const old = new Map((known.roles[role] ?? []).map((k) => [k.scenario, k]));
    known.roles[role] = outcomes.filter((o) => o.verdict === 'failed' || o.verdict === 'broken').map((o) => ({
      scenario: o.id, verdict: o.verdict as 'failed' | 'broken',
      ...(/\[((?:RFC|TS)[^\]]+)\]/.exec(o.message) ? { requirement: /\[((?:RFC|TS)[^\]]+)\]/.exec(o.message)![1] } : {}),
      finding: firstLine(o.message),
      reason: old.get(o.id)?.reason ?? 'UNREVIEWED: confirm from the RFC text that the SUT, not the framework, is wrong',
    }));
  }
  fs.writeFileSync(file, `${JSON.stringify(known, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
