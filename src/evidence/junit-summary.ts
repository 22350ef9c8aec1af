/**
 * The run's "N passed, N failed" line, counted from JUnit XML: node's test runner
 * (`--test-reporter=junit`) and cucumber-js's `junit` formatter both write <testcase> elements,
 * with a <failure>/<error> child when a case failed and <skipped> when it did not run.
 * Cucumber writes pending and undefined steps as <failure/>: they count as failed here too.
 * node's `todo` tests are written as <skipped type="todo">: they count as skipped.
 */
import { parseXml, walk, XmlError, type XmlElement } from './xml-lite';

export interface JUnitCounts {
  passed: number;
  failed: number;
  skipped: number;
}

function verdict(testcase: XmlElement): keyof JUnitCounts {
  const kinds = new Set(testcase.children.map((c) => c.name));
  if (kinds.has('failure') || kinds.has('error')) return 'failed';
  if (kinds.has('skipped')) return 'skipped';
  return 'passed';
}

/** Counts testcases across all documents; throws XmlError naming the document that is not well-formed. */
export function summarizeJUnit(xmlTexts: readonly string[]): JUnitCounts {
  const counts: JUnitCounts = { passed: 0, failed: 0, skipped: 0 };
  xmlTexts.forEach((xml, i) => {
    let root: XmlElement;
    try {
      root = parseXml(xml, { lenient: true });
    } catch (e) {
      throw new XmlError(`JUnit document ${i + 1} of ${xmlTexts.length} is not well-formed XML: ${(e as Error).message}`);
    }
    for (const el of walk(root)) if (el.name === 'testcase') counts[verdict(el)]++;
  });
  return counts;
}

/** "12 passed, 1 failed, 2 skipped" — the line CI logs grep for. */
export function formatJUnitCounts(c: JUnitCounts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}
