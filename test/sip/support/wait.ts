/** Resolves when `check()` holds, re-checked on every `poke()`; rejects after `ms` (no fixed sleeps). */
export class Condition {
  private resolve?: () => void;
  constructor(private check: () => boolean) {}

  poke(): void {
    if (this.resolve && this.check()) this.resolve();
  }

  wait(ms: number, what: string): Promise<void> {
    if (this.check()) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      new Promise<void>((r) => { this.resolve = r; }),
      new Promise<void>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms); }),
    ]).finally(() => clearTimeout(timer));
  }
}

/** Re-checks `check` on every turn of the event loop until it holds; rejects after `ms`. */
export function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  return new Promise((resolve, reject) => {
    const again = (): void => {
      if (check()) return resolve();
      if (performance.now() > deadline) return reject(new Error(`${what}: not done within ${ms} ms`));
      setImmediate(again);
    };
    again();
  });
}
