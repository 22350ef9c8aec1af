import { inspect } from 'node:util';

const values = new WeakMap<Secret, string>();

/**
 * A password that never shows itself: String(), JSON, util.inspect and template literals all give
 * "[redacted]", so a credential cannot reach a log, a trace or a report by accident. Only the digest
 * computation reads it, through `reveal`.
 */
export class Secret {
  constructor(value: string) {
    values.set(this, value);
  }

  toString(): string { return '[redacted]'; }
  toJSON(): string { return '[redacted]'; }
  [inspect.custom](): string { return 'Secret([redacted])'; }
}

/** The secret's value; for the digest computation only. */
export function reveal(s: Secret): string {
  return values.get(s) ?? '';
}

/** A user's credentials for one realm (or any realm when `realm` is absent). */
export interface DigestCredentials {
  username: string;
  password: Secret;
  realm?: string;
}
