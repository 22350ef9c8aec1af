/**
 * JsSIP or SIP.js in headless Debian chromium (playwright-core, never a downloaded browser) as the
 * SUT. The page app speaks SIP over WebSocket to a relay (relay.ts) whose UDP address is the SUT's
 * address on the wire; actions are page.evaluate calls into the app (apps/page.ts). Recipe and
 * flags: ../shared/research/real-suts.md; the apps' policies: docs/suts.md, "Browser SUTs".
 */
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { EnvironmentError, type Address, type TraceRecord } from '../../sip/transport';
import { UnsupportedAction, type Action, type ActionArgs, type AdapterContext, type EndpointAdapter } from '../adapter';
import { announced, probeOptions } from '../process';
import { UNSUPPORTED } from './apps/page';
import { bundle, servePage, type PageApp, type PageServer } from './bundle';
import { newContext } from './chromium';
import { SipWsRelay } from './relay';

export const CHROMIUM = '/usr/bin/chromium';

export interface BrowserOptions {
  /** The chromium executable (Debian's); CHROMIUM in the environment overrides the default. */
  executable?: string;
  startTimeoutMs?: number;
  /** How long an action may take in the page (waiting for the call it needs included). */
  actionTimeoutMs?: number;
}

const APPS: Record<PageApp, { name: string; title: string }> = {
  jssip: { name: 'jssip', title: 'sipwright JsSIP SUT' },
  sipjs: { name: 'sipjs', title: 'sipwright SIP.js SUT' },
};

type PageCall = 'answer' | 'call' | 'refer' | 'attended' | 'hold' | 'resume' | 'hangup';

export class BrowserAdapter implements EndpointAdapter {
  readonly name: string;
  readonly can: ReadonlySet<Action> = new Set<Action>(['answer', 'call', 'refer', 'attended-transfer', 'hold', 'resume', 'hangup']);
  product?: string;
  /** Milliseconds from start() until the page's UA answered OPTIONS through the relay. */
  startupMs?: number;
  private relay?: SipWsRelay;
  private server?: PageServer;
  private context?: BrowserContext;
  private page?: Page;
  /** Why the page is gone, once chromium reported its renderer crashed (actions then say so). */
  private crashed?: string;
  private user = 'bob';
  private lines: string[] = [];
  private starting?: Promise<void>;
  private stopped = false;
  private relayClosed?: Promise<void>;
  private readonly opts: Required<BrowserOptions>;

  constructor(readonly app: PageApp, opts: BrowserOptions = {}) {
    this.name = APPS[app].name;
    this.opts = { executable: process.env.CHROMIUM ?? CHROMIUM, startTimeoutMs: 50_000, actionTimeoutMs: 15_000, ...opts };
  }

  /**
   * A step may time out while chromium is still starting, and the world then stops the adapter:
   * stop() waits for the start to settle, and a start that learns it was stopped closes what it made.
   */
  start(ctx: AdapterContext): Promise<void> {
    this.starting = this.begin(ctx);
    return this.starting;
  }

  private async begin(ctx: AdapterContext): Promise<void> {
    const began = Date.now();
    const deadline = began + this.opts.startTimeoutMs;
    this.user = ctx.user;
    if (!existsSync(this.opts.executable)) {
      throw new EnvironmentError(`${this.name} did not start: chromium not found at ${this.opts.executable}; install the Debian package chromium (scripts/setup-debian.sh) or set CHROMIUM. sipwright never downloads a browser.`);
    }
    try {
      // A fresh context of the run's chromium (launched by the first adapter: 2-4.5 s idle, 8-15 s
      // on a loaded machine): the relay and page server start meanwhile.
      const launched = this.openPage(deadline);
      const served = (async () => {
        this.relay = await SipWsRelay.open(ctx.host);
        this.relay.onBrowserTrace((r) => this.traceLine(r));
        this.server = await servePage(ctx.host, APPS[this.app].title, await bundle(this.app));
      })();
      const [l, s] = await Promise.allSettled([launched, served]);
      for (const r of [l, s]) if (r.status === 'rejected') throw r.reason;
      this.checkStopped();
      this.note(`browser context and page ready after ${Date.now() - began} ms`);
      await this.open(deadline);
      this.note(`page app registered after ${Date.now() - began} ms`);
      this.checkStopped();
      await this.probe(ctx, deadline);
      this.startupMs = Date.now() - began;
      this.note(`ready in ${this.startupMs} ms at ${this.uri} (WebSocket ${this.relay!.wsUrl})`);
    } catch (err) {
      await this.teardown();
      throw err;
    }
  }

  private checkStopped(): void {
    if (this.stopped) throw new EnvironmentError(`${this.name} was stopped while it was starting`);
  }

  get uri(): string {
    const { host, port } = this.address;
    return `sip:${this.user}@${host}:${port}`;
  }

  get address(): Address {
    if (!this.relay) throw new Error(`${this.name} adapter used before start()`);
    return this.relay.address;
  }

  /** The page app's page while the adapter runs (tests crash it). */
  get currentPage(): Page | undefined {
    return this.page;
  }

  /** The page console, the relay's notes and the browser leg of the SIP trace, in order. */
  log(): string {
    return [...this.lines, ...(this.relay?.notes ?? []).map((n) => `[relay] ${n}`)].join('\n') + '\n';
  }

  /** The page app's calls, one line each (`incoming sip:alice@… confirmed`). */
  async calls(): Promise<string[]> {
    return this.page ? this.page.evaluate(() => window.sipwright.calls()) : [];
  }

  /** Resolves when one of the page app's calls matches `pattern` (e.g. /alice.* (confirmed|established)/), else rejects at the deadline. */
  async waitForCall(pattern: RegExp, timeoutMs: number): Promise<void> {
    if (!this.page) throw new Error(`${this.name} adapter used before start()`);
    await this.page.waitForFunction(([source, flags]) => window.sipwright.calls().some((c) => new RegExp(source, flags).test(c)), [pattern.source, pattern.flags] as const, { timeout: timeoutMs })
      .catch(async () => { throw new Error(`no call matching ${pattern} in the ${this.name} page within ${timeoutMs} ms; calls: ${(await this.calls()).join('; ') || 'none'}`); });
  }

  async act(action: Action, args: ActionArgs): Promise<void> {
    switch (action) {
      case 'answer': return this.call('answer', action, need(args.peer, 'answer needs the caller'));
      case 'call': return this.call('call', action, need(args.target, 'call needs a target'));
      case 'refer': return this.call('refer', action, need(args.peer, 'refer needs the transferee'), need(args.target, 'refer needs a target'));
      case 'attended-transfer': return this.call('attended', action, need(args.peer, 'attended transfer needs the transferee'), need(args.replacing, 'attended transfer needs the call it replaces'));
      case 'hold':
      case 'resume':
      case 'hangup': return this.call(action, action, need(args.peer ?? args.target, `${action} needs the peer`));
      default: throw new UnsupportedAction(this.name, action);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.starting?.catch(() => undefined);
    await this.teardown();
  }

  private async teardown(): Promise<void> {
    const context = this.context;
    this.context = undefined;
    this.page = undefined;
    // The context only: chromium serves the next scenario (closeChromium() ends it with the run).
    if (context) await withDeadline(context.close(), 5000).catch((e: Error) => this.note(`closing the browser context: ${e.message}`));
    await this.server?.close();
    this.server = undefined;
    this.relayClosed ??= this.relay?.close();
    await this.relayClosed;
  }

  /**
   * Calls window.sipwright[fn](...args) in the page; a rejection names the action and the app's
   * calls. An action the library cannot do (the app's message starts with UNSUPPORTED) is an
   * UnsupportedAction for `action`: the scenario is skipped with the app's reason.
   */
  private async call(fn: PageCall, action: Action, ...args: string[]): Promise<void> {
    if (!this.page) throw new Error(`${this.name} adapter used before start()`);
    this.note(`> ${fn} ${args.join(' ')}`);
    try {
      await this.page.evaluate(([f, a]) => (window.sipwright[f as PageCall] as (...x: string[]) => Promise<void>)(...(a as string[])), [fn, args] as const);
    } catch (err) {
      const unsupported = new RegExp(`${UNSUPPORTED}\\s*(.*)`).exec((err as Error).message.split('\n')[0]);
      if (unsupported) throw Object.assign(new UnsupportedAction(this.name, action), { message: `the ${this.name} adapter cannot perform "${action}": ${unsupported[1]}` });
      const why = this.crashed ? `its page crashed (${this.crashed})` : (err as Error).message.split('\n')[0];
      throw new Error(`${this.name} page app could not ${fn} ${args.join(' ')}: ${why}`);
    }
  }

  /** A fresh context and page of the run's chromium: no storage, permission or connection of another scenario. */
  private async openPage(deadline: number): Promise<void> {
    this.context = await newContext(this.opts.executable, deadline);
    const page = await this.context.newPage();
    page.on('console', (m) => this.lines.push(`[console.${m.type()}] ${plain(m.text())}`));
    page.on('pageerror', (e) => this.lines.push(`[pageerror] ${e.message}`));
    page.on('crash', () => {
      this.crashed = `at ${new Date().toISOString()}`;
      this.note(`the page crashed ${this.crashed}: this scenario's SUT is gone; the next scenario gets a new page`);
    });
    this.page = page;
  }

  /** Loads the page app, which connects to the relay and registers; `ready` once registered. */
  private async open(deadline: number): Promise<void> {
    const page = this.page!;
    const { host, port } = this.server!.address;
    const q = new URLSearchParams({ ws: this.relay!.wsUrl, uri: this.uri, wait: String(this.opts.actionTimeoutMs) });
    await page.goto(`http://${host}:${port}/?${q}`, { timeout: Math.max(1, deadline - Date.now()) });
    const state = await page.waitForFunction(() => window.sipwright && (window.sipwright.ready || window.sipwright.error) ? { ready: window.sipwright.ready, error: window.sipwright.error, product: window.sipwright.product } : undefined,
      undefined, { timeout: Math.max(1, deadline - Date.now()) }).then((h) => h.jsonValue()).catch(() => undefined);
    if (!state?.ready) throw this.notReady(`the page app connected to ${this.relay!.wsUrl}`, state?.error ?? 'no WebSocket connection before the deadline');
    this.product = state.product;
  }

  /** An OPTIONS through the relay proves the whole path (UDP, relay, WebSocket, library) answers. */
  private async probe(ctx: AdapterContext, deadline: number): Promise<void> {
    const { response } = await probeOptions(this.uri, { host: ctx.host, timers: ctx.timers, timeoutMs: Math.max(1, deadline - Date.now()) });
    if (!response) throw this.notReady(`SIP answering OPTIONS at ${this.uri}`, 'no response through the relay before the deadline');
    this.product = announced(response) ?? this.product;
  }

  private notReady(what: string, why: string): EnvironmentError {
    return new EnvironmentError(`${this.name} did not start: ${what}: ${why}\n--- last lines of its log ---\n${this.log().trimEnd().split('\n').slice(-15).join('\n')}`);
  }

  private note(text: string): void {
    this.lines.push(`[sipwright] ${text}`);
  }

  private traceLine(r: TraceRecord): void {
    const arrow = r.direction === 'in' ? `${r.src.host}:${r.src.port} -> relay` : `relay -> ${r.dst.host}:${r.dst.port}`;
    this.lines.push(`[ws ${r.direction}] ${new Date(r.time).toISOString()} ${arrow}\n${r.bytes.toString('utf8').trimEnd()}\n`);
  }
}

/** The debug library's CSS colour arguments (`%c`, `color: …`) say nothing in a text log. */
function plain(text: string): string {
  return text.replace(/%c/g, '').replace(/\s*color: (?:#[0-9A-Fa-f]+|inherit)/g, '');
}

function need(value: string | undefined, message: string): string {
  if (!value) throw new Error(`browser adapter: ${message}`);
  return value;
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
