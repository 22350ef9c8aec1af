import Ajv from 'ajv/dist/2020';
import type { TimerConfig } from './sip/transaction';
import { Secret, type DigestCredentials } from './sip/auth';

export type Role = 'transferor' | 'transferee' | 'target';

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
  required: ['sut', 'role', 'faults', 'cast', 'host', 'timers', 'deadlineMs', 'quietMs', 'schemaDirs'],
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
  const problems: string[] = [];
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
