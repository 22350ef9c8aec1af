/** Runs allure-commandline (Allure 2, Java) to render results as HTML, keeping history between runs. */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface GenerateOptions {
  /** One self-contained index.html that opens from file:// (no history is written for it). */
  singleFile?: boolean;
  /** A previous report whose history/ is copied into the results first; default: outDir itself. */
  historyFrom?: string;
  /** Give up after this long (JVM start plus rendering takes 2.5–4 s here). Default 120 s. */
  timeoutMs?: number;
}

export interface GeneratedReport { outDir: string; index: string; seconds: number; historyCarried: boolean }

/** The allure launcher script of allure-commandline (what node_modules/.bin/allure ends up running). */
export function allureBin(): string {
  return join(dirname(require.resolve('allure-commandline/package.json')), 'dist', 'bin', 'allure');
}

/** Copies <historyFrom>/history into <resultsDir>/history so trends continue; false when there is none. */
export function carryHistory(resultsDir: string, historyFrom: string): boolean {
  const from = join(historyFrom, 'history');
  if (!existsSync(from)) return false;
  const to = join(resultsDir, 'history');
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  return true;
}

function run(args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(allureBin(), args, { env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${allureBin()}: ${err.message}; is allure-commandline installed (npm ci)?`, { cause: err }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const why = signal ? `was killed (${signal}) after ${timeoutMs} ms` : `exited with ${code}`;
      const hint = /JAVA_HOME|java: not found|command not found/i.test(output) ? ' — Allure 2 needs Java 8+ on PATH (Debian: openjdk-17-jre-headless)' : '';
      reject(new Error(`allure generate ${why}${hint}\n${output.trim()}`));
    });
  });
}

/** `allure generate <resultsDir> -o <outDir> --clean [--single-file]` with ALLURE_NO_ANALYTICS=true. */
export async function generateReport(resultsDir: string, outDir: string, opts: GenerateOptions = {}): Promise<GeneratedReport> {
  const started = performance.now();
  const historyCarried = carryHistory(resultsDir, opts.historyFrom ?? outDir);
  const args = ['generate', resultsDir, '-o', outDir, '--clean', ...(opts.singleFile ? ['--single-file'] : [])];
  await run(args, opts.timeoutMs ?? 120_000);
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) throw new Error(`allure generate finished but wrote no ${index}`);
  return { outDir, index, seconds: (performance.now() - started) / 1000, historyCarried };
}
