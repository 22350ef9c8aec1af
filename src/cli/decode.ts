/**
 * `sipwright decode [FILE|-] [--lenient]`: prints the JSON view of one SIP message (docs/json-view.md),
 * or the parse error with its position. Exit status: 0 valid, 1 invalid, 2 usage error.
 */
import fs from 'node:fs';
import { ParseError, jsonView, parseMessage } from '../sip/message';

const USAGE = 'usage: sipwright decode [FILE|-] [--lenient]\n' +
  '  prints the JSON view of one SIP message read from FILE or stdin (-);\n' +
  '  --lenient records deviations as findings instead of failing.\n' +
  '  exit status: 0 valid, 1 invalid, 2 usage error\n';

interface Io { stdout: (s: string) => void; stderr: (s: string) => void; stdin: () => Promise<Buffer> }

const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  },
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(args ? `sipwright decode: ${args}\n${USAGE}` : USAGE);
    return args ? 2 : 0;
  }
  let data: Buffer;
  try {
    data = args.file === '-' ? await io.stdin() : fs.readFileSync(args.file);
  } catch (e) {
    io.stderr(`sipwright decode: cannot read ${args.file}: ${(e as Error).message}\n`);
    return 2;
  }
  return decode(data, args.lenient, io);
}

function decode(data: Buffer, lenient: boolean, io: Io): number {
  try {
    const msg = parseMessage(data, { lenient });
    const out: Record<string, unknown> = { ...jsonView(msg) };
    if (lenient) out.findings = msg.findings ?? [];
    io.stdout(JSON.stringify(out, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    io.stderr(`invalid SIP message: ${e.message}\n`);
    io.stdout(JSON.stringify({ error: e.reason, line: e.line, column: e.column, header: e.header }) + '\n');
    return 1;
  }
}

/** The file (or "-") and flags; a string is a usage error ("" for --help). */
function parseArgs(argv: string[]): { file: string; lenient: boolean } | string {
  let file: string | undefined;
  let lenient = false;
  for (const a of argv) {
    if (a === '--help' || a === '-h') return '';
    if (a === '--lenient') lenient = true;
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else if (file !== undefined) return 'only one FILE may be given';
    else file = a;
  }
  return { file: file ?? '-', lenient };
}
