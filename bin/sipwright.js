#!/usr/bin/env node
'use strict';
// Entry point: `sipwright <command> [args]`. Each command is src/cli/<command>.ts exporting
// `main(argv: string[]): Promise<number>` (the exit status).
const path = require('node:path');
const fs = require('node:fs');
require('../scripts/register.js');

const cliDir = path.join(__dirname, '..', 'src', 'cli');
const commands = fs.readdirSync(cliDir).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
const [command, ...rest] = process.argv.slice(2);

if (!command || command === '--help' || command === '-h' || !commands.includes(command)) {
  if (command && command !== '--help' && command !== '-h') process.stderr.write(`sipwright: unknown command "${command}"\n`);
  process.stderr.write(`usage: sipwright <command> [options]\ncommands: ${commands.sort().join(', ')}\n`);
  process.exit(command === '--help' || command === '-h' ? 0 : 2);
}
require(path.join(cliDir, command)).main(rest).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`sipwright ${command}: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 2; },
);
