import { Reporter } from './context';
import { ParseError } from './errors';
import * as parseM from './parse';
import type { SipMessage } from './types';
// Bound once: the CommonJS build (scripts/register.js) reads imports through getters on every use.
const { parseParts } = parseM;

const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * Parse a message/sipfrag body (RFC 3420 §2): a start line, optional headers, optional body.
 * No header is mandatory and Content-Length does not frame the body.
 */
export function parseSipfrag(body: Buffer | string, opts: { lenient?: boolean } = {}): SipMessage {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return parseFragment(buf, opts.lenient === true, undefined);
}

/** parseSipfrag of a Buffer, with its UTF-8 text when already decoded (a message's body in the JSON view). */
export function parseFragment(buf: Buffer, lenient: boolean, decoded: string | undefined): SipMessage {
  const r = new Reporter(lenient);
  if (buf.length === 0) throw new ParseError('empty sipfrag: no start line (RFC 3420 §2)');
  checkTerminated(buf, r);
  const msg = parseParts(buf, r, true, decoded);
  if (r.findings) msg.findings = r.findings;
  return msg;
}

/** RFC 3420 §2: the start line and each header end with CRLF, e.g. "SIP/2.0 100 Trying\r\n". */
function checkTerminated(buf: Buffer, r: Reporter): void {
  if ((buf[buf.length - 2] === 13 && buf[buf.length - 1] === 10) || buf.indexOf(CRLFCRLF) >= 0) return;
  const lines = buf.toString('utf8').split('\n').length;
  const what = lines === 1 ? (buf.subarray(0, 4).toString() === 'SIP/' ? 'status line' : 'request line') : 'last header line';
  r.problem(`sipfrag ${what} lacks CRLF (RFC 3420 §2)`, { line: lines, column: buf.toString('utf8').split('\n').pop()!.length + 1 });
}
