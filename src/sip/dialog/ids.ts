import { randomBytes } from 'node:crypto';

/** RFC 3261 §19.3: tags and Call-IDs need only be globally unique and random enough. */
export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export function newCallId(host: string): string {
  return `${randomBytes(9).toString('hex')}@${host}`;
}

/** RFC 3261 §8.1.1.7: branches begin with the magic cookie z9hG4bK. */
export function newBranch(): string {
  return `z9hG4bK${randomBytes(8).toString('hex')}`;
}
