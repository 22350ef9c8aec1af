/**
 * A throwaway copy of the project for tests that run `sipwright run` end to end: its reports/ is
 * its own, so these tests neither clear the repository's reports (the JUnit XML `npm test` is
 * writing) nor collide with each other when node:test runs files in parallel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

/** Everything but the repository's own state, results and installed packages (linked, not copied). */
const NOT_COPIED = new Set(['.git', 'node_modules', 'reports']);

export interface Sandbox { dir: string; reports: string; remove(): void }

export function sandbox(prefix: string): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), `sipwright-${prefix}-`));
  cpSync(ROOT, dir, { recursive: true, filter: (src) => src === ROOT || !NOT_COPIED.has(basename(src)) || resolve(src, '..') !== ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, reports: join(dir, 'reports'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; seconds: number }

export interface Running { child: ChildProcess; output(): { stdout: string; stderr: string }; done: Promise<RunResult> }

/**
 * `node bin/sipwright.js run …` in the sandbox, in its own process group (as a shell starts a
 * foreground job), so that a test can send Ctrl-C's SIGINT to the whole group.
 */
export function startRun(box: Sandbox, args: string[], timeoutMs = 180_000): Running {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // or the child's node would report to this test runner
  const started = performance.now();
  const child = spawn(process.execPath, [join(box.dir, 'bin', 'sipwright.js'), 'run', ...args], { cwd: box.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => killGroup(child), timeoutMs);
  const done = new Promise<RunResult>((resolveRun, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
  return { child, output: () => ({ stdout, stderr }), done };
}

/** Ends the run's whole process group (cleanup after a failed assertion); a no-op once it has exited. */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A run to its end, with a message that shows its output when the exit status is not the expected one. */
export async function run(box: Sandbox, args: string[], expectCode: number): Promise<RunResult> {
  const r = await startRun(box, args).done;
  if (r.code !== expectCode) {
    throw new Error(`sipwright run ${args.join(' ')} exited with ${r.code ?? r.signal}, expected ${expectCode}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  }
  return r;
}
