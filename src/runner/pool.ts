/**
 * Many catalogue runs at once, each in a worker process (runCatalogue takes its configuration from
 * process.env, so runs in one process must take turns). A catalogue run mostly waits — deadlines,
 * quiet periods — so a few workers cut a matrix's wall time by about their number on two cores.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ScenarioOutcome } from './catalogue';

export interface CatalogueJob { env: Record<string, string>; paths?: string[] }

const ROOT = path.join(__dirname, '..', '..');
const WORKER = path.join(__dirname, 'pool-worker.ts');

type Reply = { index: number; outcomes?: ScenarioOutcome[]; error?: string };

/** Runs every job, `workers` at a time; results in the jobs' order. A worker that fails rejects with its error. */
export async function runCatalogues(jobs: readonly CatalogueJob[], workers: number): Promise<ScenarioOutcome[][]> {
  const results: ScenarioOutcome[][] = new Array(jobs.length);
  let next = 0;
  const children: ChildProcess[] = [];
  const drain = (child: ChildProcess): Promise<void> => new Promise((resolve, reject) => {
    let running: number | undefined;
    const give = (): void => {
      if (next >= jobs.length) return resolve();
      running = next++;
      child.send({ index: running, ...jobs[running] });
    };
    child.on('message', (m: Reply) => {
      if (m.error !== undefined) return reject(new Error(`catalogue run ${m.index} (${JSON.stringify(jobs[m.index].env)}) failed: ${m.error}`));
      results[m.index] = m.outcomes!;
      running = undefined;
      give();
    });
    child.on('exit', (code, signal) => (running === undefined ? resolve() : reject(new Error(`a catalogue worker exited (${signal ?? code}) during run ${running}`))));
    give();
  });
  try {
    const count = Math.max(1, Math.min(workers, jobs.length));
    for (let i = 0; i < count; i++) {
      children.push(fork(WORKER, [], { cwd: ROOT, execArgv: ['--require', path.join(ROOT, 'scripts', 'register.js')], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
    }
    await Promise.all(children.map(drain));
    return results;
  } finally {
    for (const c of children) if (c.connected) c.disconnect();
  }
}
