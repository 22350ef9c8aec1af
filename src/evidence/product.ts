/** The SUT's name and version as it announces itself: User-Agent (requests) or Server (responses), RFC 3261 §20.41, §20.35. */
import type { Address, TraceRecord } from '../sip/transport/trace';
import { sipHead } from './sip-head';

/** The first User-Agent or Server value in a message the SUT sent. */
export function announcedProduct(records: readonly TraceRecord[], isSut: (addr: Address) => boolean): string | undefined {
  for (const r of records) {
    if (!isSut(r.src)) continue;
    const h = sipHead(r.bytes);
    const value = h.header(h.kind === 'response' ? 'server' : 'user-agent') ?? h.header('user-agent') ?? h.header('server');
    if (value) return value;
  }
  return undefined;
}

/** "Acme-PBX/7.1.2 (build 5) libre/3.1" → { name: "Acme-PBX", version: "7.1.2" } (first product token). */
export function splitProduct(value: string): { name: string; version?: string } {
  const m = /^\s*([^\s/()]+)(?:\/([^\s()]+))?/.exec(value);
  if (!m) return { name: value.trim() };
  return m[2] ? { name: m[1]!, version: m[2] } : { name: m[1]! };
}
