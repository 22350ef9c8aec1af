/**
 * One headless Debian chromium per process, shared by every browser adapter of a run: chromium's
 * launch (2-4.5 s idle, 8-15 s on a loaded machine) is paid once, not once per scenario. Each
 * adapter gets a fresh browser context (no cookies, storage or permissions shared with another
 * scenario) and page; its page app builds a fresh UA and WebSocket. A chromium that died is
 * launched again by the next adapter that needs one. closeChromium() ends it, leaving no process
 * and no profile directory (the cucumber AfterAll hook calls it through the registry).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { EnvironmentError } from '../../sip/transport';
import { removeDir, tempDir } from '../process';

/** research/real-suts.md: no sandbox in containers, no network of its own, fake microphone. */
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
];

interface Running {
  /** The persistent context is what keeps a profile directory we own (its processes are found by it). */
  persistent: BrowserContext;
  browser: Browser;
  profile: string;
}

interface Launch {
  executable: string;
  profile: string;
  running: Promise<Running>;
}

/** One per executable (tests point an adapter at a missing one). */
const launches = new Map<string, Launch>();

/**
 * A fresh browser context of the shared chromium for `executable`, launching it first if none runs
 * (or the last one died). Rejects at `deadline` (epoch ms) with what failed.
 */
export async function newContext(executable: string, deadline: number): Promise<BrowserContext> {
  const running = await chromium(executable, deadline);
  try {
    return await running.browser.newContext({ permissions: ['microphone'] });
  } catch (err) {
    if (running.browser.isConnected()) throw err;
    // It died between our check and the call: once more, on a new chromium.
    return (await chromium(executable, deadline)).browser.newContext({ permissions: ['microphone'] });
  }
}

async function chromium(executable: string, deadline: number): Promise<Running> {
  const known = launches.get(executable);
  if (known) {
    const running = await known.running;
    if (running.browser.isConnected()) return running;
    await close(known);
  }
  const profile = tempDir('chromium');
  const launch: Launch = { executable, profile, running: start(executable, profile, deadline) };
  launches.set(executable, launch);
  launch.running.catch(() => {
    if (launches.get(executable) === launch) launches.delete(executable);
    void killAndRemove(profile).catch(() => undefined);
  });
  return launch.running;
}

async function start(executable: string, profile: string, deadline: number): Promise<Running> {
  const { chromium: type } = await import('playwright-core');
  try {
    // Playwright's own signal handlers close the browser and swallow SIGINT/SIGTERM/SIGHUP: the run
    // went on (launching a new chromium for its next scenario). Without them a signal ends Node as
    // usual, and chromium exits when its DevTools pipe closes.
    const persistent = await type.launchPersistentContext(profile, {
      executablePath: executable, headless: true, args: ARGS, timeout: Math.max(1, deadline - Date.now()),
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    });
    const browser = persistent.browser();
    if (!browser) throw new Error('playwright gave no Browser for the persistent context');
    return { persistent, browser, profile };
  } catch (err) {
    throw new EnvironmentError(`chromium (${executable}) did not start: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

/**
 * Closes every shared chromium, kills whatever of it outlived close() (by pid, processes naming
 * its profile only) and removes its profile. The next newContext() launches a new one.
 */
export async function closeChromium(): Promise<void> {
  const all = [...launches.values()];
  launches.clear();
  await Promise.all(all.map(close));
}

async function close(launch: Launch): Promise<void> {
  if (launches.get(launch.executable) === launch) launches.delete(launch.executable);
  const running = await launch.running.catch(() => undefined);
  if (running) await withDeadline(running.persistent.close(), 5000).catch(() => undefined);
  await killAndRemove(launch.profile);
}

async function killAndRemove(profile: string): Promise<void> {
  const left = processesUsing(profile);
  for (const pid of left) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
  const stuck = await untilGone(left, 3000);
  removeDir(profile);
  if (stuck.length) throw new Error(`chromium processes ${stuck.join(', ')} of ${profile} still running 3 s after SIGKILL`);
}

/** Pids of the running shared chromium processes (all executables): tests check none is left. */
export function chromiumPids(): number[] {
  return [...launches.values()].flatMap((l) => processesUsing(l.profile));
}

/** The profile directories of the shared chromiums now running or starting. */
export function chromiumProfiles(): string[] {
  return [...launches.values()].map((l) => l.profile);
}

/** Browser contexts now open in the shared chromiums (each adapter closes its own in stop()). */
export async function openContexts(): Promise<number> {
  const running = await Promise.all([...launches.values()].map((l) => l.running.catch(() => undefined)));
  return running.reduce((n, r) => n + (r?.browser.isConnected() ? r.browser.contexts().filter((c) => c !== r.persistent).length : 0), 0);
}

// Playwright kills the chromium it launched when Node exits; the profile is ours to remove.
// At exit chromium may still be writing into it (ENOTEMPTY): what cannot be removed then is left.
process.on('exit', () => {
  for (const l of launches.values()) {
    try { removeDir(l.profile); } catch { /* chromium still exiting: left behind, like a SIGKILLed run's */ }
  }
});

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Running processes (zombies excluded) whose command line names `dir` (chromium's profile directory). */
export function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir) && running(Number(entry))) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/** True while `pid` exists and is not a zombie (a zombie holds nothing; its parent has yet to reap it). */
export function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Waits until none of `pids` runs, or the deadline; returns those still running. Nothing announces
 * the exit of a process that is not our child, so /proc is read again every 20 ms until then.
 */
async function untilGone(pids: number[], timeoutMs: number): Promise<number[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const left = pids.filter(running);
    if (left.length === 0 || Date.now() >= end) return left;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
