import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CatalogueError, DEFAULT_CATALOGUE, epicOf, loadRequirements, parseCatalogue, rfcLink, severityOf,
} from '../../src/catalogue/requirements';
import { HEADER, ROWS, tempDir, writeCatalogue } from './fixtures';

test('loads a well-formed catalogue with typed rows and line numbers', () => {
  const reqs = loadRequirements(writeCatalogue(tempDir()));
  assert.equal(reqs.length, ROWS.length);
  const r = reqs.find((x) => x.id === 'RFC3515-2.1-c');
  assert.ok(r);
  assert.equal(r.observable, false);
  assert.equal(r.keyword, 'MAY');
  assert.equal(r.line, 5);
});

test('a malformed row is reported with file, line and column', () => {
  const bad = ROWS.slice();
  bad[2] = bad[2]!.replace('\tMAY\t', '\tPERHAPS\t');
  const file = writeCatalogue(tempDir(), bad);
  assert.throws(() => loadRequirements(file), (err: unknown) => {
    assert.ok(err instanceof CatalogueError);
    // Line 4 (header is line 1); keyword is the 3rd field, after "RFC3515-2.4.6-b\tRFC 3515 §2.4.6\t".
    const col = 'RFC3515-2.4.6-b\tRFC 3515 §2.4.6\t'.length + 1;
    assert.match(err.message, new RegExp(`catalogue\\.tsv:4:${col}: keyword: "PERHAPS"`));
    return true;
  });
});

test('a row with the wrong number of fields, and an observable that is not yes/no, are both reported', () => {
  const rows = [...ROWS, 'RFC3515-9-a\tRFC 3515 §9\tMUST', ROWS[0]!.replace('-2.4.1-a', '-2.4.1-z').replace('\tyes\t', '\tmaybe\t')];
  assert.throws(() => parseCatalogue([HEADER, ...rows].join('\n'), 'cat.tsv'), (err: unknown) => {
    assert.ok(err instanceof CatalogueError);
    assert.equal(err.issues.length, 2);
    assert.match(err.message, /cat\.tsv:8:1: expected 7 tab-separated fields, found 3/);
    assert.match(err.message, /cat\.tsv:9:\d+: observable: "maybe" must be yes or no/);
    return true;
  });
});

test('duplicate ids are rejected naming both lines', () => {
  assert.throws(() => parseCatalogue([HEADER, ROWS[0]!, ROWS[1]!, ROWS[0]!].join('\n'), 'c.tsv'),
    /c\.tsv:4:1: duplicate id "RFC3515-2.4.1-a" \(first on line 2\)/);
});

test('an id whose clause names another document is rejected', () => {
  const row = ROWS[0]!.replace('RFC 3515 §2.4.1', 'RFC 3891 §2.4.1');
  assert.throws(() => parseCatalogue([HEADER, row].join('\n'), 'c.tsv'), /c\.tsv:2:17: clause: "RFC 3891 §2\.4\.1" does not name/);
});

test('a wrong header is rejected', () => {
  assert.throws(() => parseCatalogue(['id\tsource', ROWS[0]!].join('\n'), 'c.tsv'), /c\.tsv:1:1: header must be/);
});

test('severity follows the RFC 2119 keyword', () => {
  assert.equal(severityOf('MUST'), 'critical');
  assert.equal(severityOf('MUST NOT'), 'critical');
  assert.equal(severityOf('SHOULD'), 'normal');
  assert.equal(severityOf('SHOULD NOT'), 'normal');
  assert.equal(severityOf('NOT RECOMMENDED'), 'normal');
  assert.equal(severityOf('MAY'), 'minor');
  assert.equal(severityOf('behaviour'), 'trivial');
  assert.equal(severityOf('definition'), 'trivial');
  assert.equal(severityOf('must'), 'trivial', 'only the upper-case keyword is normative');
});

test('rfcLink points at the rfc-editor section; non-RFC ids have none', () => {
  assert.equal(rfcLink('RFC3515-2.4.5-a'), 'https://www.rfc-editor.org/rfc/rfc3515#section-2.4.5');
  assert.equal(rfcLink('RFC5589-4-r2'), 'https://www.rfc-editor.org/rfc/rfc5589#section-4');
  assert.equal(rfcLink('TS24629-4.5.2.1-a'), null);
});

test('epicOf names the document', () => {
  assert.equal(epicOf('RFC3515-2.4.5-a'), 'RFC 3515');
  assert.equal(epicOf('TS24629-4.5.2.1-a'), 'TS 24.629');
  assert.equal(epicOf('XYZ-1-a'), null);
});

test('the shipped catalogue loads and every observable row says how it is observed', () => {
  const reqs = loadRequirements(DEFAULT_CATALOGUE);
  assert.ok(reqs.length >= 215, `expected at least 215 rows, got ${reqs.length}`);
  for (const r of reqs) assert.ok(r.why.length > 3, `${r.id}: why is too short`);
});
