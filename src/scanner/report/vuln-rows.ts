/**
 * The row model roxctl image scan's table, csv and json share: one row per (component,
 * vulnerability) in the report's order, with roxctl's summary counts (UNKNOWN folded into LOW).
 */
import type { Finding, VulnReport } from '../../model/vuln-report.js';

export interface VulnRow {
  component: string;
  version: string;
  cve: string;
  severity: 'LOW' | 'MODERATE' | 'IMPORTANT' | 'CRITICAL';
  cvss?: number;
  link?: string;
  fixedVersion?: string;
  advisory?: string;
  advisoryLink?: string;
  finding: Finding;
}

export interface VulnSummary {
  CRITICAL: number;
  IMPORTANT: number;
  LOW: number;
  MODERATE: number;
  'TOTAL-COMPONENTS': number;
  'TOTAL-VULNERABILITIES': number;
}

/** The fixed-version cell: the lowest fix, or the vendor's reason there is none. */
export function fixedCell(f: Finding): string | undefined {
  if (f.fixedIn.length > 0) return f.fixedIn[0];
  if (f.state === 'will_not_fix') return '(will not fix)';
  if (f.state === 'unknown') return '(unknown: version not comparable)';
  return undefined;
}

export function vulnRows(report: VulnReport): VulnRow[] {
  return report.findings.map((f) => {
    const score = f.cvss.v3?.score ?? f.cvss.v4?.score;
    return {
      component: f.package.name,
      version: f.package.version,
      cve: f.id,
      severity: f.severity.name === 'UNKNOWN' ? 'LOW' : f.severity.name,
      ...(score !== undefined ? { cvss: score } : {}),
      ...(f.links[0] ? { link: f.links[0] } : {}),
      ...(fixedCell(f) ? { fixedVersion: fixedCell(f) } : {}),
      ...(f.advisory ? { advisory: f.advisory.name } : {}),
      ...(f.advisory?.link ? { advisoryLink: f.advisory.link } : {}),
      finding: f,
    };
  });
}

export function vulnSummary(report: VulnReport): VulnSummary {
  const c = report.counts;
  return {
    CRITICAL: c.bySeverity.CRITICAL,
    IMPORTANT: c.bySeverity.IMPORTANT,
    LOW: c.bySeverity.LOW + c.bySeverity.UNKNOWN,
    MODERATE: c.bySeverity.MODERATE,
    'TOTAL-COMPONENTS': c.components,
    'TOTAL-VULNERABILITIES': c.vulnerabilities,
  };
}

/** The image name roxctl prints: the reference as given. */
export function imageName(report: VulnReport): string {
  return report.image.reference;
}

export const VULN_HEADERS = [
  'COMPONENT',
  'VERSION',
  'CVE',
  'SEVERITY',
  'CVSS',
  'LINK',
  'FIXED VERSION',
  'ADVISORY',
  'ADVISORY LINK',
] as const;

export function rowCells(r: VulnRow): string[] {
  return [
    r.component,
    r.version,
    r.cve,
    r.severity,
    r.cvss !== undefined ? String(r.cvss) : '-',
    r.link ?? '-',
    r.fixedVersion ?? '-',
    r.advisory ?? '-',
    r.advisoryLink ?? '-',
  ];
}
