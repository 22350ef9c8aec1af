/**
 * Wall time of the whole catalogue against the embedded reference SUT, per role (issue 5: under
 * 30 s on a 2-core machine). Run: node --require ts-node/register bench/catalogue.ts [runs]
 * Each run is a fresh cucumber-js process, as a user would start it; the numbers include start-up.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { roleTagExpression } from '../src/cli/run';

const ROOT = path.join(__dirname, '..');
const runs = Number(process.argv[2] ?? 3);
const cucumber = path.join(ROOT, 'node_modules', '.bin', 'cucumber-js');

function once(role: string): { ms: number; summary: string } {
  const t0 = performance.now();
  const r = spawnSync(cucumber, ['--profile', 'check', '--format', 'summary', '--tags', roleTagExpression(role)], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, SIPWRIGHT_ROLE: role, SIPWRIGHT_CHECK_OUT: path.join(os.tmpdir(), `bench-${role}.json`) },
  });
  const summary = /(\d+ scenarios? \([^)]*\))/.exec(r.stdout)?.[1] ?? r.stdout.trim().split('\n').pop() ?? '';
  return { ms: performance.now() - t0, summary };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`catalogue wall time, ${runs} runs per role, ${os.cpus().length} CPUs, node ${process.version}`);
let total = 0;
for (const role of ['transferee', 'transferor', 'target']) {
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const o = once(role);
    times.push(o.ms);
    summary = o.summary;
  }
  total += median(times);
  console.log(`${role.padEnd(11)} median ${(median(times) / 1000).toFixed(2)} s  (min ${(Math.min(...times) / 1000).toFixed(2)}, max ${(Math.max(...times) / 1000).toFixed(2)})  ${summary}`);
}
console.log(`all three roles (what \`npm run conformance\` runs, before the report): ${(total / 1000).toFixed(2)} s`);
