export { UserAgent } from './user-agent';
export type { UserAgentOptions, IncomingRequest, SendOptions } from './user-agent';
export { buildResponse, buildRequest, addressOf, nextHop, reasonPhrase, transportOf } from './build';
export { audioSdp, sdpDirection } from './sdp';
export type { MediaDirection } from './sdp';
