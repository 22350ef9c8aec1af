/**
 * baresip 1.0.0 (Debian baresip-core) as the SUT, driven through its ctrl_tcp module: JSON commands
 * and events framed as netstrings on one TCP connection. Recipe: ../shared/research/real-suts.md.
 */
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { EnvironmentError, type Address } from '../sip/transport';
import { UnsupportedAction, type Action, type ActionArgs, type AdapterContext, type EndpointAdapter } from './adapter';
import { untilEvent } from './deadline';
import { announced, aor, findExecutable, freePort, ManagedProcess, probeOptions, removeDir, tempDir } from './process';

export interface BaresipOptions {
  /** Deadline for the process to be ready (log line, ctrl_tcp accepting, SIP answering OPTIONS). */
  startTimeoutMs?: number;
  /** Passed as `-t`: baresip quits by itself after this long, whatever happens to us. */
  lifetimeSeconds?: number;
  /** `-s`: baresip writes its own SIP trace into the log kept as evidence. */
  sipTrace?: boolean;
  /** How long a ctrl_tcp command may take to be answered. */
  commandTimeoutMs?: number;
  /**
   * `sip_certificate`: a PEM file with certificate and key. baresip then also listens on TLS, at the
   * SIP port + 1 (it always listens on UDP and TCP at the SIP port).
   */
  certificate?: string;
}

/** A ctrl_tcp event (class "call", type CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED, TRANSFER_FAILED…). */
export interface BaresipEvent {
  class?: string;
  type?: string;
  id?: string;
  peeruri?: string;
  direction?: string;
  param?: string;
  [key: string]: unknown;
}

interface CtrlResponse { ok: boolean; data: string; token: string }

function config(sip: Address, ctrl: Address, certificate?: string): string {
  return [
    `net_interface\t${sip.host}`, // an address: "lo" gives "could not get IPv4 address"
    `sip_listen\t${sip.host}:${sip.port}`,
    ...(certificate ? [`sip_certificate\t${certificate}`] : []),
    'audio_player\taubridge,nil', 'audio_source\taubridge,nil', 'audio_alert\taubridge,nil',
    'module_path\t/usr/lib/baresip/modules',
    'module\tg711.so', 'module\taubridge.so', 'module\tctrl_tcp.so',
    'module_tmp\tuuid.so', 'module_tmp\taccount.so',
    // menu places the call that follows an incoming REFER and owns "transfer"; no stdio.so (blocks on stdin)
    'module_app\tmenu.so',
    `ctrl_tcp_listen\t${ctrl.host}:${ctrl.port}`,
    '',
  ].join('\n');
}

/** baresip 1.0.0: user agent in transferee / transferor / target roles; no attended transfer command. */
export class BaresipAdapter implements EndpointAdapter {
  readonly name = 'baresip';
  readonly can: ReadonlySet<Action> = new Set<Action>(['answer', 'call', 'refer', 'hold', 'resume', 'hangup']);
  product?: string;
  /** Every ctrl_tcp event so far, oldest first. */
  readonly events: BaresipEvent[] = [];
  /** Milliseconds from spawn until ready (process, ctrl_tcp and SIP), for the record. */
  startupMs?: number;
  private proc?: ManagedProcess;
  private dir?: string;
  private ctrl?: net.Socket;
  private sip?: Address;
  private user = 'bob';
  private buffer = Buffer.alloc(0);
  private pending = new Map<string, (r: CtrlResponse) => void>();
  private eventListeners = new Set<(e: BaresipEvent) => void>();
  private tokens = 0;
  private readonly opts: Required<BaresipOptions>;

  constructor(opts: BaresipOptions = {}) {
    this.opts = { startTimeoutMs: 5000, lifetimeSeconds: 3600, sipTrace: true, commandTimeoutMs: 3000, certificate: '', ...opts };
  }

  async start(ctx: AdapterContext): Promise<void> {
    const exe = findExecutable('baresip', 'baresip-core');
    this.user = ctx.user;
    this.dir = tempDir('baresip');
    const began = Date.now();
    try {
      for (let attempt = 1; ; attempt++) {
        const busy = await this.launch(exe, ctx, began + this.opts.startTimeoutMs);
        if (!busy) break;
        // Another process took a port between our check and baresip's bind: new ports, again.
        if (attempt === 3) throw this.proc!.notReady('binding its ports', 'address already in use three times');
      }
      await this.connectCtrl(began + this.opts.startTimeoutMs);
      await this.probe(ctx, began + this.opts.startTimeoutMs);
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
    if (!this.sip) throw new Error('baresip adapter used before start()');
    return this.sip;
  }

  /** Where it answers over `transport`: UDP and TCP at the SIP port, TLS at the next one (with `certificate`). */
  uriOver(transport: 'udp' | 'tcp' | 'tls'): string {
    const { host, port } = this.address;
    if (transport === 'tls' && !this.opts.certificate) throw new Error('baresip listens on TLS only with a certificate (BaresipOptions.certificate)');
    return transport === 'udp' ? this.uri : `sip:${this.user}@${host}:${transport === 'tls' ? port + 1 : port};transport=${transport}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get tempDir(): string | undefined {
    return this.dir;
  }

  /** Where its ctrl_tcp listens (it accepts more than one connection: a watcher may attach). */
  get ctrlAddress(): Address | undefined {
    return this.ctrl ? this.ctrlAt : undefined;
  }

  /** baresip's stdout and stderr (its SIP trace with `-s`) and the ctrl_tcp commands we sent. */
  log(): string {
    return this.proc?.log() ?? '';
  }

  /** The first event (past or to come) matching `match`, or undefined at the deadline. */
  async event(match: (e: BaresipEvent) => boolean, timeoutMs: number): Promise<BaresipEvent | undefined> {
    return this.events.find(match) ?? untilEvent<BaresipEvent>((deliver) => {
      const l = (e: BaresipEvent): void => { if (match(e)) deliver(e); };
      this.eventListeners.add(l);
      return () => this.eventListeners.delete(l);
    }, timeoutMs);
  }

  async act(action: Action, args: ActionArgs): Promise<void> {
    switch (action) {
      // answermode=auto: baresip answers every call by itself.
      case 'answer': return;
      case 'call': return void (await this.command('dial', required(args.target, 'call needs a target')));
      case 'refer':
        await this.select(args.peer);
        return void (await this.command('transfer', required(args.target, 'refer needs a target')));
      case 'hold':
      case 'resume':
      case 'hangup':
        await this.select(args.peer ?? args.target, action !== 'hangup');
        return void (await this.command(action, ''));
      default: throw new UnsupportedAction(this.name, action);
    }
  }

  async stop(): Promise<void> {
    this.ctrl?.destroy();
    this.ctrl = undefined;
    await this.proc?.stop();
    for (const resolve of this.pending.values()) resolve({ ok: false, data: 'baresip stopped', token: '' });
    this.pending.clear();
    if (this.dir) removeDir(this.dir);
    this.dir = undefined;
  }

  /** Sends one ctrl_tcp command and returns its data; ok:false is an Error naming command and reply. */
  async command(command: string, params: string): Promise<string> {
    if (!this.ctrl) throw new Error('baresip adapter used before start()');
    const token = `sw${++this.tokens}`;
    const json = Buffer.from(JSON.stringify({ command, params, token }));
    this.proc?.note(`ctrl_tcp > ${command} ${params}`);
    const reply = await untilEvent<CtrlResponse>((deliver) => {
      this.pending.set(token, deliver);
      this.ctrl!.write(Buffer.concat([Buffer.from(`${json.length}:`), json, Buffer.from(',')]));
      return () => this.pending.delete(token);
    }, this.opts.commandTimeoutMs);
    if (!reply) throw new EnvironmentError(`baresip did not answer ctrl_tcp command "${command} ${params}" within ${this.opts.commandTimeoutMs} ms`);
    if (!reply.ok) throw new Error(`baresip refused "${command} ${params}": ${reply.data}`);
    return reply.data;
  }

  /**
   * Makes the call with `peer` baresip's current call (menu commands act on the current call).
   * Its ctrl_tcp events may lag the SIP exchange the step already saw (the peer got the ACK before
   * baresip reported CALL_ESTABLISHED), so this waits for the event, up to the command deadline.
   * `established` false (hang up) takes a call still ringing too.
   */
  private async select(peer: string | undefined, established = true): Promise<void> {
    if (!peer) return;
    const live = (e: BaresipEvent): boolean => e.class === 'call' && !!e.id && !!e.peeruri && aor(e.peeruri) === aor(peer)
      && (!established || e.type === 'CALL_ESTABLISHED') && !this.events.some((c) => c.type === 'CALL_CLOSED' && c.id === e.id);
    const call = [...this.events].reverse().find(live) ?? await this.event(live, this.opts.commandTimeoutMs);
    if (!call) {
      const calls = this.events.filter((e) => e.peeruri).map((e) => `${e.id} ${e.peeruri} ${e.type}`).join('; ') || 'none';
      throw new Error(`baresip has no ${established ? 'established ' : ''}call with ${peer} after ${this.opts.commandTimeoutMs} ms; its call events: ${calls}`);
    }
    await this.command('callfind', String(call.id));
  }

  /** Starts baresip on fresh ports; true if a port was taken meanwhile (the caller retries). */
  private async launch(exe: string, ctx: AdapterContext, deadline: number): Promise<boolean> {
    await this.proc?.stop();
    const host = ctx.host;
    this.sip = { host, port: await freePort(host) };
    const ctrl = { host, port: await freePort(host) };
    this.ctrlAt = ctrl;
    writeFileSync(path.join(this.dir!, 'config'), config(this.sip, ctrl, this.opts.certificate || undefined));
    writeFileSync(path.join(this.dir!, 'accounts'), `<sip:${ctx.user}@${host}:${this.sip.port}>;regint=0;answermode=auto;audio_codecs=pcmu\n`);
    const args = ['-f', this.dir!, '-t', String(this.opts.lifetimeSeconds), ...(this.opts.sipTrace ? ['-s'] : [])];
    this.proc = ManagedProcess.spawn(exe, args, { name: 'baresip', cwd: this.dir });
    try {
      await this.proc.waitForLine(/baresip is ready/, Math.max(0, deadline - Date.now()), 'no "baresip is ready." in its log');
      return false;
    } catch (err) {
      if (/in use/i.test(this.proc.log())) return true;
      throw err;
    }
  }

  private ctrlAt?: Address;

  private async connectCtrl(deadline: number): Promise<void> {
    const { host, port } = this.ctrlAt!;
    const socket = net.connect({ host, port });
    const outcome = await untilEvent<Error | true>((deliver) => {
      socket.once('connect', () => deliver(true));
      socket.once('error', (e) => deliver(e));
      return () => {};
    }, Math.max(0, deadline - Date.now()));
    if (outcome !== true) {
      socket.destroy();
      throw this.proc!.notReady(`ctrl_tcp accepting on ${host}:${port}`, outcome ? outcome.message : 'no connection before the deadline');
    }
    socket.on('data', (d: Buffer) => this.receive(d));
    socket.on('error', (e) => this.proc?.note(`ctrl_tcp error: ${e.message}`));
    this.ctrl = socket;
  }

  private async probe(ctx: AdapterContext, deadline: number): Promise<void> {
    const { response } = await probeOptions(this.uri, { host: ctx.host, timers: ctx.timers, timeoutMs: Math.max(1, deadline - Date.now()) });
    if (!response) throw this.proc!.notReady(`SIP answering OPTIONS at ${this.uri}`, 'no response before the deadline');
    const banner = /baresip v(\S+)/.exec(this.log());
    this.product = announced(response) ?? (banner ? `baresip v${banner[1]}` : undefined);
  }

  /** Netstrings: `<len>:<json>,` — responses resolve their command by token, events are kept. */
  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const len = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + len + 1) return;
      const text = this.buffer.subarray(colon + 1, colon + 1 + len).toString('utf8');
      this.buffer = this.buffer.subarray(colon + 1 + len + 1);
      this.dispatch(text);
    }
  }

  private dispatch(text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return void this.proc?.note(`ctrl_tcp: unparsable ${text}`);
    }
    if (msg.response) {
      const resolve = this.pending.get(String(msg.token));
      this.proc?.note(`ctrl_tcp < ${text}`);
      return void resolve?.({ ok: msg.ok === true, data: String(msg.data ?? ''), token: String(msg.token) });
    }
    if (msg.event) {
      this.proc?.note(`ctrl_tcp event ${text}`);
      const event = msg as BaresipEvent;
      this.events.push(event);
      for (const l of [...this.eventListeners]) l(event);
    }
  }
}

function required(value: string | undefined, message: string): string {
  if (!value) throw new Error(`baresip adapter: ${message}`);
  return value;
}
