import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { catalogueMap, deriveLabels, tagWarnings } from '../../src/catalogue/labels';
import { parseCatalogue } from '../../src/catalogue/requirements';
import { HEADER, ROWS } from './fixtures';

const catalogue = catalogueMap(parseCatalogue([HEADER, ...ROWS].join('\n')));

test('severity is the strongest keyword among the requirement tags', () => {
  assert.equal(deriveLabels(['@RFC3515-2.4.6-b'], catalogue).severity, 'minor');
  assert.equal(deriveLabels(['@RFC3515-2.4.6-b', '@RFC3891-3-b'], catalogue).severity, 'critical');
  assert.equal(deriveLabels(['@feature:x'], catalogue).severity, null);
});

test('epics, links, feature and role come from the tags', () => {
  const l = deriveLabels(['@RFC3891-3-b', '@TS24629-4.2.1-a', '@feature:consultative', '@role:target', '@RFC3891-3-b'], catalogue);
  assert.deepEqual(l.requirements, ['RFC3891-3-b', 'TS24629-4.2.1-a']);
  assert.deepEqual(l.epics, ['RFC 3891', 'TS 24.629']);
  assert.deepEqual(l.features, ['consultative']);
  assert.deepEqual(l.roles, ['target']);
  assert.deepEqual(l.links, [{ name: 'RFC3891-3-b', url: 'https://www.rfc-editor.org/rfc/rfc3891#section-3' }]);
});

test('hand-written derived labels and unknown roles are warned about', () => {
  const w = tagWarnings([{ name: '@severity:critical' }, { name: '@epic:RFC3515' }, { name: '@role:proxy' }, { name: '@role:transferee' }]);
  assert.deepEqual(w.map((x) => x.tag.name), ['@severity:critical', '@epic:RFC3515', '@role:proxy']);
});
