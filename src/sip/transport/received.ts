import { formatVia, headerValues, parseVia, type SipRequest, type Via } from '../message';
import { bareHost, sameHost } from './address';
import type { Address } from './trace';

/**
 * RFC 3261 §18.2.1: a server transport adds `received` to the top Via when the sent-by host is a
 * name or differs from the packet's source address; RFC 3581 §4: an `rport` without a value gets
 * the source port, and then `received` is added even when the hosts agree.
 */
export function stampReceived(request: SipRequest, src: Address): void {
  const vias = headerValues(request, 'via');
  if (vias.length === 0) return;
  let top: Via;
  try {
    top = parseVia(vias[0]);
  } catch {
    return; // an unparseable Via is the transaction layer's and the TU's concern (§8.2)
  }
  const wantsRport = top.params.rport === true;
  if (!wantsRport && sameHost(top.host, src.host)) return;
  top.params = { ...top.params, received: bareHost(src.host) };
  if (wantsRport) top.params.rport = String(src.port);
  replaceTopVia(request, formatVia(top), vias);
}

function replaceTopVia(request: SipRequest, value: string, vias: string[]): void {
  const first = request.headers.findIndex((h) => h.name === 'via');
  if (request.headers[first].value.trim() === vias[0].trim()) {
    request.headers[first] = { name: 'via', value };
    return;
  }
  // The first Via line is a comma list: one line per value, in order, in its place.
  const rest = request.headers.filter((h, i) => h.name !== 'via' || i < first);
  const lines = [value, ...vias.slice(1)].map((v) => ({ name: 'via', value: v }));
  rest.splice(first, 0, ...lines);
  request.headers = rest;
}

/**
 * RFC 3261 §18.2.2 with RFC 3581 §4: where a response goes over an unreliable transport —
 * maddr if present, else the `received` address at the `rport` port, else the sent-by port (5060).
 * Over a reliable transport it goes back on the connection the request came on (`src`).
 */
export function responseDestination(request: SipRequest, src: Address, reliable: boolean): Address {
  if (reliable) return src;
  const v = headerValues(request, 'via')[0];
  if (!v) return src;
  let top: Via;
  try {
    top = parseVia(v);
  } catch {
    return src;
  }
  const p = top.params;
  if (typeof p.maddr === 'string') return { host: bareHost(p.maddr), port: top.port ?? 5060 };
  const host = typeof p.received === 'string' ? p.received : bareHost(top.host);
  const port = typeof p.rport === 'string' ? Number(p.rport) : top.port ?? 5060;
  return { host: bareHost(host), port };
}
