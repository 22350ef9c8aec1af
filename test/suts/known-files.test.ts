import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadKnown, SUTS_DIR } from '../../src/runner/known';

// Every suts/NAME.known.json is valid and checked in CI by its own test/suts/known-NAME.test.ts
// (known-results.ts): a file with no test would record results nobody checks.
const files = fs.readdirSync(SUTS_DIR).filter((f) => f.endsWith('.known.json')).sort();

test('every known-results file is valid against suts/known-results.schema.json', () => {
  assert.ok(files.length > 0, `no *.known.json in ${SUTS_DIR}`);
  for (const f of files) assert.doesNotThrow(() => loadKnown(path.join(SUTS_DIR, f)), f);
});

test('every known-results file has its test file, which runs it', () => {
  for (const f of files) {
    const sut = f.replace(/\.known\.json$/, '');
    const testFile = path.join(__dirname, `known-${sut}.test.ts`);
    assert.ok(fs.existsSync(testFile), `${f} has no ${path.relative(process.cwd(), testFile)}: CI would not check it`);
    assert.match(fs.readFileSync(testFile, 'utf8'), new RegExp(`knownResultsTests\\('${sut}'\\)`), `${testFile} does not run knownResultsTests('${sut}')`);
  }
});
