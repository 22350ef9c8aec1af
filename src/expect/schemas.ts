/**
 * The schema engine: every JSON Schema (draft 2020-12) under the configured folders, loaded and
 * compiled once at start, then used to check JSON views of messages (docs/json-view.md).
 * A verdict is a list of findings, one per ajv error (docs/schemas.md, "How errors read").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, AnySchemaObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Finding } from './finding';

/** The schemas shipped with sipwright. */
export const BUILTIN_SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schemas');

/** A schema file that cannot be used: bad JSON, no `$id`, invalid or uncompilable schema. */
export class SchemaLoadError extends Error {
  override readonly name = 'SchemaLoadError';
  constructor(readonly file: string, readonly reason: string, options?: { cause?: unknown }) {
    super(`schema ${file}: ${reason}`, options);
  }
}

/** A step asked for a schema that no loaded folder defines (usually a typo). */
export class UnknownSchemaError extends Error {
  override readonly name = 'UnknownSchemaError';
  constructor(readonly schema: string, readonly known: string[]) {
    const near = closest(schema, known);
    const hint = near ? ` — did you mean "${near}"?` : '';
    super(`unknown schema "${schema}" (check the step for a typo)${hint}; known schemas: ${known.join(', ')}`);
  }
}

export interface SchemaInfo {
  name: string;
  id: string;
  file: string;
  title?: string;
  description?: string;
}

interface Entry extends SchemaInfo { schema: AnySchemaObject }

export class SchemaRegistry {
  private readonly byName = new Map<string, Entry>();
  private readonly byId = new Map<string, Entry>();
  /** Every schema object → the file it was written in, so a finding names the schema holding its rule. */
  private readonly owners = new WeakMap<object, string>();

  private constructor(private readonly ajv: Ajv2020, entries: Entry[]) {
    for (const e of entries) {
      this.byName.set(e.name, e);
      this.byId.set(e.id, e);
      walk(e.schema, (node) => this.owners.set(node, e.name));
    }
  }

  /** Reads every `*.json` under `dirs` (recursively), adds and compiles them all; throws SchemaLoadError. */
  static async load(dirs: string[]): Promise<SchemaRegistry> {
    return SchemaRegistry.loadSync(dirs);
  }

  static loadSync(dirs: string[]): SchemaRegistry {
    const entries = dirs.flatMap((dir) => readDir(path.resolve(dir)));
    checkUnique(entries);
    const ajv = new Ajv2020({ strict: true, allErrors: true, verbose: true, allowUnionTypes: true });
    addFormats(ajv);
    for (const e of entries) {
      try { ajv.addSchema(e.schema); } catch (err) { throw new SchemaLoadError(e.file, message(err), { cause: err }); }
    }
    for (const e of compileOrder(entries)) {
      try { ajv.getSchema(e.id); } catch (err) { throw new SchemaLoadError(e.file, message(err), { cause: err }); }
    }
    return new SchemaRegistry(ajv, entries);
  }

  /** Schema names: each file's path below its folder, without `.json` (`refer-request`, `defs/via`). */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  has(name: string): boolean {
    return this.byName.has(name) || this.byId.has(name);
  }

  info(name: string): SchemaInfo {
    const { schema: _schema, ...info } = this.entry(name);
    return info;
  }

  /** Checks a JSON view against a schema (by name or `$id`); no findings means it conforms. */
  validate(name: string, view: unknown, where?: Finding['where']): Finding[] {
    const entry = this.entry(name);
    const check = this.ajv.getSchema(entry.id);
    if (!check) throw new Error(`schema ${entry.file} was not compiled`);
    if (check(view)) return [];
    const findings = (check.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => toFinding(e, this.ownerOf(e) ?? entry.name, where));
    return once(findings);
  }

  private ownerOf(err: ErrorObject): string | undefined {
    const parent = err.parentSchema;
    return parent && typeof parent === 'object' ? this.owners.get(parent) : undefined;
  }

  private entry(name: string): Entry {
    const entry = this.byName.get(name) ?? this.byId.get(name);
    if (!entry) throw new UnknownSchemaError(name, this.names());
    return entry;
  }
}

// ---- loading -------------------------------------------------------------------------------

function readDir(dir: string): Entry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (err) {
    throw new SchemaLoadError(dir, `cannot read schema folder: ${message(err)}`, { cause: err });
  }
  return names.filter((n) => n.endsWith('.json')).sort()
    .map((n) => readFile(path.join(dir, n), n.slice(0, -'.json'.length).split(path.sep).join('/')));
}

function readFile(file: string, name: string): Entry {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (err) { throw new SchemaLoadError(file, `cannot read: ${message(err)}`, { cause: err }); }
  const schema = parseJson(file, text);
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new SchemaLoadError(file, 'a schema file must hold a JSON object');
  }
  const id = (schema as AnySchemaObject).$id;
  if (typeof id !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(id)) {
    throw new SchemaLoadError(file, `needs an absolute "$id", e.g. "https://example.com/schemas/${name}.json"`);
  }
  const s = schema as AnySchemaObject;
  return { name, id: id.replace(/#$/, ''), file, title: s.title, description: s.description, schema: s };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = message(err);
    const pos = /position (\d+)/.exec(msg);
    const at = pos ? lineColumn(text, Number(pos[1])) : undefined;
    const where = at ? ` at line ${at.line}, column ${at.column}` : '';
    throw new SchemaLoadError(file, `JSON syntax error${where}: ${msg}`, { cause: err });
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function checkUnique(entries: Entry[]): void {
  const names = new Map<string, Entry>();
  const ids = new Map<string, Entry>();
  for (const e of entries) {
    const sameName = names.get(e.name);
    if (sameName) throw new SchemaLoadError(e.file, `schema name "${e.name}" is already defined by ${sameName.file}`);
    const sameId = ids.get(e.id);
    if (sameId) throw new SchemaLoadError(e.file, `"$id" ${e.id} is already used by ${sameId.file}`);
    names.set(e.name, e);
    ids.set(e.id, e);
  }
}

/** Referenced schemas first, so a compile error is reported against the file that holds it. */
function compileOrder(entries: Entry[]): Entry[] {
  const byId = new Map(entries.map((e) => [e.id, e] as const));
  const done = new Set<Entry>();
  const order: Entry[] = [];
  const visit = (e: Entry): void => {
    if (done.has(e)) return;
    done.add(e);
    for (const ref of refsOf(e.schema, e.id)) { const dep = byId.get(ref); if (dep) visit(dep); }
    order.push(e);
  };
  entries.forEach(visit);
  return order;
}

function refsOf(schema: unknown, base: string): Set<string> {
  const out = new Set<string>();
  walk(schema, (node) => {
    for (const key of ['$ref', '$dynamicRef']) {
      const ref = (node as Record<string, unknown>)[key];
      if (typeof ref !== 'string') continue;
      try { out.add(new URL(ref, base).href.replace(/#.*$/, '')); } catch { /* ajv reports bad refs */ }
    }
  });
  return out;
}

/** Calls `visit` on every object (not array) in a JSON value. */
function walk(node: unknown, visit: (node: object) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

// ---- findings ------------------------------------------------------------------------------

const FALLBACK = 'a value conforming to schema';
const REQUIREMENT = /\s*\[((?:RFC|TS)\d+[^\]\s]*)\]/;

/** `schema` names the file holding the failing rule (a base schema, a def, or the one asked for). */
function toFinding(err: ErrorObject, schema: string, where?: Finding['where']): Finding {
  const description = describe(err);
  const requirement = description ? REQUIREMENT.exec(description)?.[1] : undefined;
  const finding: Finding = {
    expected: description ? description.replace(REQUIREMENT, '').trim() : `${FALLBACK} "${schema}"`,
    seen: errorLine(err),
    hint: `inspect ${err.instancePath || 'the message'}; the rule is ${err.schemaPath} in schema "${schema}"`,
  };
  if (requirement) finding.requirement = requirement;
  if (where) finding.where = where;
  return finding;
}

/** One finding per line seen; where several rules fail the same way, the best described one. */
function once(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.requirement ? 2 : 0) + (f.expected.startsWith(FALLBACK) ? 0 : 1);
  const best = new Map<string, Finding>();
  for (const f of findings) {
    const kept = best.get(f.seen);
    if (!kept || rank(f) > rank(kept)) best.set(f.seen, f);
  }
  return [...best.values()];
}

/** The `description` of the failing keyword's schema; for `required`, of the missing property. */
function describe(err: ErrorObject): string | undefined {
  const parent = err.parentSchema as AnySchemaObject | undefined;
  if (err.keyword === 'required') {
    const missing = (err.params as { missingProperty: string }).missingProperty;
    const own = parent?.properties?.[missing]?.description;
    if (typeof own === 'string') return own;
  }
  return typeof parent?.description === 'string' ? parent.description : undefined;
}

/** One readable line per ajv error: `/headers/refer-to must NOT have more than 1 items`. */
export function errorLine(err: ErrorObject): string {
  const at = err.instancePath || '/';
  let text = err.message ?? err.keyword;
  if ((err.keyword === 'not' && isEmptySchema(err.schema)) || err.keyword === 'false schema') text = 'must be absent';
  if (err.keyword === 'const') text += ` ${JSON.stringify((err.params as { allowedValue: unknown }).allowedValue)}`;
  if (err.keyword === 'pattern' && String(err.schema).length > 40) text = "must match the rule's pattern (see the schema)";
  if (err.keyword === 'enum') text += `: ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  const data = err.data;
  const scalar = typeof data === 'string' || typeof data === 'number' || typeof data === 'boolean';
  return scalar && err.keyword !== 'required' ? `${at} ${text}, was ${JSON.stringify(data)}` : `${at} ${text}`;
}

function isEmptySchema(schema: unknown): boolean {
  return schema === true || (typeof schema === 'object' && schema !== null && Object.keys(schema).length === 0);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) { best = c; bestDistance = d; }
  }
  return best;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
