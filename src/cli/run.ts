import { spawn } from 'node:child_process';

import path from 'node:path';
import { parseArgs } from 'node:util';
import { FAULTS } from '../endpoints/reference/faults';
import { adapterNames } from '../endpoints/registry';

const ROOT = path.join(__dirname, '..', '..');
/** SIPWRIGHT_REPORTS moves reports/ elsewhere (cucumber.js reads it too). */
const REPORTS = process.env.SIPWRIGHT_REPORTS ? path.resolve(process.env.SIPWRIGHT_REPORTS) : path.join(ROOT, 'reports');
const USAGE = `usage: sipwright run [FEATURE_PATH…] [--tags EXPR] [--sut NAME] [--role ROLE[,ROLE…]|all]
                     [--uri SIP_URI] [--transport udp|tcp|tls|ws|wss] [--tls-ca FILE] [--tls-insecure]
                     [--tls-cert FILE --tls-key FILE] [--host ADDR] [--advertise ADDR] [--ports FIRST-LAST]
                     [--fault NAME]… [--list-faults] [--no-report]
Runs the conformance catalogue against the SUT and writes reports/ (Allure HTML, JUnit, trace).
ROLE is the party the SUT plays: transferee (default), transferor or target; with several roles (or
"all") the catalogue runs once per role, each run only the scenarios that apply to that role, into
one report.
--sut remote: the SUT answers at --uri, over --transport (default: the URI's ;transport=, else UDP;
TLS for sips:). TLS/WSS trust the system CAs plus --tls-ca; --tls-insecure accepts any certificate.
The scripted parties bind --host (default 127.0.0.1) on --ports (default: any free port), name
--advertise in their URIs when the SUT reaches them at another address, and answer 401/407 with
SIPWRIGHT_AUTH_USER / SIPWRIGHT_AUTH_PASSWORD (SIPWRIGHT_AUTH_REALM). docs/remote.md.
Exit status: 0 every scenario passed, 1 some failed, 2 usage or environment error.`;

const SUTS = adapterNames();
const ROLES = ['transferee', 'transferor', 'target'];

interface RunArgs { paths: string[]; tags?: string; sut: string; roles: string[]; faults: string[]; report: boolean; uri?: string; transport?: string; env: Record<string, string> }

/** Flags that reach the run configuration (src/config.ts) as SIPWRIGHT_* variables. */
const PASSED: Record<string, string> = {
  host: 'SIPWRIGHT_HOST', advertise: 'SIPWRIGHT_ADVERTISE', ports: 'SIPWRIGHT_PORTS',
  'tls-ca': 'SIPWRIGHT_TLS_CA', 'tls-cert': 'SIPWRIGHT_TLS_CERT', 'tls-key': 'SIPWRIGHT_TLS_KEY',
};

/** `all`, one role, or a comma-separated list, in the order given, without repeats. */
function parseRoles(value: string): string[] | string {
  const roles = value === 'all' ? ROLES : [...new Set(value.split(',').map((r) => r.trim()))];
  const bad = roles.filter((r) => !ROLES.includes(r));
  return bad.length ? `unknown --role "${bad.join(',')}"; one or more of: ${ROLES.join(', ')}, or all` : roles;
}

/**
 * The scenarios that apply when the SUT plays `role`: untagged ones and those tagged `@role:<role>`
 * (steps/support/roles.ts skips the others at run time; a multi-role run leaves them out instead,
 * so the report does not list each one once per other role as skipped).
 */
export function roleTagExpression(role: string): string {
  const others = ROLES.filter((r) => r !== role).map((r) => `@role:${r}`);
  return `not (${others.join(' or ')}) or @role:${role}`;
}

function parse(argv: string[]): RunArgs | string {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tags: { type: 'string' }, uri: { type: 'string' }, transport: { type: 'string' }, sut: { type: 'string', default: 'reference' }, role: { type: 'string', default: 'transferee' },
      fault: { type: 'string', multiple: true, default: [] }, 'no-report': { type: 'boolean', default: false },
      'list-faults': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      host: { type: 'string' }, advertise: { type: 'string' }, ports: { type: 'string' },
      'tls-ca': { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, 'tls-insecure': { type: 'boolean', default: false },
    },
  });
  const env: Record<string, string> = {};
  for (const [flag, name] of Object.entries(PASSED)) {
    const v = (values as Record<string, unknown>)[flag];
    if (typeof v === 'string') env[name] = v;
  }
  if (values['tls-insecure']) env.SIPWRIGHT_TLS_INSECURE = '1';
  if (values.help) return 'help';
  if (values['list-faults']) return 'list-faults';
  if (!SUTS.includes(values.sut!)) return `unknown --sut "${values.sut}"; available: ${SUTS.join(', ')}`;
  const roles = parseRoles(values.role!);
  if (typeof roles === 'string') return roles;
  const bad = values.fault!.filter((f) => !(f in FAULTS));
  if (bad.length) return `unknown --fault ${bad.join(', ')}; see sipwright run --list-faults`;
  if (values.fault!.length && values.sut !== 'reference') return '--fault applies to the reference SUT only';
  if (values.sut === 'remote' && !values.uri) return '--sut remote needs --uri (the SUT\'s SIP URI, e.g. sip:bob@192.0.2.10:5060)';
  if (values.uri && !/^sips?:/.test(values.uri)) return `--uri must be a sip: or sips: URI, not "${values.uri}"`;
  if (values.transport && !['udp', 'tcp', 'tls', 'ws', 'wss'].includes(values.transport)) return `unknown --transport "${values.transport}"`;
  if (values.transport && values.transport !== 'udp' && !['remote', 'reference'].includes(values.sut!)) return `--transport ${values.transport}: the ${values.sut} adapter listens on UDP only; other transports are for --sut remote and reference`;
  if (values.ports && !/^\d+(-\d+)?$/.test(values.ports)) return `--ports must be PORT or FIRST-LAST, not "${values.ports}"`;
  if (!values['tls-cert'] !== !values['tls-key']) return '--tls-cert and --tls-key go together (the scripted parties\' certificate and its key)';
  return { paths: positionals, tags: values.tags, sut: values.sut!, roles, faults: values.fault!, report: !values['no-report'], uri: values.uri, transport: values.transport, env };
}

/** One cucumber-js run with the SUT in `role`; in a multi-role run its JUnit and JSON files are named after the role. */
function cucumber(args: RunArgs, role: string): Promise<number> {
  const cli = path.join(ROOT, 'node_modules', '.bin', 'cucumber-js');
  const several = args.roles.length > 1;
  const tags = [args.tags, several ? roleTagExpression(role) : undefined].filter(Boolean).map((t) => `(${t})`).join(' and ');
  const argv = [...args.paths, ...(tags ? ['--tags', tags] : [])];
  const env = {
    ...process.env, SIPWRIGHT_SUT: args.sut, SIPWRIGHT_ROLE: role, SIPWRIGHT_FAULTS: args.faults.join(','),
    ...(several ? { SIPWRIGHT_RUN_PART: role } : {}),
    ...(args.uri ? { SIPWRIGHT_URI: args.uri } : {}), ...(args.transport ? { SIPWRIGHT_TRANSPORT: args.transport } : {}),
    ...args.env, ...(process.env.SIPWRIGHT_REPORTS ? { SIPWRIGHT_REPORTS: REPORTS } : {}),
  };
  return new Promise((resolve) => {
    const child = spawn(cli, argv, { cwd: ROOT, stdio: 'inherit', env });
    // Ctrl-C reaches cucumber too; it stops and its formatters write what they have.
    child.on('exit', (code) => resolve(code ?? 2));
    child.on('error', () => resolve(2));
  });
}

export async function main(argv: string[]): Promise<number> {
  let args: RunArgs | string;
  try {
    args = parse(argv);
  } catch (err) {
    args = (err as Error).message;
  }
  if (args === 'help') return void process.stdout.write(`${USAGE}\n`), 0;
  if (args === 'list-faults') {
    for (const [name, f] of Object.entries(FAULTS)) process.stdout.write(`${name.padEnd(30)} as ${f.role.padEnd(10)} ${f.does} [${f.requirement}]\n`);
    return 0;
  }
  if (typeof args === 'string') return void process.stderr.write(`sipwright run: ${args}\n${USAGE}\n`), 2;
  // A fresh run never mixes with old results; the previous report's history is kept for trends.
  const { prepareResults, finishReport, interruption } = await import('./report');
  prepareResults(REPORTS);
  let worst = 0;
  for (const role of args.roles) {
    if (args.roles.length > 1) process.stdout.write(`\n== the SUT (${args.sut}) as ${role} ==\n`);
    const code = await cucumber(args, role);
    worst = Math.max(worst, code === 0 ? 0 : code === 1 ? 1 : 2);
    if (interruption()) break;
  }
  if (args.report) await finishReport(REPORTS, { sut: args.sut, role: args.roles.join(', '), faults: args.faults });
  return worst;
}

