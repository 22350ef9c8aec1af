import type { DigestCredentials } from '../sip/auth';
import type { EndpointAdapter } from './adapter';
import { ReferenceAdapter } from './reference/reference-ua';
import { isFault, FAULTS, type FaultName } from './reference/faults';
import { BaresipAdapter } from './baresip';
import { LinphoneAdapter } from './linphone';
import { RemoteAdapter } from './remote';
import { BrowserAdapter } from './browser/browser-adapter';
import { closeChromium } from './browser/chromium';

/** What an adapter factory gets from the run configuration. */
export interface AdapterOptions {
  /** Reference SUT fault modes. */
  faults: string[];
  /** For adapters that reach an existing SUT: its URI and transport. */
  uri?: string;
  transport?: string;
  /** Digest credentials from the configuration (never from feature files). */
  credentials?: readonly DigestCredentials[];
}

/**
 * Every SUT sipwright can drive, by the name used in `--sut`. Adding a process-driven user agent
 * is one file implementing EndpointAdapter and one line here.
 */
export const ADAPTERS = {
  reference: (o: AdapterOptions): EndpointAdapter => {
    const unknown = o.faults.filter((f) => !isFault(f));
    if (unknown.length) throw new Error(`unknown fault mode(s) ${unknown.join(', ')}; known: ${Object.keys(FAULTS).join(', ')}`);
    return new ReferenceAdapter(new Set(o.faults as FaultName[]));
  },
  remote: (o: AdapterOptions): EndpointAdapter => new RemoteAdapter({ uri: o.uri, transport: o.transport, credentials: o.credentials }),
  baresip: (): EndpointAdapter => new BaresipAdapter(),
  linphone: (): EndpointAdapter => new LinphoneAdapter(),
  jssip: (): EndpointAdapter => new BrowserAdapter('jssip'),
  sipjs: (): EndpointAdapter => new BrowserAdapter('sipjs'),
} as const satisfies Record<string, (o: AdapterOptions) => EndpointAdapter>;

export type AdapterName = keyof typeof ADAPTERS;

export function adapterNames(): string[] {
  return Object.keys(ADAPTERS);
}

export function createAdapter(name: string, options: AdapterOptions): EndpointAdapter {
  const factory = (ADAPTERS as Record<string, (o: AdapterOptions) => EndpointAdapter>)[name];
  if (!factory) throw new Error(`unknown SUT adapter "${name}"; available: ${adapterNames().join(', ')}`);
  return factory(options);
}

/**
 * Ends what adapters share across the scenarios of a run (the browser adapters' one chromium),
 * leaving no process or directory behind: called once the run's last scenario has stopped its SUT.
 */
export async function releaseShared(): Promise<void> {
  await closeChromium();
}
