/**
 * Group a package's candidate rows into vulnerabilities: two rows are the same vulnerability
 * when their advisory ids or aliases meet (GHSA ↔ CVE ↔ `CVE-…@Debian` ↔ DSA). The primary id
 * is a CVE when the group has one, else a GHSA, else the shortest plain id.
 */
import type { Candidate } from '../vulndb/model.js';

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

export interface IdGroup {
  primary: string;
  /** All plain ids of the group except the primary, sorted. */
  aliases: string[];
  rows: Candidate[];
}

export function groupByVulnerability(rows: readonly Candidate[]): IdGroup[] {
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
  const idsOf = (r: Candidate) => [plainId(r.advisoryId), ...r.advisory.aliases.map(plainId)];
  for (const r of rows) {
    const ids = idsOf(r);
    for (const id of ids) if (!parent.has(id)) parent.set(id, id);
    for (const id of ids.slice(1)) union(ids[0]!, id);
  }
  const groups = new Map<string, { ids: Set<string>; rows: Candidate[] }>();
  for (const r of rows) {
    const ids = idsOf(r);
    const root = find(ids[0]!);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { ids: new Set(), rows: [] }));
    for (const id of ids) g.ids.add(id);
    g.rows.push(r);
  }
  return [...groups.values()].map((g) => {
    const sorted = [...g.ids].sort(comparePrimary);
    return { primary: sorted[0]!, aliases: sorted.slice(1).sort(), rows: g.rows };
  });
}
