import { headerValue, headerValues, parseNameAddr, parseUri, type Header, type SipRequest, type SipResponse } from '../message';
import type { Address } from '../transport';

/** RFC 3261 §21: the reason phrases sipwright uses when a step gives only a code. */
const REASONS: Record<number, string> = {
  100: 'Trying', 180: 'Ringing', 183: 'Session Progress', 200: 'OK', 202: 'Accepted',
  400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 415: 'Unsupported Media Type',
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

/** Where to send a request for a URI: loopback and literal addresses only (no RFC 3263 DNS here). */
export function addressOf(uri: string): Address {
  const u = parseUri(uri);
  const host = u.host.startsWith('[') ? u.host.slice(1, -1) : u.host;
  const port = u.port ?? (typeof u.params.maddr === 'string' ? 5060 : u.scheme === 'sips' ? 5061 : 5060);
  return { host, port };
}

/** The next hop: the first Route if any (loose routing, §16.12), else the Request-URI. */
export function nextHop(request: SipRequest): Address {
  const route = headerValues(request, 'route')[0];
  return addressOf(route ? parseNameAddr(route).uri : request.uri);
}
