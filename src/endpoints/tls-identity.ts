/**
 * The TLS material of the scripted parties (RFC 3261 §26.2.1): the certificate they present when a
 * SUT connects to them over TLS or WSS, and the CAs they trust when they connect to the SUT.
 * From configuration (PEM files); without a certificate, a throw-away self-signed one is made with
 * openssl for the run, and the parties trust it too (they connect to each other).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { EnvironmentError, readTlsFiles, type TlsMaterial } from '../sip/transport';
import { findExecutable, removeDir, tempDir } from './process';

export interface TlsIdentityOptions {
  /** The name the certificate is for (the address the SUT connects to): an IP address or a host name. */
  host: string;
  caFile?: string;
  /** Accept any certificate (no verification). */
  insecure?: boolean;
  certFile?: string;
  keyFile?: string;
}

/** One made certificate per host name for the life of the process (openssl takes ~50 ms). */
const made = new Map<string, Promise<{ cert: Buffer; key: Buffer }>>();

export async function tlsIdentity(opts: TlsIdentityOptions): Promise<TlsMaterial> {
  const own = opts.certFile && opts.keyFile ? readTlsFiles({ certFile: opts.certFile, keyFile: opts.keyFile }) : await selfSigned(opts.host);
  const ca = opts.caFile ? readCa(opts.caFile) : undefined;
  // `ca` replaces Node's store: keep the public roots (a PBX with a public certificate), add the user's CA and our own.
  return { cert: own.cert, key: own.key, ca: [...rootCertificates, ...(ca ? [ca] : []), own.cert as Buffer], verifyPeer: !opts.insecure };
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new EnvironmentError(`cannot read the CA file ${file} (--tls-ca, SIPWRIGHT_TLS_CA): ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

function selfSigned(host: string): Promise<{ cert: Buffer; key: Buffer }> {
  let pending = made.get(host);
  if (!pending) {
    pending = generate(host);
    made.set(host, pending);
    pending.catch(() => made.delete(host));
  }
  return pending;
}

async function generate(host: string): Promise<{ cert: Buffer; key: Buffer }> {
  const openssl = findExecutable('openssl', 'openssl');
  const dir = tempDir('tls');
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const san = isIP(host) ? `IP:${host}` : `DNS:${host}`;
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
        '-days', '2', '-subj', '/CN=sipwright scripted party', '-addext', `subjectAltName=${san}`], (err, _out, stderr) =>
        (err ? reject(new EnvironmentError(`cannot make a self-signed certificate for the scripted parties with openssl: ${stderr.trim() || err.message}; give one with --tls-cert and --tls-key`)) : resolve()));
    });
    return { cert: readFileSync(cert), key: readFileSync(key) };
  } finally {
    removeDir(dir);
  }
}
