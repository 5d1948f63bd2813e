/**
 * Ordering, counting and filtering of findings, as roxctl image scan does them: unique
 * vulnerability ids are counted (a CVE in three packages counts once, under the severity of its
 * first row), components are packages with at least one finding, rows sort by the component's
 * highest severity, then component name, then severity and CVSS.
 */
import {
  SEVERITY_ORDER,
  type Finding,
  type FindingPackage,
  type SeverityName,
  type VulnCounts,
  type VulnReport,
} from '../../model/vuln-report.js';

const RANK: Record<SeverityName, number> = Object.fromEntries(SEVERITY_ORDER.map((s, i) => [s, i])) as Record<
  SeverityName,
  number
>;
const rankOf = (s: SeverityName) => RANK[s] ?? -1;
const pkgKey = (p: FindingPackage) => `${p.name}\0${p.version}\0${p.location}\0${p.purl}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What orders rows within one component (a Finding, or the body its findings share). */
export type RowKey = Pick<Finding, 'id' | 'severity' | 'cvss'>;

const scoreOf = (f: RowKey) => f.cvss.v3?.score ?? f.cvss.v4?.score ?? -1;

/** Within one component: severity, then CVSS score (highest first), then id. */
export const compareRows = (a: RowKey, b: RowKey): number =>
  rankOf(b.severity.name) - rankOf(a.severity.name) || scoreOf(b) - scoreOf(a) || cmp(a.id, b.id);

/** The severity rank of a row (higher is more severe), for a component's highest. */
export const severityRank = (f: RowKey): number => rankOf(f.severity.name);

/** `pkgKey` remembered per package object (a package's findings share it). */
function packageKeys(): (p: FindingPackage) => string {
  const memo = new Map<FindingPackage, string>();
  return (p) => {
    let k = memo.get(p);
    if (k === undefined) memo.set(p, (k = pkgKey(p)));
    return k;
  };
}

/** Findings of one package object, and whether they are already in `compareRows` order. */
export interface FindingRun {
  rows: Finding[];
  sorted: boolean;
}

interface Component {
  name: string;
  key: string;
  top: number;
  runs: FindingRun[];
}

/**
 * The report's row order from runs of findings: runs of the same component (package key) joined
 * in input order, components ordered by their highest severity, name and key, each component's
 * rows by `compareRows` (stable). A component made of one already sorted run is copied as is.
 */
export function orderRuns(runs: readonly FindingRun[]): Finding[] {
  const byKey = new Map<string, Component>();
  const components: Component[] = [];
  let total = 0;
  for (const run of runs) {
    if (run.rows.length === 0) continue;
    total += run.rows.length;
    const pkg = run.rows[0]!.package;
    let top = -1;
    if (run.sorted) top = severityRank(run.rows[0]!);
    else for (const f of run.rows) top = Math.max(top, severityRank(f));
    const key = pkgKey(pkg);
    const c = byKey.get(key);
    if (c) {
      c.runs.push(run);
      if (top > c.top) c.top = top;
    } else {
      const comp = { name: pkg.name, key, top, runs: [run] };
      byKey.set(key, comp);
      components.push(comp);
    }
  }
  components.sort((a, b) => b.top - a.top || cmp(a.name, b.name) || cmp(a.key, b.key));
  const out = new Array<Finding>(total);
  let k = 0;
  for (const c of components) {
    const only = c.runs.length === 1 ? c.runs[0]! : undefined;
    const rows = only?.sorted ? only.rows : c.runs.flatMap((r) => r.rows).sort(compareRows);
    for (const f of rows) out[k++] = f;
  }
  return out;
}

/**
 * Rows grouped per component (stable), components ordered by their highest severity, name and
 * key, each component's rows by severity, score and id: the same order as one stable sort on
 * all those keys, at a fraction of the comparisons.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const runs: FindingRun[] = [];
  let last: FindingPackage | undefined;
  let run: FindingRun | undefined;
  for (const f of findings) {
    if (f.package !== last || !run) {
      last = f.package;
      runs.push((run = { rows: [], sorted: false }));
    }
    run.rows.push(f);
  }
  return orderRuns(runs);
}

export function countFindings(findings: readonly Finding[]): VulnCounts {
  const bySeverity: Record<SeverityName, number> = {
    UNKNOWN: 0,
    LOW: 0,
    MODERATE: 0,
    IMPORTANT: 0,
    CRITICAL: 0,
  };
  const keyOf = packageKeys();
  const seen = new Set<string>();
  const components = new Set<string>();
  let last: FindingPackage | undefined;
  for (const f of findings) {
    if (f.package !== last) components.add(keyOf((last = f.package)));
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    bySeverity[f.severity.name]++;
  }
  return { components: components.size, vulnerabilities: seen.size, bySeverity, findings: findings.length };
}

export interface FindingFilter {
  /** Keep only these severities (UNKNOWN is kept when LOW is, as roxctl labels it LOW). */
  severities?: readonly SeverityName[];
  /** Drop findings with no fixed version (Trivy's --ignore-unfixed). */
  ignoreUnfixed?: boolean;
  /** Ids (primary or alias) to leave out; matched case-insensitively. */
  ignoreIds?: ReadonlySet<string>;
  /** Keep ignored ids anyway (roxctl's --include-snoozed, the ignore file being the snooze list). */
  includeIgnored?: boolean;
}

/** A report with the filter applied and its counts recomputed; warnings are never filtered. */
export function filterReport(report: VulnReport, filter: FindingFilter): VulnReport {
  const sev = filter.severities ? new Set(filter.severities) : undefined;
  if (sev?.has('LOW')) sev.add('UNKNOWN');
  const ignore = filter.ignoreIds && !filter.includeIgnored ? filter.ignoreIds : undefined;
  const findings = report.findings.filter((f) => {
    if (sev && !sev.has(f.severity.name)) return false;
    if (filter.ignoreUnfixed && f.fixedIn.length === 0) return false;
    if (ignore && [f.id, ...f.aliases].some((id) => ignore.has(id.toUpperCase()))) return false;
    return true;
  });
  return { ...report, findings, counts: countFindings(findings) };
}
