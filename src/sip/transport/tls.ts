import { readFileSync } from 'node:fs';
import { EnvironmentError } from './errors';

/**
 * TLS material from configuration (RFC 3261 §26.2.1): this endpoint's certificate and key, and the
 * CA that its peers' certificates must chain to. PEM text; never logged.
 */
export interface TlsMaterial {
  cert: string | Buffer;
  key: string | Buffer;
  /** Trusted CA certificates; without it the system store is used. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify the server's certificate when connecting (default true). */
  verifyPeer?: boolean;
  /** Ask connecting clients for a certificate and verify it against `ca` (mutual TLS; default false). */
  requireClientCert?: boolean;
}

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  caFile?: string;
}

/** Reads PEM files named in configuration; a missing file is an EnvironmentError naming it. */
export function readTlsFiles(files: TlsFiles): TlsMaterial {
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new EnvironmentError(`cannot read TLS ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
    }
  };
  const material: TlsMaterial = { cert: read(files.certFile, 'certificate'), key: read(files.keyFile, 'key') };
  if (files.caFile) material.ca = read(files.caFile, 'CA');
  return material;
}

export function serverOptions(m: TlsMaterial): { cert: string | Buffer; key: string | Buffer; ca?: TlsMaterial['ca']; requestCert: boolean; rejectUnauthorized: boolean } {
  return { cert: m.cert, key: m.key, ca: m.ca, requestCert: m.requireClientCert === true, rejectUnauthorized: m.requireClientCert === true };
}

export function clientOptions(m: TlsMaterial): { cert: string | Buffer; key: string | Buffer; ca?: TlsMaterial['ca']; rejectUnauthorized: boolean } {
  return { cert: m.cert, key: m.key, ca: m.ca, rejectUnauthorized: m.verifyPeer !== false };
}
