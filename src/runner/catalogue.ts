import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PCAPNG_MEDIA_TYPE } from '../evidence/scenario';
import { loadConfiguration, loadSupport, runCucumber, type ISupportCodeLibrary } from '@cucumber/cucumber/api';

const ROOT = path.join(__dirname, '..', '..');

export type Verdict = 'passed' | 'failed' | 'skipped' | 'broken';

export interface ScenarioOutcome {
  /** "features/rfc3515/blind-transfer.feature: Transferee accepts…" — stable across runs and edits (a
   *  repeated name in one file, e.g. Scenario Outline rows, gets " #2", " #3"…). */
  id: string;
  name: string;
  verdict: Verdict;
  /** The failing step's message (findings), or the skip reason. */
  message: string;
  /** The last lines of the SUT's own log (the scenario's sut.log), when it has one. */
  sutLogTail?: string;
}

let support: ISupportCodeLibrary | undefined;

/**
 * Runs the catalogue in this process through Cucumber's API, loading the step code once for all
 * runs (so a matrix of SUTs, roles and fault modes costs one start-up). Configuration goes
 * through the same SIPWRIGHT_* variables a user sets.
 */
export async function runCatalogue(env: Record<string, string>, paths: string[] = []): Promise<ScenarioOutcome[]> {
  // Results and evidence go to a folder of this run's own: never into reports/, where a user's run may be under way.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipwright-run-'));
  const vars = { ...env, SIPWRIGHT_EVIDENCE_DIR: path.join(dir, 'evidence') };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    const out = path.join(dir, 'results.json');
    const provided = { format: [`json:${out}`], ...(paths.length ? { paths } : {}) };
    const { runConfiguration } = await loadConfiguration({ profiles: ['check'], provided }, { cwd: ROOT });
    support ??= await loadSupport(runConfiguration, { cwd: ROOT });
    const formats = { ...runConfiguration.formats, stdout: 'summary', files: { [out]: 'json' } };
    await runCucumber({ ...runConfiguration, formats, support }, { cwd: ROOT, stdout: fs.createWriteStream(os.devNull) });
    return outcomes(JSON.parse(fs.readFileSync(out, 'utf8')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

interface JsonStep { result: { status: string; error_message?: string }; embeddings?: { mime_type: string; data: string }[] }
interface JsonFeature { uri: string; elements: { name: string; line: number; steps: JsonStep[] }[] }

/** Why a step did not pass: its error, else the "skipped: …" line it logged (steps/support/step.ts). */
function reason(step: JsonStep | undefined): string {
  if (!step) return '';
  if (step.result.error_message) return step.result.error_message;
  const logged = (step.embeddings ?? []).filter((e) => e.mime_type === 'text/x.cucumber.log+plain').map((e) => Buffer.from(e.data, 'base64').toString('utf8'));
  return logged.find((l) => l.startsWith('skipped: '))?.slice('skipped: '.length) ?? '';
}

/**
 * The last lines of sut.log: the After hook attaches the scenario's evidence in a fixed order
 * (steps/support/hooks.ts), the SUT's log last, the one text/plain attachment after the pcapng.
 * A known-results diff prints it, since the run's evidence folder does not outlive the run.
 */
function sutLogTail(steps: JsonStep[], lines = 30): string | undefined {
  const e = steps.flatMap((st) => st.embeddings ?? []);
  const pcap = e.findIndex((a) => a.mime_type === PCAPNG_MEDIA_TYPE);
  const log = pcap >= 0 ? e.slice(pcap + 1).find((a) => a.mime_type === 'text/plain') : undefined;
  return log ? Buffer.from(log.data, 'base64').toString('utf8').trimEnd().split('\n').slice(-lines).join('\n') : undefined;
}

function outcomes(features: JsonFeature[]): ScenarioOutcome[] {
  return features.flatMap((f) => f.elements.map((s, i) => {
    const repeat = f.elements.slice(0, i).filter((e) => e.name === s.name).length;
    const failed = s.steps.find((st) => st.result.status === 'failed');
    const skipped = s.steps.find((st) => st.result.status !== 'passed');
    const broken = failed && !/AssertionError|ConformanceError/.test(failed.result.error_message ?? '');
    const verdict: Verdict = failed ? (broken ? 'broken' : 'failed') : skipped ? 'skipped' : 'passed';
    const tail = sutLogTail(s.steps);
    return { id: `${f.uri}: ${s.name}${repeat ? ` #${repeat + 1}` : ''}`, name: s.name, verdict, message: reason(failed ?? skipped), ...(tail ? { sutLogTail: tail } : {}) };
  }));
}
