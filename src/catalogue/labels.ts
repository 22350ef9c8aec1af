/**
 * Report labels derived from a scenario's tags and the catalogue (docs/traceability.md):
 * epic and severity come from the requirement ids, never from hand-written tags, so they cannot
 * drift from the catalogue. feature and role are written as `@feature:…` / `@role:…`.
 */
import { epicOf, rfcLink, severityOf, type Requirement, type Severity } from './requirements';

export const SUT_ROLES = ['transferor', 'transferee', 'target'] as const;

export interface ScenarioLabels {
  requirements: string[];
  /** Documents of the requirement tags, e.g. ["RFC 3515", "RFC 7647"]. */
  epics: string[];
  /** Strongest severity among the requirement tags; null when the scenario has none. */
  severity: Severity | null;
  features: string[];
  roles: string[];
  links: { name: string; url: string }[];
}

const RANK: Record<Severity, number> = { critical: 3, normal: 2, minor: 1, trivial: 0 };

/** Labels for one scenario; tags not in the catalogue are ignored here (coverage reports them). */
export function deriveLabels(tagNames: readonly string[], catalogue: ReadonlyMap<string, Requirement>): ScenarioLabels {
  const reqs = tagNames.map((t) => catalogue.get(t.replace(/^@/, ''))).filter((r): r is Requirement => r !== undefined);
  const severity = reqs.reduce<Severity | null>((best, r) => {
    const s = severityOf(r.keyword);
    return best === null || RANK[s] > RANK[best] ? s : best;
  }, null);
  const valuesOf = (prefix: string): string[] => unique(tagNames.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length)));
  return {
    requirements: unique(reqs.map((r) => r.id)),
    epics: unique(reqs.map((r) => epicOf(r.id)).filter((e): e is string => e !== null)),
    severity,
    features: valuesOf('@feature:'),
    roles: valuesOf('@role:'),
    links: unique(reqs.map((r) => r.id)).flatMap((id) => {
      const url = rfcLink(id);
      return url ? [{ name: id, url }] : [];
    }),
  };
}

/** Convention problems that do not block a run: derived labels written by hand, unknown roles. */
export function tagWarnings<T extends { name: string }>(tags: readonly T[]): { tag: T; message: string }[] {
  const out: { tag: T; message: string }[] = [];
  for (const tag of tags) {
    const t = tag.name;
    if (t.startsWith('@severity:') || t.startsWith('@epic:')) out.push({ tag, message: 'derived from the requirement ids; remove it' });
    if (t.startsWith('@role:') && !(SUT_ROLES as readonly string[]).includes(t.slice(6))) {
      out.push({ tag, message: `role must be one of ${SUT_ROLES.join(', ')}` });
    }
  }
  return out;
}

export function catalogueMap(reqs: readonly Requirement[]): Map<string, Requirement> {
  return new Map(reqs.map((r) => [r.id, r]));
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
