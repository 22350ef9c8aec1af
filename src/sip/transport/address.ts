import { isIP } from 'node:net';
import type { Address } from './trace';

/** A host without IPv6 brackets and without the IPv4-mapped prefix a dual-stack socket reports. */
export function bareHost(host: string): string {
  const h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return h.toLowerCase().startsWith('::ffff:') && isIP(h.slice(7)) === 4 ? h.slice(7) : h.toLowerCase();
}

/** One key per peer address, whatever spelling of the host was used. */
export function addressKey(a: Address): string {
  return `${bareHost(a.host)}|${a.port}`;
}

/** host as it appears in a URI or Via sent-by: IPv6 references in brackets (RFC 3261 §25.1). */
export function hostReference(host: string): string {
  const h = bareHost(host);
  return isIP(h) === 6 ? `[${h}]` : h;
}

export function sameHost(a: string, b: string): boolean {
  return bareHost(a) === bareHost(b);
}
