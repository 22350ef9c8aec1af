import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv/dist/2020';
import type { ScenarioOutcome } from './catalogue';

const ROOT = path.join(__dirname, '..', '..');
export const SUTS_DIR = path.join(ROOT, 'suts');
export const ROLES = ['transferee', 'transferor', 'target'] as const;
export type Role = (typeof ROLES)[number];

export interface KnownEntry { scenario: string; verdict: 'failed' | 'broken'; requirement?: string; finding: string; reason: string }
export interface KnownResults { sut: string; product: string; roles: Partial<Record<Role, KnownEntry[]>> }

const schema = JSON.parse(fs.readFileSync(path.join(SUTS_DIR, 'known-results.schema.json'), 'utf8'));
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

export function knownFile(sut: string): string {
  return path.join(SUTS_DIR, `${sut}.known.json`);
}

/**
 * Reads and validates a SUT's known results; a malformed file is an error naming it and each problem.
 * `unreviewed: true` (for `known --update`) lets entries still marked UNREVIEWED through, so that a
 * second update after a catalogue change works before every new entry has its reason.
 */
export function loadKnown(file: string, { unreviewed = false } = {}): KnownResults {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!validate(data)) {
    const errors = (validate.errors ?? []).filter((e) => !(unreviewed && isUnreviewed(e.instancePath, data)));
    if (errors.length) throw new Error(`${file} is not a valid known-results file:\n${errors.map((e) => `  ${e.instancePath || '(root)'} ${e.message}`).join('\n')}`);
  }
  return data as KnownResults;
}

/** True when the schema error is at an entry's reason that starts with UNREVIEWED. */
function isUnreviewed(instancePath: string, data: unknown): boolean {
  if (!/^\/roles\/\w+\/\d+\/reason$/.test(instancePath)) return false;
  const value = instancePath.split('/').slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
  return typeof value === 'string' && value.startsWith('UNREVIEWED');
}

export interface Diff { newFailures: ScenarioOutcome[]; fixed: KnownEntry[]; changed: { known: KnownEntry; now: ScenarioOutcome }[] }

/**
 * The first line of a failure message, with what changes from run to run (ports, trace positions,
 * tags, Call-IDs and CSeq numbers — baresip starts each dialog at a random CSeq) masked, so a
 * recorded finding can be compared with a new run's.
 */
export function firstLine(message: string): string {
  return message.split('\n')[0].replace(/^(AssertionError|ConformanceError|Error): /, '').trim()
    .replace(/(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):\d+/g, '$1:PORT')
    .replace(/#\d+/g, '#N')
    .replace(/\bCSeq \d+/g, 'CSeq N')
    .replace(/\b(Call-ID:? )[^\s,;)]+/gi, '$1ID')
    .replace(/\b((?:to-|from-)?tag(?:=|%3d))[^;>,\s%&]+/gi, '$1ID')
    .replace(/\b(Replaces=)[^;>,\s%&]+/gi, '$1ID')
    .replace(/\b[0-9a-f]{8,}\b/g, 'ID');
}

/**
 * A finding without the "last received by …" tail of a wait that saw nothing matching: which
 * unrelated message came last before the deadline depends on timing (an ACK or a NOTIFY of a
 * slow SUT), not on the behaviour the finding records. The recorded finding keeps it as evidence.
 */
function comparable(finding: string): string {
  return finding.replace(/; last received by [^:]+: .*$/, '');
}

/**
 * Compares a run with the known results: a scenario failing that is not listed is a new failure;
 * a listed one that now passes is fixed; one failing with another finding has changed. Skips are
 * neither (they depend on what the adapter can do, which `can` declares).
 */
export function compare(known: KnownEntry[], run: ScenarioOutcome[]): Diff {
  const byId = new Map(known.map((k) => [k.scenario, k]));
  const diff: Diff = { newFailures: [], fixed: [], changed: [] };
  for (const r of run) {
    const k = byId.get(r.id);
    if (r.verdict === 'failed' || r.verdict === 'broken') {
      if (!k) diff.newFailures.push(r);
      else if (comparable(firstLine(r.message)) !== comparable(k.finding)) diff.changed.push({ known: k, now: r });
    } else if (k) diff.fixed.push(k); // passed, or now skipped (e.g. a precondition): either way the entry is stale
  }
  return diff;
}

export function diffIsEmpty(d: Diff): boolean {
  return d.newFailures.length + d.fixed.length + d.changed.length === 0;
}
