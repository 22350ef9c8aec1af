import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import { EnvironmentError } from './errors';
import { serverOptions, type TlsMaterial } from './tls';
import type { Address, TransportName } from './trace';

export type StreamName = Exclude<TransportName, 'UDP'>;

/** What a listener hands its transport: an accepted socket, or an accepted WebSocket. */
export interface Accept {
  socket(socket: net.Socket): void;
  websocket(ws: WebSocket, local: Address, remote: Address): void;
}

export interface Listener {
  address: Address;
  close(): Promise<void>;
}

/** Binds a TCP, TLS, WS or WSS listener; a busy port is an EnvironmentError naming it. */
export async function listen(kind: StreamName, host: string, port: number, material: TlsMaterial | undefined, accept: Accept): Promise<Listener> {
  if ((kind === 'TLS' || kind === 'WSS') && !material) throw new EnvironmentError(`${kind} needs TLS material (certificate and key) in the configuration`);
  const server = createServer(kind, material, accept);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new EnvironmentError(`cannot listen on ${kind} ${host}:${port}: ${err.code ?? err.message}`, { cause: err })));
    server.listen(port, host, () => resolve());
  });
  server.on('error', () => { /* after listening, errors belong to connections */ });
  const a = server.address() as net.AddressInfo;
  const wss = kind === 'WS' || kind === 'WSS' ? attachWebSocket(server as http.Server, accept) : undefined;
  return {
    address: { host: a.address, port: a.port },
    close: () => closeServer(server, wss),
  };
}

function createServer(kind: StreamName, material: TlsMaterial | undefined, accept: Accept): net.Server {
  switch (kind) {
    case 'TCP': return net.createServer((s) => accept.socket(s));
    case 'TLS': return tls.createServer(serverOptions(material!), (s) => accept.socket(s));
    case 'WS': return http.createServer((_req, res) => res.writeHead(426).end());
    case 'WSS': return https.createServer(serverOptions(material!), (_req, res) => res.writeHead(426).end());
  }
}

/** RFC 7118 §4.1: the handshake must negotiate the "sip" subprotocol; others are refused. */
function attachWebSocket(server: http.Server, accept: Accept): WebSocketServer {
  const wss = new WebSocketServer({ server, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
  wss.on('connection', (ws, req) => {
    if (ws.protocol !== 'sip') return ws.close(1002, 'SIP WebSocket subprotocol "sip" required (RFC 7118 §4.1)');
    const s = req.socket;
    accept.websocket(ws, { host: s.localAddress ?? '', port: s.localPort ?? 0 }, { host: s.remoteAddress ?? '', port: s.remotePort ?? 0 });
  });
  wss.on('error', () => { /* reported through the http server */ });
  return wss;
}

function closeServer(server: net.Server, wss: WebSocketServer | undefined): Promise<void> {
  if (wss) {
    for (const c of wss.clients) c.terminate();
    wss.close();
  }
  if (server instanceof http.Server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
