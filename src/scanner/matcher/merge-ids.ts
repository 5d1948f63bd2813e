/**
 * Group a package's candidate rows into vulnerabilities: two rows are the same vulnerability
 * when their advisory ids or aliases meet (GHSA ↔ CVE ↔ `CVE-…@Debian` ↔ DSA). The primary id
 * is a CVE when the group has one, else a GHSA, else the shortest plain id.
 */
import type { AffectedRow, Candidate } from '../vulndb/model.js';

/** `CVE-2024-1@Debian` → `CVE-2024-1`: the tracker's per-feed id names the same CVE. */
export function plainId(id: string): string {
  const at = id.indexOf('@');
  return at > 0 ? id.slice(0, at) : id;
}

function rank(id: string): number {
  if (id.startsWith('CVE-')) return 0;
  if (id.startsWith('GHSA-')) return 1;
  return 2;
}

/** Compare two ids for primary choice: CVE < GHSA < other, then oldest/lowest. */
export function comparePrimary(a: string, b: string): number {
  return rank(a) - rank(b) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export interface IdGroup<R extends AffectedRow = Candidate> {
  primary: string;
  /** All plain ids of the group except the primary, sorted. */
  aliases: string[];
  rows: R[];
}

/** A row's advisory aliases: from the attached advisory, or given separately (`aliasesOf`). */
const attachedAliases = (r: AffectedRow): readonly string[] => (r as Candidate).advisory.aliases;

/**
 * Rows grouped into vulnerabilities, in the order of their first rows. `aliasesOf` gives each
 * row's advisory aliases (by default its attached advisory's), so rows can be grouped before
 * their advisories are decoded.
 */
export function groupByVulnerability<R extends AffectedRow = Candidate>(
  rows: readonly R[],
  aliasesOf: (r: R) => readonly string[] = attachedAliases,
): IdGroup<R>[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) {
      p = find(p);
      parent.set(x, p);
    }
    return p;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const idsOf = (r: R) => [plainId(r.advisoryId), ...aliasesOf(r).map(plainId)];
  const ids = rows.map(idsOf);
  for (const list of ids) {
    for (const id of list) if (!parent.has(id)) parent.set(id, id);
    for (let i = 1; i < list.length; i++) union(list[0]!, list[i]!);
  }
  const groups = new Map<string, { ids: Set<string>; rows: R[] }>();
  for (let i = 0; i < rows.length; i++) {
    const list = ids[i]!;
    const root = find(list[0]!);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { ids: new Set(), rows: [] }));
    for (const id of list) g.ids.add(id);
    g.rows.push(rows[i]!);
  }
  return [...groups.values()].map((g) => {
    const sorted = [...g.ids].sort(comparePrimary);
    return { primary: sorted[0]!, aliases: sorted.slice(1).sort(), rows: g.rows };
  });
}
