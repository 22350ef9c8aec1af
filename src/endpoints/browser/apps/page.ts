/**
 * What both page apps share: the configuration the adapter puts in the page URL, the API it calls
 * through page.evaluate (window.sipwright), and a list of calls that actions wait on — each wait
 * ends on a change of the list or at a deadline, never after a fixed pause.
 */

/** The actions the adapter asks for; every one resolves once the library has been told. */
export interface PageApi {
  ready: boolean;
  /** Why the app could not start (the adapter reports it). */
  error?: string;
  product: string;
  answer(peer: string): Promise<void>;
  call(target: string): Promise<void>;
  refer(peer: string, target: string): Promise<void>;
  attended(peer: string, replacing: string): Promise<void>;
  hold(peer: string): Promise<void>;
  resume(peer: string): Promise<void>;
  hangup(peer: string): Promise<void>;
  /** One line per call, for diagnostics. */
  calls(): string[];
}

declare global {
  interface Window { sipwright: PageApi }
}

export interface PageConfig {
  /** ws:// URL of the relay. */
  ws: string;
  /** The UA's own SIP URI (the relay's UDP address, the party's user). */
  uri: string;
  /** How long an action waits for the call it needs. */
  waitMs: number;
}

export function pageConfig(): PageConfig {
  const q = new URLSearchParams(location.search);
  return { ws: q.get('ws') ?? '', uri: q.get('uri') ?? '', waitMs: Number(q.get('wait') ?? 5000) };
}

/** Starts the message of an action the library cannot do: the adapter turns it into UnsupportedAction (a skip). */
export const UNSUPPORTED = 'unsupported:';

/** Console lines go to the adapter's log (page.on('console')). */
export function log(text: string): void {
  console.log(`[app] ${text}`);
}

/** user@host:port of a SIP URI or name-addr (port 5060 when absent), to match a peer. */
export function aor(uri: string): string {
  const m = /sips?:(?:([^@;?>]*)@)?(\[[^\]]+\]|[^:;?>]+)(?::(\d+))?/.exec(uri);
  if (!m) return uri;
  return `${m[1] ?? ''}@${m[2]!.toLowerCase()}:${m[3] ?? '5060'}`;
}

export interface CallEntry<S> {
  session: S;
  /** The remote party's URI (From of an incoming call, the target of an outgoing one). */
  peer: string;
  direction: 'incoming' | 'outgoing';
  state: string;
}

/** The app's calls; `until` resolves when a predicate holds after any change, or rejects at the deadline. */
export class CallList<S> {
  readonly entries: CallEntry<S>[] = [];
  private waiters = new Set<() => void>();

  add(entry: CallEntry<S>): CallEntry<S> {
    this.entries.push(entry);
    log(`call ${entry.direction} ${entry.peer}: ${entry.state}`);
    this.changed();
    return entry;
  }

  set(entry: CallEntry<S>, state: string): void {
    entry.state = state;
    log(`call ${entry.direction} ${entry.peer}: ${state}`);
    this.changed();
  }

  /** The newest live call with `peer`. */
  with(peer: string): CallEntry<S> | undefined {
    return [...this.entries].reverse().find((e) => aor(e.peer) === aor(peer) && !/terminated|failed|ended/.test(e.state));
  }

  until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const v = probe();
        if (v === undefined) return;
        done();
        resolve(v);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what} within ${timeoutMs} ms; calls: ${this.describe().join('; ') || 'none'}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  /** A live call with `peer`, waiting for it to appear. */
  need(peer: string, timeoutMs: number): Promise<CallEntry<S>> {
    return this.until(() => this.with(peer), timeoutMs, `no call with ${peer}`);
  }

  /**
   * A live call with `peer` that the library has answered (its 2xx sent): "answer" returns only
   * then, so the caller's deadline for the 2xx does not include chromium's getUserMedia and ICE.
   */
  answered(peer: string, timeoutMs: number): Promise<CallEntry<S>> {
    return this.until(() => {
      const e = this.with(peer);
      return e && /^(accepted|confirmed|established|hold|unhold)$/.test(e.state) ? e : undefined;
    }, timeoutMs, `no answered call with ${peer}`);
  }

  describe(): string[] {
    return this.entries.map((e) => `${e.direction} ${e.peer} ${e.state}`);
  }

  private changed(): void {
    for (const w of [...this.waiters]) w();
  }
}
