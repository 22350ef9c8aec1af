/** An environment fault (port busy, nothing listening…), kept apart from conformance verdicts. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
