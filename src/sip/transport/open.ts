import { StreamTransport } from './stream';
import type { TlsMaterial } from './tls';
import type { Transport } from './transport';
import { UdpTransport } from './udp';

export type TransportKind = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export interface OpenOptions {
  host?: string;
  port?: number;
  /** Certificate, key and CA for 'tls' and 'wss'. */
  tls?: TlsMaterial;
}

/** Opens a transport of the given kind on host:port (port 0 picks a free one). */
export function openTransport(kind: TransportKind = 'udp', opts: OpenOptions = {}): Promise<Transport> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  switch (kind) {
    case 'udp': return UdpTransport.open(host, port);
    case 'tcp': return StreamTransport.open('TCP', { host, port });
    case 'tls': return StreamTransport.open('TLS', { host, port, tls: opts.tls });
    case 'ws': return StreamTransport.open('WS', { host, port });
    case 'wss': return StreamTransport.open('WSS', { host, port, tls: opts.tls });
  }
}
