import Ajv from 'ajv/dist/2020';
import type { TimerConfig } from './sip/transaction';
import { Secret, type DigestCredentials } from './sip/auth';

export type Role = 'transferor' | 'transferee' | 'target';

export interface TlsConfig {
  /** PEM file of the CA (or the self-signed certificate) the SUT's certificate must chain to. */
  caFile?: string;
  /** Accept any certificate the SUT presents (no verification): for a lab SUT with a self-signed one. */
  insecure: boolean;
  /** The scripted parties' own certificate and key (PEM); without them a self-signed one is made. */
  certFile?: string;
  keyFile?: string;
}

/** Who plays what in a run, validated once at start (STYLE.md: no scattered process.env reads). */
export interface RunConfig {
  sut: string;
  role: Role;
  /** Reference SUT fault modes to switch on (see `sipwright run --list-faults`). */
  faults: string[];
  /** Party names by role; scenarios speak of these names. */
  cast: Record<Role, string>;
  host: string;
  timers: TimerConfig;
  /** How long a step waits for an expected message before reporting its absence. */
  deadlineMs: number;
  /** How long a step listens for a message that must NOT come ("no BYE", "no NOTIFY after…"). */
  quietMs: number;
  /** For a SUT reached at an address (remote adapter): its SIP URI and transport. */
  uri?: string;
  transport?: string;
  /**
   * The host the scripted parties name in their URIs, Contacts and Vias when the SUT must reach them
   * at another address than `host` (the one they bind): NAT, a container, `host` 0.0.0.0.
   */
  advertise?: string;
  /** Ports the scripted parties bind, one each in the order they join a scenario (a firewall's range). */
  ports?: { first: number; last: number };
  /** TLS for TLS and WSS: which CAs to trust, whether to verify at all, the parties' own certificate. */
  tls: TlsConfig;
  /** Folders of user schemas added to ours (schemas/). */
  schemaDirs: string[];
  /**
   * Digest credentials every scripted party and probe answers a 401/407 with (RFC 3261 §22.2): from
   * SIPWRIGHT_AUTH_* only — never world parameters or feature files; the password is a Secret.
   */
  credentials: readonly DigestCredentials[];
}

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['sut', 'role', 'faults', 'cast', 'host', 'timers', 'deadlineMs', 'quietMs', 'schemaDirs', 'tls'],
  properties: {
    sut: { type: 'string', minLength: 1 },
    uri: { type: 'string', pattern: '^sips?:' },
    transport: { enum: ['udp', 'tcp', 'tls', 'ws', 'wss'] },
    role: { enum: ['transferor', 'transferee', 'target'] },
    faults: { type: 'array', items: { type: 'string' } },
    cast: {
      type: 'object', additionalProperties: false, required: ['transferor', 'transferee', 'target'],
      properties: { transferor: { type: 'string' }, transferee: { type: 'string' }, target: { type: 'string' } },
    },
    host: { type: 'string', minLength: 1 },
    advertise: { type: 'string', minLength: 1 },
    ports: {
      type: 'object', additionalProperties: false, required: ['first', 'last'],
      properties: { first: { type: 'integer', minimum: 1, maximum: 65535 }, last: { type: 'integer', minimum: 1, maximum: 65535 } },
    },
    tls: {
      type: 'object', additionalProperties: false, required: ['insecure'],
      properties: { caFile: { type: 'string', minLength: 1 }, insecure: { type: 'boolean' }, certFile: { type: 'string', minLength: 1 }, keyFile: { type: 'string', minLength: 1 } },
    },
    timers: {
      type: 'object', additionalProperties: false, required: ['T1', 'T2', 'T4'],
      properties: { T1: { type: 'integer', minimum: 1 }, T2: { type: 'integer', minimum: 1 }, T4: { type: 'integer', minimum: 1 } },
    },
    deadlineMs: { type: 'integer', minimum: 1 },
    quietMs: { type: 'integer', minimum: 1 },
    schemaDirs: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const validate = new Ajv({ strict: true, allErrors: true }).compile(SCHEMA);

const BROWSER_SUTS = new Set(['jssip', 'sipjs']);
const BROWSER_DEADLINE_MS = 5000;

/** Defaults ← cucumber world parameters ← SIPWRIGHT_* environment; then validated. */
export function loadConfig(worldParameters: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): RunConfig {
  const config = {
    sut: 'reference',
    role: 'transferee',
    faults: [] as string[],
    cast: { transferor: 'Alice', transferee: 'Bob', target: 'Carol' },
    host: '127.0.0.1',
    // Short timers for the embedded SUT on loopback; RFC 3261 defaults are for real SUTs.
    timers: { T1: 100, T2: 400, T4: 500 },
    deadlineMs: 2000,
    quietMs: 500,
    schemaDirs: [] as string[],
    tls: { insecure: false },
    ...worldParameters,
  } as Record<string, unknown>;
  if (env.SIPWRIGHT_SUT) config.sut = env.SIPWRIGHT_SUT;
  if (env.SIPWRIGHT_ROLE) config.role = env.SIPWRIGHT_ROLE;
  if (env.SIPWRIGHT_FAULTS) config.faults = env.SIPWRIGHT_FAULTS.split(',').filter(Boolean);
  if (env.SIPWRIGHT_URI) config.uri = env.SIPWRIGHT_URI;
  if (env.SIPWRIGHT_TRANSPORT) config.transport = env.SIPWRIGHT_TRANSPORT;
  if (env.SIPWRIGHT_SCHEMAS) config.schemaDirs = env.SIPWRIGHT_SCHEMAS.split(':').filter(Boolean);
  // A browser SUT answers a call only after getUserMedia and ICE gathering (2-5 s on a loaded 2-core
  // machine): its default deadline for an awaited message is longer. Waits for silence (quietMs) are not.
  if (!('deadlineMs' in worldParameters) && BROWSER_SUTS.has(String(config.sut))) config.deadlineMs = BROWSER_DEADLINE_MS;
  if (env.SIPWRIGHT_DEADLINE_MS) config.deadlineMs = Number(env.SIPWRIGHT_DEADLINE_MS);
  if (env.SIPWRIGHT_QUIET_MS) config.quietMs = Number(env.SIPWRIGHT_QUIET_MS);
  if (env.SIPWRIGHT_HOST) config.host = env.SIPWRIGHT_HOST;
  if (env.SIPWRIGHT_ADVERTISE) config.advertise = env.SIPWRIGHT_ADVERTISE;
  const problems: string[] = [];
  if (env.SIPWRIGHT_PORTS) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(env.SIPWRIGHT_PORTS.trim());
    if (!m || Number(m[2] ?? m[1]) < Number(m[1])) problems.push(`SIPWRIGHT_PORTS must be PORT or FIRST-LAST (e.g. 5070-5079), not "${env.SIPWRIGHT_PORTS}"`);
    else config.ports = { first: Number(m[1]), last: Number(m[2] ?? m[1]) };
  }
  const tls = { ...(config.tls as TlsConfig) };
  if (env.SIPWRIGHT_TLS_CA) tls.caFile = env.SIPWRIGHT_TLS_CA;
  if (env.SIPWRIGHT_TLS_INSECURE) tls.insecure = /^(1|true|yes)$/i.test(env.SIPWRIGHT_TLS_INSECURE);
  if (env.SIPWRIGHT_TLS_CERT) tls.certFile = env.SIPWRIGHT_TLS_CERT;
  if (env.SIPWRIGHT_TLS_KEY) tls.keyFile = env.SIPWRIGHT_TLS_KEY;
  if (!tls.certFile !== !tls.keyFile) problems.push('set both SIPWRIGHT_TLS_CERT and SIPWRIGHT_TLS_KEY (the scripted parties\' certificate and key), or neither');
  config.tls = tls;
  const credentials = credentialsFrom(env, problems);
  if (!validate(config)) problems.unshift(...(validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`));
  if (problems.length) {
    throw new ConfigError(`invalid sipwright configuration (world parameters / SIPWRIGHT_* environment):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return { ...config, credentials } as unknown as RunConfig;
}

/**
 * SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD (both or neither), optionally limited to the realm
 * SIPWRIGHT_AUTH_REALM. A problem names the variables, never a value.
 */
function credentialsFrom(env: NodeJS.ProcessEnv, problems: string[]): DigestCredentials[] {
  const { SIPWRIGHT_AUTH_USER: username, SIPWRIGHT_AUTH_PASSWORD: password, SIPWRIGHT_AUTH_REALM: realm } = env;
  if (!username && !password) {
    if (realm) problems.push('SIPWRIGHT_AUTH_REALM is set without SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD');
    return [];
  }
  if (!username || !password) {
    problems.push('set both SIPWRIGHT_AUTH_USER and SIPWRIGHT_AUTH_PASSWORD, or neither');
    return [];
  }
  return [{ username, password: new Secret(password), ...(realm ? { realm } : {}) }];
}
