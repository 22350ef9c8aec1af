/**
 * Bundles a page app and its SIP library (from node_modules, no network) into one IIFE script with
 * esbuild, once per process and app, and serves it with its page from one HTTP server on loopback
 * (http://127.0.0.1 is a secure context: getUserMedia works).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EnvironmentError, type Address } from '../../sip/transport';

export type PageApp = 'jssip' | 'sipjs';

/** The script and its source map (served beside it: Chromium reads it only when devtools ask). */
export interface Bundle { script: string; map: string }

const built = new Map<PageApp, Promise<Bundle>>();

/** The app's script (cached: later adapters of the same run reuse it). */
export function bundle(app: PageApp): Promise<Bundle> {
  let script = built.get(app);
  if (!script) {
    script = build(app);
    built.set(app, script);
    script.catch(() => built.delete(app));
  }
  return script;
}

async function build(app: PageApp): Promise<Bundle> {
  // esbuild is a development dependency; loaded lazily so nothing else pays for it.
  const esbuild = await import('esbuild');
  const entry = path.join(__dirname, 'apps', `${app}-app.ts`);
  try {
    const result = await esbuild.build({
      entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', target: 'chrome110',
      write: false, logLevel: 'silent', minify: true, sourcemap: 'linked', legalComments: 'none', outdir: '/', entryNames: 'app',
    });
    const file = (ext: string): string => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
    return { script: file('.js'), map: file('.js.map') };
  } catch (err) {
    throw new EnvironmentError(`cannot bundle the ${app} page app (${entry}): ${(err as Error).message}`, { cause: err });
  }
}

export interface PageServer {
  address: Address;
  close(): Promise<void>;
}

/** Serves `/` (the page) and `/app.js` (the bundle) on host, a free port. */
export async function servePage(host: string, title: string, app: Bundle): Promise<PageServer> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><script src="/app.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    if (url.pathname === '/app.js') return res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(app.script);
    if (url.pathname === '/app.js.map') return res.writeHead(200, { 'content-type': 'application/json' }).end(app.map);
    res.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new EnvironmentError(`cannot serve the page on ${host}: ${err.message}`, { cause: err })));
    server.listen(0, host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  return {
    address: { host: a.address, port: a.port },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
