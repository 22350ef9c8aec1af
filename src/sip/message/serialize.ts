import { displayName } from './names';
import type { SipMessage } from './types';

/**
 * Bytes of a message: start line, headers in order with values verbatim and names in Display Case,
 * empty line, body. Adds Content-Length (= body octets) when the message has none (RFC 3261 §20.14).
 */
export function serializeMessage(msg: SipMessage): Buffer {
  let head = msg.type === 'request'
    ? `${msg.method} ${msg.uri} ${msg.version}\r\n`
    : `${msg.version} ${msg.status} ${msg.reason}\r\n`;
  let hasLength = false;
  for (const h of msg.headers) {
    if (h.name === 'content-length') hasLength = true;
    head += displayName(h.name) + ': ' + h.value + '\r\n';
  }
  if (!hasLength) head += 'Content-Length: ' + msg.body.length + '\r\n';
  head += '\r\n';
  if (msg.body.length === 0) return Buffer.from(head, 'utf8');
  return Buffer.concat([Buffer.from(head, 'utf8'), msg.body]);
}
