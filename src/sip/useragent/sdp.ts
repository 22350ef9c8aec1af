export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/**
 * A minimal audio offer or answer (RFC 3264 §5): enough for calls and holds; no media flows.
 * Hold is `a=sendonly` or `a=inactive` (RFC 3264 §8.4).
 */
export function audioSdp(host: string, port: number, version: number, direction: MediaDirection = 'sendrecv'): Buffer {
  const ip = host.includes(':') ? 'IP6' : 'IP4';
  return Buffer.from([
    'v=0',
    `o=sipwright ${Date.now() % 1e9} ${version} IN ${ip} ${host}`,
    's=-',
    `c=IN ${ip} ${host}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 0`,
    'a=rtpmap:0 PCMU/8000',
    `a=${direction}`,
    '',
  ].join('\r\n'));
}

export function sdpDirection(body: Buffer | string): MediaDirection {
  const m = /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(body.toString());
  return (m?.[1] as MediaDirection | undefined) ?? 'sendrecv';
}
