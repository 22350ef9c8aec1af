import net from 'node:net';
import tls from 'node:tls';
import WebSocket from 'ws';
import { hostReference } from './address';
import { SocketConnection, WebSocketConnection, type Connection, type ConnectionEvents } from './connection';
import type { StreamName } from './listener';
import { clientOptions, type TlsMaterial } from './tls';
import type { Address } from './trace';

type OnWrite = (c: Connection, b: Buffer) => void;

/** Opens a connection to `dst` (RFC 3261 §18.1.1); messages sent before it is up wait in order. */
export function dial(kind: StreamName, dst: Address, material: TlsMaterial | undefined, events: ConnectionEvents, onWrite: OnWrite): Connection {
  switch (kind) {
    case 'TCP': {
      const socket = net.connect({ host: dst.host, port: dst.port });
      const conn = new SocketConnection(socket, dst, events, onWrite, false);
      socket.once('connect', () => conn.ready());
      return conn;
    }
    case 'TLS': {
      const socket = tls.connect({ host: dst.host, port: dst.port, ...clientOptions(material!), servername: net.isIP(dst.host) ? undefined : dst.host });
      const conn = new SocketConnection(socket, dst, events, onWrite, false);
      socket.once('secureConnect', () => conn.ready());
      return conn;
    }
    case 'WS':
    case 'WSS':
      return dialWebSocket(kind, dst, material, events, onWrite);
  }
}

/** RFC 7118 §4.1: the client offers the "sip" subprotocol and closes if the server did not accept it. */
function dialWebSocket(kind: 'WS' | 'WSS', dst: Address, material: TlsMaterial | undefined, events: ConnectionEvents, onWrite: OnWrite): Connection {
  const url = `${kind === 'WSS' ? 'wss' : 'ws'}://${hostReference(dst.host)}:${dst.port}`;
  const ws = new WebSocket(url, 'sip', kind === 'WSS' && material ? clientOptions(material) : {});
  const conn = new WebSocketConnection(ws, dst, events, onWrite);
  let local: Address = { host: '', port: 0 };
  ws.once('upgrade', (res) => {
    local = { host: res.socket.localAddress ?? '', port: res.socket.localPort ?? 0 };
  });
  ws.once('open', () => {
    if (ws.protocol !== 'sip') return conn.close(new Error(`the WebSocket server at ${url} did not accept the "sip" subprotocol (RFC 7118 §4.1)`));
    conn.ready(local, dst);
  });
  return conn;
}
