/**
 * linphone 5.1 (Debian linphone-cli) as the SUT: `linphone-daemon` with a fresh HOME per run,
 * driven over its unix-socket pipe, one command per line. Recipe: ../shared/research/real-suts.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { EnvironmentError, type Address } from '../sip/transport';
import { UnsupportedAction, type Action, type ActionArgs, type AdapterContext, type EndpointAdapter } from './adapter';
import { untilEvent } from './deadline';
import { announced, aor, findExecutable, freePort, ManagedProcess, probeOptions, removeDir, tempDir } from './process';

export interface LinphoneOptions {
  startTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/** A daemon reply: `Status: Ok|Error`, an optional `Reason:`, then `Key: value` lines. */
export interface LinphoneReply { ok: boolean; reason?: string; fields: Record<string, string>; text: string }

/** The daemon prefixes the pipe name with /tmp/: the run directory must live right there. */
const PIPE_BASE = '/tmp';

function linphonerc(user: string, sip: Address): string {
  return `[sip]
sip_port=${sip.port}
sip_tcp_port=0
sip_tls_port=0
bind_address=${sip.host}
contact="${user}" <sip:${user}@${sip.host}:${sip.port}>
use_ipv6=0
ipv6_migration_done=1
guess_hostname=0
default_proxy=-1
[rtp]
audio_rtp_port=-1
bind_address=${sip.host}
[video]
enabled=0
`;
}

/**
 * Replies carry no end marker; each is written with one write(2) on a local stream socket and so
 * arrives whole. A reply is taken as complete when the bytes so far have a reply's shape.
 */
const REPLY = /^Status: (Ok|Error)\n(?:Reason: (.*)\n)?(?:\n([\s\S]*))?$/;

export function parseReply(text: string): LinphoneReply | undefined {
  const m = REPLY.exec(text);
  if (!m || !text.endsWith('\n')) return undefined;
  const fields: Record<string, string> = {};
  for (const line of (m[3] ?? '').split('\n')) {
    const kv = /^([\w-]+):\s?(.*)$/.exec(line);
    if (kv && !(kv[1]! in fields)) fields[kv[1]!] = kv[2]!;
  }
  return { ok: m[1] === 'Ok', reason: m[2], fields, text };
}

/** linphone-daemon 5.1: answers by itself, calls, blind and attended transfer, hold, hang up. */
export class LinphoneAdapter implements EndpointAdapter {
  readonly name = 'linphone';
  readonly can: ReadonlySet<Action> = new Set<Action>(['answer', 'call', 'refer', 'attended-transfer', 'hold', 'resume', 'hangup']);
  product?: string;
  startupMs?: number;
  /** Every event popped from the daemon's queue (pop-event), oldest first. */
  readonly events: Record<string, string>[] = [];
  private proc?: ManagedProcess;
  private dir?: string;
  private sock?: net.Socket;
  private sip?: Address;
  private user = 'bob';
  /** Calls we placed, by daemon id: their events' From is our own address, not the peer's. */
  private dialed = new Map<string, string>();
  private received = '';
  private onData?: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly opts: Required<LinphoneOptions>;

  constructor(opts: LinphoneOptions = {}) {
    this.opts = { startTimeoutMs: 8000, commandTimeoutMs: 3000, ...opts };
  }

  async start(ctx: AdapterContext): Promise<void> {
    const exe = findExecutable('linphone-daemon', 'linphone-cli');
    this.user = ctx.user;
    const dir = tempDir('linphone', PIPE_BASE);
    this.dir = dir;
    const began = Date.now();
    const deadline = began + this.opts.startTimeoutMs;
    try {
      mkdirSync(path.join(dir, '.local', 'share', 'linphone'), { recursive: true }); // sqlite needs it
      this.sip = { host: ctx.host, port: await freePort(ctx.host) };
      writeFileSync(path.join(dir, 'linphonerc'), linphonerc(ctx.user, this.sip));
      const pipe = path.join(path.basename(dir), 'ctl');
      // --log /dev/stdout: liblinphone's log (SIP messages, call state changes) arrives as lines we can wait on.
      const args = ['--config', path.join(dir, 'linphonerc'), '--pipe', pipe, '--auto-answer', '--log', '/dev/stdout'];
      this.proc = ManagedProcess.spawn(exe, args, { name: 'linphone-daemon', cwd: dir, env: { ...process.env, HOME: dir }, lineBuffered: true });
      await this.connect(path.join(dir, 'ctl'), deadline);
      const { response } = await probeOptions(this.uri, { host: ctx.host, timers: ctx.timers, timeoutMs: Math.max(1, deadline - Date.now()) });
      if (!response) throw this.proc.notReady(`SIP answering OPTIONS at ${this.uri}`, 'no response before the deadline');
      const version = (await this.command('version')).fields.Version;
      this.product = announced(response) ?? (version ? `linphone-daemon/${version}` : undefined);
      this.startupMs = Date.now() - began;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  get uri(): string {
    const { host, port } = this.address;
    return `sip:${this.user}@${host}:${port}`;
  }

  get address(): Address {
    if (!this.sip) throw new Error('linphone adapter used before start()');
    return this.sip;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get tempDir(): string | undefined {
    return this.dir;
  }

  /** The daemon's log (liblinphone, SIP messages included) with our pipe exchanges marked [sipwright]. */
  log(): string {
    return this.proc?.log() ?? '';
  }

  async act(action: Action, args: ActionArgs): Promise<void> {
    switch (action) {
      case 'answer': return; // --auto-answer
      case 'call': {
        const target = need(args.target, 'call needs a target');
        const id = (await this.must(`call ${target}`)).fields.Id;
        if (id) this.dialed.set(id, target);
        return;
      }
      // A call still "Pausing" (our hold's re-INVITE answered, linphone not yet Paused) takes the
      // command and sends nothing: act on settled calls only.
      case 'refer': return void (await this.must(`call-transfer ${await this.settledCallWith(args.peer)} ${need(args.target, 'refer needs a target')}`));
      case 'attended-transfer':
        return void (await this.must(`call-transfer ${await this.settledCallWith(args.peer)} ${await this.settledCallWith(need(args.replacing, 'attended transfer needs the call it replaces'))}`));
      case 'hold': return void (await this.must(`call-pause ${await this.settledCallWith(args.peer ?? args.target)}`));
      case 'resume': return void (await this.must(`call-resume ${await this.settledCallWith(args.peer ?? args.target)}`));
      case 'hangup': return void (await this.must(`terminate ${await this.callWith(args.peer ?? args.target)}`));
      default: throw new UnsupportedAction(this.name, action);
    }
  }

  async stop(): Promise<void> {
    this.sock?.destroy();
    this.sock = undefined;
    await this.proc?.stop();
    if (this.dir) removeDir(this.dir);
    this.dir = undefined;
  }

  /** One command, one reply; commands are sent one at a time. */
  command(line: string): Promise<LinphoneReply> {
    const next = this.queue.then(() => this.exchange(line));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Drains the daemon's event queue into `events` (pop-event until empty). */
  async drainEvents(): Promise<void> {
    for (;;) {
      const r = await this.command('pop-event');
      if (!r.ok || !r.fields['Event-type']) return;
      this.events.push(r.fields);
    }
  }

  /**
   * The daemon's id for the live call with `peer`: the remote address comes from the call's events
   * (call-status omits it in some states, e.g. while pausing); liveness from call-status.
   */
  async callWith(peer: string | undefined): Promise<string> {
    await this.drainEvents();
    const remote = new Map<string, string>();
    for (const e of this.events) if (e.Id && e.From) remote.set(e.Id, this.dialed.get(e.Id) ?? e.From);
    const live: string[] = [];
    for (const [id, from] of remote) {
      const status = await this.command(`call-status ${id}`);
      if (!status.ok || /End|Released|Error/.test(status.fields.State ?? '')) continue;
      live.push(`${id} ${from} ${status.fields.State ?? '?'}`);
      if (!peer || aor(from) === aor(peer)) return id;
    }
    throw new Error(`linphone has no call with ${peer ?? 'anyone'}; its calls: ${live.join('; ') || 'none'}`);
  }

  private async settledCallWith(peer: string | undefined): Promise<string> {
    const id = await this.callWith(peer);
    await this.settled(id);
    return id;
  }

  /**
   * Waits while the call is between states (a hold or resume not yet answered): linphone refuses
   * call-resume while "Pausing". The next state change shows in its log; the deadline is the command's.
   */
  private async settled(id: string): Promise<void> {
    const proc = this.proc!;
    const changed = /moving from state LinphoneCall\w+ to LinphoneCall(Paused|StreamsRunning|PausedByRemote|End|Error)\b/;
    let seen = false;
    const off = proc.onLine((l) => { if (changed.test(l)) seen = true; }); // a change while we ask counts
    try {
      const state = (await this.command(`call-status ${id}`)).fields.State ?? '';
      if (seen || !/Pausing|Resuming|Updating|OutgoingProgress|OutgoingRinging|OutgoingInit/.test(state)) return;
      await untilEvent<string>((deliver) => proc.onLine((l) => { if (changed.test(l)) deliver(l); }), this.opts.commandTimeoutMs);
    } finally {
      off();
    }
  }

  private async must(line: string): Promise<LinphoneReply> {
    const reply = await this.command(line);
    if (!reply.ok) throw new Error(`linphone-daemon refused "${line}": ${reply.reason ?? reply.text}`);
    return reply;
  }

  private async exchange(line: string): Promise<LinphoneReply> {
    if (!this.sock) throw new Error('linphone adapter used before start()');
    this.received = '';
    this.proc?.note(`pipe > ${line}`);
    const reply = await untilEvent<LinphoneReply>((deliver) => {
      this.onData = () => { const r = parseReply(this.received); if (r) deliver(r); };
      this.sock!.write(`${line}\n`);
      return () => { this.onData = undefined; };
    }, this.opts.commandTimeoutMs);
    if (!reply) throw new EnvironmentError(`linphone-daemon did not answer "${line}" within ${this.opts.commandTimeoutMs} ms (got ${JSON.stringify(this.received)})`);
    this.proc?.note(`pipe < ${reply.text.trimEnd().replace(/\n/g, ' | ')}`);
    return reply;
  }

  private async connect(socketPath: string, deadline: number): Promise<void> {
    const proc = this.proc!;
    // Printed (by oRTP) after bind and listen; fd=-1 when the socket could not be made.
    const created = await proc.waitForLine(/Server unix socket created|Failed to bind command unix socket/, Math.max(0, deadline - Date.now()), `"Server unix socket created" (pipe ${socketPath})`);
    if (/Failed|fd=-1/.test(created)) throw proc.notReady(`its pipe ${socketPath}`, created);
    const sock = net.connect(socketPath);
    const outcome = await untilEvent<Error | true>((deliver) => {
      sock.once('connect', () => deliver(true));
      sock.once('error', (e) => deliver(e));
      return () => {};
    }, Math.max(0, deadline - Date.now()));
    if (outcome !== true) {
      sock.destroy();
      throw proc.notReady(`its pipe ${socketPath} accepting`, outcome ? outcome.message : 'no connection before the deadline');
    }
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => { this.received += d; this.onData?.(); });
    sock.on('error', (e) => proc.note(`pipe error: ${e.message}`));
    this.sock = sock;
  }

}

function need(value: string | undefined, message: string): string {
  if (!value) throw new Error(`linphone adapter: ${message}`);
  return value;
}
