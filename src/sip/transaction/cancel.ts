import { randomBytes } from 'node:crypto';
import { headerValue, parseNameAddr, type Header, type SipRequest, type SipResponse } from '../message';

/**
 * RFC 3261 §9.1: the CANCEL for a pending INVITE has the INVITE's Request-URI, Call-ID, To, From,
 * CSeq number and top Via (so it reaches the same server transaction) and its Route headers. It
 * may be sent only once a provisional response has arrived (the caller's duty, §9.1).
 */
export function buildCancel(invite: SipRequest): SipRequest {
  const pick = (name: string): Header[] => invite.headers.filter((h) => h.name === name);
  const seq = headerValue(invite, 'cseq')!.trim().split(/\s+/)[0];
  const headers: Header[] = [
    pick('via')[0],
    ...pick('route'),
    { name: 'max-forwards', value: '70' },
    ...pick('from'),
    ...pick('to'),
    ...pick('call-id'),
    { name: 'cseq', value: `${seq} CANCEL` },
    { name: 'content-length', value: '0' },
  ];
  return { type: 'request', method: 'CANCEL', uri: invite.uri, version: 'SIP/2.0', headers, body: Buffer.alloc(0) };
}

const REASON: Record<number, string> = { 100: 'Trying', 200: 'OK', 481: 'Call/Transaction Does Not Exist', 487: 'Request Terminated' };

/**
 * §8.2.6 for the responses the transaction layer makes on its own (a CANCEL's 200/481, the INVITE's
 * 487, the automatic 100 Trying): Via, From, Call-ID and CSeq copied; the To gets `toTag` unless it has
 * one. Without `toTag` (a 100, §17.2.1: a tag "SHOULD NOT" be added) the To is copied as it is, and a
 * Timestamp is copied (§8.2.6.1).
 */
export function localResponse(request: SipRequest, status: number, toTag?: string): SipResponse {
  const copy = (name: string): Header[] => request.headers.filter((h) => h.name === name);
  let to = headerValue(request, 'to') ?? '';
  if (toTag !== undefined && parseNameAddr(to).params.tag === undefined) to = `${to};tag=${toTag}`;
  const headers: Header[] = [
    ...copy('via'), ...copy('from'), { name: 'to', value: to }, ...copy('call-id'), ...copy('cseq'),
    ...(status === 100 ? copy('timestamp') : []), { name: 'content-length', value: '0' },
  ];
  return { type: 'response', status, reason: REASON[status] ?? '', version: 'SIP/2.0', headers, body: Buffer.alloc(0) };
}

/** The To tag already given to the INVITE (in a provisional), or a fresh one (§9.2: the same for both). */
export function inviteToTag(last: SipResponse | undefined): string {
  const tag = last ? parseNameAddr(headerValue(last, 'to') ?? '').params.tag : undefined;
  return typeof tag === 'string' ? tag : randomBytes(6).toString('hex');
}
