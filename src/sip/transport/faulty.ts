import type { SipMessage } from '../message';
import type { Address, TraceHook } from './trace';
import type { InboundHandler, MalformedHandler, Transport, TransportErrorHook } from './transport';

/** Probabilities in [0, 1] of each fault, drawn per message from a seeded generator. */
export interface FaultOptions {
  seed: number;
  drop?: number;
  duplicate?: number;
  /** Delay a message by a uniform draw in [minMs, maxMs]. */
  delay?: { probability: number; minMs: number; maxMs: number };
  /** Hold a message back until the next one has passed (or `holdMs` elapsed). */
  reorder?: number;
  holdMs?: number;
  /** Which way faults apply: messages sent ('out', default), received ('in'), or both. */
  direction?: 'out' | 'in' | 'both';
}

export interface FaultStats {
  passed: number;
  dropped: number;
  duplicated: number;
  delayed: number;
  reordered: number;
}

/** mulberry32: a small seeded generator, so a failing loss run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fault injector around any transport, for tests: drops, duplicates, delays and reorders whole
 * messages. Faults on sent messages happen before the wire (a dropped message is never traced);
 * faults on received ones after the inner transport has traced them.
 */
export class FaultyTransport implements Transport {
  readonly stats: FaultStats = { passed: 0, dropped: 0, duplicated: 0, delayed: 0, reordered: 0 };
  private random: () => number;
  private timers = new Set<NodeJS.Timeout>();
  private held: { out?: () => void; in?: () => void } = {};
  private closed = false;

  constructor(readonly inner: Transport, private opts: FaultOptions) {
    this.random = seededRandom(opts.seed);
  }

  get name(): Transport['name'] { return this.inner.name; }
  get reliable(): boolean { return this.inner.reliable; }
  get local(): Address { return this.inner.local; }

  send(message: SipMessage | Buffer, dst: Address): void {
    this.apply('out', () => this.inner.send(message, dst));
  }

  onMessage(handler: InboundHandler): void {
    this.inner.onMessage((m, src, record) => this.apply('in', () => handler(m, src, record)));
  }

  onMalformed(handler: MalformedHandler): void { this.inner.onMalformed(handler); }
  onTrace(hook: TraceHook): void { this.inner.onTrace(hook); }
  onTransportError(hook: TransportErrorHook): void { this.inner.onTransportError?.(hook); }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.held = {};
    await this.inner.close();
  }

  private applies(way: 'out' | 'in'): boolean {
    const d = this.opts.direction ?? 'out';
    return d === 'both' || d === way;
  }

  private apply(way: 'out' | 'in', deliver: () => void): void {
    if (this.closed) return;
    if (!this.applies(way)) return deliver();
    const o = this.opts;
    if (this.chance(o.drop)) return void this.stats.dropped++;
    if (this.chance(o.reorder) && !this.held[way]) return this.hold(way, deliver);
    const release = this.held[way];
    this.held[way] = undefined;
    if (o.delay && this.chance(o.delay.probability)) this.later(deliver, o.delay.minMs + this.random() * (o.delay.maxMs - o.delay.minMs));
    else this.pass(deliver);
    if (this.chance(o.duplicate)) {
      this.stats.duplicated++;
      deliver();
    }
    release?.();
  }

  private hold(way: 'out' | 'in', deliver: () => void): void {
    this.stats.reordered++;
    let done = false;
    const release = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.timers.delete(timer);
      if (this.held[way] === release) this.held[way] = undefined;
      if (!this.closed) this.pass(deliver);
    };
    const timer = setTimeout(release, this.opts.holdMs ?? 50);
    this.timers.add(timer);
    this.held[way] = release;
  }

  private later(deliver: () => void, ms: number): void {
    this.stats.delayed++;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) this.pass(deliver);
    }, ms);
    this.timers.add(t);
  }

  private pass(deliver: () => void): void {
    this.stats.passed++;
    deliver();
  }

  private chance(p: number | undefined): boolean {
    return p !== undefined && p > 0 && this.random() < p;
  }
}
