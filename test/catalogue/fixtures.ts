/** Temp catalogues and feature trees for the catalogue tests; never touches features/. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const HEADER = 'id\tclause\tkeyword\trole\ttext\tobservable\twhy';

/** A small catalogue: three observable RFC 3515 rows, one unobservable, one RFC 3891, one TS. */
export const ROWS = [
  'RFC3515-2.4.1-a\tRFC 3515 §2.4.1\tMUST\ttransferor\tExactly one Refer-To in a REFER.\tyes\tcount Refer-To values',
  'RFC3515-2.4.5-a\tRFC 3515 §2.4.5\tMUST\ttransferee\tNOTIFY body starts with a status line.\tyes\tparse the sipfrag',
  'RFC3515-2.4.6-b\tRFC 3515 §2.4.6\tMAY\ttransferee\tid may appear for the first REFER.\tyes\tsubscriber accepts it',
  'RFC3515-2.1-c\tRFC 3515 §2.1\tMAY\tany\tRefer-To may be encrypted.\tno\tS/MIME needs keys',
  'RFC3891-3-b\tRFC 3891 §3\tMUST\ttarget\tTwo Replaces give 400.\tyes\tsend two, expect 400',
  'TS24629-4.2.1-a\t3GPP TS 24.629 §4.2.1\tMUST\ttransferor\tBlind and consultative transfer are possible.\tyes\tboth flows run',
];

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sipwright-cat-'));
}

export function writeCatalogue(dir: string, rows: string[] = ROWS): string {
  const file = path.join(dir, 'catalogue.tsv');
  fs.writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  return file;
}

/** Writes features as { 'sub/x.feature': text } under dir/features; returns that directory. */
export function writeFeatures(dir: string, files: Record<string, string>): string {
  const root = path.join(dir, 'features');
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  fs.mkdirSync(root, { recursive: true });
  return root;
}

/** Runs fn with process.stdout/stderr captured; returns what was written and fn's result. */
export async function capture<T>(fn: () => Promise<T>): Promise<{ result: T; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
  try {
    return { result: await fn(), out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}
