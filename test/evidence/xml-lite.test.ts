import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml, walk } from '../../src/evidence/xml-lite';

test('reads elements, attributes, entities, CDATA, comments and a prolog', () => {
  const root = parseXml(`\uFEFF<?xml version="1.0"?>\n<!DOCTYPE a>\n<!-- c --><a x="1&amp;2" y='q'><b/>t&lt;<![CDATA[<raw>]]><c>&#65;&#x42;</c></a>\n`);
  assert.deepEqual(root.attrs, { x: '1&2', y: 'q' });
  assert.equal(root.text, 't<<raw>');
  assert.deepEqual(walk(root).map((e) => e.name), ['a', 'b', 'c']);
  assert.equal(root.children[1]!.text, 'AB');
});

test('rejects what is not well-formed', () => {
  const bad = ['<a>', '<a></b>', '<a x=1/>', '<a>&</a>', '<a>&foo;</a>', '<a x="1" x="2"/>', '<a/><b/>', '<a x="<"/>',
    '<a><!-- a--b --></a>', 'text', '<a>x]]>y</a>', '<a b="1"c="2"/>', '<!DOCTYPE a [<!ENTITY e "x">]><a/>'];
  for (const xml of bad) assert.throws(() => parseXml(xml), { name: 'XmlError' }, xml);
  assert.equal(parseXml('<a>x]]>y</a>', { lenient: true }).text, 'x]]>y');
});
