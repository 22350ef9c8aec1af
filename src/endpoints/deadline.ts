/**
 * Waits for `event` to deliver a value, or gives up at the deadline with `undefined`.
 * The one waiting primitive of sipwright: event-driven, always bounded, never a fixed sleep.
 */
export function untilEvent<T>(subscribe: (deliver: (value: T) => void) => () => void, timeoutMs: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    let unsubscribe: () => void = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(undefined);
    }, timeoutMs);
    unsubscribe = subscribe((value) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}
