/**
 * Waits for `event` to deliver a value, or gives up at the deadline (or when `signal` aborts) with `undefined`.
 * The one waiting primitive of sipwright: event-driven, always bounded, never a fixed sleep.
 */
export function untilEvent<T>(subscribe: (deliver: (value: T) => void) => () => void, timeoutMs: number, signal?: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve) => {
    let unsubscribe: () => void = () => {};
    const end = (value: T | undefined): void => {
      clearTimeout(timer);
      unsubscribe();
      signal?.removeEventListener('abort', abort);
      resolve(value);
    };
    const abort = (): void => end(undefined);
    const timer = setTimeout(abort, timeoutMs);
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort);
    unsubscribe = subscribe(end);
  });
}
