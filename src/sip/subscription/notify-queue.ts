/** Sends one NOTIFY and calls `done` when its transaction has a final response or timed out. */
export type NotifySend = (done: () => void) => void;

/**
 * One NOTIFY at a time per subscription: the next leaves only when the previous has a final
 * response. Under loss this keeps NOTIFYs in CSeq order at the subscriber, which would otherwise
 * answer a late, lower CSeq with 500 (RFC 3261 §12.2.2).
 */
export class NotifyQueue {
  private waiting: NotifySend[] = [];
  private busy = false;

  push(send: NotifySend): void {
    this.waiting.push(send);
    if (!this.busy) this.next();
  }

  get pending(): number {
    return this.waiting.length + (this.busy ? 1 : 0);
  }

  private next(): void {
    const send = this.waiting.shift();
    this.busy = send !== undefined;
    if (!send) return;
    let finished = false;
    send(() => {
      if (finished) return;
      finished = true;
      this.next();
    });
  }
}
