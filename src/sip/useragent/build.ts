import { headerValue, headerValues, parseNameAddr, parseUri, type Header, type SipRequest, type SipResponse } from '../message';
import type { Address } from '../transport';

/** RFC 3261 §21: the reason phrases sipwright uses when a step gives only a code. */
const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 202: 'Accepted',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 407: 'Proxy Authentication Required', 415: 'Unsupported Media Type',
  420: 'Bad Extension', 421: 'Extension Required', 480: 'Temporarily Unavailable', 481: 'Call/Transaction Does Not Exist', 486: 'Busy Here',
  487: 'Request Terminated', 488: 'Not Acceptable Here', 489: 'Bad Event', 500: 'Server Internal Error',
  501: 'Not Implemented', 503: 'Service Unavailable', 603: 'Decline',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

/** RFC 3261 §8.2.6.2: a response copies Via, From, To, Call-ID and CSeq; the To gets the UAS tag. */
export function buildResponse(request: SipRequest, status: number, opts: { reason?: string; toTag?: string; headers?: Header[]; body?: Buffer } = {}): SipResponse {
  const copy = (name: string): Header[] => request.headers.filter((h) => h.name === name);
  let to = headerValue(request, 'to')!;
  if (opts.toTag && status > 100 && parseNameAddr(to).params.tag === undefined) to = `${to};tag=${opts.toTag}`;
  const headers: Header[] = [
    ...copy('via'),
    ...copy('record-route'),
    ...copy('from'),
    { name: 'to', value: to },
    ...copy('call-id'),
    ...copy('cseq'),
    ...(opts.headers ?? []),
  ];
  return { type: 'response', status, reason: opts.reason ?? reasonPhrase(status), version: 'SIP/2.0', headers, body: opts.body ?? Buffer.alloc(0) };
}

/** RFC 3261 §8.1.1: a request outside any dialog. */
export function buildRequest(method: string, uri: string, f: { via: string; from: string; to: string; callId: string; cseq: number; contact: string; headers?: Header[]; body?: Buffer }): SipRequest {
  const headers: Header[] = [
    { name: 'via', value: f.via },
    { name: 'max-forwards', value: '70' },
    { name: 'from', value: f.from },
    { name: 'to', value: f.to },
    { name: 'call-id', value: f.callId },
    { name: 'cseq', value: `${f.cseq} ${method}` },
    { name: 'contact', value: f.contact },
    ...(f.headers ?? []),
  ];
  return { type: 'request', method, uri, version: 'SIP/2.0', headers, body: f.body ?? Buffer.alloc(0) };
}

/**
 * The transport a URI asks for (RFC 3261 §19.1.2, §26.2.2; RFC 3263 §4.1): its `transport` parameter,
 * except that a sips URI over TCP (or unspecified) means TLS; UDP when nothing is said.
 */
export function transportOf(uri: string): string {
  const u = parseUri(uri);
  const named = typeof u.params.transport === 'string' ? u.params.transport.toLowerCase() : undefined;
  if (u.scheme === 'sips' && (named === undefined || named === 'tcp')) return 'tls';
  return named ?? 'udp';
}

/**
 * Where to send a request for a URI: loopback and literal addresses only (no RFC 3263 DNS here).
 * `maddr` overrides the host (§19.1.1); an explicit port wins; otherwise 5061 over TLS (a sips URI,
 * or `transport=tls`) and 5060 for the rest (§19.1.2).
 */
export function addressOf(uri: string): Address {
  const u = parseUri(uri);
  const named = typeof u.params.maddr === 'string' ? u.params.maddr : u.host;
  const host = named.startsWith('[') ? named.slice(1, -1) : named;
  return { host, port: u.port ?? (transportOf(uri) === 'tls' ? 5061 : 5060) };
}

/**
 * The next hop (§8.1.2, §12.2.1.1, §16.12): the first Route when it is a loose router (`lr`); with no
 * Route, or a strict first route (which §12.2.1.1 has already made the Request-URI), the Request-URI.
 */
export function nextHop(request: SipRequest): Address {
  const route = headerValues(request, 'route')[0];
  const first = route ? parseNameAddr(route).uri : undefined;
  return addressOf(first && parseUri(first).params.lr !== undefined ? first : request.uri);
}
