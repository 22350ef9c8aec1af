export type { Transport, InboundHandler, MalformedHandler } from './transport';
export { UdpTransport } from './udp';
export { MemoryTransport } from './memory';
export { EnvironmentError } from './errors';
export { traceTime } from './trace';
export type { Address, TraceRecord, TraceHook, TransportName } from './trace';
