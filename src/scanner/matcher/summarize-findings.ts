/**
 * Ordering, counting and filtering of findings, as roxctl image scan does them: unique
 * vulnerability ids are counted (a CVE in three packages counts once, under the severity of its
 * first row), components are packages with at least one finding, rows sort by the component's
 * highest severity, then component name, then severity and CVSS.
 */
import {
  SEVERITY_ORDER,
  type Finding,
  type SeverityName,
  type VulnCounts,
  type VulnReport,
} from '../../model/vuln-report.js';

const rankOf = (s: SeverityName) => SEVERITY_ORDER.indexOf(s);
const scoreOf = (f: Finding) => f.cvss.v3?.score ?? f.cvss.v4?.score ?? -1;
const pkgKey = (f: Finding) =>
  `${f.package.name}\0${f.package.version}\0${f.package.location}\0${f.package.purl}`;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortFindings(findings: readonly Finding[]): Finding[] {
  const keys = new Map<Finding, string>();
  const top = new Map<string, number>();
  for (const f of findings) {
    const k = pkgKey(f);
    keys.set(f, k);
    top.set(k, Math.max(top.get(k) ?? -1, rankOf(f.severity.name)));
  }
  return [...findings].sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    return (
      top.get(kb)! - top.get(ka)! ||
      cmp(a.package.name, b.package.name) ||
      cmp(ka, kb) ||
      rankOf(b.severity.name) - rankOf(a.severity.name) ||
      scoreOf(b) - scoreOf(a) ||
      cmp(a.id, b.id)
    );
  });
}

export function countFindings(findings: readonly Finding[]): VulnCounts {
  const bySeverity: Record<SeverityName, number> = {
    UNKNOWN: 0,
    LOW: 0,
    MODERATE: 0,
    IMPORTANT: 0,
    CRITICAL: 0,
  };
  const seen = new Set<string>();
  const components = new Set<string>();
  for (const f of findings) {
    components.add(pkgKey(f));
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
