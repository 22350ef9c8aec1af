// The SIP message layer (RFC 3261 §7, §20, §25; RFC 3420; transfer headers of RFC 3515, 3891, 3892,
// 4488, 4538, 6665, 3325). Imports nothing from other sipwright layers.
export type { Header, SipMessage, SipRequest, SipResponse, ParseOptions } from './types';
export { ParseError } from './errors';
export type { ParseFinding } from './errors';
export { parseMessage } from './parse';
export { serializeMessage } from './serialize';
export { headerValues, headerValue, setHeader, addHeader, removeHeader } from './headers';
export { canonicalName, displayName } from './names';
export { parseUri, formatUri } from './uri';
export type { SipUri } from './uri';
export { parseNameAddr, formatNameAddr } from './name-addr';
export type { NameAddr } from './name-addr';
export { parseVia, formatVia } from './via';
export type { Via } from './via';
export {
  parseCSeq, parseContentType, parseEvent, parseSubscriptionState, parseReferSub, parseReplaces,
  parseTargetDialog, parseAuth,
} from './values';
export type { SubscriptionState, Credentials } from './values';
export { parseParams, formatParams } from './params';
export { jsonView } from './view';
export type { JsonView } from './view';
export { parseSipfrag } from './sipfrag';
export { StreamFramer } from './framer';
export type { FramerOptions } from './framer';
