import type { VulnReport } from '../../../model/vuln-report.js';
import { vulnRows, vulnSummary } from '../vuln-rows.js';
import type { VulnRenderer } from '../vuln-renderers.js';

/**
 * roxctl's JSON (`{"result":{"summary":…,"vulnerabilities":[…]}}`, Go's omitempty: absent
 * keys for empty values) plus Rampart's additions: each row's `state` and `severitySource`, and
 * a top-level `warnings` list (coverage gaps are never silent).
 */
export function renderVulnJson(report: VulnReport): string {
  const vulnerabilities = vulnRows(report).map((r) => ({
    cveId: r.cve,
    cveSeverity: r.severity,
    ...(r.cvss !== undefined ? { cveCVSS: r.cvss } : {}),
    ...(r.link ? { cveInfo: r.link } : {}),
    ...(r.advisory ? { advisoryId: r.advisory } : {}),
    ...(r.advisoryLink ? { advisoryInfo: r.advisoryLink } : {}),
    componentName: r.component,
    componentVersion: r.version,
    ...(r.finding.fixedIn[0] ? { componentFixedVersion: r.finding.fixedIn[0] } : {}),
    state: r.finding.state,
    severitySource: r.finding.severity.source,
  }));
  const doc = {
    result: { summary: vulnSummary(report), vulnerabilities },
    warnings: report.warnings.map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.subject ? { subject: w.subject } : {}),
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export const jsonVulnRenderer: VulnRenderer = {
  id: 'json',
  mediaType: 'application/json',
  standardized: true,
  carriesWarnings: true,
  render: (report) => renderVulnJson(report),
};

/** The whole VulnReport (schemas/vuln-report.schema.json), for tools and later pipeline steps. */
export const reportJsonVulnRenderer: VulnRenderer = {
  id: 'report-json',
  mediaType: 'application/json',
  standardized: true,
  carriesWarnings: true,
  render: (report) => JSON.stringify(report, null, 2) + '\n',
};
