/**
 * Per-scenario evidence in one place, for the cucumber After hook: the attachments (trace text,
 * ladder SVG, pcapng, findings JSON), the same files under reports/evidence/<scenario>/, and one
 * JSON line per scenario in reports/evidence/scenarios.jsonl — the compliance matrix is built from
 * those lines, so a run interrupted after some scenarios still yields a matrix for them.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Address, TraceRecord } from '../sip/transport/trace';
import type { ComplianceFinding, ComplianceInput, ScenarioStatus } from './compliance';
import { ladderSvg } from './ladder';
import { writePcapng } from './pcapng';
import { formatAddress, traceTextBuffer } from './trace-text';

export interface EvidenceAttachment { fileName: string; mediaType: string; body: Buffer | string }

/** The media type Allure shows as a download; the report stores it with a .pcap extension, Wireshark reads it either way. */
export const PCAPNG_MEDIA_TYPE = 'application/vnd.tcpdump.pcap';

export interface ScenarioEvidenceInput {
  /** Scenario name, used as the ladder's title. */
  title: string;
  records: readonly TraceRecord[];
  findings: readonly ComplianceFinding[];
  /** Party name for an address; default: the address itself. */
  partyOf?(addr: Address): string;
}

/** The first trace index a finding points at: the message the ladder marks in red. */
export function failingIndex(findings: readonly ComplianceFinding[]): number | undefined {
  for (const f of findings) if (typeof f.where === 'object' && f.where.traceIndex !== undefined) return f.where.traceIndex;
  return undefined;
}

/** Findings that point at no message (typically: something never came), as lines under the ladder. */
export function missingLines(findings: readonly ComplianceFinding[]): string[] {
  return findings
    .filter((f) => typeof f.where !== 'object' || f.where.traceIndex === undefined)
    .map((f) => `${f.requirement ? `[${f.requirement}] ` : ''}expected ${f.expected}; seen ${f.seen}`);
}

/** What to attach, in the order a reader wants it: findings first, then the ladder, trace and capture. */
export function scenarioAttachments(input: ScenarioEvidenceInput): EvidenceAttachment[] {
  const partyOf = input.partyOf ?? formatAddress;
  const out: EvidenceAttachment[] = [];
  if (input.findings.length) out.push({ fileName: 'findings.json', mediaType: 'application/json', body: `${JSON.stringify(input.findings, null, 2)}\n` });
  out.push(
    { fileName: 'ladder.svg', mediaType: 'image/svg+xml', body: ladderSvg(input.records, { partyOf, title: input.title, failingIndex: failingIndex(input.findings), missing: missingLines(input.findings) }) },
    { fileName: 'sip-trace.txt', mediaType: 'text/plain', body: traceTextBuffer(input.records) },
    { fileName: 'trace.pcapng', mediaType: PCAPNG_MEDIA_TYPE, body: writePcapng(input.records) },
  );
  return out;
}

/** A directory name for a scenario: "003-refer-is-accepted-with-202". */
export function evidenceDirName(index: number, scenario: string): string {
  const slug = scenario.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return `${String(index).padStart(3, '0')}-${slug || 'scenario'}`;
}

/**
 * Creates `<root>/NNN-scenario` with the next free number and returns it. The number continues
 * after the highest one already there, and a directory another process made first is never
 * reused (mkdir is the claim), so runs that share `root` cannot overwrite each other's evidence.
 */
export function claimEvidenceDir(root: string, scenario: string): string {
  mkdirSync(root, { recursive: true });
  const taken = readdirSync(root).map((n) => /^(\d+)-/.exec(n)?.[1]).filter((n): n is string => !!n).map(Number);
  for (let index = Math.max(0, ...taken) + 1; ; index++) {
    const dir = join(root, evidenceDirName(index, scenario));
    try {
      mkdirSync(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Writes the attachments as files into `dir`; returns their paths. */
export function writeScenarioEvidence(dir: string, attachments: readonly EvidenceAttachment[]): string[] {
  mkdirSync(dir, { recursive: true });
  return attachments.map((a) => {
    const path = join(dir, a.fileName);
    writeFileSync(path, a.body);
    return path;
  });
}

/** Who played the SUT in a scenario, as the scenario's own process saw it. */
export interface ScenarioSut {
  adapter: string;
  role: string;
  transport: string;
  /** The first User-Agent / Server value the SUT sent (announcedProduct), if it sent one. */
  product?: string;
}

/** One line of scenarios.jsonl: the compliance matrix's input, plus where its evidence is and who the SUT was. */
export type ScenarioRecord = ComplianceInput['scenarios'][number] & { evidence?: string; sut?: ScenarioSut };

/** The part of cucumber's TestStepResult (the After hook's `result`) that decides the verdict. */
export interface CucumberResult { status: string; message?: string; exception?: { type?: string; message?: string } }

/**
 * Cucumber's result → verdict. A failure is a conformance finding only when the error is an
 * assertion: cucumber names the exception by constructor (ConformanceError) and starts the message
 * with the error's name (AssertionError), the same evidence Allure uses for "failed" vs "broken".
 */
export function scenarioStatus(result: CucumberResult | undefined): ScenarioStatus {
  switch (result?.status.toUpperCase()) {
    case 'PASSED': return 'passed';
    case 'SKIPPED': return 'skipped';
    case 'FAILED': {
      const assertion = /Assert|Conformance/i.test(result.exception?.type ?? '') || /^AssertionError\b/.test(result.message ?? '');
      return assertion ? 'failed' : 'broken';
    }
    default: return 'broken'; // PENDING, UNDEFINED, AMBIGUOUS, UNKNOWN: no verdict on the SUT
  }
}

/** Appends one scenario's outcome to the JSON-lines file (one write per line: safe to interrupt). */
export function appendScenarioRecord(file: string, record: ScenarioRecord): void {
  appendFileSync(file, `${JSON.stringify(record)}\n`);
}

/** Reads the JSON-lines file back, skipping a last line cut short by an interruption. */
export function readScenarioRecords(file: string): ScenarioRecord[] {
  if (!existsSync(file)) return [];
  const out: ScenarioRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as ScenarioRecord);
    } catch {
      // a torn final line from Ctrl-C: the scenarios before it are still evidence
    }
  }
  return out;
}
