import { createHash, randomBytes } from 'node:crypto';
import { reveal, type Secret } from './secret';

/** RFC 7616 §3.2 / RFC 8760 §2.2: the algorithms sipwright speaks, strongest first. */
export type DigestAlgorithm = 'SHA-256' | 'SHA-256-sess' | 'MD5' | 'MD5-sess';
export const ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'SHA-256-sess', 'MD5', 'MD5-sess'];

export interface DigestInput {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: Secret;
  method: string;
  uri: string;
  nonce: string;
  /** "auth", or undefined for the RFC 2069 compatibility form (RFC 2617 §3.2.2.1). */
  qop?: 'auth';
  nc?: string;
  cnonce?: string;
}

export function isAlgorithm(a: string): a is DigestAlgorithm {
  return (ALGORITHMS as readonly string[]).includes(a);
}

function hash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5').update(data, 'utf8').digest('hex');
}

/**
 * RFC 7616 §3.4.1 (RFC 2617 §3.2.2.1): response = KD(H(A1), nonce:nc:cnonce:qop:H(A2)) with
 * A1 = username:realm:password (for -sess, H(that):nonce:cnonce) and A2 = method:digest-uri.
 * Without qop, response = KD(H(A1), nonce:H(A2)).
 */
export function digestResponse(d: DigestInput): string {
  let ha1 = hash(d.algorithm, `${d.username}:${d.realm}:${reveal(d.password)}`);
  if (d.algorithm.endsWith('-sess')) ha1 = hash(d.algorithm, `${ha1}:${d.nonce}:${d.cnonce ?? ''}`);
  const ha2 = hash(d.algorithm, `${d.method}:${d.uri}`);
  const middle = d.qop ? `${d.nonce}:${d.nc}:${d.cnonce}:${d.qop}` : d.nonce;
  return hash(d.algorithm, `${ha1}:${middle}:${ha2}`);
}

export function newCnonce(): string {
  return randomBytes(12).toString('base64url');
}

/** nc: the request count for a nonce, 8 hex digits (RFC 7616 §3.4). */
export function formatNc(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** A quoted-string for an auth-param (RFC 3261 §25.1): backslash and quote escaped. */
export function quote(v: string): string {
  return `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
