/**
 * What every process-driven SUT adapter (baresip, linphone-daemon…) needs: a private temporary
 * directory, free loopback ports, a child process whose output is kept as evidence and which is
 * always killed, and readiness waits that end on an event or at a deadline with an error naming
 * what did not come.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { headerValue, parseUri, type Header, type SipRequest, type SipResponse } from '../sip/message';
import type { TimerConfig } from '../sip/transaction';
import type { DigestCredentials } from '../sip/auth';
import { EnvironmentError, type Address, type TlsMaterial, type TransportKind } from '../sip/transport';
import { nextHop, UserAgent } from '../sip/useragent';
import { untilEvent } from './deadline';

/** A fresh private directory (mode 0700) under `base`; remove it with `removeDir`. */
export function tempDir(prefix: string, base = os.tmpdir()): string {
  return mkdtempSync(path.join(base, `sipwright-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The absolute path of `command` on PATH, or an EnvironmentError telling which package provides it. */
export function findExecutable(command: string, debianPackage: string, env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  throw new EnvironmentError(`${command} did not start: executable not found on PATH; install the Debian package ${debianPackage} (scripts/setup-debian.sh)`);
}

function bindTcp(host: string, port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

function bindUdp(host: string, port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => { socket.close(); resolve(undefined); });
    socket.bind({ address: host, port, exclusive: true }, () => resolve(socket));
  });
}

/**
 * A port free for both TCP and UDP on `host` right now: the kernel picks one for TCP (port 0), then
 * UDP must bind the same number. Another process may still take it before the SUT binds it; the
 * adapters detect that from the SUT's log and start again on new ports.
 */
export async function freePort(host = '127.0.0.1', attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const tcp = await bindTcp(host, 0);
    if (!tcp) break;
    const port = (tcp.address() as net.AddressInfo).port;
    const udp = await bindUdp(host, port);
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udp) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      return port;
    }
  }
  throw new EnvironmentError(`cannot bind TCP+UDP ${host}: no free port found in ${attempts} attempts`);
}

/** Every child still running, killed synchronously if this Node process exits while it lives. */
const LIVE = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of LIVE) child.kill('SIGKILL');
});

/**
 * util-linux setpriv sets PR_SET_PDEATHSIG and execs the command in the same process (same pid):
 * the kernel kills the SUT even if Node itself is SIGKILLed. Used when present.
 */
const SETPRIV = executable('/usr/bin/setpriv');
/** coreutils stdbuf: line-buffered stdout for programs that only flush a pipe when their buffer fills. */
const STDBUF = executable('/usr/bin/stdbuf');

function executable(file: string): string | undefined {
  try {
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}

export interface SpawnOptions {
  /** A short name for messages, e.g. "baresip". */
  name: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The log kept in memory is capped; the oldest output is dropped beyond this many characters. */
  maxLogChars?: number;
  /** Run under `stdbuf -oL -eL` so each line reaches us when written (C/C++ stdio programs). */
  lineBuffered?: boolean;
}

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

/** A child process whose stdout and stderr form one log, line-observable, and which is always reaped. */
export class ManagedProcess {
  private text = '';
  private partial = '';
  private lineListeners = new Set<(line: string) => void>();
  private exitInfo?: Exit;
  readonly exited: Promise<Exit>;

  private constructor(readonly name: string, private child: ChildProcess, private maxLogChars: number) {
    LIVE.add(child);
    this.exited = new Promise((resolve) => {
      child.once('error', (err) => {
        this.append(`[sipwright] ${name} could not be spawned: ${err.message}\n`);
        if (!this.exitInfo) this.finish({ code: null, signal: null }, resolve);
      });
      child.once('exit', (code, signal) => this.finish({ code, signal }, resolve));
    });
    child.stdout?.on('data', (d: Buffer) => this.append(d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => this.append(d.toString('utf8')));
  }

  static spawn(executable: string, args: string[], opts: SpawnOptions): ManagedProcess {
    // Both wrappers exec the next program in the same process: the pid stays the SUT's.
    let argv = [executable, ...args];
    if (opts.lineBuffered && STDBUF) argv = [STDBUF, '-oL', '-eL', ...argv];
    if (SETPRIV) argv = [SETPRIV, '--pdeathsig', 'KILL', '--', ...argv];
    const [cmd, ...rest] = argv as [string, ...string[]];
    const child = spawn(cmd, rest, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    return new ManagedProcess(opts.name, child, opts.maxLogChars ?? 4_000_000);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exitInfo;
  }

  /** Everything the process wrote to stdout and stderr so far. */
  log(): string {
    return this.text + this.partial;
  }

  /** Notes of our own in the log (what the adapter sent), marked so they are not taken for the SUT's. */
  note(text: string): void {
    this.append(`[sipwright] ${text}\n`);
  }

  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /**
   * The first log line (already written or to come) matching `pattern`. At the deadline, or if the
   * process exits first, an EnvironmentError naming `what` and quoting the end of the log.
   */
  async waitForLine(pattern: RegExp, timeoutMs: number, what: string): Promise<string> {
    const already = this.text.split('\n').find((l) => pattern.test(l));
    if (already !== undefined) return already;
    const outcome = await untilEvent<{ line?: string; exit?: Exit }>((deliver) => {
      const off = this.onLine((line) => { if (pattern.test(line)) deliver({ line }); });
      void this.exited.then((exit) => deliver({ exit }));
      return off;
    }, timeoutMs);
    if (outcome?.line !== undefined) return outcome.line;
    throw this.notReady(what, outcome?.exit ? `it exited (${describeExit(outcome.exit)})` : `nothing within ${timeoutMs} ms`);
  }

  /** An EnvironmentError saying the process did not start: what was awaited, why not, the log tail. */
  notReady(what: string, why: string): EnvironmentError {
    return new EnvironmentError(`${this.name} did not start: ${what}: ${why}\n--- last lines of its log ---\n${this.tail(15)}`);
  }

  tail(lines: number): string {
    return this.log().trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 1000): Promise<Exit> {
    if (this.exitInfo) return this.exitInfo;
    this.child.kill('SIGTERM');
    const exit = await untilEvent<Exit>((deliver) => { void this.exited.then(deliver); return () => {}; }, graceMs);
    if (exit) return exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  private finish(exit: Exit, resolve: (e: Exit) => void): void {
    if (this.exitInfo) return;
    this.exitInfo = exit;
    LIVE.delete(this.child);
    resolve(exit);
  }

  private append(chunk: string): void {
    // Terminal colour codes (baresip's SIP trace) say nothing as evidence.
    const lines = (this.partial + chunk.replace(/\x1b\[[0-9;]*m/g, '')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.text += `${line}\n`;
      for (const l of [...this.lineListeners]) l(line);
    }
    if (this.text.length > this.maxLogChars) this.text = this.text.slice(-this.maxLogChars);
  }
}

export function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export interface ProbeOptions {
  /** The local address the probing UA binds (port 0: any free one). */
  host?: string;
  timers?: TimerConfig;
  timeoutMs: number;
  /** Extra request headers. */
  headers?: Header[];
  /** Digest credentials the probing UA answers a 401/407 with (RFC 3261 §22.2). */
  credentials?: readonly DigestCredentials[];
  /** Where to send it; by default the host:port of `target`. */
  dst?: Address;
  /** The transport to send it on (default UDP), and TLS trust for TLS/WSS. */
  transport?: TransportKind;
  tls?: TlsMaterial;
}

export interface ProbeResult {
  request: SipRequest;
  response?: SipResponse;
  /** The connection failed (refused, reset, TLS handshake): the probe ended at once with this. */
  failure?: Error;
  /** Where the OPTIONS went from and to. */
  from: Address;
  to: Address;
}

/**
 * Sends one OPTIONS (RFC 3261 §11) to `target` from a throw-away UA and resolves with the final
 * response, or undefined if none came before the deadline. Any final response proves a SIP stack
 * listens there; its User-Agent / Server names the product.
 */
export async function probeOptions(target: string, opts: ProbeOptions): Promise<ProbeResult> {
  const ua = await UserAgent.create({ user: 'sipwright-probe', host: opts.host, timers: opts.timers, credentials: opts.credentials, transport: opts.transport, tls: opts.tls });
  try {
    let request = ua.newRequest('OPTIONS', target, { headers: [{ name: 'accept', value: 'application/sdp' }, ...(opts.headers ?? [])] });
    const to = opts.dst ?? nextHop(request);
    let failure: Error | undefined;
    const response = await untilEvent<SipResponse | undefined>((deliver) => {
      // A stream transport reports a refused connection or a failed TLS handshake: no need to wait.
      ua.transport.onTransportError?.((_remote, error) => { failure ??= error; deliver(undefined); });
      // `request` becomes the OPTIONS the final response answers (the retry, after a challenge).
      ua.send(request, { onResponse: (r, sent) => { if (r.status >= 200) { request = sent; deliver(r); } } }, to);
      return () => {};
    }, opts.timeoutMs);
    return { request, response, failure, from: ua.address, to };
  } finally {
    await ua.close();
  }
}

/** The product a response or request announces: User-Agent, else Server (RFC 3261 §20.41, §20.35). */
export function announced(m: SipResponse | SipRequest): string | undefined {
  return headerValue(m, 'user-agent') ?? headerValue(m, 'server');
}

/** user@host:port of a SIP URI or name-addr, to match a peer whatever its parameters or display name. */
export function aor(uri: string): string {
  const u = parseUri(uri.replace(/^[^<]*<|>.*$/g, ''));
  return `${u.user ?? ''}@${u.host}:${u.port ?? 5060}`;
}
