import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { DigestServer } from '../sip/auth';
import type { TransportKind } from '../sip/transport';
import { RFC_TIMERS } from '../sip/transaction';
import { FAULTS, isFault, type FaultName } from '../endpoints/reference/faults';
import { ReferenceAdapter } from '../endpoints/reference/reference-ua';
import { TRANSPORTS } from '../endpoints/remote';
import { tlsIdentity } from '../endpoints/tls-identity';

const USAGE = `usage: sipwright serve [--transport udp|tcp|tls|ws|wss] [--host ADDR] [--port N] [--user NAME]
                       [--tls-cert FILE --tls-key FILE] [--realm REALM] [--fault NAME]…
Runs the embedded reference SUT as a standalone SIP user agent until SIGINT or SIGTERM, for
\`sipwright run --sut remote\` (from this machine or another one). Prints its URI on the first line.
TLS and WSS present --tls-cert/--tls-key, else a self-signed certificate made with openssl; as a
lab SUT it accepts any certificate of the parties it connects to (the transfer target).
--realm: every request (but ACK and CANCEL) is challenged (401, digest) until it carries the
credentials of SIPWRIGHT_AUTH_USER / SIPWRIGHT_AUTH_PASSWORD.
Exit status: 0 stopped by a signal, 2 usage or environment error.`;

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        transport: { type: 'string', default: 'udp' }, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' },
        user: { type: 'string', default: 'bob' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, realm: { type: 'string' },
        fault: { type: 'string', multiple: true, default: [] }, help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`), 0;
  const transport = values.transport as TransportKind;
  if (!TRANSPORTS.includes(transport)) return usage(`unknown --transport "${values.transport}"`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(`--port must be 0-65535, not "${values.port}"`);
  const faults = values.fault!;
  if (!faults.every(isFault)) return usage(`unknown --fault ${faults.filter((f) => !isFault(f)).join(', ')}; known: ${Object.keys(FAULTS).join(', ')}`);
  let guard: DigestServer | undefined;
  if (values.realm) {
    const users = loadConfig({}, process.env).credentials;
    if (!users.length) return usage('--realm needs SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD (the credentials the SUT accepts)');
    guard = new DigestServer({ realm: values.realm, algorithms: ['SHA-256', 'MD5'], users: users.map((u) => ({ ...u, realm: values.realm })) });
  }
  const host = values.host!;
  const tls = transport === 'tls' || transport === 'wss'
    ? await tlsIdentity({ host, insecure: true, certFile: values['tls-cert'], keyFile: values['tls-key'] })
    : undefined;
  const sut = new ReferenceAdapter(new Set(faults as FaultName[]), guard);
  try {
    await sut.start({ user: values.user!, host, timers: RFC_TIMERS, transport, tls, port });
  } catch (err) {
    process.stderr.write(`sipwright serve: ${(err as Error).message}\n`);
    return 2;
  }
  process.stdout.write(`${sut.uri}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sut.stop();
  return 0;
}

function usage(problem: string): number {
  process.stderr.write(`sipwright serve: ${problem}\n${USAGE}\n`);
  return 2;
}
