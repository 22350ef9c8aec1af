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
