/**
 * Scenario tags from features/**\/*.feature, read with the Gherkin parser cucumber itself uses,
 * so tag inheritance (Feature → Rule → Scenario → Examples) is exactly cucumber's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import type { GherkinDocument, Pickle, Rule, Scenario, Tag } from '@cucumber/messages';

/** A tag as written, with where it was written (the Feature line for an inherited feature tag). */
export interface TagRef { name: string; file: string; line: number }

/** One runnable scenario (an outline yields one per Examples row) and its effective tags. */
export interface ScenarioTags {
  file: string;
  line: number;
  name: string;
  tags: TagRef[];
}

/** Looks like a requirement id tag (`@RFC3515-…`, `@TS24629-…`), whether or not it is catalogued. */
export const REQUIREMENT_TAG = /^@(RFC|TS)\d/;

/** Every `.feature` file under dir, sorted so output is stable. */
export function findFeatureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFeatureFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.feature')) out.push(full);
  }
  return out.sort();
}

/** Parses one feature's text; a syntax error names the file. */
export function scenariosOf(source: string, file: string): ScenarioTags[] {
  let n = 0;
  const newId = (): string => String(n++);
  let doc: GherkinDocument;
  try {
    doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(source);
  } catch (err) {
    throw new Error(`${file}: not valid Gherkin: ${(err as Error).message}`);
  }
  const tagLines = collectTagLines(doc);
  return compile(doc, file, newId).map((p: Pickle) => ({
    file,
    line: p.location?.line ?? 0,
    name: p.name,
    tags: p.tags.map((t) => ({ name: t.name, file, line: tagLines.get(t.astNodeId) ?? 0 })),
  }));
}

export function readScenarios(featuresDir: string): ScenarioTags[] {
  return findFeatureFiles(featuresDir).flatMap((f) => scenariosOf(fs.readFileSync(f, 'utf8'), f));
}

/** Tag AST node id → line, over every taggable node in the document. */
function collectTagLines(doc: GherkinDocument): Map<string, number> {
  const lines = new Map<string, number>();
  const add = (tags: readonly Tag[]): void => tags.forEach((t) => lines.set(t.id, t.location.line));
  const feature = doc.feature;
  if (!feature) return lines;
  add(feature.tags);
  const visit = (children: readonly { rule?: Rule; scenario?: Scenario }[]): void => {
    for (const child of children) {
      if (child.rule) {
        add(child.rule.tags);
        visit(child.rule.children);
      }
      if (child.scenario) {
        add(child.scenario.tags);
        child.scenario.examples.forEach((e) => add(e.tags));
      }
    }
  };
  visit(feature.children);
  return lines;
}

/** Requirement-looking tags split into catalogued and unknown, against a set of known ids. */
export function requirementTags(scenario: ScenarioTags, known: ReadonlySet<string>): { ids: string[]; unknown: TagRef[] } {
  const ids: string[] = [];
  const unknown: TagRef[] = [];
  for (const tag of scenario.tags) {
    if (!REQUIREMENT_TAG.test(tag.name)) continue;
    const id = tag.name.slice(1);
    if (known.has(id)) ids.push(id);
    else unknown.push(tag);
  }
  return { ids, unknown };
}
