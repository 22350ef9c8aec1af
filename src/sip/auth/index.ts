// Digest authentication (RFC 3261 §22, RFC 2617, RFC 7616, RFC 8760): below the user agent,
// above the message layer. Passwords live in Secret and never reach a log or a trace.
export { Secret } from './secret';
export type { DigestCredentials } from './secret';
export { digestResponse, ALGORITHMS } from './digest';
export type { DigestAlgorithm, DigestInput } from './digest';
export { DigestClient, digestChallenges } from './client';
export { DigestServer } from './server';
export type { DigestServerOptions, Verdict } from './server';
