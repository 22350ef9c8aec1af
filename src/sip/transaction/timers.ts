/** RFC 3261 §17.1.1.1 timer base values; short values make self-tests fast, defaults suit real SUTs. */
export interface TimerConfig {
  T1: number;
  T2: number;
  T4: number;
  /**
   * Timer D (INVITE client, Completed, unreliable transports): RFC 3261 §17.1.1.2 says "at least
   * 32 seconds"; default 32000 ms. Self-tests may shorten it; it only absorbs retransmitted finals.
   */
  D?: number;
}

/** Timer D over an unreliable transport: the configured value, else max(32 s, 64·T1) (§17.1.1.2). */
export function timerD(t: TimerConfig): number {
  return t.D ?? Math.max(32000, 64 * t.T1);
}

export const RFC_TIMERS: TimerConfig = { T1: 500, T2: 4000, T4: 5000 };

/**
 * Named timers of one transaction. Every handle is tracked so that closing a stack
 * leaves no timer behind and the process can exit on its own.
 */
export class TimerSet {
  private handles = new Map<string, NodeJS.Timeout>();

  /** A zero duration (Timers D, I, J, K over reliable transports) fires at once. */
  set(name: string, ms: number, fire: () => void): void {
    this.clear(name);
    if (ms <= 0) return fire();
    this.handles.set(name, setTimeout(() => {
      this.handles.delete(name);
      fire();
    }, ms));
  }

  clear(name: string): void {
    const h = this.handles.get(name);
    if (h) clearTimeout(h);
    this.handles.delete(name);
  }

  clearAll(): void {
    for (const h of this.handles.values()) clearTimeout(h);
    this.handles.clear();
  }

  get size(): number {
    return this.handles.size;
  }
}
